// Snapshot, rollback, tag, metadata, transfer, catalog, quota and job specs against the API Reference examples.
import { needsConfirmation } from '../../src/evs/operation.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encode } from 'gpt-tokenizer';
import documented from '../fixtures/documented-operations.json' with { type: 'json' };
import type { OperationSpec, RequestParts } from '../../src/evs/operation.js';
import { catalogOperations } from '../../src/evs/operations/catalog.js';
import { diskMetadataOperations } from '../../src/evs/operations/disk-metadata.js';
import { jobOperations } from '../../src/evs/operations/jobs.js';
import { snapshotMetadataOperations } from '../../src/evs/operations/snapshot-metadata.js';
import { snapshotOperations } from '../../src/evs/operations/snapshots.js';
import { tagOperations } from '../../src/evs/operations/tags.js';
import { transferOperations } from '../../src/evs/operations/transfers.js';
import { quotaHeadroom } from '../../src/evs/shapes/quota.js';
import { AUTH_KEY_NOTICE } from '../../src/evs/shapes/transfer.js';

const ALL: OperationSpec[] = [
  ...snapshotOperations,
  ...tagOperations,
  ...diskMetadataOperations,
  ...snapshotMetadataOperations,
  ...transferOperations,
  ...catalogOperations,
  ...jobOperations,
];

const EXPECTED_TOOLS: Record<string, string> = {
  '5.1': 'list_api_versions',
  '5.2': 'get_api_version',
  '6.2.1': 'legacy_rollback_vendor_snapshot',
  '6.3.1': 'list_project_tags',
  '6.3.2': 'add_disk_tags',
  '6.3.3': 'delete_disk_tags',
  '6.3.4': 'get_disk_tags',
  '6.3.5': 'find_disks_by_tags',
  '7.1.7': 'list_disk_types',
  '7.1.8': 'get_disk_type',
  '7.1.9': 'get_quotas',
  '7.1.10': 'add_disk_metadata',
  '7.1.11': 'get_disk_metadata',
  '7.1.12': 'replace_disk_metadata',
  '7.1.13': 'get_disk_metadata_key',
  '7.1.14': 'set_disk_metadata_key',
  '7.1.15': 'delete_disk_metadata_key',
  '7.1.16': 'list_extensions',
  '7.1.17': 'list_availability_zones',
  '7.3.1': 'cinder_create_snapshot',
  '7.3.2': 'cinder_delete_snapshot',
  '7.3.3': 'cinder_update_snapshot',
  '7.3.4': 'cinder_list_snapshots',
  '7.3.5': 'cinder_list_snapshots_detail',
  '7.3.6': 'cinder_get_snapshot',
  '7.3.7': 'add_snapshot_metadata',
  '7.3.8': 'get_snapshot_metadata',
  '7.3.9': 'set_snapshot_metadata_key',
  '7.3.10': 'replace_snapshot_metadata',
  '7.3.11': 'get_snapshot_metadata_key',
  '7.3.12': 'delete_snapshot_metadata_key',
  '7.4.1': 'create_transfer',
  '7.4.2': 'accept_transfer',
  '7.4.3': 'delete_transfer',
  '7.4.4': 'get_transfer',
  '7.4.5': 'list_transfers',
  '7.4.6': 'cinder_list_transfers_detail',
  '8.1.1': 'get_job',
};

function spec(tool: string): OperationSpec {
  const found = ALL.find((s) => s.tool === tool);
  if (!found) throw new Error(`no spec ${tool}`);
  return found;
}

const PROJECT = '051375756c80d5eb2ff0c014498645fb';

