// A loopback npm registry that serves one package from a tarball (as if it were published) and passes
// every other request through to registry.npmjs.org, so `npx -y <name>` runs exactly as a config says.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';

const UPSTREAM = 'https://registry.npmjs.org';

export interface LocalRegistry {
  url: string;
  close(): Promise<void>;
}

export async function startLocalRegistry(
  pkg: { name: string; version: string } & Record<string, unknown>,
  tarballPath: string,
): Promise<LocalRegistry> {
  const tarball = readFileSync(tarballPath);
  const file = basename(tarballPath);
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const shasum = createHash('sha1').update(tarball).digest('hex');
  let base = '';
  const packument = () => ({
    name: pkg.name,
    'dist-tags': { latest: pkg.version },
    versions: {
      [pkg.version]: {
        ...pkg,
        _id: `${pkg.name}@${pkg.version}`,
        dist: { tarball: `${base}/${pkg.name}/-/${file}`, integrity, shasum },
      },
    },
  });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (decodeURIComponent(path) === `/${pkg.name}`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument()));
      return;
    }
    if (path === `/${pkg.name}/-/${file}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
      return;
    }
    const accept = req.headers.accept;
    fetch(`${UPSTREAM}${req.url ?? '/'}`, { headers: accept ? { accept } : {} })
      .then(async (up) => {
        const body = Buffer.from(await up.arrayBuffer());
        res
          .writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' })
          .end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
