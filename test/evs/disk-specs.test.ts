// The disk operation records against the API Reference: documented routes, input rules, the seed's example
// requests and the compact shapes of the seed's example responses.
import { needsConfirmation, operationName } from '../../src/evs/operation.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encode } from 'gpt-tokenizer';
import documented from '../fixtures/documented-operations.json' with { type: 'json' };
import type { OperationSpec } from '../../src/evs/operation.js';
import { diskActionOperations } from '../../src/evs/operations/disk-actions.js';
import { diskCinderOperations } from '../../src/evs/operations/disks-cinder.js';
import { diskCustomOperations } from '../../src/evs/operations/disks-custom.js';
import { legacyOperations } from '../../src/evs/operations/legacy.js';
import { cloudVolumeV21Operations } from '../../src/evs/operations/cloudvolumes-v21.js';
import { nextMarker, summarizeVolume, volumeDetail, volumeLine } from '../../src/evs/shapes/volume.js';

const all: OperationSpec[] = [
  ...diskCustomOperations,
  ...diskCinderOperations,
  ...diskActionOperations,
  ...legacyOperations,
];
/** The current API's create and expand (/v2.1/), which replace 6.1.1 and 7.2.1 / 6.1.7 as default tools. */
const current: OperationSpec[] = cloudVolumeV21Operations;
const spec = (tool: string): OperationSpec => {
  const s = [...all, ...current].find((o) => o.tool === tool);
  if (!s) throw new Error(`no spec ${tool}`);
  return s;
};
const ok = (tool: string, args: unknown) => spec(tool).input.safeParse(args).success;
const requestOf = (tool: string, args: Record<string, unknown>) =>
  spec(tool).request(spec(tool).input.parse(args), { projectId: 'p0' });
const shapeOf = (tool: string, body: unknown, args: Record<string, unknown> = {}) =>
  spec(tool).output!.shape(body, args);

const DISK = 'b104b8db-170d-441b-897a-3c8ba9c5a214';
const LINKS = [
  {
    href: `https://volume.localdomain.com:8776/v2/dd14c6ac581f40059e27f5320b60bf2f/volumes/${DISK}`,
    rel: 'self',
  },
  {
    href: `https://volume.localdomain.com:8776/dd14c6ac581f40059e27f5320b60bf2f/volumes/${DISK}`,
    rel: 'bookmark',
  },
];

