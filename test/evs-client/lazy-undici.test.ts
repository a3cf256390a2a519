// undici is loaded on the first request, not at start: a child process importing the built app records every
// module it resolves, so the test sees what start-up really loads.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackServer } from '../helpers/loopback-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Registered in the child: prints each resolved module URL on stderr. The hooks run on their own thread, whose
// process.stderr is relayed to the main thread and can lose its last lines at exit; writeSync to fd 2 cannot.
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { writeSync } from 'node:fs'; export async function resolve(s, c, next) { const r = await next(s, c); writeSync(2, 'RESOLVED ' + r.url + '\\n'); return r; }`,
)}`;

/** Runs `script` in a child (async, so the loopback server here can answer it); the module URLs it resolved. */
async function resolvedModules(script: string): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { register } from 'node:module'; register(${JSON.stringify(HOOK)}); ${script}`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(code, stderr).toBe(0);
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('RESOLVED '))
    .map((l) => l.slice('RESOLVED '.length));
}

const isUndici = (url: string): boolean => url.includes('/node_modules/undici/');

describe('undici is loaded lazily', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await LoopbackServer.start();
    server.on('GET', '/v2/p/os-availability-zone', { body: { availabilityZoneInfo: [] } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('importing the app and building an HTTP client does not load it', async () => {
    const modules = await resolvedModules(`
      await import('./dist/app.js');
      const { EvsHttpClient } = await import('./dist/evs-client/client.js');
      const { StaticTokenAuth } = await import('./dist/evs-client/credentials/token.js');
      const { default: pino } = await import('pino');
      new EvsHttpClient({ endpoint: 'http://127.0.0.1:9', projectId: 'p', auth: new StaticTokenAuth({ token: 'tok-1234' }), logger: pino({ level: 'silent' }) });
    `);
    expect(modules.some((m) => m.endsWith('/dist/evs-client/client.js'))).toBe(true);
    expect(modules.filter(isUndici)).toEqual([]);
  });

  it('the first request loads it and succeeds', async () => {
    const modules = await resolvedModules(`
      const { EvsHttpClient } = await import('./dist/evs-client/client.js');
      const { StaticTokenAuth } = await import('./dist/evs-client/credentials/token.js');
      const { default: pino } = await import('pino');
      const client = new EvsHttpClient({ endpoint: ${JSON.stringify(server.url)}, projectId: 'p', auth: new StaticTokenAuth({ token: 'tok-1234' }), logger: pino({ level: 'silent' }) });
      const [a, b] = await Promise.all([client.request({ method: 'GET', path: '/v2/p/os-availability-zone' }), client.request({ method: 'GET', path: '/v2/p/os-availability-zone' })]);
      if (a.status !== 200 || b.status !== 200) throw new Error('status ' + a.status + ' ' + b.status);
      await client.close();
    `);
    expect(modules.some(isUndici)).toBe(true);
    expect(server.received('GET', '/v2/p/os-availability-zone')).toHaveLength(2);
  });
});
