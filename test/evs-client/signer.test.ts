// Unit tests of the AK/SK signer, plus one real loopback round trip proving the wire bytes are what gets signed.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGNING_ALGORITHM,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  percentEncode,
  signRequest,
  signature,
  verifySignature,
} from '../../src/evs-client/signer.js';
import type { PreparedRequest } from '../../src/evs-client/types.js';

const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLESKEY';
const PID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const NOW = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

describe('formatSdkDate / parseSdkDate', () => {
  it('formats in UTC as YYYYMMDDTHHMMSSZ, dropping milliseconds', () => {
    expect(formatSdkDate(NOW)).toBe('20260101T000000Z');
    expect(formatSdkDate(new Date('2026-12-31T23:59:59.999Z'))).toBe('20261231T235959Z');
    expect(formatSdkDate(new Date('2026-03-04T05:06:07+08:00'))).toBe('20260303T210607Z');
    expect(formatSdkDate(new Date(Date.UTC(999, 0, 2, 3, 4, 5)))).toBe('09990102T030405Z');
  });

  it('parses what it formats', () => {
    expect(parseSdkDate('20260101T000000Z')?.getTime()).toBe(NOW.getTime());
    const d = new Date('2027-07-15T13:45:30Z');
    expect(parseSdkDate(formatSdkDate(d))?.toISOString()).toBe(d.toISOString());
  });

  it.each([
    '',
    '20260101T000000',
    '20260101t000000Z',
    '2026-01-01T00:00:00Z',
    '20260230T000000Z',
    '20261301T000000Z',
    '20260101T240000Z',
    '20260101T006000Z',
    ' 20260101T000000Z',
    '20260101T000000Z\n',
  ])('rejects %j', (s) => {
    expect(parseSdkDate(s)).toBeUndefined();
  });
});

describe('percentEncode', () => {
  it('leaves exactly A-Z a-z 0-9 - . _ ~ unescaped among ASCII', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      const expected = /[A-Za-z0-9\-._~]/.test(ch) ? ch : '%' + c.toString(16).toUpperCase().padStart(2, '0');
      expect(percentEncode(ch)).toBe(expected);
    }
  });

  it("escapes space, ~ * + ! ' ( ) the SDK way and encodes UTF-8 bytes", () => {
    expect(percentEncode("a b~c*d+e!f'g(h)")).toBe('a%20b~c%2Ad%2Be%21f%27g%28h%29');
    expect(percentEncode('é中😀')).toBe('%C3%A9%E4%B8%AD%F0%9F%98%80');
  });

  it('refuses a string ending in an unpaired surrogate', () => {
    expect(() => percentEncode('x\ud83d')).toThrow(/surrogate/);
  });
});

describe('canonicalUri', () => {
  it.each([
    ['', '/'],
    ['/', '/'],
    ['/v2', '/v2/'],
    [`/v2/${PID}/cloudvolumes`, `/v2/${PID}/cloudvolumes/`],
    ['/v2/p/volumes/', '/v2/p/volumes/'],
    // Each segment decoded, then encoded exactly once: raw and encoded forms of one value sign the same.
    ['/v2/p/metadata/a%20b', '/v2/p/metadata/a%20b/'],
    ["/v2/p/metadata/a'b(c)", '/v2/p/metadata/a%27b%28c%29/'],
    ['/v2/p/metadata/a%27b%28c%29', '/v2/p/metadata/a%27b%28c%29/'],
    ['/v2/p/metadata/a*b', '/v2/p/metadata/a%2Ab/'],
    ['/v2/p/metadata/a%2ab', '/v2/p/metadata/a%2Ab/'],
    ['/v2/p/metadata/%E6%95%B0%E6%8D%AE', '/v2/p/metadata/%E6%95%B0%E6%8D%AE/'],
    ['/v2/p/metadata/数据', '/v2/p/metadata/%E6%95%B0%E6%8D%AE/'],
    ['/v2/p/metadata/%252A', '/v2/p/metadata/%252A/'],
    ['/v2/p/metadata/100%', '/v2/p/metadata/100%25/'],
    ['/v2/p/metadata/%7e%2D', '/v2/p/metadata/~-/'],
    ['/v2/p/types/a-b.c_d~e', '/v2/p/types/a-b.c_d~e/'],
  ])('%j gives %j', (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });
});

