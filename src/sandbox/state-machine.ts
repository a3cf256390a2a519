// Disk (A.3) and snapshot (A.4) statuses and the timed transitions between them.
import { cinderTime, uuid, wwn } from './ids.js';
import { keepInRecycleBin } from './routes/current-state.js';
import type { Store } from './store.js';
import type { PendingEvent, SnapshotRecord, VolumeRecord } from './types.js';

/** A.3, plus awaiting-transfer (7.4.1) and error_detaching (EVS.2021), which A.3 omits. */
export const VOLUME_STATUSES = [
  'creating',
  'available',
  'in-use',
  'error',
  'attaching',
  'detaching',
  'backing-up',
  'error_restoring',
  'uploading',
  'downloading',
  'extending',
  'error_extending',
  'deleting',
  'error_deleting',
  'rollbacking',
  'error_rollbacking',
  'awaiting-transfer',
  'error_detaching',
] as const;

export const SNAPSHOT_STATUSES = [
  'creating',
  'available',
  'error',
  'deleting',
  'error_deleting',
  'rollbacking',
  'backing-up',
] as const;

/** EVS.1046: the statuses a disk can be deleted from. */
export const DELETABLE_VOLUME_STATUSES = [
  'available',
  'error',
  'error_extending',
  'error_restoring',
  'error_rollbacking',
];
/** EVS.1047. */
export const DELETABLE_SNAPSHOT_STATUSES = ['available', 'error'];
/** 6.2.1 / A.3: a rollback target must be available or error_rollbacking. */
export const ROLLBACK_VOLUME_STATUSES = ['available', 'error_rollbacking'];

export type VolumeSpec = Omit<
  VolumeRecord,
  'id' | 'projectId' | 'status' | 'created_at' | 'updated_at' | 'seq' | 'wwn'
>;

export function newVolume(
  store: Store,
  projectId: string,
  spec: VolumeSpec,
  status: string,
  now: number,
): VolumeRecord {
  const v: VolumeRecord = {
    ...spec,
    metadata: { ...spec.metadata },
    tags: { ...spec.tags },
    attachments: [...spec.attachments],
    id: uuid(),
    projectId,
    status,
    created_at: cinderTime(now),
    updated_at: null,
    seq: store.nextSeq(),
    wwn: wwn(),
  };
  store.addVolume(v);
  return v;
}

function touch(store: Store, v: { updated_at: string | null }, now: number): void {
  v.updated_at = cinderTime(now);
  store.markDirty();
}

/** Status to come back to after a transitional one. */
const restingStatus = (v: VolumeRecord): string => (v.attachments.length > 0 ? 'in-use' : 'available');

export function beginCreate(store: Store, v: VolumeRecord, now: number): void {
  v.status = 'creating';
  touch(store, v, now);
  store.schedule('volume.created', v.id, store.delays.create, now);
}

export function beginExtend(store: Store, v: VolumeRecord, newSize: number, now: number): void {
  v.restStatus = restingStatus(v);
  v.status = 'extending';
  touch(store, v, now);
  store.schedule('volume.extended', v.id, store.delays.extend, now, { newSize });
}

export function beginDelete(store: Store, v: VolumeRecord, cascade: boolean, now: number): void {
  v.status = 'deleting';
  touch(store, v, now);
  if (cascade) {
    for (const s of snapshotsOf(store, v.id)) {
      s.status = 'deleting';
      touch(store, s, now);
    }
  }
  store.schedule('volume.deleted', v.id, store.delays.delete, now, { cascade });
}

export function beginRollback(
  store: Store,
  s: SnapshotRecord,
  v: VolumeRecord,
  name: string | undefined,
  now: number,
): void {
  v.status = 'rollbacking';
  s.status = 'rollbacking';
  touch(store, v, now);
  touch(store, s, now);
  store.schedule('volume.rolledback', v.id, store.delays.rollback, now, {
    snapshotId: s.id,
    name: name ?? null,
  });
}