// Seed examples, copied (page-split JSON repaired, nulls of the 6.1.1 example dropped).
const seed = {
  createDisksRequest: {
    volume: {
      count: 1,
      availability_zone: 'az-dc-1',
      description: 'test_volume_1',
      size: 120,
      name: 'test_volume_1',
      volume_type: 'SSD',
    },
  },
  job: { job_id: '70a599e0-31e7-49b7-b260-868f441e862b' },
  listDetail612: {
    count: 1,
    volumes: [
      {
        attachments: [],
        availability_zone: 'az-dc-1',
        bootable: 'false',
        created_at: '2016-05-25T02:42:10.856332',
        description: null,
        id: DISK,
        links: LINKS,
        metadata: {},
        name: 'zjb_u25_test',
        'os-vol-host-attr:host': 'pod01.xxx#SATA',
        volume_image_metadata: {},
        'os-vol-mig-status-attr:migstat': null,
        'os-vol-mig-status-attr:name_id': null,
        'os-vol-tenant-attr:tenant_id': 'dd14c6ac581f40059e27f5320b60bf2f',
        'os-volume-replication:extended_status': null,
        replication_status: 'disabled',
        multiattach: false,
        size: 1,
        snapshot_id: null,
        status: 'available',
        updated_at: '2016-05-25T02:42:22.341984',
        user_id: 'b0524e8342084ef5b74f158f78fc3049',
        volume_type: 'SATA',
        service_type: 'EVS',
        dedicated_storage_id: null,
        dedicated_storage_name: null,
        wwn: ' 68886030000d136fa16f48f05992360',
      },
    ],
    volumes_links: [
      {
        href: `https://volume.localdomain.com:8776/v2/dd14c6ac581f40059e27f5320b60bf2f/volumes/detail?limit=1&marker=${DISK}`,
        rel: 'next',
      },
    ],
  },
  get615: {
    volume: {
      attachments: [],
      links: LINKS,
      availability_zone: 'az-dc-1',
      'os-vol-host-attr:host': 'az-dc-1#SSD',
      encrypted: false,
      multiattach: true,
      updated_at: '2016-02-03T02:19:29.895237',
      'os-volume-replication:extended_status': null,
      replication_status: 'disabled',
      snapshot_id: null,
      id: '591ac654-26d8-41be-bb77-4f90699d2d41',
      size: 40,
      user_id: 'fd03ee73295e45478d88e15263d2ee4e',
      'os-vol-tenant-attr:tenant_id': '40acc331ac784f34842ba4f08ff2be48',
      volume_image_metadata: null,
      'os-vol-mig-status-attr:migstat': null,
      metadata: {},
      status: 'available',
      description: 'auto-created_from_restore_from_backup',
      source_valid: null,
      consistencygroup_id: null,
      'os-vol-mig-status-attr:name_id': null,
      name: 'restore_backup_0115efb3-678c-4a9e-bff6-d3cd278238b9',
      bootable: 'false',
      created_at: '2016-02-03T02:19:11.723797',
      volume_type: null,
      service_type: 'EVS',
      dedicated_storage_id: null,
      dedicated_storage_name: null,
      wwn: ' 688860300000d136fa16f48f05992360',
    },
  },
  cinderCreateRequest: {
    volume: {
      name: 'openapi_vol01',
      imageRef: '027cf713-45a6-45f0-ac1b-0ccc57ac12e2',
      availability_zone: 'az-dc-1',
      description: 'create for api test',
      volume_type: 'SAS',
      metadata: { volume_owner: 'openapi' },
      multiattach: false,
      size: 40,
    },
  },
  cinderVolume: {
    volume: {
      attachments: [],
      availability_zone: 'az-dc-1',
      bootable: 'false',
      consistencygroup_id: null,
      created_at: '2016-05-25T02:38:40.392463',
      description: 'create for api test',
      encrypted: false,
      id: '8dd7c486-8e9f-49fe-bceb-26aa7e312b66',
      links: LINKS,
      metadata: { volume_owner: 'openapi' },
      name: 'openapi_vol01',
      replication_status: 'disabled',
      multiattach: false,
      size: 40,
      snapshot_id: null,
      source_volid: null,
      status: 'creating',
      updated_at: null,
      user_id: '39f6696ae23740708d0f358a253c2637',
      volume_type: 'SAS',
    },
  },
  brief714: {
    volumes: [
      { id: '6b604cef-9bd8-4f5a-ae56-45839e6e1f0a', links: LINKS, name: 'zjb_u25_test' },
      { id: '2bce4552-9a7d-48fa-8484-abbbf64b206e', links: LINKS, name: 'zjb_u25_test' },
      { id: '3f1b98ec-a8b5-4e92-a727-88def62d5ad3', links: LINKS, name: 'zjb_u25_test' },
    ],
    volumes_links: [
      {
        href: 'https://volume.localdomain.com:8776/v2/dd14c6ac581f40059e27f5320b60bf2f/volumes?limit=3&marker=3f1b98ec-a8b5-4e92-a727-88def62d5ad3',
        rel: 'next',
      },
    ],
  },
  get716: {
    volume: {
      attachments: [],
      links: LINKS,
      availability_zone: 'az-dc-1',
      'os-vol-host-attr:host': 'az-dc-1#SSD',
      encrypted: false,
      multiattach: true,
      updated_at: '2016-02-03T02:19:29.895237',
      replication_status: 'disabled',
      snapshot_id: null,
      id: '591ac654-26d8-41be-bb77-4f90699d2d41',
      size: 40,
      metadata: {},
      status: 'error_restoring',
      description: 'auto-created_from_restore_from_backup',
      name: 'restore_backup_0115efb3-678c-4a9e-bff6-d3cd278238b9',
      bootable: 'false',
      created_at: '2016-02-03T02:19:11.723797',
      volume_type: null,
    },
  },
  uploadRequest: {
    'os-volume_upload_image': {
      image_name: 'sxmatch2',
      force: true,
      container_format: 'bare',
      disk_format: 'vhd',
      __os_type: 'linux',
    },
  },
  uploadResponse: {
    'os-volume_upload_image': {
      status: 'uploading',
      size: 40,
      id: '16369c5d-384d-4e64-b37a-56d898769362',
      image_id: 'c5333daa-fbc8-4d1d-bf79-b0567bb45d15',
      image_name: 'evs-ims-test1027',
      volume_type: {
        id: '8247b6ed-37f0-4c48-8ef1-f0027fb332bc',
        name: 'SAS',
        deleted: false,
        is_public: true,
      },
      container_format: 'bare',
      disk_format: 'vhd',
      display_description: '',
      updated_at: '2018-01-11T01:50:25.800931',
    },
  },
  update614: {
    id: '36ba39af-3579-4e6e-adfc-b764349c0f77',
    links: LINKS,
    name: 'newVolume',
    status: 'in-use',
    attachments: [
      {
        server_id: 'c3d3250c-7ce5-42cc-b620-dd2b63d19ca5',
        attachment_id: '011a2bdb-a033-4479-845b-50bd8ed7f4d4',
        attached_at: '2017-05-23T11:27:38.604815',
        host_name: null,
        volume_id: '36ba39af-3579-4e6e-adfc-b764349c0f77',
        device: '/dev/sdf',
        id: '36ba39af-3579-4e6e-adfc-b764349c0f77',
      },
    ],
    description: 'new volume',
    multiattach: false,
    shareable: false,
    size: 10,
    metadata: {
      policy: 'dc71a9c9-b3fa-429d-a070-037682d82d21',
      attached_mode: 'rw',
      readonly: 'False',
      'hw:passthrough': 'false',
    },
    bootable: 'false',
    availability_zone: 'az-dc-1',
    'os-vol-host-attr:host': null,
    source_vol_id: null,
    snapshot_id: null,
    created_at: '2017-05-23T09:49:44.481299',
    volume_type: 'SAS',
    'os-vol-tenant-attr:tenant_id': null,
    'os-volume-replication:extended_status': null,
    volume_image_metadata: null,
  },
  legacyList616: {
    volumes: [{ id: 'e6cf4401-15f6-44bd-ae2b-cff4dc9523e6', links: LINKS }],
  },
  v1Get: {
    volume: {
      attachments: [],
      availability_zone: 'az-dc-1',
      'os-vol-host-attr:host': 'db-rabbitmq201#LVM_iSCSI',
      encrypted: false,
      'os-volume-replication:extended_status': null,
      volume_image_metadata: null,
      snapshot_id: null,
      id: 'da4f9c7a-c275-4bc9-80c4-76c7d479a218',
      size: 1,
      'os-vol-tenant-attr:tenant_id': '3dab0aaf682849678a94ec7b5a3af2ce',
      'os-vol-mig-status-attr:migstat': null,
      metadata: {},
      status: 'available',
      display_description: null,
      source_valid: null,
      'os-vol-mig-status-attr:name_id': null,
      display_name: 'test',
      bootable: 'false',
      created_at: '2014-12-18T17:14:38.000000',
      volume_type: 'SAS',
      multiattach: false,
    },
  },
};

