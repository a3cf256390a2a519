// EVS_MCP_IDENTITY=agency: which agency each caller assumes, checked at start so a bad mapping never serves.
import type { AgencyConfig, HttpConfig, RawConfig } from './schema.js';

const URN = /^iam::[A-Za-z0-9]+:agency:[A-Za-z0-9_+=,.@-]{1,64}$/;

export function agencyConfig(
  c: RawConfig,
  http: HttpConfig | undefined,
  region: string,
  /** The loader's ConfigError (passed in: that module imports this one). */
  fail: (message: string) => never,
): { agency?: AgencyConfig } {
  if (c.identity !== 'agency') {
    if (c.agencyUrn || c.agencyMap)
      fail('EVS_MCP_AGENCY_URN / EVS_MCP_AGENCY_MAP: need EVS_MCP_IDENTITY=agency');
    return {};
  }
  // Callers must be known to act as themselves: only the HTTP transport with OAuth has callers.
  if (!http?.auth)
    fail(
      'EVS_MCP_IDENTITY=agency: needs --transport http with EVS_MCP_AUTH_ISSUER (each caller is identified by its token)',
    );
  const map = c.agencyMap?.map((entry) => {
    const at = entry.indexOf('=');
    const value = at > 0 ? entry.slice(0, at) : '';
    const urn = entry.slice(at + 1);
    if (!value || !URN.test(urn))
      fail(
        `EVS_MCP_AGENCY_MAP (--agency-map): "${entry}" is not <claim value>=iam::<account-id>:agency:<name>`,
      );
    return { value, urn };
  });
  if (!c.agencyUrn && !map?.length)
    fail('EVS_MCP_IDENTITY=agency: set EVS_MCP_AGENCY_URN or EVS_MCP_AGENCY_MAP');
  return {
    agency: {
      ...(c.agencyUrn ? { urn: c.agencyUrn } : {}),
      claim: c.agencyClaim,
      ...(map?.length ? { map } : {}),
      durationSeconds: c.agencyDurationSeconds,
      stsEndpoint: c.stsEndpoint ?? `https://sts.${region}.myhuaweicloud.com`,
    },
  };
}
