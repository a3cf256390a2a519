// Initial state: two isolated projects, and (by default) demo disks, snapshots, tags and quotas.
import { randomBytes } from 'node:crypto';
import { zones } from './catalog.js';
import { cinderTime, hexId, uuid } from './ids.js';
import { newVolume, type VolumeSpec } from './state-machine.js';
import type { Store } from './store.js';
import type { NewUser, ProjectRecord, SandboxState, SnapshotRecord, UserRecord } from './types.js';

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

function project(name: string, domain: string, user: string): ProjectRecord {
  return {
    id: hexId(),
    name,
    ak: `SBX${randomBytes(8).toString('hex').toUpperCase()}`,
    sk: secret(30),
    domain,
    user,
    password: secret(12),
    domainId: hexId(),
    userId: hexId(),
  };
}

/** An IAM user with its own keys (and a security token when its credentials are temporary). */
export function newUserRecord(projectId: string, user: NewUser): UserRecord {
  return {
    name: user.name,
    projectId,
    ak: `SBU${randomBytes(8).toString('hex').toUpperCase()}`,
    sk: secret(30),
    ...(user.temporary ? { securityToken: `sbxtmp-${secret(48)}` } : {}),
    ...(user.actions ? { actions: [...user.actions] } : {}),
  };
}

/** A fresh state: the main project is named after the region (so `GET /v3/projects?name=<region>` finds it). */
export function emptyState(region: string): SandboxState {
  return {
    version: 1,
    region,
    seq: 0,
    projects: [
      project(region, 'sandbox-account', 'sandbox-user'),
      project(`${region}_peer`, 'peer-account', 'peer-user'),
    ],
    volumes: {},
    snapshots: {},
    transfers: {},
    jobs: {},
    quotas: {},
    tokens: {},
    events: [],
    images: {},
    failures: [],
  };
}

export const DEMO_SERVER_ID = '2080869e-ba46-4ea5-b45e-3191ac0f1d54';
export const DEMO_PEER_SERVER_ID = '7a3c1e44-6b2d-4f0e-9c51-0d8e2f6a4b19';

/** Demo data: disks in several states, snapshots (one autobk_snapshot_*), tags, metadata, limited quotas. */
export function seedDemo(store: Store, now: number): void {
  const [main, peer] = store.state.projects as [ProjectRecord, ProjectRecord];
  const [azA, azB] = zones(store.state.region).map((z) => z.name) as [string, string];
  let t = now - 30 * 24 * 3600_000;
  const at = () => (t += 3600_000);
  const spec = (
    p: ProjectRecord,
    s: Partial<VolumeSpec> & Pick<VolumeSpec, 'name' | 'size' | 'volume_type'>,
  ): VolumeSpec => ({
    description: null,
    availability_zone: azA,
    bootable: false,
    multiattach: false,
    metadata: {},
    tags: {},
    attachments: [],
    snapshot_id: null,
    image_id: null,
    volume_image_metadata: null,
    service_type: 'EVS',
    user_id: p.userId,
    ...s,
  });
  const attach = (volumeId: string, serverId: string, device: string, when: number) => ({
    id: volumeId,
    attachment_id: uuid(),
    server_id: serverId,
    host_name: null,
    device,
    attached_at: cinderTime(when),
    volume_id: volumeId,
  });

  const data = newVolume(
    store,
    main.id,
    spec(main, {
      name: 'demo-data-01',
      size: 100,
      volume_type: 'SSD',
      description: 'Application data',
      metadata: { purpose: 'app-data' },
      tags: { env: 'dev', owner: 'alice' },
    }),
    'available',
    at(),
  );
  const system = newVolume(
    store,
    main.id,
    spec(main, {
      name: 'demo-system-01',
      size: 40,
      volume_type: 'SAS',
      bootable: true,
      image_id: '027cf713-45a6-45f0-ac1b-0ccc57ac12e2',
      volume_image_metadata: {
        image_id: '027cf713-45a6-45f0-ac1b-0ccc57ac12e2',
        image_name: 'CentOS 7.9 64bit',
        min_disk: '40',
        __os_type: 'Linux',
      },
      tags: { env: 'prod' },
    }),
    'in-use',
    at(),
  );
  system.attachments.push(attach(system.id, DEMO_SERVER_ID, '/dev/vda', t));
  system.metadata.attached_mode = 'rw';
  const shared = newVolume(
    store,
    main.id,
    spec(main, {
      name: 'demo-shared-01',
      size: 200,
      volume_type: 'SSD',
      multiattach: true,
      metadata: { 'hw:passthrough': 'true' },
      tags: { env: 'prod', cluster: 'db' },
    }),
    'in-use',
    at(),
  );
  shared.attachments.push(
    attach(shared.id, DEMO_SERVER_ID, '/dev/vdb', t),
    attach(shared.id, DEMO_PEER_SERVER_ID, '/dev/vdb', t),
  );
  newVolume(
    store,
    main.id,
    spec(main, { name: 'demo-broken-01', size: 20, volume_type: 'SAS', availability_zone: azB }),
    'error',
    at(),
  );
  newVolume(
    store,
    main.id,
    spec(main, {
      name: 'demo-archive-01',
      size: 500,
      volume_type: 'SATA',
      availability_zone: azB,
      tags: { env: 'archive' },
    }),
    'available',
    at(),
  );

  const snapshot = (
    volumeId: string,
    size: number,
    name: string,
    metadata: Record<string, string>,
    when: number,
  ): SnapshotRecord => {
    const s: SnapshotRecord = {
      id: uuid(),
      projectId: main.id,
      volume_id: volumeId,
      name,
      description: null,
      size,
      status: 'available',
      metadata,
      created_at: cinderTime(when),
      updated_at: cinderTime(when),
      seq: store.nextSeq(),
    };
    store.addSnapshot(s);
    return s;
  };
  snapshot(data.id, data.size, 'demo-data-01-daily', {}, at());
  snapshot(
    system.id,
    system.size,
    `autobk_snapshot_${cinderTime(at()).slice(0, 10).replace(/-/g, '')}_demo`,
    { __system__enableActive: 'true' },
    t,
  );

  newVolume(
    store,
    peer.id,
    spec(peer, { name: 'peer-data-01', size: 50, volume_type: 'SAS' }),
    'available',
    at(),
  );

  store.state.quotas[main.id] = {
    volumes: 50,
    gigabytes: 5000,
    snapshots: 10,
    volumes_ESSD: 2,
    gigabytes_SSD: 2000,
  };
  store.markDirty();
}
