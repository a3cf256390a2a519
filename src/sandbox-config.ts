// Points a configuration at a running embedded sandbox: its credentials, region and endpoint.
import type { Config } from './config/schema.js';
import type { SandboxHandle } from './sandbox/index.js';

export function configForSandbox(config: Config, sandbox: SandboxHandle, projectIndex = 0): Config {
  const project = sandbox.projects[projectIndex];
  if (!project) throw new Error(`the sandbox has no project #${projectIndex}`);
  return {
    ...config,
    auth: { mode: 'aksk', ak: project.ak, sk: project.sk },
    region: sandbox.region,
    projectId: project.id,
    evsEndpoint: sandbox.url,
    iamEndpoint: sandbox.url,
    // The sandbox plays STS too.
    ...(config.agency ? { agency: { ...config.agency, stsEndpoint: sandbox.url } } : {}),
  };
}