/** 2022 sections whose path a current operation supersedes, and the default tool that replaces it. */
const SUPERSEDED: Record<string, string> = { '6.1.1': 'create_disks' };

describe('disk operation records', () => {
  it('cover exactly the documented disk sections with their method, path and action', () => {
    const mine = new Set(all.map((s) => s.section));
    expect(all).toHaveLength(22);
    expect(mine.size).toBe(22);
    for (const s of all) {
      const doc = documented.find((d) => d.section === s.section);
      expect(doc, s.section).toBeDefined();
      expect({ method: s.method, path: s.path, action: s.action ?? null }).toEqual({
        method: doc!.method,
        path: doc!.path,
        action: doc!.action,
      });
      // Legacy records, and only they, say what replaces them; a path the 2022 reference deprecates stays
      // out of legacy only where the current SDK still ships it (DeleteVolume, UpdateVolume).
      expect(s.toolset === 'legacy', s.tool).toBe(s.deprecated !== undefined);
      if (SUPERSEDED[s.section]) expect(s.deprecated?.replacedBy, s.tool).toBe(SUPERSEDED[s.section]);
      if (doc!.deprecated) expect(s.toolset === 'legacy' || operationName(s) !== null, s.tool).toBe(true);
      else expect(s.toolset === 'legacy', s.tool).toBe(['6.1.1', '6.1.5', '6.2.1'].includes(s.section));
    }
  });

  it('set every hint, read-only only on GETs, destructive on deletes, and never take project_id', () => {
    for (const s of all) {
      expect(Object.keys(s.hints).sort(), s.tool).toEqual([
        'destructive',
        'idempotent',
        'openWorld',
        'readOnly',
      ]);
      expect(s.hints.readOnly, s.tool).toBe(s.method === 'GET');
      if (s.method === 'DELETE') expect(s.hints.destructive, s.tool).toBe(true);
      expect(Object.keys(s.input.shape), s.tool).not.toContain('project_id');
      expect(s.description.split(/\s+/).length, s.tool).toBeLessThanOrEqual(25);
    }
  });

  it('mark deletes for confirmation and name the async behaviour as agreed', () => {
    expect(spec('cinder_delete_disk').guard).toMatchObject({ preflight: ['disk-deletable'] });
    expect(needsConfirmation(spec('cinder_delete_disk'), {})).toBe(true);
    expect(needsConfirmation(spec('delete_disk'), {})).toBe(true);
    expect(needsConfirmation(spec('legacy_attach_disk'), {})).toBe(true);
    expect(needsConfirmation(spec('legacy_detach_disk'), {})).toBe(true);
    // cinder_update_disk replaces all metadata when given some: confirmed like replace_disk_metadata.
    expect(needsConfirmation(spec('cinder_update_disk'), { volume_id: 'v', metadata: {} })).toBe(true);
    expect(needsConfirmation(spec('cinder_update_disk'), { volume_id: 'v', name: 'x' })).toBe(false);
    expect(spec('cinder_delete_disk').async).toMatchObject({
      kind: 'status',
      goneMeansDone: true,
      transitional: ['deleting'],
    });
    expect(spec('cinder_create_disk').async).toMatchObject({ id: { from: 'response', path: 'volume.id' } });
    // The expansions all check the same: the current one carries over the Cinder twin's checks and reads.
    for (const t of ['cinder_extend_disk', 'extend_disk', 'legacy_extend_disk']) {
      expect(spec(t).guard?.preflight, t).toEqual(['disk-extendable', 'size-grows', 'quota-extend']);
      expect(
        spec(t).guard?.reads?.map((r) => [r.as, r.op]),
        t,
      ).toEqual([
        ['disk', 'get_disk'],
        ['quota', 'get_quota_headroom'],
      ]);
    }
    expect(spec('extend_disk').names).toEqual(spec('cinder_extend_disk').names);
    expect(spec('extend_disk').iamActions).toEqual(spec('cinder_extend_disk').iamActions);
    for (const t of ['create_disks', 'legacy_create_disks']) {
      expect(spec(t).guard?.preflight, t).toEqual(['batch-rules', 'source-size', 'quota-create-disk']);
      expect(
        spec(t).guard?.reads?.map((r) => [r.as, r.op]),
        t,
      ).toEqual([
        ['snapshot', 'get_snapshot'],
        ['quota', 'get_quota_headroom'],
      ]);
      expect(spec(t).iamActions, t).toEqual(['evs:volumes:create']);
    }
    // Jobs are polled through the 8.1.1 record, referenced from the async field (not found by section).
    for (const t of [
      'create_disks',
      'legacy_create_disks',
      'extend_disk',
      'delete_disk',
      'legacy_extend_disk',
    ]) {
      const a = spec(t).async;
      expect(a).toMatchObject({ kind: 'job', poll: { arg: 'job_id' } });
      expect(a?.poll.spec().section).toBe('8.1.1');
    }
    expect(spec('legacy_extend_disk').deprecated).toEqual({ replacedBy: 'extend_disk' });
    expect(spec('legacy_create_disks').deprecated).toEqual({ replacedBy: 'create_disks' });
    expect(spec('cinder_extend_disk').description).toContain('prefer extend_disk');
  });

  it('keep every integer bounded and every object strict', () => {
    for (const s of all) {
      const schema = z.toJSONSchema(s.input, { io: 'input' }) as {
        additionalProperties?: boolean;
        properties: Record<string, { type?: string; minimum?: number; maximum?: number }>;
      };
      expect(schema.additionalProperties, s.tool).toBe(false);
      for (const [name, p] of Object.entries(schema.properties)) {
        if (p.type === 'integer')
          expect([p.minimum, p.maximum], `${s.tool}.${name}`).not.toContain(undefined);
      }
    }
    expect(ok('legacy_get_vendor_disk', { volume_id: DISK, project_id: 'x' })).toBe(false);
  });

  it('fit the tool-list token budget (about 170 tokens per tool)', () => {
    let total = 0;
    for (const s of all) {
      // The `$schema` URI is the same for every tool and says nothing to a model.
      const { $schema: _uri, ...schema } = z.toJSONSchema(s.input, { io: 'input' });
      total += encode(
        JSON.stringify({ name: s.tool, title: s.title, description: s.description, inputSchema: schema }),
      ).length;
    }
    expect(total).toBeLessThanOrEqual(all.length * 170);
  });
});

