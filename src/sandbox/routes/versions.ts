// API versions (5.1, 5.2): no authentication; 5.1 answers 300 Multiple Choices as documented.
import { apiVersions } from '../catalog.js';
import { notFound } from '../errors.js';
import type { Ctx, Reply, Route } from '../router.js';
import { ok } from './common.js';

const all = (ctx: Ctx): Reply => ok({ versions: apiVersions(ctx.baseUrl) }, 300);

function one(ctx: Ctx): Reply {
  const wanted = ctx.params.api_version;
  const version = apiVersions(ctx.baseUrl).find((v) => String(v.id).split('.')[0] === wanted);
  if (!version) throw notFound();
  return ok({ versions: [version] });
}

export const versionRoutes: Route[] = [
  { method: 'GET', path: '/', section: '5.1', family: 'cinder', auth: 'none', handler: all },
  { method: 'GET', path: '/{api_version}', section: '5.2', family: 'cinder', auth: 'none', handler: one },
];
