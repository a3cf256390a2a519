// Files the server keeps (the audit log, sealed transfer secrets): created private, loose modes on
// existing ones tightened, foreign or symlinked ones refused, and a failed audit write reported.
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

const mode = (p: string) => statSync(p).mode & 0o777;
const isRoot = process.getuid?.() === 0;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'evs-files-'));
}

async function start(env: Record<string, string>): Promise<Harness> {
  h = await startHarness({ env: { EVS_MCP_CONFIRMATION: 'off', EVS_MCP_TOOLSETS: 'all', ...env } });
  return h;
}

/** An available data disk of the demo project. */
async function someDisk(hh: Harness): Promise<string> {
  const res = await hh.client.callTool({ name: 'list_disks', arguments: { status: 'available' } });
  const disks = (res.structuredContent as { volumes: { id: string }[] }).volumes;
  if (!disks[0]) throw new Error(`no available disk: ${textOf(res)}`);
  return disks[0].id;
}

function tagPosts(hh: Harness) {
  return hh.sandbox.requestLog.mutating().filter((e) => e.path.endsWith('/tags/action'));
}

describe('the audit log file', () => {
  it('is created 0600 in a folder created 0700', async () => {
    const path = join(tmp(), 'audit', 'deep', 'audit.jsonl');
    const hh = await start({ EVS_MCP_AUDIT_LOG: path });
    await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id: await someDisk(hh), tags: { a: 'b' } },
    });
    expect(mode(path)).toBe(0o600);
    expect(mode(join(path, '..'))).toBe(0o700);
    expect(mode(join(path, '..', '..'))).toBe(0o700);
  });

  it('is tightened to 0600 when it already exists with loose modes, keeping its lines', async () => {
    const path = join(tmp(), 'audit.jsonl');
    writeFileSync(path, '{"earlier":true}\n', { mode: 0o644 });
    chmodSync(path, 0o666);
    const hh = await start({ EVS_MCP_AUDIT_LOG: path });
    await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id: await someDisk(hh), tags: { a: 'b' } },
    });
    expect(mode(path)).toBe(0o600);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('{"earlier":true}');
    expect(JSON.parse(lines[1]!)).toMatchObject({ tool: 'add_disk_tags', verdict: 'allowed' });
  });

  it('is refused when it is a symlink: the caller is told the change was sent and how to check', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'elsewhere'), '');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'audit.jsonl'));
    const hh = await start({ EVS_MCP_AUDIT_LOG: join(dir, 'audit.jsonl') });
    const res = await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id: await someDisk(hh), tags: { a: 'b' } },
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/audit log could not be written \(ELOOP/);
    expect(textOf(res)).toMatch(/was sent and may have taken effect .*check its state/);
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('');
    expect(tagPosts(hh)).toHaveLength(1);
  });

  it.runIf(isRoot)('is refused when another user owns it', async () => {
    const path = join(tmp(), 'audit.jsonl');
    writeFileSync(path, '', { mode: 0o600 });
    chownSync(path, 65534, 65534);
    const hh = await start({ EVS_MCP_AUDIT_LOG: path });
    const res = await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id: await someDisk(hh), tags: { a: 'b' } },
      // A dry run is audited too, and sends nothing.
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/belongs to another user/);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('that cannot be written makes a mutating call an error saying whether anything was sent', async () => {
    // A folder where the file should be: it cannot be opened for appending (as root too).
    const path = join(tmp(), 'audit.jsonl');
    mkdirSync(path);
    const hh = await start({ EVS_MCP_AUDIT_LOG: path });
    const volume_id = await someDisk(hh);
    const dry = await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id, tags: { a: 'b' }, dry_run: true },
    });
    expect(dry.isError).toBe(true);
    expect(textOf(dry)).toMatch(
      /audit log could not be written \(EISDIR.*nothing was sent for add_disk_tags/,
    );
    expect(tagPosts(hh)).toHaveLength(0);
    const real = await hh.client.callTool({
      name: 'add_disk_tags',
      arguments: { volume_id, tags: { a: 'b' } },
    });
    expect(real.isError).toBe(true);
    expect(textOf(real)).toMatch(/add_disk_tags was sent and may have taken effect \(HTTP 204/);
    // Sent once: the failed audit line does not make the engine try again.
    expect(tagPosts(hh)).toHaveLength(1);
    expect(hh.logs.join('')).toMatch(/audit log write failed/);
  });
});

describe('the sealed secrets folder', () => {
  async function createTransfer(hh: Harness): Promise<string> {
    const res = await hh.client.callTool({
      name: 'create_transfer',
      arguments: { volume_id: await someDisk(hh), name: 'modes' },
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const note = String((res.structuredContent as { auth_key: string }).auth_key);
    return /saved for the person at (.+?); hand it/.exec(note)![1]!;
  }

  it('is created 0700 with 0600 files', async () => {
    const dir = join(tmp(), 'new', 'secrets');
    const hh = await start({ EVS_MCP_SECRETS_DIR: dir });
    const file = await createTransfer(hh);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it('is tightened to 0700 when it exists with loose modes', async () => {
    const dir = join(tmp(), 'secrets');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const hh = await start({ EVS_MCP_SECRETS_DIR: dir });
    const file = await createTransfer(hh);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it('that exists with loose modes is tightened to 0700 at start-up, before any secret, and says so', async () => {
    const dir = join(tmp(), 'secrets');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const hh = await start({ EVS_MCP_SECRETS_DIR: dir });
    expect(mode(dir)).toBe(0o700);
    const said = hh.logs.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(said).toContainEqual(
      expect.objectContaining({ level: 40, msg: `tightened the secrets folder ${dir} from 0755 to 0700` }),
    );
  });

  it('that cannot be made private is reported at start-up, and nothing is saved there', async () => {
    const base = tmp();
    mkdirSync(join(base, 'real'), { mode: 0o755 });
    symlinkSync(join(base, 'real'), join(base, 'secrets'));
    const hh = await start({ EVS_MCP_SECRETS_DIR: join(base, 'secrets') });
    expect(hh.logs.join('')).toMatch(/the secrets folder cannot be made private \(.*is not a folder\)/);
    expect(mode(join(base, 'real'))).toBe(0o755);
  });

  it('refuses a symlinked folder', async () => {
    const base = tmp();
    mkdirSync(join(base, 'real'), { mode: 0o700 });
    symlinkSync(join(base, 'real'), join(base, 'secrets'));
    const hh = await start({ EVS_MCP_SECRETS_DIR: join(base, 'secrets') });
    const res = await hh.client.callTool({
      name: 'create_transfer',
      arguments: { volume_id: await someDisk(hh), name: 'modes' },
    });
    expect(textOf(res)).toMatch(/is not a folder/);
  });
});
