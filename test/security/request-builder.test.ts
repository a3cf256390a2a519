// The request builder and the client refuse, on their own, any path that is not exactly its template's
// segments: a second line behind the input schemas, for every placeholder of every operation.
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { EvsError } from '../../src/evs-client/errors.js';
import { requestUrl } from '../../src/evs-client/client.js';
import {
  PathParamError,
  buildApiRequest,
  encodePathSegment,
  resolvePath,
} from '../../src/mcp/engine/request-builder.js';
import { HOSTILE_VALUES, hitsTemplate, pathParams } from './hostile-values.js';

const PID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const TEMPLATES = [...new Set(OPERATIONS.map((o) => o.path))];
const CASES = TEMPLATES.flatMap((t) => pathParams(t).map((p) => [t, p] as const));

describe('resolvePath with a hostile value in each placeholder of each template', () => {
  it.each(CASES)('%s {%s}', (template, param) => {
    for (const [label, value] of HOSTILE_VALUES) {
      const params = Object.fromEntries(pathParams(template).map((p) => [p, p === param ? value : 'ok-1']));
      let path: string;
      try {
        path = resolvePath(template, params, PID);
      } catch (err) {
        expect(err, label).toBeInstanceOf(PathParamError);
        expect((err as Error).message, label).toMatch(/^Refused: .*nothing was sent\.$/);
        continue;
      }
      expect(['', '.', '..'], `${label} must be refused`).not.toContain(value);
      expect(hitsTemplate(path, template, { param, value }), `${label}: ${path}`).toBe(true);
      // The client sends that path unchanged (URL handling would collapse or rewrite a bad one).
      expect(requestUrl(new URL('https://evs.example.com'), path).pathname, label).toBe(path);
    }
  });
});

describe('the request builder', () => {
  const spec = (tool: string) => {
    const s = OPERATIONS.find((o) => o.tool === tool);
    if (!s) throw new Error(tool);
    return s;
  };

  it('refuses `..` and `.` keys even when the input schema is bypassed', () => {
    for (const tool of [
      'delete_disk_metadata_key',
      'delete_snapshot_metadata_key',
      'get_disk_metadata_key',
    ]) {
      for (const key of ['..', '.', '']) {
        const args = { volume_id: 'v-1', snapshot_id: 's-1', key };
        expect(() => buildApiRequest(spec(tool), args, PID), `${tool} ${key}`).toThrow(PathParamError);
      }
    }
  });

  it('keeps {project_id} inside a value literal and fills the template one from the project', () => {
    const req = buildApiRequest(
      spec('get_disk_metadata_key'),
      { volume_id: 'v-1', key: '{project_id}' },
      PID,
    );
    expect(req.path).toBe(`/v2/${PID}/volumes/v-1/metadata/%7Bproject_id%7D`);
    const quota = buildApiRequest(spec('get_quotas'), {}, PID);
    expect(quota.path).toBe(`/v2/${PID}/os-quota-sets/${PID}`);
    expect(buildApiRequest(spec('get_quota_headroom'), {}, PID).path).toBe(quota.path);
  });

  it('encodes a value once, keeping RFC 3986 pchars as the SDK sends them', () => {
    expect(encodePathSegment('数据')).toBe('%E6%95%B0%E6%8D%AE');
    expect(encodePathSegment("k e y~*+()!$,;=:@'&")).toBe("k%20e%20y~*+()!$,;=:@'&");
    expect(encodePathSegment('%2A/?#\\[]^|`{}"<>')).toBe('%252A%2F%3F%23%5C%5B%5D%5E%7C%60%7B%7D%22%3C%3E');
  });

  it('refuses a lone surrogate, which cannot be sent as itself', () => {
    expect(() => resolvePath('/v2/{project_id}/x/{key}', { key: 'a\ud800' }, PID)).toThrow(PathParamError);
  });
});

describe('requestUrl refuses a path that URL handling would rewrite', () => {
  const base = new URL('https://evs.example.com/prefix');
  it.each([
    '/v2/p/volumes/v/metadata/..',
    '/v2/p/volumes/v/metadata/.',
    '/v2/p/volumes/v/metadata/%2e%2E',
    '/v2/p/volumes/v/metadata/a\\b',
    '/v2/p/volumes/v/metadata/a?b',
    '/v2/p/volumes/v/metadata/a#b',
    '/v2/p/volumes/v/metadata/a b',
  ])('%j', (path) => {
    expect(() => requestUrl(base, path)).toThrow(EvsError);
    expect(() => requestUrl(base, path)).toThrow(/Refused to send/);
  });

  it('keeps the endpoint path and sends an encoded path as it is', () => {
    const url = requestUrl(base, '/v2/p/volumes/v/metadata/a%2Fb%252e*');
    expect(url.href).toBe('https://evs.example.com/prefix/v2/p/volumes/v/metadata/a%2Fb%252e*');
  });
});