/** What the engine does with RequestParts: `{project_id}` from configuration, the other values as given. */
function resolve(s: OperationSpec, parts: RequestParts): string {
  const values: Record<string, string> = { ...parts.pathParams, project_id: PROJECT };
  const path = s.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${s.tool}: no value for {${name}}`);
    return encodeURIComponent(v);
  });
  const query = Object.entries(parts.query ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Parses the args, builds the request, and resolves the URL the engine would call. */
function build(tool: string, args: unknown): { url: string; body: unknown; parts: RequestParts } {
  const s = spec(tool);
  const parsed = s.input.parse(args) as Record<string, unknown>;
  const parts = s.request(parsed, { projectId: PROJECT });
  return { url: resolve(s, parts), body: parts.body, parts };
}

/** Shapes a documented response body and checks the result against the declared output schema. */
function shape(tool: string, body: unknown, args: Record<string, unknown> = {}): Record<string, unknown> {
  const s = spec(tool);
  if (!s.output) throw new Error(`${tool} has no output`);
  const shaped = s.output.shape(body, args);
  if (s.output.schema) expect(() => s.output?.schema?.parse(shaped)).not.toThrow();
  const text = s.output.text ? s.output.text(shaped) : JSON.stringify(shaped);
  expect(text.length).toBeGreaterThan(0);
  return shaped;
}

const accepts = (tool: string, args: unknown): boolean => spec(tool).input.safeParse(args).success;

const VOL = '5aa119a8-d25b-45a7-8d1b-88e127885635';
const SNAP = 'f9faf7df-fdc1-4093-9ef3-5cba06eef995';

// ---- Examples copied from the EVS API Reference (broken page-split fragments rejoined). ----

const SNAPSHOT_CREATE_RESPONSE = {
  snapshot: {
    status: 'creating',
    description: 'Daily backup',
    created_at: '2013-02-25T03:56:53.081642',
    metadata: {},
    volume_id: VOL,
    size: 1,
    id: 'ffa9bc5e-1172-4021-acaf-cdc78a9584d',
    name: 'snap-001',
    updated_at: '2013-02-25T03:56:53.081642',
  },
};

const SNAPSHOT_LIST_RESPONSE = {
  snapshots: [
    {
      created_at: '2016-02-16T16:54:14.981520',
      description: null,
      id: 'b836dc3d-4e10-4ea4-a34c-8f6b0460a583',
      metadata: {},
      name: 'test01',
      size: 1,
      status: 'available',
      volume_id: 'ba5730ea-8621-4ae8-b702-ff0ffc12c209',
      updated_at: null,
    },
    {
      created_at: '2016-02-16T16:54:19.475397',
      description: null,
      id: '83be494d-329e-4a78-8ac5-9af900f48b95',
      metadata: {},
      name: 'test02',
      size: 1,
      status: 'available',
      volume_id: 'ba5730ea-8621-4ae8-b702-ff0ffc12c209',
      updated_at: null,
    },
    {
      created_at: '2016-02-16T16:54:24.367414',
      description: null,
      id: 'dd360f46-7593-4d35-8f2c-5566fd0bd79e',
      metadata: {},
      name: 'test03',
      size: 1,
      status: 'available',
      volume_id: 'ba5730ea-8621-4ae8-b702-ff0ffc12c209',
      updated_at: null,
    },
    {
      created_at: '2016-02-16T16:54:29.766740',
      description: null,
      id: '4c29796a-8cf4-4482-9afc-e66da9a81240',
      metadata: {},
      name: 'test04',
      size: 1,
      status: 'available',
      volume_id: 'ba5730ea-8621-4ae8-b702-ff0ffc12c209',
      updated_at: null,
    },
  ],
  snapshots_links: null,
};

const SNAPSHOT_DETAIL_LIST_RESPONSE = {
  snapshots: [
    {
      status: 'available',
      'os-extended-snapshot-attributes:progress': '100%',
      description: null,
      created_at: '2013-06-19T07:15:29.000000',
      metadata: {},
      volume_id: 'ae11e59c-bd56-434a-a00c-04757e1c066d',
      'os-extended-snapshot-attributes:project_id': 'd6c277ba8820452e83df36f33c9fa561',
      size: 5,
      id: '6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa',
      name: 'name_xx2-snap',
      updated_at: null,
    },
    {
      status: 'available',
      'os-extended-snapshot-attributes:progress': '100%',
      description: null,
      created_at: '2013-06-19T09:08:08.000000',
      metadata: {},
      volume_id: 'ae11e59c-bd56-434a-a00c-04757e1c066d',
      'os-extended-snapshot-attributes:project_id': 'd6c277ba8820452e83df36f33c9fa561',
      size: 5,
      id: 'b3253e26-5c37-48dd-8bf2-8795dd1e848f',
      name: 'name_xx2-snap',
      updated_at: null,
    },
  ],
};

const SNAPSHOT_GET_RESPONSE = {
  snapshot: {
    status: 'available',
    'os-extended-snapshot-attributes:progress': '100%',
    description: 'daily backup',
    created_at: '2013-02-25t04:13:17.000000',
    metadata: {},
    volume_id: VOL,
    'os-extended-snapshot-attributes:project_id': '0c2eba2c5af04d3f9e9d0d410b371fde',
    size: 1,
    id: '2bb856e1-b3d8-4432-a858-09e4ce939389',
    name: 'snap-001',
    updated_at: null,
  },
};

const TAGGED_DISKS_RESPONSE = {
  total_count: 1,
  resources: [
    {
      resource_name: 'resource1',
      resource_detail: {
        attachments: [
          {
            server_id: '2080869e-ba46-4ea5-b45e-3191ac0f1d54',
            attachment_id: '1335f039-7a42-4d1e-be49-ac584db0ba0b',
            attached_at: '2019-08-06T07:00:21.842812',
            host_name: null,
            volume_id: '7fa6b592-ac75-460d-a28a-bb17429d1eb2',
            device: '/dev/vda',
            id: '7fa6b592-ac75-460d-a28a-bb17429d1eb2',
          },
        ],
        availability_zone: 'kvmxen.dc1',
        'os-vol-host-attr:host': 'az21.dc1#2',
        encrypted: false,
        enterprise_project_id: '0',
        updated_at: '2019-08-09T06:19:35.874737',
        replication_status: 'disabled',
        snapshot_id: null,
        id: '7fa6b592-ac75-460d-a28a-bb17429d1eb2',
        size: 40,
        user_id: '75f26e17348643bfb7718578b04635c2',
        'os-vol-tenant-attr:tenant_id': '051375756c80d5eb2ff0c014498645fb',
        service_type: 'EVS',
        metadata: {},
        status: 'in-use',
        volume_image_metadata: { image_name: 'test-hua-centos7.3-0725', min_disk: '20', __os_type: 'Linux' },
        description: '',
        multiattach: false,
        name: 'resource1',
        bootable: 'true',
        created_at: '2019-08-06T06:59:03.056682',
        volume_type: 'SAS',
        shareable: false,
        dedicated_storage_name: null,
      },
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: 'value2' },
      ],
      resource_id: '7fa6b592-ac75-460d-a28a-bb17429d1eb2',
    },
  ],
};

const QUOTA_RESPONSE = {
  quota_set: {
    gigabytes_SAS: { reserved: 0, limit: -1, in_use: 21 },
    gigabytes: { reserved: 0, limit: 42790, in_use: 2792 },
    backup_gigabytes: { reserved: 0, limit: 5120, in_use: 51 },
    snapshots_SAS: { reserved: 0, limit: -1, in_use: 0 },
    volumes_SSD: { reserved: 0, limit: -1, in_use: 28 },
    snapshots: { reserved: 0, limit: 10, in_use: 6 },
    id: 'cd631140887d4b6e9c786b67a6dd4c02',
    volumes_SAS: { reserved: 0, limit: -1, in_use: 2 },
    snapshots_SSD: { reserved: 0, limit: -1, in_use: 0 },
    volumes: { reserved: 0, limit: -1, in_use: 108 },
    backups: { reserved: 0, limit: 100, in_use: 10 },
    gigabytes_SSD: { reserved: 0, limit: -1, in_use: 1085 },
  },
};

const TRANSFER_LINKS = [
  { href: 'https://localhost/v2/firstproject/os-volume-transfer/1', rel: 'self' },
  { href: 'https://localhost/firstproject/os-volume-transfer/1', rel: 'bookmark' },
];

const TRANSFER_CREATE_RESPONSE = {
  transfer: {
    id: '1a7059f5-8ed7-45b7-8d05-2811e5d09f24',
    created_at: '2015-02-25T03:56:53.081642',
    name: 'first volume',
    volume_id: 'c86b9af4-151d-4ead-b62c-5fb967af0e37',
    auth_key: '9266c59563c84664',
    links: [
      { href: 'https://localhost/v2/firstproject/os-volume-transfer/3', rel: 'self' },
      { href: 'https://localhost/firstproject/os-volume-transfer/3', rel: 'bookmark' },
    ],
  },
};

const TRANSFER_GET_RESPONSE = {
  transfer: {
    id: 'cac5c677-73a9-4288-bb9c-b2ebfb547377',
    created_at: '2015-02-25T03:56:53.081642',
    name: 'first volume transfer',
    volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
    links: TRANSFER_LINKS,
  },
};

const TRANSFER_LIST_RESPONSE = {
  transfers: [
    {
      id: 'cac5c677-73a9-4288-bb9c-b2ebfb547377',
      name: 'first volume transfer',
      volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
      links: TRANSFER_LINKS,
    },
    {
      id: 'f26c0dee-d20d-4e80-8dee-a8d91b9742a1',
      name: 'second volume transfer',
      volume_id: '673db275-379f-41af-8371-e1652132b4c1',
      links: TRANSFER_LINKS,
    },
  ],
};

const JOB_RUNNING_RESPONSE = {
  status: 'RUNNING',
  entities: { volume_id: 'bdf1bb37-f20f-4266-9a04-f43e0a127376' },
  job_id: '4010a32d535527910153552b492c0002',
  job_type: 'createVolume',
  begin_time: '2016-03-08T07:40:13.219Z',
  end_time: '',
  error_code: null,
  fail_reason: null,
};

const JOB_BATCH_RESPONSE = {
  status: 'SUCCESS',
  entities: {
    sub_jobs: [
      {
        status: 'SUCCESS',
        entities: { volume_id: '0b549095-4937-4849-8e4c-52aa027d64f7' },
        job_id: '21917a8d52a19b040152a9f2f2e50041',
        job_type: 'createVolume',
        begin_time: '2016-02-04T01:43:37.445Z',
        end_time: '2016-02-04T01:44:02.239Z',
        error_code: null,
        fail_reason: null,
      },
      {
        status: 'SUCCESS',
        entities: { volume_id: 'e7bca1a2-d3ed-434f-86f4-a1f11aa80072' },
        job_id: '21917a8d52a19b040152a9f2f2f60042',
        job_type: 'createVolume',
        begin_time: '2016-02-04T01:43:37.462Z',
        end_time: '2016-02-04T01:44:02.245Z',
        error_code: null,
        fail_reason: null,
      },
    ],
  },
  job_id: '21917a8d52a19b040152a9f2f1eb003e',
  job_type: 'batchCreateVolume',
  begin_time: '2016-02-04T01:43:37.193Z',
  end_time: '2016-02-04T01:44:08.283Z',
  error_code: null,
  fail_reason: null,
};

const mediaTypes = [
  { type: 'application/vnd.openstack.volume+json;version=1', base: 'application/json' },
  { type: 'application/vnd.openstack.volume+xml;version=1', base: 'application/xml' },
];
const VERSIONS_RESPONSE = {
  versions: [
    {
      min_version: '',
      'media-types': mediaTypes,
      links: [{ rel: 'self', href: 'https://evs.localdomain.com/v1' }],
      id: 'v1.0',
      updated: '2014-06-28T12:20:21Z',
      version: '',
      status: 'SUPPORTED',
    },
    {
      min_version: '',
      'media-types': mediaTypes,
      links: [{ rel: 'self', href: 'https://evs.localdomain.com/v2' }],
      id: 'v2.0',
      updated: '2014-06-28T12:20:21Z',
      version: '',
      status: 'SUPPORTED',
    },
    {
      min_version: '3.0',
      'media-types': mediaTypes,
      links: [{ rel: 'self', href: 'https://evs.localdomain.com/v3' }],
      id: 'v3.0',
      updated: '2016-02-08T12:20:21Z',
      version: '3.0',
      status: 'CURRENT',
    },
  ],
};

const DISK_TYPES_RESPONSE = {
  volume_types: [
    {
      extra_specs: { volume_backend_name: 'SAS', 'availability-zone': 'az-dc-1' },
      name: 'SAS',
      qos_specs_id: null,
      id: '6c81c680-df58-4512-81e7-ecf66d160638',
      is_public: true,
      description: null,
    },
    {
      extra_specs: { volume_backend_name: 'SSD', 'availability-zone': 'az-dc-1' },
      name: 'SSD',
      qos_specs_id: '39b0c29a-308b-4f86-b478-5d3d02a43837',
      is_public: true,
      id: '6f2dee9e-82f0-4be3-ad89-bae605a3d24f',
      description: null,
    },
  ],
};

// ---- Tests ----

describe('registry records', () => {
  it('has exactly the agreed tool for each owned section', () => {
    const bySection = Object.fromEntries(ALL.map((s) => [s.section, s.tool]));
    expect(bySection).toEqual(EXPECTED_TOOLS);
    expect(new Set(ALL.map((s) => s.tool)).size).toBe(ALL.length);
  });

  it('matches the documented method, path and action of every section', () => {
    for (const s of ALL) {
      const doc = documented.find((d) => d.section === s.section);
      expect(doc, s.section).toBeDefined();
      expect([s.tool, s.method, s.path, s.action ?? null]).toEqual([
        s.tool,
        doc?.method,
        doc?.path,
        doc?.action,
      ]);
    }
  });

  it('documents success statuses (300 for 5.1, 204 for tag changes, 202 for async calls)', () => {
    const status = (tool: string) => spec(tool).successStatus;
    expect(status('list_api_versions')).toEqual([300]);
    expect(status('add_disk_tags')).toEqual([204]);
    expect(status('delete_disk_tags')).toEqual([204]);
    for (const t of [
      'legacy_rollback_vendor_snapshot',
      'cinder_create_snapshot',
      'cinder_delete_snapshot',
      'create_transfer',
      'accept_transfer',
    ])
      expect(status(t), t).toEqual([202]);
    expect(status('delete_transfer')).toEqual([202]);
    expect(status('delete_disk_metadata_key')).toEqual([200]);
  });

  it('carries the IAM actions of the permission tables', () => {
    expect(spec('legacy_rollback_vendor_snapshot').iamActions).toEqual([
      'evs:snapshots:rollback',
      'evs:snapshots:get',
      'evs:volumes:get',
    ]);
    expect(spec('delete_disk_metadata_key').iamActions).toEqual(['evs:volumes:delete', 'evs:volumes:get']);
    expect(spec('delete_snapshot_metadata_key').iamActions).toEqual([
      'evs:snapshots:delete',
      'evs:snapshots:get',
    ]);
    expect(spec('find_disks_by_tags').iamActions).toEqual(['evs:volumeTags:get']);
    expect(spec('accept_transfer').iamActions).toEqual(['evs:transfers:accept']);
    for (const t of ['list_api_versions', 'get_api_version', 'list_extensions', 'list_availability_zones'])
      expect(spec(t).iamActions, t).toEqual([]);
  });

  it('sets hints deliberately: reads are read-only, removals destructive', () => {
    for (const s of ALL) {
      expect(Object.keys(s.hints).sort(), s.tool).toEqual([
        'destructive',
        'idempotent',
        'openWorld',
        'readOnly',
      ]);
      if (s.method === 'GET') expect(s.hints, s.tool).toMatchObject({ readOnly: true, destructive: false });
      if (s.method === 'DELETE')
        expect(s.hints, s.tool).toMatchObject({ readOnly: false, destructive: true });
    }
    expect(spec('find_disks_by_tags').hints.readOnly).toBe(true);
    expect(spec('replace_disk_metadata').hints.destructive).toBe(true);
    expect(spec('replace_snapshot_metadata').hints.destructive).toBe(true);
    expect(spec('legacy_rollback_vendor_snapshot').hints).toMatchObject({
      destructive: true,
      idempotent: false,
    });
    expect(spec('set_disk_metadata_key').hints).toMatchObject({ destructive: false, idempotent: true });
    expect(spec('cinder_create_snapshot').hints.idempotent).toBe(false);
  });

  it('asks for confirmation before every removal, rollback and replace-all', () => {
    // Every call of these asks (confirmation follows from `destructive`, or a rule says when).
    const byReads = (s: OperationSpec) => s.guard?.confirm !== undefined && 'whenRead' in s.guard.confirm;
    const always = ALL.filter((s) => !byReads(s) && needsConfirmation(s, {})).map((s) => s.tool);
    // These ask by what their reads found: a value overwritten (this file's records hold no recycle bin).
    expect(
      ALL.filter(byReads)
        .map((s) => s.tool)
        .sort(),
    ).toEqual(
      [
        'add_disk_metadata',
        'add_disk_tags',
        'add_snapshot_metadata',
        'set_disk_metadata_key',
        'set_snapshot_metadata_key',
      ].sort(),
    );
    expect(always.sort()).toEqual(
      [
        'create_transfer',
        'delete_disk_metadata_key',
        'delete_disk_tags',
        'cinder_delete_snapshot',
        'delete_snapshot_metadata_key',
        'delete_transfer',
        'replace_disk_metadata',
        'replace_snapshot_metadata',
        'legacy_rollback_vendor_snapshot',
      ].sort(),
    );
    for (const s of snapshotMetadataOperations.filter((x) => !x.hints.readOnly)) {
      expect(
        s.guard?.reads?.map((r) => [r.as, r.op]),
        s.tool,
      ).toEqual([['snapshot', 'get_snapshot']]);
      expect(s.guard?.preflight, s.tool).toContain('snapshot-not-backup');
    }
    expect(spec('cinder_create_snapshot').guard).toMatchObject({
      autobkNameArg: 'name',
      preflight: ['quota-snapshot'],
    });
    // force (snapshot of an attaching disk) needs the person's confirmation (GR-20).
    expect(needsConfirmation(spec('cinder_create_snapshot'), { force: true })).toBe(true);
    expect(needsConfirmation(spec('cinder_create_snapshot'), {})).toBe(false);
    expect(spec('legacy_rollback_vendor_snapshot').guard?.preflight).toEqual([
      'snapshot-not-backup',
      'rollback-target',
    ]);
    expect(spec('cinder_delete_snapshot').guard?.preflight).toEqual([
      'snapshot-not-backup',
      'snapshot-deletable',
    ]);
    expect(spec('add_disk_tags').guard?.preflight).toEqual(['tag-limit']);
  });

  it('describes how asynchronous calls settle', () => {
    expect(spec('legacy_rollback_vendor_snapshot').async).toEqual({
      kind: 'status',
      resource: 'volume',
      poll: { spec: expect.any(Function), arg: 'volume_id' },
      id: { from: 'args', key: 'volume_id' },
      transitional: ['rollbacking'],
      failed: ['error_rollbacking'],
    });
    expect(spec('cinder_create_snapshot').async).toMatchObject({
      resource: 'snapshot',
      id: { from: 'response', path: 'snapshot.id' },
      transitional: ['creating'],
      failed: ['error'],
    });
    expect(spec('cinder_delete_snapshot').async).toMatchObject({
      goneMeansDone: true,
      failed: ['error_deleting'],
    });
    // Each polls the record that reads what it waits for (7.1.6 disks, 7.3.6 snapshots).
    expect(spec('legacy_rollback_vendor_snapshot').async?.poll.spec()).toMatchObject({
      section: '7.1.6',
      method: 'GET',
    });
    expect(spec('cinder_create_snapshot').async?.poll.spec()).toBe(spec('cinder_get_snapshot'));
    expect(spec('cinder_delete_snapshot').async?.poll).toMatchObject({ arg: 'snapshot_id' });
  });

  it('uses strict inputs whose integers all have bounds', () => {
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.type === 'integer' || n.type === 'number') {
        expect(n.minimum, where).toBeTypeOf('number');
        expect(n.maximum, where).toBeTypeOf('number');
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`);
    };
    for (const s of ALL) {
      const schema = z.toJSONSchema(s.input, { io: 'input' }) as Record<string, unknown>;
      expect(schema.additionalProperties, s.tool).toBe(false);
      expect(s.input.safeParse({ __extra: 1 }).success, s.tool).toBe(false);
      walk(schema, s.tool);
      const props = Object.keys((schema.properties ?? {}) as object);
      for (const engineArg of ['project_id', 'wait', 'dry_run', 'confirm_token'])
        expect(props, s.tool).not.toContain(engineArg);
    }
  });

  it('keeps descriptions short and the tool list within its token share', () => {
    let tokens = 0;
    for (const s of ALL) {
      expect(s.description.split(/\s+/).length, s.tool).toBeLessThanOrEqual(25);
      // `$schema` is the same URL on every tool; the engine's listing need not repeat it.
      const { $schema: _dialect, ...schema } = z.toJSONSchema(s.input, { io: 'input' });
      const cost =
        encode(s.tool).length + encode(s.description).length + encode(JSON.stringify(schema)).length;
      expect(cost, s.tool).toBeLessThan(170);
      tokens += cost;
    }
    // 60 tools share 10,000 tokens; these 38 stay well inside their share.
    expect(tokens).toBeLessThan(ALL.length * 130);
  });

  it('declares pagination on the list operations', () => {
    expect(spec('cinder_list_snapshots').pagination).toEqual({
      itemsKey: 'snapshots',
      style: 'marker',
      linksKey: 'snapshots_links',
    });
    expect(spec('cinder_list_snapshots_detail').pagination?.style).toBe('marker');
    expect(spec('list_transfers').pagination).toEqual({ itemsKey: 'transfers', style: 'offset' });
    expect(spec('cinder_list_transfers_detail').pagination).toEqual({
      itemsKey: 'transfers',
      style: 'offset',
    });
    expect(spec('find_disks_by_tags').pagination).toEqual({ itemsKey: 'resources', style: 'offset' });
  });
});

