// The package's public API, for embedding the server or the sandbox in another program.
export { createApp, type App } from './app.js';
export { loadConfig, ConfigError, type FlagValues } from './config/load.js';
export type { Config } from './config/schema.js';
export { createLogger } from './logging/logger.js';
export { SecretSet } from './secrets.js';
export { OPERATIONS, findOperation } from './evs/operations/index.js';
export type { OperationSpec } from './evs/operation.js';
export { EvsHttpClient } from './evs-client/client.js';
export { EvsError, isEvsError } from './evs-client/errors.js';
export { createEvsServer } from './mcp/server.js';
export { startSandbox, type SandboxHandle, type SandboxOptions } from './sandbox/index.js';
export { configForSandbox } from './sandbox-config.js';
export { PACKAGE } from './package-info.js';
