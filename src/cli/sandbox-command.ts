// `evs-mcp sandbox`: the EVS sandbox alone, for other clients and for tests.
import type { Logger } from 'pino';
import { parseFaultFlag, startSandbox } from '../sandbox/index.js';
import { UsageError } from './args.js';

export async function runSandboxCommand(values: Record<string, unknown>, logger: Logger): Promise<void> {
  const portText = values.port as string | undefined;
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected 0-65535, got "${portText}"`);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host))
    throw new UsageError('--host: the sandbox binds to loopback only');
  const faults = ((values.fault as string[] | undefined) ?? []).map((f) => {
    try {
      return parseFaultFlag(f);
    } catch (err) {
      throw new UsageError(`--fault "${f}": ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const sandbox = await startSandbox({
    host,
    port,
    ...(values.state ? { stateFile: values.state as string } : {}),
    ...(values.region ? { region: values.region as string } : {}),
    seedDemoData: !values['no-seed'],
    faults,
    logger,
  });
  // Not the MCP protocol here: stdout is for the person or script that started the sandbox.
  const out = {
    endpoint: sandbox.url,
    region: sandbox.region,
    projects: sandbox.projects.map((p) => ({
      id: p.id,
      name: p.name,
      ak: p.ak,
      sk: p.sk,
      domain: p.domain,
      user: p.user,
      password: p.password,
    })),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
