import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { DEFAULT_TOOLSETS } from '../../src/config/schema.js';

const AKSK = {
  HUAWEICLOUD_SDK_AK: 'AKIDEXAMPLE0001',
  HUAWEICLOUD_SDK_SK: 'sk-secret-value-123',
  HUAWEICLOUD_SDK_REGION: 'cn-north-4',
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('builds AK/SK auth with documented endpoint defaults', () => {
    const c = loadConfig(AKSK, {});
    expect(c.auth).toEqual({ mode: 'aksk', ak: AKSK.HUAWEICLOUD_SDK_AK, sk: AKSK.HUAWEICLOUD_SDK_SK });
    expect(c.evsEndpoint).toBe('https://evs.cn-north-4.myhuaweicloud.com');
    expect(c.iamEndpoint).toBe('https://iam.cn-north-4.myhuaweicloud.com');
    expect(c.toolsets).toEqual(DEFAULT_TOOLSETS);
    expect(c.toolsets).not.toContain('legacy');
    expect(c.confirmation).toBe(true);
    expect(c.waitBudgetMs).toBe(50_000);
  });

  it('carries the security token of temporary credentials', () => {
    const c = loadConfig({ ...AKSK, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'temp-token-xyz' }, {});
    expect(c.auth).toMatchObject({ mode: 'aksk', securityToken: 'temp-token-xyz' });
  });

  it('chooses token auth, then password auth', () => {
    expect(
      loadConfig({ HUAWEICLOUD_SDK_REGION: 'cn-north-4', HUAWEICLOUD_SDK_IAM_TOKEN: 'tok' }, {}).auth,
    ).toEqual({ mode: 'token', token: 'tok' });
    const c = loadConfig(
      {
        HUAWEICLOUD_SDK_REGION: 'cn-north-4',
        HUAWEICLOUD_SDK_IAM_USER: 'ops',
        HUAWEICLOUD_SDK_IAM_PASSWORD: 'pw-123456',
        HUAWEICLOUD_SDK_IAM_DOMAIN: 'acme',
      },
      {},
    );
    expect(c.auth).toEqual({ mode: 'password', user: 'ops', password: 'pw-123456', domain: 'acme' });
  });

  it('lets flags override the environment', () => {
    const c = loadConfig(
      { ...AKSK, EVS_MCP_READ_ONLY: 'false', EVS_MCP_TOOLSETS: 'disks' },
      { 'read-only': true, region: 'ap-southeast-1', toolsets: 'all' },
    );
    expect(c.readOnly).toBe(true);
    expect(c.region).toBe('ap-southeast-1');
    expect(c.toolsets).toContain('legacy');
  });

  it('names the missing or wrong setting in one line', () => {
    expect(errorOf(() => loadConfig({ HUAWEICLOUD_SDK_REGION: 'cn-north-4' }, {}))).toMatch(
      /no cloud credentials.*--sandbox/,
    );
    expect(errorOf(() => loadConfig({ HUAWEICLOUD_SDK_AK: 'x' }, {}))).toMatch(
      /^HUAWEICLOUD_SDK_SK: missing/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, HUAWEICLOUD_SDK_REGION: undefined }, {}))).toMatch(
      /^HUAWEICLOUD_SDK_REGION \(--region\): required/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, HUAWEICLOUD_SDK_REGION: 'North 4' }, {}))).toMatch(
      /^HUAWEICLOUD_SDK_REGION \(--region\): a region looks like/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, EVS_MCP_READ_ONLY: 'maybe' }, {}))).toMatch(
      /^EVS_MCP_READ_ONLY \(--read-only\): expected true or false/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, EVS_MCP_WAIT_BUDGET_MS: '10' }, {}))).toMatch(
      /^EVS_MCP_WAIT_BUDGET_MS/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, EVS_MCP_TOOLSETS: 'disks,volumes' }, {}))).toMatch(
      /^EVS_MCP_TOOLSETS/,
    );
    expect(errorOf(() => loadConfig({ ...AKSK, HUAWEICLOUD_SDK_EVS_ENDPOINT: 'ftp://x' }, {}))).toMatch(
      /^HUAWEICLOUD_SDK_EVS_ENDPOINT/,
    );
    expect(
      errorOf(() =>
        loadConfig({ HUAWEICLOUD_SDK_REGION: 'cn-north-4', HUAWEICLOUD_SDK_IAM_USER: 'ops' }, {}),
      ),
    ).toMatch(/^HUAWEICLOUD_SDK_IAM_PASSWORD: missing/);
  });

  it('never echoes a secret value in a setting error', () => {
    const msg = errorOf(() => loadConfig({ ...AKSK, EVS_MCP_CONFIRM_SECRET: 'short-secret' }, {}));
    expect(msg).toMatch(/^EVS_MCP_CONFIRM_SECRET/);
    expect(msg).not.toContain('short-secret');
  });

  it('needs no credentials in sandbox mode', () => {
    const c = loadConfig({}, {}, { sandbox: true });
    expect(c.auth).toEqual({ mode: 'sandbox' });
    expect(c.region).toBe('sandbox-1');
  });
});
