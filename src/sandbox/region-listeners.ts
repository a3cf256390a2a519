// One loopback listener per extra simulated region, sharing the sandbox's state, log and faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { addRegionProject } from './regions.js';
import type { Store } from './store.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export async function startRegions(
  regions: readonly string[],
  host: string,
  deps: { store: Store; now: number; handler: (region: string) => Handler; logger?: Logger },
): Promise<{ regions: { region: string; url: string; projectId: string }[]; close(): void }> {
  const servers: Server[] = [];
  const out: { region: string; url: string; projectId: string }[] = [];
  for (const region of regions) {
    const project = addRegionProject(deps.store, region, deps.now);
    deps.store.persist();
    const handle = deps.handler(region);
    const server = createServer((req, res) => {
      handle(req, res).catch((err: unknown) => {
        deps.logger?.error({ err }, 'sandbox: request failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    out.push({
      region,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      projectId: project.id,
    });
  }
  return {
    regions: out,
    close() {
      for (const s of servers) {
        s.close();
        s.closeAllConnections();
      }
    },
  };
}