describe.each(['legacy_create_disks', 'create_disks'])('%s (6.1.1 body)', (tool) => {
  const base = { availability_zone: 'az-dc-1', volume_type: 'SSD', size: 100 };

  it('maps the seed example to the documented body', () => {
    const args = {
      count: 1,
      availability_zone: 'az-dc-1',
      description: 'test_volume_1',
      size: 120,
      name: 'test_volume_1',
      volume_type: 'SSD',
    };
    expect(requestOf(tool, args)).toEqual({ body: seed.createDisksRequest });
    expect(shapeOf(tool, seed.job, args)).toEqual({
      job_id: seed.job.job_id,
      count: 1,
      ...(tool === 'create_disks' ? { charging_mode: 'postPaid' } : {}),
    });
  });

  it('rejects bad sizes, counts, names and sources', () => {
    expect(ok(tool, base)).toBe(true);
    for (const size of [0, 32769, 10.5]) expect(ok(tool, { ...base, size }), `size ${size}`).toBe(false);
    expect(ok(tool, { ...base, count: 100 })).toBe(true);
    expect(ok(tool, { ...base, count: 101 })).toBe(false);
    expect(ok(tool, { ...base, count: 0 })).toBe(false);
    expect(ok(tool, { ...base, name: 'x'.repeat(255) })).toBe(true);
    expect(ok(tool, { ...base, name: 'x'.repeat(256) })).toBe(false);
    expect(ok(tool, { ...base, name: 'é'.repeat(128) })).toBe(false); // 256 bytes
    expect(ok(tool, { ...base, count: 2, name: 'x'.repeat(250) })).toBe(true);
    expect(ok(tool, { ...base, count: 2, name: 'x'.repeat(251) })).toBe(false);
    expect(ok(tool, { ...base, snapshot_id: 'snap1', imageRef: 'img1' })).toBe(false);
    expect(ok(tool, { ...base, backup_id: 'b1', snapshot_id: 'snap1' })).toBe(false);
    expect(ok(tool, { ...base, volume_type: 'NVME' })).toBe(false);
    expect(ok(tool, { ...base, shareable: 'true' })).toBe(false);
  });

  it('allows a backup source without size but only one disk', () => {
    const { size: _size, ...noSize } = base;
    expect(ok(tool, noSize)).toBe(false);
    expect(ok(tool, { ...noSize, backup_id: 'b1' })).toBe(true);
    expect(ok(tool, { ...noSize, backup_id: 'b1', count: 1 })).toBe(true);
    expect(ok(tool, { ...noSize, backup_id: 'b1', count: 2 })).toBe(false);
  });

  it('applies the documented metadata rules', () => {
    const cmk = 'a'.repeat(36);
    expect(ok(tool, { ...base, metadata: { __system__encrypted: '1', __system__cmkid: cmk } })).toBe(true);
    expect(ok(tool, { ...base, metadata: { __system__encrypted: 'yes' } })).toBe(false);
    expect(ok(tool, { ...base, metadata: { __system__encrypted: '0', __system__cmkid: cmk } })).toBe(false);
    expect(ok(tool, { ...base, metadata: { __system__encrypted: '1', __system__cmkid: 'short' } })).toBe(
      false,
    );
    expect(ok(tool, { ...base, metadata: { 'hw:passthrough': 'yes' } })).toBe(false);
    expect(ok(tool, { ...base, imageRef: 'img1', metadata: { 'hw:passthrough': 'true' } })).toBe(false);
    expect(ok(tool, { ...base, snapshot_id: 's1', metadata: { full_clone: '0' } })).toBe(true);
    expect(ok(tool, { ...base, metadata: { full_clone: '0' } })).toBe(false);
    expect(ok(tool, { ...base, metadata: { k: 'v'.repeat(256) } })).toBe(false);
    expect(ok(tool, { ...base, metadata: { k: null } })).toBe(false);
  });
});

