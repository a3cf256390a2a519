#!/usr/bin/env node
// evs-mcp entry point: parse the command line, load settings, then serve (or list tools, or run the sandbox).
import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ClientLogForwarder } from '../logging/client-log.js';
import { createLogger } from '../logging/logger.js';
import { PACKAGE } from '../package-info.js';
import { SecretSet } from '../secrets.js';
import { serveStdio } from '../transports/stdio.js';
import { parseCommandLine, UsageError } from './args.js';
import { doctorHelp, mainHelp, sandboxHelp } from './help.js';
import { unexpandedPlaceholders } from '../config/placeholders.js';
import { waitingNotice } from './terminal.js';
import { limitHeapGrowth } from './heap-growth.js';
// Clients spawn a server per session and wait for tools/list: the sandbox, the HTTP transport, the doctor and
// the tool-list report (each a tree of modules, some pulling undici) are imported only by the command using them.

/** One clear line on stderr and a non-zero exit: never a stack trace for a user's mistake. */
function fail(message: string, code = 2): never {
  process.stderr.write(`evs-mcp: ${message}\n`);
  process.exit(code);
}

async function serveAgainstSandbox(
  config: Config,
  secrets: SecretSet,
  forward: ClientLogForwarder,
  stateFile?: string,
) {
  const logger = createLogger({ level: config.logLevel, secrets: () => secrets.values(), forward });
  const [{ startSandbox }, { configForSandbox }] = await Promise.all([
    import('../sandbox/index.js'),
    import('../sandbox-config.js'),
  ]);
  const sandbox = await startSandbox({
    logger: logger.child({ component: 'sandbox' }),
    ...(stateFile ? { stateFile } : {}),
  });
  const resolved = configForSandbox(config, sandbox);
  for (const p of sandbox.projects) secrets.add(p.sk, p.password);
  logger.info(
    { endpoint: sandbox.url, project: resolved.projectId },
    'embedded EVS sandbox started; nothing reaches the cloud',
  );
  return { config: resolved, logger, stopSandbox: () => sandbox.close() };
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCommandLine(argv);
  if (parsed.command === 'sandbox') {
    if (parsed.values.help) return void process.stdout.write(`${sandboxHelp()}\n`);
    const logger = createLogger({ level: process.env.EVS_MCP_LOG_LEVEL ?? 'info' });
    const { runSandboxCommand } = await import('./sandbox-command.js');
    return runSandboxCommand(parsed.values, logger);
  }
  if (parsed.command === 'doctor') {
    if (parsed.values.help) return void process.stdout.write(`${doctorHelp()}\n`);
    const { renderDoctor, runDoctor } = await import('./doctor.js');
    const results = await runDoctor(process.env, parsed.values, createLogger({ level: 'silent' }));
    const code = results.some((r) => r.status === 'fail') ? 1 : 0;
    // Exit once printed: idle keep-alive sockets must not hold the process open.
    return void process.stdout.write(`${renderDoctor(results)}\n`, () => process.exit(code));
  }
  const v = parsed.values;
  if (v.help) return void process.stdout.write(`${mainHelp()}\n`);
  if (v.version) return void process.stdout.write(`${PACKAGE.version}\n`);
  const sandbox = Boolean(v.sandbox);
  if (v.state && !sandbox) throw new UsageError('--state goes with --sandbox');
  const placeholders = sandbox ? [] : unexpandedPlaceholders(process.env);
  if (placeholders.length)
    fail(
      `${placeholders[0]} holds an unexpanded \${...} placeholder: this client does not expand variables, put the value itself`,
    );
  if (v['list-tools']) {
    const config = loadConfig(process.env, v, { sandbox: true });
    const { renderToolList, toolListReport } = await import('./list-tools.js');
    const report = await toolListReport(config);
    const text = v.json ? JSON.stringify({ ...report }, null, 2) : renderToolList(report);
    return void process.stdout.write(`${text}\n`);
  }
  const secrets = new SecretSet();
  const forward = new ClientLogForwarder();
  const loaded = loadConfig(process.env, v, { sandbox });
  const { config, logger, stopSandbox } = sandbox
    ? await serveAgainstSandbox(loaded, secrets, forward, v.state as string | undefined)
    : {
        config: loaded,
        logger: createLogger({ level: loaded.logLevel, secrets: () => secrets.values(), forward }),
        stopSandbox: async () => {},
      };
  if (!config.confirmation)
    logger.warn('confirmation of deletes and rollbacks is OFF (EVS_MCP_CONFIRMATION=off)');
  if (config.readOnly) logger.info('read-only mode: only read-only tools are registered');
  const app = await createApp(config, logger, secrets);
  forward.bindLogger(logger, config.logLevel);
  const close = async () => {
    await app.close();
    await stopSandbox();
  };
  if (v['conformance-fixtures'] && !config.http)
    throw new UsageError('--conformance-fixtures needs --transport http');
  if (config.http) {
    const { serveHttp } = await import('../transports/http/serve.js');
    const { registerConformanceFixtures } = await import('../transports/http/conformance-fixtures.js');
    return serveHttp({
      app,
      config: config.http,
      logger,
      secrets: () => secrets.values(),
      ...(v['conformance-fixtures'] ? { decorate: registerConformanceFixtures } : {}),
      onClose: close,
    });
  }
  forward.attach(app.server);
  waitingNotice(process.stdin, process.stderr);
  await serveStdio(app.server, logger, close);
}

limitHeapGrowth();
main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message);
  if (err instanceof UsageError) fail(`${err.message} (see evs-mcp --help)`);
  const message = err instanceof Error ? err.message : String(err);
  fail(`could not start: ${message}`, 1);
});
