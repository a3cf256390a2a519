// `evs-mcp sandbox`: the EVS sandbox alone, for other clients and for tests.
import type { Logger } from 'pino';
import { parseFaultFlag, startSandbox, type SandboxHandle } from '../sandbox/index.js';
import { UsageError } from './args.js';

/** Single-quoted for POSIX shells, so `eval` or copy-paste keeps every value intact. */
const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** The variables that point evs-mcp (or any Huawei Cloud SDK client) at the sandbox, as export lines. */
export function sandboxExports(sandbox: Pick<SandboxHandle, 'url' | 'region' | 'projects'>): string {
  const lines = [`# EVS sandbox at ${sandbox.url} (region ${sandbox.region}). Point evs-mcp at it with:`];
  const [first, ...others] = sandbox.projects;
  const block = (p: NonNullable<typeof first>) => [
    `export HUAWEICLOUD_SDK_AK=${shellQuote(p.ak)}`,
    `export HUAWEICLOUD_SDK_SK=${shellQuote(p.sk)}`,
    `export HUAWEICLOUD_SDK_REGION=${shellQuote(sandbox.region)}`,
    `export HUAWEICLOUD_SDK_PROJECT_ID=${shellQuote(p.id)}`,
    `export HUAWEICLOUD_SDK_EVS_ENDPOINT=${shellQuote(sandbox.url)}`,
    `export HUAWEICLOUD_SDK_IAM_ENDPOINT=${shellQuote(sandbox.url)}`,
  ];
  if (first) lines.push(...block(first));
  lines.push('# then run: evs-mcp   (check first with: evs-mcp doctor)');
  for (const p of others)
    lines.push(
      `# project "${p.name}" (e.g. to accept transfers): AK ${p.ak}, SK ${p.sk}, project id ${p.id}`,
    );
  return lines.join('\n');
}

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
      throw new UsageError(`--fault: ${err instanceof Error ? err.message : String(err)}`);
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
  const json = {
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
    regions: sandbox.regions,
    agencies: sandbox.agencies.map(({ urn, name, trusted, maxSessionSeconds }) => ({
      urn,
      name,
      trusted,
      maxSessionSeconds,
    })),
  };
  process.stdout.write(`${values.json ? JSON.stringify(json) : sandboxExports(sandbox)}\n`);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