describe('create_disks and extend_disk (CreateVolume, ResizeVolume on /v2.1/)', () => {
  const base = { availability_zone: 'az-dc-1', volume_type: 'SSD', size: 100 };
  const pre = { chargingMode: 'prePaid', periodType: 'month', periodNum: 3 };

  it('call the SDK paths and send bssParam as the models name it, only when given', () => {
    expect([spec('create_disks').method, spec('create_disks').path]).toEqual([
      'POST',
      '/v2.1/{project_id}/cloudvolumes',
    ]);
    expect([spec('extend_disk').path, spec('extend_disk').action]).toEqual([
      '/v2.1/{project_id}/cloudvolumes/{volume_id}/action',
      'os-extend',
    ]);
    const bssParam = { ...pre, isAutoRenew: 'true', isAutoPay: 'true' };
    expect(requestOf('create_disks', { ...base, bssParam })).toEqual({
      body: { volume: base, bssParam },
    });
    expect(requestOf('create_disks', base)).toEqual({ body: { volume: base } });
    expect(
      requestOf('extend_disk', { volume_id: DISK, new_size: 200, bssParam: { isAutoPay: 'true' } }),
    ).toEqual({
      pathParams: { volume_id: DISK },
      body: { 'os-extend': { new_size: 200 }, bssParam: { isAutoPay: 'true' } },
    });
    expect(requestOf('extend_disk', { volume_id: DISK, new_size: 200 }).body).toEqual({
      'os-extend': { new_size: 200 },
    });
  });

  it('take the billing ranges of BssParamForCreateVolume and refuse what it would ignore', () => {
    expect(ok('create_disks', { ...base, bssParam: pre })).toBe(true);
    expect(ok('create_disks', { ...base, bssParam: { ...pre, periodNum: 9 } })).toBe(true);
    expect(ok('create_disks', { ...base, bssParam: { ...pre, periodType: 'year', periodNum: 1 } })).toBe(
      true,
    );
    expect(ok('create_disks', { ...base, bssParam: { chargingMode: 'postPaid' } })).toBe(true);
    const bad: Record<string, unknown>[] = [
      { ...pre, periodNum: 10 },
      { ...pre, periodNum: 0 },
      { ...pre, periodNum: 1.5 },
      { ...pre, periodType: 'year', periodNum: 2 },
      { chargingMode: 'prePaid', periodNum: 1 },
      { chargingMode: 'prePaid', periodType: 'month' },
      { ...pre, periodType: 'week' },
      { ...pre, chargingMode: 'monthly' },
      { ...pre, isAutoPay: true },
      { ...pre, isAutoRenew: 'yes' },
      { ...pre, couponId: 'x' },
      { periodType: 'month', periodNum: 1 },
      { chargingMode: 'postPaid', isAutoPay: 'true' },
    ];
    for (const bssParam of bad)
      expect(ok('create_disks', { ...base, bssParam }), JSON.stringify(bssParam)).toBe(false);
    const msg = spec('create_disks').input.safeParse({
      ...base,
      bssParam: { chargingMode: 'prePaid', periodType: 'year', periodNum: 2 },
    });
    expect(msg.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['bssParam.periodNum', 'periodNum for periodType year is 1-1'],
    ]);
    expect(ok('extend_disk', { volume_id: DISK, new_size: 200, bssParam: { isAutoPay: 'false' } })).toBe(
      true,
    );
    expect(ok('extend_disk', { volume_id: DISK, new_size: 200, bssParam: { periodNum: 1 } })).toBe(false);
    for (const new_size of [0, 32769, 10.5])
      expect(ok('extend_disk', { volume_id: DISK, new_size })).toBe(false);
  });

  it('confirm a purchase: a prePaid create, and the expansion of a yearly/monthly disk or one not read', () => {
    expect(needsConfirmation(spec('create_disks'), base)).toBe(false);
    expect(needsConfirmation(spec('create_disks'), { ...base, bssParam: { chargingMode: 'postPaid' } })).toBe(
      false,
    );
    expect(needsConfirmation(spec('create_disks'), { ...base, bssParam: pre })).toBe(true);
    const args = { volume_id: DISK, new_size: 200 };
    expect(needsConfirmation(spec('extend_disk'), args, { disk: { size: 100, metadata: {} } })).toBe(false);
    expect(
      needsConfirmation(spec('extend_disk'), args, { disk: { size: 100, metadata: { orderID: 'CS1' } } }),
    ).toBe(true);
    expect(needsConfirmation(spec('extend_disk'), args, {})).toBe(true);
    expect(needsConfirmation(spec('extend_disk'), args)).toBe(true);
  });

  it('answer with the job, or with the order and whether it was auto-paid; nothing to show is not a success', () => {
    const prepaid = { ...base, bssParam: { ...pre, isAutoPay: 'true' } };
    expect(shapeOf('create_disks', { order_id: 'CS2612080101ABCDE' }, prepaid)).toEqual({
      order_id: 'CS2612080101ABCDE',
      count: 1,
      charging_mode: 'prePaid',
      auto_pay: true,
    });
    expect(shapeOf('create_disks', { job_id: 'j1' }, base)).toEqual({
      job_id: 'j1',
      count: 1,
      charging_mode: 'postPaid',
    });
    const empty = shapeOf('create_disks', {}, base);
    expect(spec('create_disks').output!.schema!.safeParse(empty).success).toBe(false);
    const grown = shapeOf(
      'extend_disk',
      { order_id: 'CS2612080101ABCDE' },
      { volume_id: DISK, new_size: 200 },
    );
    expect(grown).toMatchObject({
      order_id: 'CS2612080101ABCDE',
      auto_pay: false,
      volume_id: DISK,
      new_size: 200,
    });
    expect(grown.job_id).toBeUndefined();
    expect(spec('extend_disk').output!.text!(grown)).toMatch(
      /^Order CS2612080101ABCDE created, not paid: .*grows to 200 GB/,
    );
    expect(
      spec('extend_disk').output!.text!(
        shapeOf('extend_disk', { job_id: 'j2' }, { volume_id: DISK, new_size: 200 }),
      ),
    ).toMatch(/^Job j2 started: expanding disk/);
  });
});