describe('canonicalQueryString', () => {
  it('sorts by key, then repeated keys by value, and writes empty values as key=', () => {
    expect(
      canonicalQueryString([
        ['status', 'in-use'],
        ['limit', '10'],
        ['status', 'available'],
        ['name', ''],
        ['Limit', 'x'],
      ]),
    ).toBe('Limit=x&limit=10&name=&status=available&status=in-use');
  });

  it('encodes keys and values and sorts by the raw (decoded) key', () => {
    // Raw order puts `~` (0x7E) before `é`; the encoded forms would sort the other way.
    expect(
      canonicalQueryString([
        ['tagé', '1'],
        ['tag~', "a b*c+!'()"],
      ]),
    ).toBe('tag~=a%20b%2Ac%2B%21%27%28%29&tag%C3%A9=1');
  });

  it('is empty for no pairs', () => {
    expect(canonicalQueryString([])).toBe('');
  });
});

describe('signature', () => {
  // The HMAC key is kept between calls: a different secret key (another credential, a rotated one) must never
  // sign with the previous one.
  it('uses the secret key of each call when keys alternate', () => {
    const keys = [SK, 'another-secret-key-0123456789', '', '密钥-é', SK];
    for (const sk of [...keys, ...keys.reverse()]) {
      const text = `GET\n/v2/\n\nhost:x\n\nhost\n${sk}`;
      const expected = createHmac('sha256', sk)
        .update(`SDK-HMAC-SHA256\n20260101T000000Z\n${createHash('sha256').update(text).digest('hex')}`)
        .digest('hex');
      expect(signature(sk, '20260101T000000Z', text)).toBe(expected);
    }
  });
});

