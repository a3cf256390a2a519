// Serves the MCP server over stdio. stdout carries only JSON-RPC; everything else goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';

export async function serveStdio(
  server: McpServer,
  logger: Logger,
  onClose: () => Promise<void>,
): Promise<void> {
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    logger.info({ why }, 'shutting down');
    await onClose().catch((err: unknown) => logger.error({ err }, 'error while closing'));
    process.exit(0);
  };
  transport.onclose = () => void shutdown('transport closed');
  process.stdin.on('end', () => void shutdown('stdin ended'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.connect(transport);
  logger.info('serving MCP over stdio');
}