describe('list_disks (6.1.2)', () => {
  it('sends the seed query and shapes the seed response into summaries with the next marker', () => {
    expect(requestOf('list_disks', { status: 'available' })).toEqual({ query: { status: 'available' } });
    const shaped = shapeOf('list_disks', seed.listDetail612, {});
    expect(shaped).toEqual({
      volumes: [
        {
          id: DISK,
          name: 'zjb_u25_test',
          status: 'available',
          size: 1,
          volume_type: 'SATA',
          availability_zone: 'az-dc-1',
          attachments: [],
          bootable: false,
          multiattach: false,
          created_at: '2016-05-25T02:42:10.856332',
        },
      ],
      count: 1,
      next_marker: DISK,
    });
    expect(spec('list_disks').output!.schema!.safeParse(shaped).success).toBe(true);
    expect(spec('list_disks').output!.text!(shaped)).toBe(
      `1 disk(s) of 1\n${DISK} "zjb_u25_test" available 1GB SATA az-dc-1\nnext marker: ${DISK}`,
    );
  });

  it('encodes ids and metadata as the server expects, and gives details on request', () => {
    const q = requestOf('list_disks', {
      ids: ['a1', 'b2'],
      metadata: { k: 'v' },
      multiattach: true,
      detail: true,
    }).query;
    expect(q).toEqual({ ids: "['a1','b2']", metadata: '{"k":"v"}', multiattach: true });
    const detailed = shapeOf('list_disks', seed.listDetail612, { detail: true }) as {
      volumes: Record<string, unknown>[];
    };
    expect(detailed.volumes[0]).toMatchObject({
      id: DISK,
      bootable: false,
      service_type: 'EVS',
      updated_at: '2016-05-25T02:42:22.341984',
    });
    expect(detailed.volumes[0]).not.toHaveProperty('links');
    expect(detailed.volumes[0]).not.toHaveProperty('os-vol-tenant-attr:tenant_id');
  });

  it('rejects out-of-range paging, bad enums and too many ids', () => {
    for (const limit of [0, 1001, 2.5]) expect(ok('list_disks', { limit }), `limit ${limit}`).toBe(false);
    expect(ok('list_disks', { limit: 1000, offset: 1, sort_key: 'size', sort_dir: 'asc' })).toBe(true);
    expect(ok('list_disks', { sort_key: 'name' })).toBe(false);
    expect(ok('list_disks', { sort_dir: 'up' })).toBe(false);
    expect(ok('list_disks', { status: 'broken' })).toBe(false);
    expect(ok('list_disks', { service_type: 'OBS' })).toBe(false);
    expect(ok('list_disks', { marker: 'not-a-uuid' })).toBe(false);
    expect(ok('list_disks', { marker: DISK })).toBe(true);
    expect(ok('list_disks', { ids: Array.from({ length: 61 }, (_, i) => `d${i}`) })).toBe(false);
    expect(ok('list_disks', { name: 'x'.repeat(256) })).toBe(false);
  });
});

describe('legacy_get_vendor_disk (6.1.5) and cinder_get_disk (7.1.6)', () => {
  it('return the summary plus the useful extra fields', () => {
    expect(requestOf('legacy_get_vendor_disk', { volume_id: DISK })).toEqual({
      pathParams: { volume_id: DISK },
    });
    const d = shapeOf('legacy_get_vendor_disk', seed.get615);
    expect(d).toMatchObject({
      id: '591ac654-26d8-41be-bb77-4f90699d2d41',
      status: 'available',
      size: 40,
      multiattach: true,
      bootable: false,
      description: 'auto-created_from_restore_from_backup',
      encrypted: false,
      wwn: ' 688860300000d136fa16f48f05992360',
    });
    expect(d).not.toHaveProperty('volume_type');
    expect(d).not.toHaveProperty('user_id');
    expect(spec('legacy_get_vendor_disk').output!.schema!.safeParse(d).success).toBe(true);
    expect(shapeOf('cinder_get_disk', seed.get716)).toMatchObject({ status: 'error_restoring', size: 40 });
    expect(ok('legacy_get_vendor_disk', { volume_id: '../x' })).toBe(false);
  });
});

