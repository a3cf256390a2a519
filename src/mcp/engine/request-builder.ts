// Moved to src/mcp/call (below both the engine and the guard); kept so existing imports resolve.
export * from '../call/request-builder.js';