describe('snapshots (7.3.1-7.3.6) and rollback (6.2.1)', () => {
  it('legacy_rollback_vendor_snapshot sends the documented body and reports the disk', () => {
    const { url, body } = build('legacy_rollback_vendor_snapshot', {
      snapshot_id: SNAP,
      volume_id: VOL,
      name: 'test-001',
    });
    expect(url).toBe(`/v2/${PROJECT}/os-vendor-snapshots/${SNAP}/rollback`);
    expect(body).toEqual({ rollback: { name: 'test-001', volume_id: VOL } });
    expect(build('legacy_rollback_vendor_snapshot', { snapshot_id: SNAP, volume_id: VOL }).body).toEqual({
      rollback: { volume_id: VOL },
    });
    expect(accepts('legacy_rollback_vendor_snapshot', { snapshot_id: SNAP, name: 'x' })).toBe(false);
    expect(
      accepts('legacy_rollback_vendor_snapshot', {
        snapshot_id: SNAP,
        volume_id: VOL,
        name: 'é'.repeat(128),
      }),
    ).toBe(false);
    expect(
      shape(
        'legacy_rollback_vendor_snapshot',
        { rollback: { volume_id: VOL } },
        { snapshot_id: SNAP, volume_id: VOL },
      ),
    ).toEqual({
      volume_id: VOL,
      snapshot_id: SNAP,
    });
  });

  it('cinder_create_snapshot sends the documented body and shapes the new snapshot', () => {
    const args = {
      name: 'snap-001',
      description: 'Daily backup',
      volume_id: VOL,
      force: false,
      metadata: {},
    };
    const { url, body } = build('cinder_create_snapshot', args);
    expect(url).toBe(`/v2/${PROJECT}/snapshots`);
    expect(body).toEqual({ snapshot: args });
    expect(build('cinder_create_snapshot', { volume_id: VOL }).body).toEqual({
      snapshot: { volume_id: VOL },
    });

    expect(accepts('cinder_create_snapshot', { volume_id: VOL, name: 'a'.repeat(256) })).toBe(false);
    expect(accepts('cinder_create_snapshot', { volume_id: VOL, name: '名'.repeat(86) })).toBe(false); // 258 bytes
    expect(accepts('cinder_create_snapshot', { volume_id: VOL, name: '名'.repeat(85) })).toBe(true); // 255 bytes
    expect(accepts('cinder_create_snapshot', { volume_id: VOL, force: 'yes' })).toBe(false);
    expect(accepts('cinder_create_snapshot', { volume_id: VOL, metadata: { k: null } })).toBe(false);
    expect(accepts('cinder_create_snapshot', { volume_id: VOL, metadata: { k: 'v'.repeat(256) } })).toBe(
      false,
    );
    expect(accepts('cinder_create_snapshot', { volume_id: '../x' })).toBe(false);

    expect(shape('cinder_create_snapshot', SNAPSHOT_CREATE_RESPONSE)).toEqual({
      id: 'ffa9bc5e-1172-4021-acaf-cdc78a9584d',
      name: 'snap-001',
      status: 'creating',
      size: 1,
      volume_id: VOL,
      created_at: '2013-02-25T03:56:53.081642',
      description: 'Daily backup',
      updated_at: '2013-02-25T03:56:53.081642',
      progress: null,
      metadata: {},
      system_managed: false,
    });
  });

  it('cinder_delete_snapshot targets the snapshot and has no body', () => {
    const { url, body } = build('cinder_delete_snapshot', { snapshot_id: SNAP });
    expect(url).toBe(`/v2/${PROJECT}/snapshots/${SNAP}`);
    expect(body).toBeUndefined();
    expect(shape('cinder_delete_snapshot', undefined, { snapshot_id: SNAP })).toEqual({
      snapshot_id: SNAP,
      deleting: true,
    });
  });

  it('cinder_update_snapshot needs a change and sends only what is set', () => {
    const { url, body } = build('cinder_update_snapshot', {
      snapshot_id: SNAP,
      name: 'snap-001',
      description: 'Daily backup',
    });
    expect(url).toBe(`/v2/${PROJECT}/snapshots/${SNAP}`);
    expect(body).toEqual({ snapshot: { name: 'snap-001', description: 'Daily backup' } });
    expect(build('cinder_update_snapshot', { snapshot_id: SNAP, description: '' }).body).toEqual({
      snapshot: { description: '' },
    });
    expect(accepts('cinder_update_snapshot', { snapshot_id: SNAP })).toBe(false);
    expect(accepts('cinder_update_snapshot', { snapshot_id: SNAP, description: 'x'.repeat(256) })).toBe(
      false,
    );
  });

  it('cinder_list_snapshots builds the documented query and returns compact summaries', () => {
    expect(build('cinder_list_snapshots', { status: 'available' }).url).toBe(
      `/v2/${PROJECT}/snapshots?status=available`,
    );
    expect(build('cinder_list_snapshots', { limit: 50, offset: 50 }).url).toBe(
      `/v2/${PROJECT}/snapshots?limit=50&offset=50`,
    );
    for (const bad of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { status: 'in-use' }, { offset: -1 }])
      expect(accepts('cinder_list_snapshots', bad), JSON.stringify(bad)).toBe(false);
    for (const ok of [{ limit: 1 }, { limit: 1000 }, { status: 'backing-up' }, { name: 'test01' }, {}])
      expect(accepts('cinder_list_snapshots', ok), JSON.stringify(ok)).toBe(true);
    expect(accepts('cinder_list_snapshots', { availability_zone: 'az-dc-1' })).toBe(false);

    const shaped = shape('cinder_list_snapshots', SNAPSHOT_LIST_RESPONSE);
    expect(shaped.count).toBe(4);
    expect(shaped.next_marker).toBeUndefined();
    expect((shaped.snapshots as unknown[])[0]).toEqual({
      id: 'b836dc3d-4e10-4ea4-a34c-8f6b0460a583',
      name: 'test01',
      status: 'available',
      size: 1,
      volume_id: 'ba5730ea-8621-4ae8-b702-ff0ffc12c209',
      created_at: '2016-02-16T16:54:14.981520',
    });
  });

  it('cinder_list_snapshots reports the next marker from the next link, or from a full page', () => {
    const next = 'https://evs.example.com/v2/p/snapshots?limit=2&marker=83be494d-329e-4a78-8ac5-9af900f48b95';
    const page = {
      snapshots: SNAPSHOT_LIST_RESPONSE.snapshots.slice(0, 2),
      snapshots_links: [{ href: next, rel: 'next' }],
    };
    expect(shape('cinder_list_snapshots', page, { limit: 2 }).next_marker).toBe(
      '83be494d-329e-4a78-8ac5-9af900f48b95',
    );
    const full = { snapshots: SNAPSHOT_LIST_RESPONSE.snapshots.slice(0, 3) };
    expect(shape('cinder_list_snapshots', full, { limit: 3 }).next_marker).toBe(
      'dd360f46-7593-4d35-8f2c-5566fd0bd79e',
    );
  });

  it('cinder_list_snapshots_detail adds the AZ filter and shapes the documented page', () => {
    expect(build('cinder_list_snapshots_detail', { status: 'available' }).url).toBe(
      `/v2/${PROJECT}/snapshots/detail?status=available`,
    );
    expect(
      build('cinder_list_snapshots_detail', { availability_zone: 'az-dc-1', limit: 10 }).parts.query,
    ).toEqual({
      availability_zone: 'az-dc-1',
      limit: 10,
    });
    const shaped = shape('cinder_list_snapshots_detail', SNAPSHOT_DETAIL_LIST_RESPONSE);
    expect(shaped.snapshots).toEqual([
      {
        id: '6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa',
        name: 'name_xx2-snap',
        status: 'available',
        size: 5,
        volume_id: 'ae11e59c-bd56-434a-a00c-04757e1c066d',
        created_at: '2013-06-19T07:15:29.000000',
      },
      {
        id: 'b3253e26-5c37-48dd-8bf2-8795dd1e848f',
        name: 'name_xx2-snap',
        status: 'available',
        size: 5,
        volume_id: 'ae11e59c-bd56-434a-a00c-04757e1c066d',
        created_at: '2013-06-19T09:08:08.000000',
      },
    ]);
  });

  it('cinder_get_snapshot shapes the detail and flags backup-managed snapshots', () => {
    expect(build('cinder_get_snapshot', { snapshot_id: SNAP }).url).toBe(`/v2/${PROJECT}/snapshots/${SNAP}`);
    expect(shape('cinder_get_snapshot', SNAPSHOT_GET_RESPONSE)).toMatchObject({
      id: '2bb856e1-b3d8-4432-a858-09e4ce939389',
      description: 'daily backup',
      progress: '100%',
      system_managed: false,
    });
    const autobk = { snapshot: { ...SNAPSHOT_GET_RESPONSE.snapshot, name: 'autobk_snapshot_2024' } };
    expect(shape('cinder_get_snapshot', autobk).system_managed).toBe(true);
    const serverBackup = {
      snapshot: { ...SNAPSHOT_GET_RESPONSE.snapshot, metadata: { __system__enableActive: 'true' } },
    };
    expect(shape('cinder_get_snapshot', serverBackup).system_managed).toBe(true);
  });
});

