// EVS_MCP_TARGETS: the named regions and projects one server may act in, e.g.
// `prod=cn-north-4,dr=cn-east-3/<project id>@https://evs.example` (project and endpoint optional).
import type { HttpConfig, RawConfig, TargetConfig } from './schema.js';

const ENTRY =
  /^([a-z][a-z0-9_-]{0,31})=([a-z0-9]+(?:-[a-z0-9]+)+)(?:\/([A-Za-z0-9-]{1,64}))?(?:@(https?:\/\/\S+))?$/;

export function targetsConfig(
  c: RawConfig,
  _http: HttpConfig | undefined,
  /** The loader's ConfigError (passed in: that module imports this one). */
  fail: (message: string) => never,
): { targets?: TargetConfig[] } {
  if (!c.targets?.length) return {};
  const seen = new Set<string>();
  const targets = c.targets.map((entry): TargetConfig => {
    const m = ENTRY.exec(entry);
    if (!m)
      fail(
        `EVS_MCP_TARGETS (--targets): "${entry}" is not <name>=<region>[/<project id>][@<EVS endpoint>] (name: a-z, 0-9, _ and -)`,
      );
    const [, name, region, projectId, endpoint] = m;
    if (seen.has(name!)) fail(`EVS_MCP_TARGETS (--targets): the name "${name}" is given twice`);
    seen.add(name!);
    return {
      name: name!,
      region: region!,
      ...(projectId ? { projectId } : {}),
      evsEndpoint: (endpoint ?? `https://evs.${region}.myhuaweicloud.com`).replace(/\/+$/, ''),
      iamEndpoint: `https://iam.${region}.myhuaweicloud.com`,
      stsEndpoint: `https://sts.${region}.myhuaweicloud.com`,
    };
  });
  return { targets };
}