describe('Cinder disks (7.1.1-7.1.5)', () => {
  it('cinder_create_disk maps the seed example and summarises the created disk', () => {
    const args = { ...seed.cinderCreateRequest.volume };
    expect(requestOf('cinder_create_disk', args)).toEqual({ body: seed.cinderCreateRequest });
    expect(shapeOf('cinder_create_disk', seed.cinderVolume)).toEqual({
      id: '8dd7c486-8e9f-49fe-bceb-26aa7e312b66',
      name: 'openapi_vol01',
      status: 'creating',
      size: 40,
      volume_type: 'SAS',
      availability_zone: 'az-dc-1',
      attachments: [],
      bootable: false,
      multiattach: false,
      created_at: '2016-05-25T02:38:40.392463',
    });
  });

  it('cinder_create_disk rejects two sources, unsupported fields and bad sizes', () => {
    const base = { availability_zone: 'az-dc-1', size: 40 };
    expect(ok('cinder_create_disk', base)).toBe(true);
    expect(ok('cinder_create_disk', { availability_zone: 'az-dc-1' })).toBe(false);
    expect(ok('cinder_create_disk', { ...base, snapshot_id: 's1', imageRef: 'i1' })).toBe(false);
    for (const extra of ['source_volid', 'source_replica', 'consistency_group_id', 'backup_id']) {
      expect(ok('cinder_create_disk', { ...base, [extra]: 'x' }), extra).toBe(false);
    }
    for (const size of [0, 32769, 10.5]) expect(ok('cinder_create_disk', { ...base, size })).toBe(false);
    expect(ok('cinder_create_disk', { ...base, name: 'x'.repeat(256) })).toBe(false);
  });

  it('cinder_delete_disk sends cascade as documented and confirms', () => {
    expect(requestOf('cinder_delete_disk', { volume_id: DISK, cascade: true })).toEqual({
      pathParams: { volume_id: DISK },
      query: { cascade: true },
    });
    expect(requestOf('cinder_delete_disk', { volume_id: DISK }).query).toEqual({});
    expect(shapeOf('cinder_delete_disk', undefined, { volume_id: DISK, cascade: true })).toEqual({
      ok: true,
      volume_id: DISK,
      cascade: true,
    });
  });

  it('cinder_update_disk maps the seed example and needs something to change', () => {
    expect(
      requestOf('cinder_update_disk', { volume_id: DISK, name: 'test_volume', description: 'test' }),
    ).toEqual({
      pathParams: { volume_id: DISK },
      body: { volume: { name: 'test_volume', description: 'test' } },
    });
    expect(ok('cinder_update_disk', { volume_id: DISK })).toBe(false);
    expect(ok('cinder_update_disk', { volume_id: DISK, description: 'x'.repeat(256) })).toBe(false);
    expect(ok('cinder_update_disk', { volume_id: DISK, display_name: 'n' })).toBe(false);
    expect(shapeOf('cinder_update_disk', seed.cinderVolume)).toMatchObject({
      name: 'openapi_vol01',
      metadata: { volume_owner: 'openapi' },
    });
  });

  it('the Cinder lists page by marker and give ids and names (brief) or summaries (detail)', () => {
    expect(requestOf('cinder_list_disks', { status: 'available' })).toEqual({
      query: { status: 'available' },
    });
    expect(shapeOf('cinder_list_disks', seed.brief714)).toEqual({
      volumes: seed.brief714.volumes.map(({ id, name }) => ({ id, name })),
      next_marker: '3f1b98ec-a8b5-4e92-a727-88def62d5ad3',
    });
    const detail = {
      volumes: [seed.listDetail612.volumes[0]],
      volumes_links: seed.listDetail612.volumes_links,
    };
    expect(requestOf('cinder_list_disks_detail', { status: 'available', limit: 50, offset: 50 })).toEqual({
      query: { status: 'available', limit: 50, offset: 50 },
    });
    expect(shapeOf('cinder_list_disks_detail', detail)).toMatchObject({
      volumes: [{ id: DISK, status: 'available' }],
      next_marker: DISK,
    });
    expect(ok('cinder_list_disks', { offset: 0 })).toBe(false);
    expect(ok('cinder_list_disks', { limit: 1001 })).toBe(false);
    expect(ok('cinder_list_disks', { detail: true })).toBe(false);
    expect(spec('cinder_list_disks').pagination).toEqual({
      itemsKey: 'volumes',
      style: 'marker',
      linksKey: 'volumes_links',
    });
  });
});

describe('disk actions (7.2.1-7.2.4)', () => {
  it('send the seed bodies', () => {
    expect(requestOf('cinder_extend_disk', { volume_id: DISK, new_size: 100 })).toEqual({
      pathParams: { volume_id: DISK },
      body: { 'os-extend': { new_size: 100 } },
    });
    expect(requestOf('set_disk_bootable', { volume_id: DISK, bootable: true }).body).toEqual({
      'os-set_bootable': { bootable: true },
    });
    expect(requestOf('set_disk_readonly', { volume_id: DISK, readonly: true }).body).toEqual({
      'os-update_readonly_flag': { readonly: true },
    });
    expect(
      requestOf('export_disk_to_image', { volume_id: DISK, ...seed.uploadRequest['os-volume_upload_image'] })
        .body,
    ).toEqual(seed.uploadRequest);
  });

  it('validate sizes, flags and image names', () => {
    for (const new_size of [0, 32769, 10.5])
      expect(ok('cinder_extend_disk', { volume_id: DISK, new_size })).toBe(false);
    expect(ok('set_disk_bootable', { volume_id: DISK, bootable: 'true' })).toBe(false);
    const img = { volume_id: DISK, image_name: 'my image-1.0_x' };
    expect(ok('export_disk_to_image', img)).toBe(true);
    for (const image_name of ['', ' lead', 'trail ', 'bad/char', 'x'.repeat(129)]) {
      expect(ok('export_disk_to_image', { ...img, image_name }), image_name).toBe(false);
    }
    expect(ok('export_disk_to_image', { ...img, disk_format: 'vmdk' })).toBe(false);
    expect(ok('export_disk_to_image', { ...img, container_format: 'docker' })).toBe(false);
    expect(ok('export_disk_to_image', { ...img, __os_type: 'bsd' })).toBe(false);
  });

  it('confirm briefly', () => {
    expect(shapeOf('cinder_extend_disk', undefined, { volume_id: DISK, new_size: 100 })).toEqual({
      ok: true,
      volume_id: DISK,
      new_size: 100,
      next: expect.stringMatching(/filesystem inside the guest/),
    });
    expect(shapeOf('set_disk_readonly', undefined, { volume_id: DISK, readonly: true })).toEqual({
      ok: true,
      volume_id: DISK,
      readonly: true,
    });
    expect(
      shapeOf('export_disk_to_image', seed.uploadResponse, { volume_id: DISK, image_name: 'sxmatch2' }),
    ).toEqual({
      ok: true,
      volume_id: DISK,
      image_id: 'c5333daa-fbc8-4d1d-bf79-b0567bb45d15',
      image_name: 'evs-ims-test1027',
      status: 'uploading',
    });
  });
});