describe('tags (6.3.1-6.3.5)', () => {
  it('list_project_tags shapes the key -> values map', () => {
    expect(build('list_project_tags', {}).url).toBe(`/v2/${PROJECT}/cloudvolumes/tags`);
    const body = { tags: { key_0: ['value_0'], key_1: ['value_1', 'value_2', 'value_3', 'value_4'] } };
    expect(shape('list_project_tags', body)).toEqual({ ...body, count: 2 });
  });

  it('add_disk_tags maps a tag map onto the documented create body', () => {
    const { url, body } = build('add_disk_tags', {
      volume_id: VOL,
      tags: { key1: 'value1', key2: 'value3' },
    });
    expect(url).toBe(`/v2/${PROJECT}/cloudvolumes/${VOL}/tags/action`);
    expect(body).toEqual({
      action: 'create',
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: 'value3' },
      ],
    });
    expect(shape('add_disk_tags', undefined, { volume_id: VOL, tags: { key1: 'v' } })).toEqual({
      volume_id: VOL,
      added: ['key1'],
    });
  });

  it('add_disk_tags enforces the documented key and value rules', () => {
    const tags = (t: Record<string, string>) => accepts('add_disk_tags', { volume_id: VOL, tags: t });
    expect(tags({ ['k'.repeat(36)]: 'v'.repeat(43) })).toBe(true);
    expect(tags({ 环境: '生产', 'a-b_C9': '' })).toBe(true);
    expect(tags({ ['k'.repeat(37)]: 'v' })).toBe(false);
    expect(tags({ k: 'v'.repeat(44) })).toBe(false);
    expect(tags({ 'bad key': 'v' })).toBe(false);
    expect(tags({ 'k.dot': 'v' })).toBe(false);
    expect(tags({ k: 'a/b' })).toBe(false);
    expect(tags({ '': 'v' })).toBe(false);
    expect(tags({})).toBe(false);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect(tags(eleven)).toBe(false);
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    expect(tags(ten)).toBe(true);
  });

  it('delete_disk_tags sends the documented delete body and refuses duplicate keys', () => {
    const { body } = build('delete_disk_tags', { volume_id: VOL, keys: ['key1', 'key2'] });
    expect(body).toEqual({ action: 'delete', tags: [{ key: 'key1' }, { key: 'key2' }] });
    expect(accepts('delete_disk_tags', { volume_id: VOL, keys: ['key1', 'key1'] })).toBe(false);
    expect(accepts('delete_disk_tags', { volume_id: VOL, keys: [] })).toBe(false);
    expect(
      accepts('delete_disk_tags', { volume_id: VOL, keys: Array.from({ length: 11 }, (_, i) => `k${i}`) }),
    ).toBe(false);
  });

  it('get_disk_tags folds the tag list into a map', () => {
    expect(build('get_disk_tags', { volume_id: VOL }).url).toBe(`/v2/${PROJECT}/cloudvolumes/${VOL}/tags`);
    const body = {
      tags: [
        { value: 'value1', key: 'key1' },
        { value: 'value2', key: 'key2' },
      ],
    };
    expect(shape('get_disk_tags', body)).toEqual({ tags: { key1: 'value1', key2: 'value2' }, count: 2 });
  });

  it('find_disks_by_tags builds the documented filter body with integer paging', () => {
    const { url, body } = build('find_disks_by_tags', {
      tags: { key1: ['value1', 'value2'] },
      name: 'resource1',
      service_type: 'EVS',
      limit: 100,
      offset: 100,
    });
    expect(url).toBe(`/v2/${PROJECT}/cloudvolumes/resource_instances/action`);
    // The example sends "100" as strings; the parameter table (and the guardrails) say Integer.
    expect(body).toEqual({
      offset: 100,
      limit: 100,
      action: 'filter',
      tags: [{ key: 'key1', values: ['value1', 'value2'] }],
      matches: [
        { key: 'resource_name', value: 'resource1' },
        { key: 'service_type', value: 'EVS' },
      ],
    });
    expect(build('find_disks_by_tags', { tags: { env: [] } }).body).toEqual({
      action: 'filter',
      tags: [{ key: 'env', values: [] }],
    });
  });

  it('find_disks_by_tags refuses what the API documents as invalid', () => {
    const find = (args: Record<string, unknown>) => accepts('find_disks_by_tags', args);
    expect(find({ tags: { k: ['a', 'a'] } })).toBe(false);
    expect(find({ tags: { k: Array.from({ length: 11 }, (_, i) => `v${i}`) } })).toBe(false);
    expect(find({ tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, []])) })).toBe(
      false,
    );
    expect(find({ tags: { ['k'.repeat(37)]: [] } })).toBe(false);
    expect(find({ tags: { k: [] }, limit: 0 })).toBe(false);
    expect(find({ tags: { k: [] }, limit: 1001 })).toBe(false);
    expect(find({ tags: { k: [] }, offset: -1 })).toBe(false);
    expect(find({ tags: { k: [] }, service_type: 'OBS' })).toBe(false);
    expect(find({ tags: { k: [] }, name: 'n'.repeat(256) })).toBe(false);
    expect(find({ tags: {} })).toBe(false);
  });

  it('find_disks_by_tags returns disk summaries with their tags', () => {
    const shaped = shape('find_disks_by_tags', TAGGED_DISKS_RESPONSE, {});
    expect(shaped).toEqual({
      total_count: 1,
      disks: [
        {
          id: '7fa6b592-ac75-460d-a28a-bb17429d1eb2',
          name: 'resource1',
          status: 'in-use',
          size: 40,
          volume_type: 'SAS',
          availability_zone: 'kvmxen.dc1',
          attachments: ['2080869e-ba46-4ea5-b45e-3191ac0f1d54'],
          bootable: true,
          multiattach: false,
          created_at: '2019-08-06T06:59:03.056682',
          tags: { key1: 'value1', key2: 'value2' },
        },
      ],
    });
    const page = shape(
      'find_disks_by_tags',
      { ...TAGGED_DISKS_RESPONSE, total_count: 5 },
      { limit: 1, offset: 2 },
    );
    expect(page.next_offset).toBe(3);
  });
});

