// More simulated regions: each is a project of the main account (same user and key, as on Huawei Cloud,
// where one AK/SK acts in the account's projects of every region) served on its own endpoint, with a disk.
import { hexId } from './ids.js';
import { AuthRejected } from './auth.js';
import { evsError } from './errors.js';
import { newVolume } from './state-machine.js';
import type { Store } from './store.js';
import type { ProjectRecord } from './types.js';

/** Adds (once) the main account's project in `region`, with one available disk; returns it. */
export function addRegionProject(store: Store, region: string, now: number): ProjectRecord {
  const existing = store.state.projects.find((p) => p.region === region);
  if (existing) return existing;
  const main = store.state.projects[0]!;
  const project: ProjectRecord = { ...main, id: hexId(), name: region, region };
  store.state.projects.push(project);
  newVolume(
    store,
    project.id,
    {
      name: `${region}-disk`,
      size: 10,
      volume_type: 'SSD',
      description: null,
      availability_zone: `${region}a`,
      bootable: false,
      multiattach: false,
      metadata: {},
      tags: {},
      attachments: [],
      snapshot_id: null,
      image_id: null,
      volume_image_metadata: null,
      service_type: 'EVS',
      user_id: main.userId,
    },
    'available',
    now,
  );
  store.markDirty();
  return project;
}

/** A project's requests must reach its own region's endpoint (the documented EVS.0001 otherwise). */
export function checkRegion(store: Store, projectId: string, listenerRegion: string | undefined): void {
  const project = store.project(projectId);
  if (!project || project.region === listenerRegion) return;
  throw new AuthRejected("the project is not in this endpoint's region", evsError('EVS.0001'));
}
