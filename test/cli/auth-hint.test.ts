// A wrong key names the variable to check, at start-up (project discovery) and on the first call, and
// never echoes the secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { spawnServer } from '../e2e/spawn.js';
import { textOf } from '../helpers/harness.js';
import { runBin } from './run.js';

let sandbox: SandboxHandle;
let env: Record<string, string>;
const WRONG_SK = 'wrong-secret-key-that-must-never-be-echoed-0001';

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true });
  const p = sandbox.projects[0]!;
  env = {
    HUAWEICLOUD_SDK_AK: p.ak,
    HUAWEICLOUD_SDK_SK: WRONG_SK,
    HUAWEICLOUD_SDK_REGION: sandbox.region,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
    EVS_MCP_LOG_LEVEL: 'silent',
  };
});
afterAll(() => sandbox.close());

describe('auth failures name the variable to check', () => {
  it('at start-up, when the project look-up is refused', async () => {
    const r = await runBin([], env);
    expect(r.status).toBe(1);
    const line = r.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^evs-mcp: could not start: EVS\.5401 HTTP 401/);
    expect(line).toContain('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
    expect(line).toContain('evs-mcp doctor');
    expect(line).not.toContain(WRONG_SK);
  });

  it('a literal ${...} (a client that expands nothing) is refused at start-up, naming the variable', async () => {
    const r = await runBin([], { ...env, HUAWEICLOUD_SDK_SK: '$' + '{HUAWEICLOUD_SDK_SK}' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^evs-mcp: HUAWEICLOUD_SDK_SK holds an unexpanded \$\{\.\.\.\} placeholder/,
    );
  });

  it('on the first call, in the tool result', async () => {
    const s = await spawnServer({ ...env, HUAWEICLOUD_SDK_PROJECT_ID: sandbox.projects[0]!.id });
    try {
      const res = await s.client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBe(true);
      const text = textOf(res);
      expect(text).toMatch(/EVS\.5401, HTTP 401/);
      expect(text).toContain(
        'Check the credentials the server was given: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK',
      );
      expect(JSON.stringify(res)).not.toContain(WRONG_SK);
      expect(s.stderr()).not.toContain(WRONG_SK);
    } finally {
      await s.close();
    }
  });

  it("a project that is not the key's names HUAWEICLOUD_SDK_PROJECT_ID", async () => {
    const p = sandbox.projects[0]!;
    const s = await spawnServer({
      ...env,
      HUAWEICLOUD_SDK_SK: p.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: sandbox.projects[1]!.id,
    });
    try {
      const res = await s.client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain('Check HUAWEICLOUD_SDK_PROJECT_ID (--project-id)');
      expect(JSON.stringify(res)).not.toContain(p.sk);
    } finally {
      await s.close();
    }
  });
});