describe('disk and snapshot metadata (7.1.10-7.1.15, 7.3.7-7.3.12)', () => {
  const META = { key1: 'value1', key2: 'value2' };

  it('merges, reads and replaces whole maps with the documented bodies', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['add_disk_metadata', { volume_id: VOL }, `/v2/${PROJECT}/volumes/${VOL}/metadata`],
      ['replace_disk_metadata', { volume_id: VOL }, `/v2/${PROJECT}/volumes/${VOL}/metadata`],
      ['add_snapshot_metadata', { snapshot_id: SNAP }, `/v2/${PROJECT}/snapshots/${SNAP}/metadata`],
      ['replace_snapshot_metadata', { snapshot_id: SNAP }, `/v2/${PROJECT}/snapshots/${SNAP}/metadata`],
    ];
    for (const [tool, id, url] of cases) {
      const built = build(tool, { ...id, metadata: META });
      expect(built.url, tool).toBe(url);
      expect(built.body, tool).toEqual({ metadata: META });
      expect(shape(tool, { metadata: META }), tool).toEqual({ metadata: META, count: 2 });
    }
    expect(shape('get_disk_metadata', { metadata: META })).toEqual({ metadata: META, count: 2 });
    expect(shape('get_snapshot_metadata', { metadata: {} })).toEqual({ metadata: {}, count: 0 });
    expect(build('get_snapshot_metadata', { snapshot_id: SNAP }).url).toBe(
      `/v2/${PROJECT}/snapshots/${SNAP}/metadata`,
    );
  });

  it('enforces the metadata rules: 255-byte keys and values, no nulls', () => {
    for (const tool of ['add_disk_metadata', 'replace_disk_metadata']) {
      const ok = (metadata: unknown) => accepts(tool, { volume_id: VOL, metadata });
      expect(ok({ ['k'.repeat(255)]: 'v'.repeat(255) }), tool).toBe(true);
      expect(ok({ k: 'v'.repeat(256) }), tool).toBe(false);
      expect(ok({ k: 'é'.repeat(128) }), tool).toBe(false); // 256 bytes in 128 characters
      expect(ok({ ['k'.repeat(256)]: 'v' }), tool).toBe(false);
      expect(ok({ k: null }), tool).toBe(false);
      expect(ok({ k: 1 }), tool).toBe(false);
    }
    expect(accepts('add_disk_metadata', { volume_id: VOL, metadata: {} })).toBe(false);
    expect(accepts('replace_disk_metadata', { volume_id: VOL, metadata: {} })).toBe(true);
    expect(accepts('add_snapshot_metadata', { snapshot_id: SNAP, metadata: { k: null } })).toBe(false);
  });

  it('sets, reads and deletes one key with the key in the path', () => {
    const disk = build('set_disk_metadata_key', { volume_id: VOL, key: 'key1', value: 'value1' });
    expect(disk.url).toBe(`/v2/${PROJECT}/volumes/${VOL}/metadata/key1`);
    expect(disk.body).toEqual({ meta: { key1: 'value1' } });
    const snap = build('set_snapshot_metadata_key', { snapshot_id: SNAP, key: 'key1', value: 'value1' });
    expect(snap.url).toBe(`/v2/${PROJECT}/snapshots/${SNAP}/metadata/key1`);
    expect(snap.body).toEqual({ meta: { key1: 'value1' } });

    expect(build('get_disk_metadata_key', { volume_id: VOL, key: 'a b*c' }).url).toBe(
      `/v2/${PROJECT}/volumes/${VOL}/metadata/a%20b*c`,
    );
    // A key that is not one path segment is refused, never sent (a `..` key used to delete the whole disk).
    for (const key of ['..', '.', 'a/b', 'a\\b', '__proto__'])
      expect(accepts('delete_disk_metadata_key', { volume_id: VOL, key }), key).toBe(false);
    expect(build('delete_snapshot_metadata_key', { snapshot_id: SNAP, key: 'value1' }).body).toBeUndefined();
    expect(accepts('set_disk_metadata_key', { volume_id: VOL, key: 'k', value: null })).toBe(false);
    expect(
      accepts('set_snapshot_metadata_key', { snapshot_id: SNAP, key: 'k', value: 'v'.repeat(256) }),
    ).toBe(false);
    expect(accepts('get_disk_metadata_key', { volume_id: VOL, key: '' })).toBe(false);

    expect(shape('get_disk_metadata_key', { meta: { key1: 'value1' } }, { key: 'key1' })).toEqual({
      key: 'key1',
      value: 'value1',
    });
    expect(shape('set_snapshot_metadata_key', { meta: { key1: 'value1' } }, { key: 'key1' })).toEqual({
      key: 'key1',
      value: 'value1',
    });
    expect(shape('delete_disk_metadata_key', undefined, { volume_id: VOL, key: 'value1' })).toEqual({
      volume_id: VOL,
      deleted_key: 'value1',
    });
  });
});