export function beginUpload(
  store: Store,
  v: VolumeRecord,
  image: { id: string; name: string; osType: string },
  now: number,
): void {
  v.restStatus = restingStatus(v);
  v.status = 'uploading';
  touch(store, v, now);
  store.schedule('volume.uploaded', v.id, store.delays.upload, now, { ...image });
}

export function beginSnapshot(store: Store, s: SnapshotRecord, now: number): void {
  s.status = 'creating';
  store.schedule('snapshot.created', s.id, store.delays.snapshot, now);
}

export function beginSnapshotDelete(store: Store, s: SnapshotRecord, now: number): void {
  s.status = 'deleting';
  touch(store, s, now);
  store.schedule('snapshot.deleted', s.id, store.delays.snapshot, now);
}

export const snapshotsOf = (store: Store, volumeId: string): SnapshotRecord[] =>
  Object.values(store.state.snapshots).filter((s) => s.volume_id === volumeId);

function removeVolume(store: Store, v: VolumeRecord): void {
  for (const s of snapshotsOf(store, v.id)) store.deleteSnapshot(s.id);
  for (const t of Object.values(store.state.transfers))
    if (t.volume_id === v.id) delete store.state.transfers[t.id];
  store.deleteVolume(v.id);
}

/** Wires the completion of every timed transition. */
export function registerTransitions(store: Store): void {
  const volume = (ev: PendingEvent): VolumeRecord | undefined => store.state.volumes[ev.ref];
  store.on('volume.created', (st, ev) => {
    const v = volume(ev);
    if (!v || v.status !== 'creating') return;
    v.status = st.takeFailure('create') ? 'error' : 'available';
    touch(st, v, ev.at);
  });
  store.on('volume.extended', (st, ev) => {
    const v = volume(ev);
    if (!v || v.status !== 'extending') return;
    if (st.takeFailure('extend')) v.status = 'error_extending';
    else {
      v.size = Number(ev.data?.newSize ?? v.size);
      v.status = v.restStatus ?? restingStatus(v);
    }
    delete v.restStatus;
    touch(st, v, ev.at);
  });
  store.on('volume.deleted', (st, ev) => {
    const v = volume(ev);
    if (!v || v.status !== 'deleting') return;
    if (st.takeFailure('delete')) {
      v.status = 'error_deleting';
      touch(st, v, ev.at);
    } else {
      keepInRecycleBin(st, v, ev.at);
      removeVolume(st, v);
    }
  });
  store.on('volume.rolledback', (st, ev) => {
    const v = volume(ev);
    const s = st.state.snapshots[String(ev.data?.snapshotId)];
    if (s && s.status === 'rollbacking') {
      s.status = 'available';
      touch(st, s, ev.at);
    }
    if (!v || v.status !== 'rollbacking') return;
    if (st.takeFailure('rollback')) v.status = 'error_rollbacking';
    else {
      v.status = 'available';
      if (typeof ev.data?.name === 'string' && ev.data.name) v.name = ev.data.name;
    }
    touch(st, v, ev.at);
  });
  store.on('volume.uploaded', (st, ev) => {
    const v = volume(ev);
    if (!v || v.status !== 'uploading') return;
    if (st.takeFailure('upload')) v.status = 'error';
    else {
      v.status = v.restStatus ?? restingStatus(v);
      const id = String(ev.data?.id);
      st.state.images[id] = {
        id,
        name: String(ev.data?.name),
        min_disk: v.size,
        os_type: String(ev.data?.osType ?? 'linux'),
        projectId: v.projectId,
      };
    }
    delete v.restStatus;
    touch(st, v, ev.at);
  });
  store.on('snapshot.created', (st, ev) => {
    const s = st.state.snapshots[ev.ref];
    if (!s || s.status !== 'creating') return;
    s.status = st.takeFailure('snapshot-create') ? 'error' : 'available';
    touch(st, s, ev.at);
  });
  store.on('snapshot.deleted', (st, ev) => {
    const s = st.state.snapshots[ev.ref];
    if (!s || s.status !== 'deleting') return;
    if (st.takeFailure('snapshot-delete')) {
      s.status = 'error_deleting';
      touch(st, s, ev.at);
    } else {
      st.deleteSnapshot(s.id);
    }
  });
}
