// Read-only catalogue APIs: disk types (7.1.7, 7.1.8), quotas (7.1.9), extensions (7.1.16), AZs (7.1.17).
import { EXTENSIONS, volumeTypes, zones } from '../catalog.js';
import { evsError, notFound } from '../errors.js';
import { quotaKeys, usage } from '../quotas.js';
import type { Ctx, Reply, Route } from '../router.js';
import { ok } from './common.js';

const types = (ctx: Ctx): Reply => ok({ volume_types: volumeTypes(ctx.store.state.region) });

function typeDetail(ctx: Ctx): Reply {
  const t = volumeTypes(ctx.store.state.region).find((x) => x.id === ctx.params.type_id);
  if (!t) throw notFound();
  return ok({ volume_type: t });
}

function quotas(ctx: Ctx): Reply {
  if (ctx.params.target_project_id !== ctx.projectId) throw evsError('EVS.5403', 'Policy check failed');
  const u = usage(ctx.store, ctx.projectId);
  const detailed = ['true', 'True'].includes(ctx.query.get('usage') ?? '');
  const quota_set: Record<string, unknown> = { id: ctx.projectId };
  // With usage=True each entry is {in_use, limit, reserved}; without it, Cinder's plain limits.
  for (const key of quotaKeys()) quota_set[key] = detailed ? u[key] : u[key]!.limit;
  return ok({ quota_set });
}

const extensions = (): Reply =>
  ok({
    extensions: EXTENSIONS.map(([name, alias, updated, description]) => ({
      updated,
      name,
      links: [],
      alias,
      description,
    })),
  });

const availabilityZones = (ctx: Ctx): Reply =>
  ok({
    availabilityZoneInfo: zones(ctx.store.state.region).map((z) => ({
      zoneState: { available: z.available },
      zoneName: z.name,
    })),
  });

const route = (path: string, section: string, handler: (ctx: Ctx) => Reply): Route => ({
  method: 'GET',
  path,
  section,
  family: 'cinder',
  auth: 'project',
  handler,
});

export const catalogRoutes: Route[] = [
  route('/v2/{project_id}/types', '7.1.7', types),
  route('/v2/{project_id}/types/{type_id}', '7.1.8', typeDetail),
  route('/v2/{project_id}/os-quota-sets/{target_project_id}', '7.1.9', quotas),
  route('/v2/{project_id}/extensions', '7.1.16', extensions),
  route('/v2/{project_id}/os-availability-zone', '7.1.17', availabilityZones),
];