describe('transfers (7.4.1-7.4.6)', () => {
  it('create_transfer sends the documented body and returns the auth_key marked as a secret', () => {
    const { url, body } = build('create_transfer', {
      volume_id: 'c86b9af4-151d-4ead-b62c-5fb967af0e37',
      name: 'first volume',
    });
    expect(url).toBe(`/v2/${PROJECT}/os-volume-transfer`);
    expect(body).toEqual({
      transfer: { volume_id: 'c86b9af4-151d-4ead-b62c-5fb967af0e37', name: 'first volume' },
    });
    expect(accepts('create_transfer', { volume_id: VOL })).toBe(false);
    expect(accepts('create_transfer', { volume_id: VOL, name: '' })).toBe(false);
    expect(accepts('create_transfer', { volume_id: VOL, name: 'n'.repeat(256) })).toBe(false);

    const shaped = shape('create_transfer', TRANSFER_CREATE_RESPONSE);
    expect(shaped).toEqual({
      id: '1a7059f5-8ed7-45b7-8d05-2811e5d09f24',
      name: 'first volume',
      volume_id: 'c86b9af4-151d-4ead-b62c-5fb967af0e37',
      created_at: '2015-02-25T03:56:53.081642',
      auth_key: '9266c59563c84664',
      auth_key_notice: AUTH_KEY_NOTICE,
    });
    const text = spec('create_transfer').output?.text?.(shaped) ?? '';
    expect(text).toContain('9266c59563c84664');
    expect(text).toContain('auth_key is a secret');
  });

  it('accept_transfer sends the auth_key in the documented body', () => {
    const id = 'cac5c677-73a9-4288-bb9c-b2ebfb547377';
    const { url, body } = build('accept_transfer', { transfer_id: id, auth_key: '9266c59563c84664' });
    expect(url).toBe(`/v2/${PROJECT}/os-volume-transfer/${id}/accept`);
    expect(body).toEqual({ accept: { auth_key: '9266c59563c84664' } });
    expect(accepts('accept_transfer', { transfer_id: id })).toBe(false);
    const accepted = {
      transfer: {
        id,
        name: 'first volume transfer',
        volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
        links: TRANSFER_LINKS,
      },
    };
    expect(shape('accept_transfer', accepted)).toEqual({
      id,
      name: 'first volume transfer',
      volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
      created_at: null,
    });
  });

  it('get and delete address one transfer', () => {
    const id = 'cac5c677-73a9-4288-bb9c-b2ebfb547377';
    expect(build('get_transfer', { transfer_id: id }).url).toBe(`/v2/${PROJECT}/os-volume-transfer/${id}`);
    expect(build('delete_transfer', { transfer_id: id }).body).toBeUndefined();
    expect(shape('get_transfer', TRANSFER_GET_RESPONSE)).toEqual({
      id,
      name: 'first volume transfer',
      volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
      created_at: '2015-02-25T03:56:53.081642',
    });
  });

  it('lists transfers with limit/offset and reports the next offset of a full page', () => {
    expect(build('list_transfers', { limit: 50 }).url).toBe(`/v2/${PROJECT}/os-volume-transfer?limit=50`);
    expect(build('cinder_list_transfers_detail', { limit: 50 }).url).toBe(
      `/v2/${PROJECT}/os-volume-transfer/detail?limit=50`,
    );
    for (const bad of [{ limit: 0 }, { limit: 1001 }, { offset: 0 }, { marker: 'x' }])
      expect(accepts('list_transfers', bad), JSON.stringify(bad)).toBe(false);

    const shaped = shape('list_transfers', TRANSFER_LIST_RESPONSE, { limit: 2 });
    expect(shaped).toEqual({
      transfers: [
        {
          id: 'cac5c677-73a9-4288-bb9c-b2ebfb547377',
          name: 'first volume transfer',
          volume_id: '894623a6-e901-4312-aa06-4275e6321cce',
          created_at: null,
        },
        {
          id: 'f26c0dee-d20d-4e80-8dee-a8d91b9742a1',
          name: 'second volume transfer',
          volume_id: '673db275-379f-41af-8371-e1652132b4c1',
          created_at: null,
        },
      ],
      count: 2,
      next_offset: 2,
    });
    expect(shape('cinder_list_transfers_detail', TRANSFER_LIST_RESPONSE, {}).next_offset).toBeUndefined();
  });
});