describe('known-answer vector', () => {
  const body = '{"volume":{"size":10}}';
  const headers = {
    'Content-Type': 'application/json',
    Host: 'evs.example.com:8443',
    'X-Project-Id': PID,
    'X-Sdk-Date': '20260101T000000Z',
  };
  const signedHeaders = ['content-type', 'host', 'x-project-id', 'x-sdk-date'];
  // Written out by hand; the signature was computed independently with `openssl dgst -sha256 -hmac`.
  const expectedCanonical = [
    'POST',
    `/v2/${PID}/cloudvolumes/`,
    'limit=10&name=%E6%95%B0%20x',
    'content-type:application/json',
    'host:evs.example.com:8443',
    `x-project-id:${PID}`,
    'x-sdk-date:20260101T000000Z',
    '',
    'content-type;host;x-project-id;x-sdk-date',
    'b64c2cb20a72d8ce2b4e6dd0229fa2ac3c49e97837fb66494574596d7167b3c5',
  ].join('\n');
  const expectedSignature = '90faa89ede583419f7c72dc14ad95f50aac54310f4cea7f1471e4bdf1b1601c4';

  it('builds the exact canonical request', () => {
    const text = canonicalRequest({
      method: 'POST',
      pathname: `/v2/${PID}/cloudvolumes`,
      query: [
        ['name', '数 x'],
        ['limit', '10'],
      ],
      headers,
      signedHeaders,
      body,
    });
    expect(text).toBe(expectedCanonical);
  });

  it('hashes a Uint8Array body the same as its string', () => {
    const p = { method: 'POST', pathname: '/', query: [], headers, signedHeaders };
    expect(canonicalRequest({ ...p, body: new TextEncoder().encode('数据') })).toBe(
      canonicalRequest({ ...p, body: '数据' }),
    );
  });

  it('uses the empty-body hash when there is no body', () => {
    const text = canonicalRequest({
      method: 'DELETE',
      pathname: '/v2/x',
      query: [],
      headers,
      signedHeaders,
      body: '',
    });
    expect(text.endsWith('\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
  });

  it('signs it to the known signature', () => {
    expect(signature(SK, '20260101T000000Z', expectedCanonical)).toBe(expectedSignature);
  });

  it('signRequest produces the same Authorization for the same request', () => {
    const out = signRequest(
      {
        method: 'POST',
        url: new URL(`https://evs.example.com:8443/v2/${PID}/cloudvolumes?name=%E6%95%B0+x&limit=10`),
        headers: { 'Content-Type': 'application/json' },
        body,
      },
      { ak: 'AK', sk: SK },
      { now: NOW, projectId: PID },
    );
    expect(out['Authorization']).toBe(
      `${SIGNING_ALGORITHM} Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=${expectedSignature}`,
    );
  });
});

describe('signRequest', () => {
  const base: PreparedRequest = {
    method: 'GET',
    url: new URL(`https://evs.example.com/v2/${PID}/cloudvolumes?limit=1`),
    headers: { Accept: 'application/json' },
    body: '',
  };

  it('returns the input headers plus Host, X-Sdk-Date, X-Project-Id, X-Security-Token and Authorization', () => {
    const out = signRequest(base, { ak: 'AK', sk: SK, securityToken: 'tok' }, { now: NOW, projectId: PID });
    expect(out).toMatchObject({
      Accept: 'application/json',
      Host: 'evs.example.com',
      'X-Sdk-Date': '20260101T000000Z',
      'X-Project-Id': PID,
      'X-Security-Token': 'tok',
    });
    expect(parseAuthorization(out['Authorization'] ?? '')?.signedHeaders).toEqual([
      'accept',
      'host',
      'x-project-id',
      'x-sdk-date',
      'x-security-token',
    ]);
  });

  it('omits X-Project-Id and X-Security-Token when not given', () => {
    const out = signRequest(base, { ak: 'AK', sk: SK }, { now: NOW });
    expect(Object.keys(out).sort()).toEqual(['Accept', 'Authorization', 'Host', 'X-Sdk-Date']);
  });

  it('keeps a non-default port in Host and drops a default one', () => {
    const withPort = signRequest(
      { ...base, url: new URL('https://h.example.com:8443/v2') },
      { ak: 'a', sk: 's' },
    );
    const defaultPort = signRequest(
      { ...base, url: new URL('https://h.example.com:443/v2') },
      { ak: 'a', sk: 's' },
    );
    expect(withPort['Host']).toBe('h.example.com:8443');
    expect(defaultPort['Host']).toBe('h.example.com');
  });

  it('replaces a stale Authorization and X-Sdk-Date instead of signing them', () => {
    const first = signRequest(base, { ak: 'AK', sk: SK }, { now: NOW });
    const later = new Date(NOW.getTime() + 60_000);
    const again = signRequest({ ...base, headers: first }, { ak: 'AK', sk: SK }, { now: later });
    expect(again['X-Sdk-Date']).toBe('20260101T000100Z');
    expect(parseAuthorization(again['Authorization'] ?? '')?.signedHeaders).toEqual([
      'accept',
      'host',
      'x-sdk-date',
    ]);
    expect(again).toEqual(signRequest(base, { ak: 'AK', sk: SK }, { now: later }));
  });

  it('refuses a header given twice in different letter case', () => {
    const req = { ...base, headers: { 'content-type': 'a', 'Content-Type': 'b' } };
    expect(() => signRequest(req, { ak: 'AK', sk: SK }, { now: NOW })).toThrow(/twice/);
  });

  it('uses the current time when none is given', () => {
    const before = Date.now() - 1000;
    const out = signRequest(base, { ak: 'AK', sk: SK });
    const at = parseSdkDate(out['X-Sdk-Date'] ?? '')?.getTime() ?? 0;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});

describe('parseAuthorization', () => {
  it('parses the header signRequest writes', () => {
    expect(
      parseAuthorization(
        `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${'ab'.repeat(32)}`,
      ),
    ).toEqual({ access: 'AK1', signedHeaders: ['host', 'x-sdk-date'], signature: 'ab'.repeat(32) });
  });

  it.each([
    '',
    'Bearer abc',
    'SDK-HMAC-SHA256 Access=AK1, Signature=abcd',
    'SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=abcd',
    'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;;x-sdk-date, Signature=abcd',
    'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=xyz',
    'AWS4-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=abcd',
  ])('rejects %j', (h) => {
    expect(parseAuthorization(h)).toBeUndefined();
  });
});

/** What a server sees: the raw path, decoded query pairs, lower-cased headers. */
function asReceived(req: PreparedRequest, headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const auth = parseAuthorization(lower['authorization'] ?? '');
  if (!auth) throw new Error('no Authorization');
  return {
    method: req.method as string,
    pathname: req.url.pathname,
    query: [...req.url.searchParams] as [string, string][],
    headers: lower,
    body: req.body,
    sk: SK,
    signatureHex: auth.signature,
    signedHeaders: auth.signedHeaders,
  };
}

describe('verifySignature', () => {
  const req: PreparedRequest = {
    method: 'POST',
    url: new URL(`https://evs.example.com/v2/${PID}/cloudvolumes/vol-1/action?x=%C3%A9+1`),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ 'os-extend': { new_size: 200 }, note: 'größer' }),
  };
  const received = asReceived(req, signRequest(req, { ak: 'AK', sk: SK }, { now: NOW, projectId: PID }));

  it('accepts a correctly signed request', () => {
    expect(verifySignature(received)).toBe(true);
  });

  it('accepts an upper-case hex signature', () => {
    expect(verifySignature({ ...received, signatureHex: received.signatureHex.toUpperCase() })).toBe(true);
  });

  it.each([
    ['a tampered body', { body: received.body.replace('200', '201') }],
    ['a tampered signed header', { headers: { ...received.headers, 'x-project-id': 'other' } }],
    ['a tampered date', { headers: { ...received.headers, 'x-sdk-date': '20260101T000001Z' } }],
    [
      'a tampered signature',
      { signatureHex: received.signatureHex.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
    ],
    ['a truncated signature', { signatureHex: received.signatureHex.slice(0, 63) }],
    ['a non-hex signature', { signatureHex: 'z'.repeat(64) }],
    ['a wrong SK', { sk: SK + 'x' }],
    ['a tampered path', { pathname: received.pathname.replace('vol-1', 'vol-2') }],
    ['a tampered query', { query: [['x', 'é 2']] as [string, string][] }],
    ['a different method', { method: 'PUT' }],
    ['a signed header that is missing', { headers: { ...received.headers, 'x-project-id': undefined } }],
    [
      'a dropped signed header name',
      { signedHeaders: received.signedHeaders.filter((h) => h !== 'x-project-id') },
    ],
    ['no signed headers', { signedHeaders: [] }],
  ])('rejects %s', (_label, change) => {
    const tampered = { ...received, ...change } as typeof received;
    tampered.headers = Object.fromEntries(
      Object.entries(tampered.headers).filter(([, v]) => v !== undefined),
    );
    expect(verifySignature(tampered)).toBe(false);
  });
});

describe('over real HTTP on loopback', () => {
  let server: Server;
  let origin: string;
  const seen: { verified: boolean; host: string | undefined }[] = [];

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const raw = req.url ?? '/';
        const q = raw.indexOf('?');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        const auth = parseAuthorization(headers['authorization'] ?? '');
        const verified =
          auth !== undefined &&
          verifySignature({
            method: req.method ?? '',
            pathname: q < 0 ? raw : raw.slice(0, q),
            query: q < 0 ? [] : [...new URLSearchParams(raw.slice(q + 1))],
            headers,
            body,
            sk: SK,
            signatureHex: auth.signature,
            signedHeaders: auth.signedHeaders,
          });
        seen.push({ verified, host: headers['host'] });
        res.writeHead(verified ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a signed request as sent by undici verifies on the receiving side', async () => {
    const url = new URL(`${origin}/v2/${PID}/volumes/vol-1/metadata/${percentEncode('my key/é')}`);
    url.searchParams.append('name', 'a b+c~é');
    url.searchParams.append('name', '');
    const prepared: PreparedRequest = {
      method: 'PUT',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meta: { 'my key/é': '值 😀' } }),
    };
    const headers = signRequest(prepared, { ak: 'AK', sk: SK, securityToken: 'tok' }, { projectId: PID });
    const res = await request(url, { method: prepared.method, headers, body: prepared.body });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(seen.at(-1)).toEqual({ verified: true, host: url.host });
  });

  it('the same request with a changed body is refused on the receiving side', async () => {
    const url = new URL(`${origin}/v2/${PID}/cloudvolumes`);
    const prepared: PreparedRequest = { method: 'POST', url, headers: {}, body: '{"a":1}' };
    const headers = signRequest(prepared, { ak: 'AK', sk: SK });
    const res = await request(url, { method: 'POST', headers, body: '{"a":2}' });
    await res.body.dump();
    expect(res.statusCode).toBe(401);
  });
});
