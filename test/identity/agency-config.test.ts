// EVS_MCP_IDENTITY=agency settings: checked at start, so a server never serves with a half-set identity.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

const BASE = {
  HUAWEICLOUD_SDK_AK: 'AKAKAKAKAKAK',
  HUAWEICLOUD_SDK_SK: 'SKSKSKSKSKSKSKSK',
  HUAWEICLOUD_SDK_REGION: 'cn-north-4',
  HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
  EVS_MCP_TRANSPORT: 'http',
  EVS_MCP_CONFIRM_SECRET: 'x'.repeat(32),
  EVS_MCP_AUTH_ISSUER: 'https://issuer.example',
  EVS_MCP_PUBLIC_URL: 'https://evs-mcp.example/mcp',
};
const URN = 'iam::0123abcd:agency:evs-ops';

describe('agency identity settings', () => {
  it('is off by default and changes nothing', () => {
    expect(loadConfig(BASE, {}).agency).toBeUndefined();
  });

  it('reads the agency, the mapping, the duration and the STS endpoint', () => {
    const c = loadConfig(
      {
        ...BASE,
        EVS_MCP_IDENTITY: 'agency',
        EVS_MCP_AGENCY_MAP: `ops=${URN},dev=iam::0123abcd:agency:evs-dev`,
        EVS_MCP_AGENCY_CLAIM: 'roles',
        EVS_MCP_AGENCY_DURATION: '900',
      },
      {},
    );
    expect(c.agency).toEqual({
      claim: 'roles',
      map: [
        { value: 'ops', urn: URN },
        { value: 'dev', urn: 'iam::0123abcd:agency:evs-dev' },
      ],
      durationSeconds: 900,
      stsEndpoint: 'https://sts.cn-north-4.myhuaweicloud.com',
    });
    const o = loadConfig(
      {
        ...BASE,
        EVS_MCP_IDENTITY: 'agency',
        EVS_MCP_AGENCY_URN: URN,
        HUAWEICLOUD_SDK_STS_ENDPOINT: 'https://sts.example',
      },
      {},
    );
    expect(o.agency).toMatchObject({ urn: URN, stsEndpoint: 'https://sts.example', durationSeconds: 3600 });
  });

  it.each([
    ['no agency', { EVS_MCP_IDENTITY: 'agency' }, /EVS_MCP_AGENCY_URN or EVS_MCP_AGENCY_MAP/],
    [
      'no issuer',
      {
        EVS_MCP_IDENTITY: 'agency',
        EVS_MCP_AGENCY_URN: URN,
        EVS_MCP_AUTH_ISSUER: '',
        EVS_MCP_PUBLIC_URL: '',
      },
      /EVS_MCP_AUTH_ISSUER/,
    ],
    ['a bad mapping entry', { EVS_MCP_IDENTITY: 'agency', EVS_MCP_AGENCY_MAP: 'ops' }, /EVS_MCP_AGENCY_MAP/],
    ['a bad URN', { EVS_MCP_IDENTITY: 'agency', EVS_MCP_AGENCY_URN: 'evs-ops' }, /agency URN/],
    [
      'a duration out of range',
      { EVS_MCP_IDENTITY: 'agency', EVS_MCP_AGENCY_URN: URN, EVS_MCP_AGENCY_DURATION: '60' },
      /AGENCY_DURATION|agencyDuration/,
    ],
    ['an agency without the identity', { EVS_MCP_AGENCY_URN: URN }, /EVS_MCP_IDENTITY=agency/],
  ])('refuses %s', (_label, env, why) => {
    const merged = Object.fromEntries(
      Object.entries({ ...BASE, ...env }).filter(([, v]) => v !== ''),
    ) as Record<string, string>;
    expect(() => loadConfig(merged, {})).toThrow(why);
  });
});