describe('catalog (5.1, 5.2, 7.1.7-7.1.9, 7.1.16, 7.1.17)', () => {
  it('queries API versions without a project', () => {
    expect(build('list_api_versions', {}).url).toBe('/');
    expect(build('get_api_version', { api_version: 'v2' }).url).toBe('/v2');
    expect(accepts('get_api_version', { api_version: 'v9' })).toBe(false);
    expect(shape('list_api_versions', VERSIONS_RESPONSE)).toEqual({
      versions: [
        {
          id: 'v1.0',
          status: 'SUPPORTED',
          version: null,
          min_version: null,
          updated: '2014-06-28T12:20:21Z',
        },
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          version: null,
          min_version: null,
          updated: '2014-06-28T12:20:21Z',
        },
        {
          id: 'v3.0',
          status: 'CURRENT',
          version: '3.0',
          min_version: '3.0',
          updated: '2016-02-08T12:20:21Z',
        },
      ],
    });
  });

  it('lists disk types with their AZ, and gets one', () => {
    expect(build('list_disk_types', {}).url).toBe(`/v2/${PROJECT}/types`);
    expect(shape('list_disk_types', DISK_TYPES_RESPONSE)).toEqual({
      types: [
        {
          id: '6c81c680-df58-4512-81e7-ecf66d160638',
          name: 'SAS',
          description: null,
          availability_zone: 'az-dc-1',
        },
        {
          id: '6f2dee9e-82f0-4be3-ad89-bae605a3d24f',
          name: 'SSD',
          description: null,
          availability_zone: 'az-dc-1',
        },
      ],
    });
    const typeId = '6c81c680-df58-4512-81e7-ecf66d160638';
    expect(build('get_disk_type', { type_id: typeId }).url).toBe(`/v2/${PROJECT}/types/${typeId}`);
    const one = {
      volume_type: {
        extra_specs: { volume_backend_name: 'SAS', 'availability-zone': 'az-dc-1' },
        name: 'SAS',
        qos_specs_id: null,
        is_public: true,
        id: 'ea6e3c13-aac5-46e0-b280-745ed272e662',
        description: null,
      },
    };
    expect(shape('get_disk_type', one)).toEqual({
      id: 'ea6e3c13-aac5-46e0-b280-745ed272e662',
      name: 'SAS',
      description: null,
      availability_zone: 'az-dc-1',
      qos_specs_id: null,
      extra_specs: { volume_backend_name: 'SAS', 'availability-zone': 'az-dc-1' },
    });
  });

  it('get_quotas asks for the configured project with usage=True', () => {
    expect(build('get_quotas', {}).url).toBe(`/v2/${PROJECT}/os-quota-sets/${PROJECT}?usage=True`);
    expect(build('get_quotas', { target_project_id: 'cd631140887d4b6e9c786b67a6dd4c02' }).url).toBe(
      `/v2/${PROJECT}/os-quota-sets/cd631140887d4b6e9c786b67a6dd4c02?usage=True`,
    );
    const shaped = shape('get_quotas', QUOTA_RESPONSE);
    expect(shaped.project_id).toBe('cd631140887d4b6e9c786b67a6dd4c02');
    expect(shaped.quotas).toMatchObject({
      volumes: { in_use: 108, reserved: 0, limit: 'unlimited' },
      gigabytes: { in_use: 2792, reserved: 0, limit: 42790 },
      snapshots: { in_use: 6, reserved: 0, limit: 10 },
      gigabytes_SSD: { in_use: 1085, reserved: 0, limit: 'unlimited' },
    });
    expect(Object.keys(shaped.quotas as object)).toHaveLength(11);
    expect(spec('get_quotas').output?.text?.(shaped)).toContain('snapshots 6/10');
  });

  it('quotaHeadroom reports numbers (null = unlimited), per type the smaller of type and project quota', () => {
    const unlimited = (in_use: number) => ({ in_use, reserved: 0, limit: null, remaining: null });
    const typed = (in_use: number, remaining: number | null, limited_by: 'type' | 'project' | null) => ({
      in_use,
      reserved: 0,
      limit: null,
      remaining,
      limited_by,
    });
    expect(quotaHeadroom(QUOTA_RESPONSE)).toEqual({
      totals: {
        disks: unlimited(108),
        gigabytes: { in_use: 2792, reserved: 0, limit: 42790, remaining: 39998 },
        snapshots: { in_use: 6, reserved: 0, limit: 10, remaining: 4 },
        backups: { in_use: 10, reserved: 0, limit: 100, remaining: 90 },
        backup_gigabytes: { in_use: 51, reserved: 0, limit: 5120, remaining: 5069 },
      },
      // The types have no limit of their own here, so the project-wide ones bind.
      by_type: {
        SSD: {
          disks: typed(28, null, null),
          gigabytes: typed(1085, 39998, 'project'),
          snapshots: typed(0, 4, 'project'),
        },
        SAS: {
          disks: typed(2, null, null),
          gigabytes: typed(21, 39998, 'project'),
          snapshots: typed(0, 4, 'project'),
        },
      },
      max_disk_gigabytes: null,
    });
    const withReserved = quotaHeadroom({
      volumes_ESSD: { in_use: 3, reserved: 2, limit: 10 },
      per_volume_gigabytes: { in_use: 0, reserved: 0, limit: 32768 },
    });
    expect(withReserved.by_type.ESSD?.disks).toMatchObject({ remaining: 5, limited_by: 'type' });
    // A type limit above what the project has left is bounded by the project.
    const tight = quotaHeadroom({
      gigabytes: { in_use: 90, reserved: 0, limit: 100 },
      gigabytes_SSD: { in_use: 0, reserved: 0, limit: 500 },
    });
    expect(tight.by_type.SSD?.gigabytes).toMatchObject({ remaining: 10, limited_by: 'project' });
    expect(withReserved.max_disk_gigabytes).toBe(32768);
  });

  it('lists extensions and availability zones compactly', () => {
    expect(build('list_extensions', {}).url).toBe(`/v2/${PROJECT}/extensions`);
    const ext = {
      extensions: [
        {
          updated: '2013-04-18T00:00:00+00:00',
          name: 'SchedulerHints',
          links: [],
          alias: 'OS-SCH-HNT',
          description: 'Pass arbitrary key/value pairs to the scheduler.',
        },
      ],
    };
    expect(shape('list_extensions', ext)).toEqual({
      extensions: [{ alias: 'OS-SCH-HNT', name: 'SchedulerHints', updated: '2013-04-18T00:00:00+00:00' }],
    });
    expect(build('list_availability_zones', {}).url).toBe(`/v2/${PROJECT}/os-availability-zone`);
    const azs = { availabilityZoneInfo: [{ zoneState: { available: true }, zoneName: 'az-dc-1' }] };
    expect(shape('list_availability_zones', azs)).toEqual({ zones: [{ name: 'az-dc-1', available: true }] });
  });
});

