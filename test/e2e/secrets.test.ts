// The whole flow with known secrets, in every auth mode: none of them may appear in stdout, stderr,
// a tool result or the audit log. Transfer auth_keys are sealed into a file, never shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { spawnServer } from './spawn.js';

let sandbox: SandboxHandle;
beforeEach(async () => {
  sandbox = await startSandbox({ seedDemoData: true, delays: { create: 20, job: 20, delete: 20 } });
});
afterEach(async () => sandbox?.close());

type Mode = 'aksk' | 'token' | 'password';

function envFor(mode: Mode, secrets: string[]): Record<string, string> {
  const p = sandbox.projects[0]!;
  const base = {
    HUAWEICLOUD_SDK_REGION: sandbox.region,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
    EVS_MCP_LOG_LEVEL: 'trace',
    EVS_MCP_CONFIRMATION: 'off',
    EVS_MCP_TOOLSETS: 'all',
    EVS_MCP_CONFIRM_SECRET: 'confirm-secret-0123456789abcdef',
  };
  secrets.push(base.EVS_MCP_CONFIRM_SECRET);
  if (mode === 'aksk') {
    // Temporary credentials, as the sandbox issues them: the key only works with its security token.
    const temp = sandbox.addUser(p.id, { name: `temp-${secrets.length}`, temporary: true });
    const securityToken = temp.securityToken!;
    secrets.push(p.ak, p.sk, temp.ak, temp.sk, securityToken);
    return {
      ...base,
      HUAWEICLOUD_SDK_AK: temp.ak,
      HUAWEICLOUD_SDK_SK: temp.sk,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: securityToken,
      HUAWEICLOUD_SDK_PROJECT_ID: p.id,
    };
  }
  if (mode === 'token') {
    const token = sandbox.issueToken(p.id);
    secrets.push(token);
    return { ...base, HUAWEICLOUD_SDK_IAM_TOKEN: token, HUAWEICLOUD_SDK_PROJECT_ID: p.id };
  }
  secrets.push(p.password);
  // No project id: discovered through IAM (GET /v3/projects?name=<region>) with the password-issued token.
  return {
    ...base,
    HUAWEICLOUD_SDK_IAM_USER: p.user,
    HUAWEICLOUD_SDK_IAM_PASSWORD: p.password,
    HUAWEICLOUD_SDK_IAM_DOMAIN: p.domain,
  };
}

describe.each(['aksk', 'token', 'password'] as const)('no secret leaks with %s auth', (mode) => {
  it('keeps every secret out of stdout, stderr, tool results and the audit log', async () => {
    const secrets: string[] = [];
    const env = envFor(mode, secrets);
    const server = await spawnServer({ ...env, EVS_MCP_AUDIT_LOG: '/dev/null' });
    const audit = join(server.dir, 'audit.jsonl');
    await server.close();
    const s = await spawnServer({
      ...env,
      EVS_MCP_AUDIT_LOG: audit,
      EVS_MCP_SECRETS_DIR: join(server.dir, 'sealed'),
    });
    const results: unknown[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await s.client.callTool({ name, arguments: args });
      results.push(r);
      return r;
    };
    try {
      const list = await call('list_disks', { name: 'demo-archive-01' });
      expect(list.isError, JSON.stringify(list)).toBeFalsy();
      const disk = (list.structuredContent as { volumes: { id: string }[] }).volumes[0]!;
      await call('get_quota_headroom', {});
      const missing = await call('legacy_get_vendor_disk', {
        volume_id: '00000000-0000-0000-0000-000000000000',
      });
      expect(missing.isError).toBe(true);
      await call('cinder_delete_disk', { volume_id: disk.id, dry_run: true });
      const transfer = await call('create_transfer', { volume_id: disk.id, name: `leak-check-${mode}` });
      expect(transfer.isError, JSON.stringify(transfer)).toBeFalsy();

      // The auth_key was sealed: the result names the file, the file holds the key.
      const text = JSON.stringify(transfer);
      const file = /saved for the person at ([^;\]]+);/.exec(text)?.[1];
      expect(file, text).toBeTruthy();
      const authKey = readFileSync(file!, 'utf8').trim();
      expect(authKey.length).toBeGreaterThan(8);
      secrets.push(authKey);

      const outputs = {
        stdout: s.stdout(),
        stderr: s.stderr(),
        results: JSON.stringify(results),
        audit: readFileSync(audit, 'utf8'),
      };
      expect(outputs.stderr.length).toBeGreaterThan(1000); // trace logging really ran
      expect(outputs.audit.trim().split('\n').length).toBeGreaterThanOrEqual(2);
      for (const secret of secrets) {
        for (const [where, content] of Object.entries(outputs)) {
          expect(content.includes(secret), `${mode}: a secret appeared in ${where}`).toBe(false);
        }
      }
    } finally {
      await s.close();
    }
  });
});
