// Signed requests straight to the sandbox (no MCP), for populating it and for raw-API baselines.
import { fetch } from 'undici';
import { signRequest } from '../../dist/evs-client/signer.js';

export function signedClient(sb) {
  const cred = { ak: sb.project.ak, sk: sb.project.sk };
  const pid = sb.project.id;
  return {
    pid,
    async call(method, path, body) {
      const url = new URL(path.replaceAll('{project_id}', pid), sb.endpoint);
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest(
        { method, url, headers: { 'Content-Type': 'application/json' }, body: text },
        cred,
        {
          projectId: pid,
        },
      );
      delete headers.Host;
      const res = await fetch(url, { method, headers, ...(text ? { body: text } : {}) });
      const raw = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${raw.slice(0, 200)}`);
      return { status: res.status, raw, body: raw ? JSON.parse(raw) : undefined };
    },
    admin(method, path, body) {
      return fetch(new URL(path, sb.endpoint), {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

/** Adds `count` empty disks (100 per batch request) and waits until none is still creating. */
export async function addDisks(api, count, az) {
  await api.admin('PUT', '/__sandbox/delays', { create: 0, job: 0 });
  await api.admin('PUT', `/__sandbox/quotas/${api.pid}`, {
    volumes: -1,
    gigabytes: -1,
    volumes_SSD: -1,
    gigabytes_SSD: -1,
  });
  for (let left = count; left > 0; left -= 100) {
    await api.call('POST', '/v2/{project_id}/cloudvolumes', {
      volume: {
        availability_zone: az,
        volume_type: 'SSD',
        size: 10,
        count: Math.min(100, left),
        name: 'bulk',
      },
    });
  }
}