describe('jobs (8.1.1)', () => {
  it('get_job reads /v1 and shapes a running job', () => {
    const id = 'ff808081692a62c70169b4dcf9514264';
    expect(build('get_job', { job_id: id }).url).toBe(`/v1/${PROJECT}/jobs/${id}`);
    expect(accepts('get_job', { job_id: '' })).toBe(false);
    expect(shape('get_job', JOB_RUNNING_RESPONSE)).toEqual({
      job_id: '4010a32d535527910153552b492c0002',
      job_type: 'createVolume',
      status: 'RUNNING',
      begin_time: '2016-03-08T07:40:13.219Z',
      end_time: null,
      error_code: null,
      fail_reason: null,
      entities: { volume_id: 'bdf1bb37-f20f-4266-9a04-f43e0a127376' },
    });
  });

  it('get_job tallies the sub-jobs of a batch and lists the failed ones', () => {
    const shaped = shape('get_job', JOB_BATCH_RESPONSE);
    expect(shaped.sub_jobs).toEqual({
      total: 2,
      by_status: { SUCCESS: 2 },
      volume_ids: ['0b549095-4937-4849-8e4c-52aa027d64f7', 'e7bca1a2-d3ed-434f-86f4-a1f11aa80072'],
      failed: [],
    });
    const [first, second] = JOB_BATCH_RESPONSE.entities.sub_jobs;
    const failedBody = {
      ...JOB_BATCH_RESPONSE,
      status: 'FAIL',
      entities: {
        sub_jobs: [
          first,
          { ...second, status: 'FAIL', error_code: 'EVS.2024', fail_reason: 'quota exceeded' },
        ],
      },
    };
    const failed = shape('get_job', failedBody);
    expect(failed.sub_jobs).toMatchObject({
      by_status: { SUCCESS: 1, FAIL: 1 },
      failed: [
        {
          job_id: '21917a8d52a19b040152a9f2f2f60042',
          volume_id: 'e7bca1a2-d3ed-434f-86f4-a1f11aa80072',
          error_code: 'EVS.2024',
          fail_reason: 'quota exceeded',
        },
      ],
    });
    expect(spec('get_job').output?.text?.(failed)).toContain('FAIL e7bca1a2-d3ed-434f-86f4-a1f11aa80072');
  });
});