describe('legacy disk APIs', () => {
  it('6.1.3 and 6.1.7 return jobs', () => {
    expect(requestOf('delete_disk', { volume_id: DISK })).toEqual({ pathParams: { volume_id: DISK } });
    expect(shapeOf('delete_disk', seed.job, { volume_id: DISK })).toEqual({
      job_id: seed.job.job_id,
      volume_id: DISK,
    });
    expect(requestOf('legacy_extend_disk', { volume_id: DISK, new_size: 200 }).body).toEqual({
      'os-extend': { new_size: 200 },
    });
    expect(ok('legacy_extend_disk', { volume_id: DISK, new_size: 32769 })).toBe(false);
  });

  it('6.1.4 needs a name or description and shapes the top-level response', () => {
    expect(
      requestOf('update_disk', { volume_id: DISK, name: 'test_volume', description: 'test' }).body,
    ).toEqual({
      volume: { name: 'test_volume', description: 'test' },
    });
    expect(ok('update_disk', { volume_id: DISK })).toBe(false);
    expect(ok('update_disk', { volume_id: DISK, metadata: { a: 'b' } })).toBe(false);
    expect(shapeOf('update_disk', seed.update614)).toMatchObject({
      id: '36ba39af-3579-4e6e-adfc-b764349c0f77',
      status: 'in-use',
      attachments: ['c3d3250c-7ce5-42cc-b620-dd2b63d19ca5'],
      attachment_details: [{ server_id: 'c3d3250c-7ce5-42cc-b620-dd2b63d19ca5', device: '/dev/sdf' }],
    });
  });

  it('6.1.6 lists ids, and 8.2.1.1 reads v1 display names', () => {
    expect(requestOf('legacy_list_disks', { status: 'available' })).toEqual({
      query: { status: 'available' },
    });
    expect(ok('legacy_list_disks', { offset: 5 })).toBe(false);
    expect(shapeOf('legacy_list_disks', seed.legacyList616)).toEqual({
      volumes: [{ id: 'e6cf4401-15f6-44bd-ae2b-cff4dc9523e6' }],
    });
    expect(shapeOf('legacy_get_disk_v1', seed.v1Get)).toMatchObject({
      id: 'da4f9c7a-c275-4bc9-80c4-76c7d479a218',
      name: 'test',
      size: 1,
    });
  });

  it('7.2.5-7.2.8 send the documented bodies and point to the ECS API', () => {
    const attach = {
      volume_id: DISK,
      instance_uuid: '95D9EF50-507D-11E5-B970-0800200C9A66',
      mountpoint: '/dev/vdc',
    };
    expect(requestOf('legacy_attach_disk', attach).body).toEqual({
      'os-attach': { instance_uuid: '95D9EF50-507D-11E5-B970-0800200C9A66', mountpoint: '/dev/vdc' },
    });
    expect(ok('legacy_attach_disk', { ...attach, mode: 'rx' })).toBe(false);
    expect(ok('legacy_attach_disk', { volume_id: DISK, mountpoint: '/dev/vdc' })).toBe(false);
    expect(
      requestOf('legacy_detach_disk', {
        volume_id: DISK,
        attachment_id: 'd8777f54-84cf-4809-a679-468ffed56cf1',
      }).body,
    ).toEqual({
      'os-detach': { attachment_id: 'd8777f54-84cf-4809-a679-468ffed56cf1' },
    });
    expect(requestOf('legacy_reserve_disk', { volume_id: DISK }).body).toEqual({ 'os-reserve': {} });
    expect(requestOf('legacy_unreserve_disk', { volume_id: DISK }).body).toEqual({ 'os-unreserve': {} });
    for (const t of ['legacy_attach_disk', 'legacy_detach_disk']) expect(spec(t).description).toMatch(/ECS/);
  });
});

describe('volume shapes', () => {
  it('take the next marker from the link, else from a full page', () => {
    expect(nextMarker({ volumes: [{ id: 'a' }, { id: 'b' }] }, 'volumes', 'volumes_links', 2)).toBe('b');
    expect(nextMarker({ volumes: [{ id: 'a' }] }, 'volumes', 'volumes_links', 2)).toBeUndefined();
    expect(nextMarker({ volumes: [] }, 'volumes', 'volumes_links')).toBeUndefined();
  });

  it('render one line per disk with attachments and tags', () => {
    const s = summarizeVolume({
      id: 'd1',
      name: 'data',
      status: 'in-use',
      size: 10,
      volume_type: 'SSD',
      availability_zone: 'az1',
      bootable: 'true',
      multiattach: true,
      attachments: [{ server_id: 's1' }, { server_id: 's2' }],
      tags: { env: 'prod' },
    });
    expect(volumeLine(s)).toBe('d1 "data" in-use 10GB SSD az1 bootable shared -> s1,s2 env=prod');
  });

  it("keep a detail view in the answer's field order, without reserved, empty or prototype keys", () => {
    const raw = JSON.parse(
      '{"wwn":"w1","__proto__":{"polluted":true},"links":[],"id":"d1","size":10,"metadata":{"a":"1"},' +
        '"user_id":"u","snapshot_id":null,"display_description":"old","status":"available",' +
        '"attachments":[{"server_id":"s1","device":"/dev/sdb","extra":1}]}',
    ) as unknown;
    const d = volumeDetail(raw);
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect((d as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.entries(d)).toEqual([
      ['wwn', 'w1'],
      ['id', 'd1'],
      ['size', 10],
      ['metadata', { a: '1' }],
      ['status', 'available'],
      ['description', 'old'],
      ['attachments', ['s1']],
      ['attachment_details', [{ server_id: 's1', device: '/dev/sdb' }]],
    ]);
  });
});
