import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvsHttpClient } from '../../src/evs-client/client.js';
import { AkSkAuth, IamPasswordAuth, StaticTokenAuth } from '../../src/evs-client/credentials/index.js';
import {
  EvsError,
  MAY_HAVE_HAPPENED,
  apiError,
  lookupHint,
  parseErrorBody,
} from '../../src/evs-client/errors.js';
import { PINO_REDACT, REDACT_PATHS, scrub } from '../../src/evs-client/redact.js';
import type { ApiRequest, AuthProvider } from '../../src/evs-client/types.js';
import { LoopbackServer, captureLogs, testLogger } from '../helpers/loopback-server.js';

const EVS_1046_MESSAGE =
  'volume status must be available, error, error_extending, error_restoring, error_rollbacking when delete volume!';

describe('parseErrorBody', () => {
  it.each([
    ['{"error":{"code":"EVS.1046","message":"m1"}}', { code: 'EVS.1046', message: 'm1' }],
    ['{"error_code":"EVS.1046","error_msg":"m2"}', { code: 'EVS.1046', message: 'm2' }],
    ['{"code":"EVS.5400","message":"m3"}', { code: 'EVS.5400', message: 'm3' }],
    ['{"badRequest":{"message":"m4","code":"EVS.1002"}}', { code: 'EVS.1002', message: 'm4' }],
    ['{"badrequest":{"message":"m4b","code":"XXX"}}', { code: 'XXX', message: 'm4b' }],
    ['{"itemNotFound":{"message":"m5","code":404}}', { message: 'm5' }],
    ['{"computeFault":{"message":"m6","code":500}}', { message: 'm6' }],
    ['{"forbidden":{"message":"m7","code":"EVS.5403"}}', { code: 'EVS.5403', message: 'm7' }],
    ['{"overLimit":{"message":"m8","code":413,"retryAfter":"0"}}', { message: 'm8' }],
    ['{"error":"plain string"}', { message: 'plain string' }],
    ['', {}],
    ['   ', {}],
    ['not json at all', { message: 'not json at all' }],
    ['[1,2]', { message: '[1,2]' }],
  ])('reads %s', (body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });

  it('turns an HTML page into its first 200 characters of text', () => {
    const html = `<html><head><title>502 Bad Gateway</title><style>b{}</style></head><body><h1>Bad Gateway</h1><p>${'x'.repeat(400)}</p></body></html>`;
    const { message } = parseErrorBody(html);
    expect(message?.startsWith('502 Bad Gateway Bad Gateway x')).toBe(true);
    expect(message).not.toContain('<');
    expect(message?.length).toBeLessThanOrEqual(201);
  });
});

describe('lookupHint', () => {
  it('finds the A.1 solution by code, also written with a space as in the reference', () => {
    expect(lookupHint('EVS.1015')).toBe(
      'Ensure that the new disk capacity is larger than the original disk capacity.',
    );
    expect(lookupHint('EVS. 1015')).toBe(lookupHint('EVS.1015'));
  });

  it('fills in the blank support contact of the reference with the description', () => {
    expect(lookupHint('EVS.1046')).toBe(
      'Failed to delete the disk because the disk status is incorrect. Contact technical support with the request id.',
    );
  });

  it('picks the row matching the message when a code has several', () => {
    expect(lookupHint('EVS.5400', 'limit param must be an integer.')).toBe(
      'Set the value of parameter limit to an integer.',
    );
    expect(lookupHint('EVS.5400', 'Malformed request url.')).toMatch(/request URL/);
  });

  it('finds the solution by message when the body has no code', () => {
    expect(lookupHint(undefined, 'invalid volume id!')).toBe('Enter the disk ID in the correct format.');
    expect(lookupHint(undefined, 'nothing documented')).toBeUndefined();
    expect(lookupHint('EVS.9999')).toBeUndefined();
  });
});

describe('apiError', () => {
  it('puts code, message, request id and the next step into one readable message', () => {
    const err = apiError({
      status: 400,
      bodyText: JSON.stringify({ error: { code: 'EVS.1046', message: EVS_1046_MESSAGE } }),
      requestId: 'req-1',
    });
    expect(err.kind).toBe('api');
    expect(err.message).toContain('EVS.1046 HTTP 400');
    expect(err.message).toContain(EVS_1046_MESSAGE);
    expect(err.message).toContain('Next: Failed to delete the disk');
    expect(err.message).toContain('(request id req-1)');
    expect(err.toJSON()).toEqual({
      kind: 'api',
      status: 400,
      code: 'EVS.1046',
      message: EVS_1046_MESSAGE,
      hint: lookupHint('EVS.1046'),
      requestId: 'req-1',
    });
  });

  it('falls back to the status text and a status hint for an empty body', () => {
    const err = apiError({ status: 404, statusText: 'Not Found', bodyText: '' });
    expect(err.detail).toBe('Not Found');
    expect(err.hint).toMatch(/Check that the id is correct/);
    expect(apiError({ status: 418, bodyText: '' }).detail).toBe('HTTP 418');
  });
});

describe('error normalisation over HTTP', () => {
  let server: LoopbackServer;
  let client: EvsHttpClient;

  beforeEach(async () => {
    server = await LoopbackServer.start();
    const { logger } = await testLogger();
    client = new EvsHttpClient({
      endpoint: server.url,
      projectId: 'p1',
      auth: new StaticTokenAuth({ token: 'tok-errors-0001' }),
      logger,
      retry: { maxAttempts: 1 },
    });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  async function failWith(
    response: { status: number; body?: unknown; headers?: Record<string, string> },
    req: Partial<ApiRequest> = {},
  ): Promise<EvsError> {
    server.on('DELETE', '/v2/p1/cloudvolumes/v1', response);
    const err = await client
      .request({ method: 'DELETE', path: '/v2/p1/cloudvolumes/v1', ...req })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvsError);
    return err as EvsError;
  }

  it.each([
    ['error wrapper', { error: { code: 'EVS.1046', message: EVS_1046_MESSAGE } }],
    ['error_code/error_msg', { error_code: 'EVS.1046', error_msg: EVS_1046_MESSAGE }],
    ['code/message', { code: 'EVS.1046', message: EVS_1046_MESSAGE }],
    ['badRequest wrapper', { badRequest: { message: EVS_1046_MESSAGE, code: 'EVS.1046' } }],
  ])('reads the %s shape with code, message, request id and the A.1 hint', async (_name, body) => {
    const err = await failWith({ status: 400, body, headers: { 'X-Request-Id': 'rq-46' } });
    expect(err).toMatchObject({
      kind: 'api',
      status: 400,
      code: 'EVS.1046',
      detail: EVS_1046_MESSAGE,
      requestId: 'rq-46',
    });
    expect(err.hint).toBe(lookupHint('EVS.1046'));
    expect(err.message).toContain('Contact technical support');
  });

  it('reads an itemNotFound body and the X-Openstack-Request-Id', async () => {
    const err = await failWith({
      status: 404,
      body: { itemNotFound: { message: 'Volume v1 could not be found.', code: 404 } },
      headers: { 'x-openstack-request-id': 'req-os-1' },
    });
    expect(err).toMatchObject({
      status: 404,
      detail: 'Volume v1 could not be found.',
      requestId: 'req-os-1',
    });
    expect(err.code).toBeUndefined();
    expect(err.message).toMatch(/Check that the id is correct/);
  });

  it('finds the hint by message for a computeFault body without a symbolic code', async () => {
    const err = await failWith({
      status: 500,
      body: { computeFault: { message: 'internal error!', code: 500 } },
    });
    expect(err.hint).toContain(lookupHint('EVS.2002'));
    // A DELETE that failed with a 5xx may still have been carried out.
    expect(err.hint).toContain(MAY_HAVE_HAPPENED);
  });

  it('carries the needed IAM actions on a 403', async () => {
    const err = await failWith(
      { status: 403, body: { forbidden: { message: 'Policy check failed.', code: 'EVS.5403' } } },
      { operation: { section: '7.1.5', iamActions: ['evs:volumes:delete'] } },
    );
    expect(err).toMatchObject({
      kind: 'api',
      status: 403,
      code: 'EVS.5403',
      iamActions: ['evs:volumes:delete'],
    });
    expect(err.hint).toContain('Add the permission and try again.');
    expect(err.hint).toContain('evs:volumes:delete');
    expect(err.toJSON()).toMatchObject({ iamActions: ['evs:volumes:delete'], section: '7.1.5' });
  });

  it('does not attach IAM actions to other statuses', async () => {
    const err = await failWith(
      { status: 400, body: { error: { code: 'EVS.1002', message: 'invalid volume id!' } } },
      { operation: { section: '7.1.5', iamActions: ['evs:volumes:delete'] } },
    );
    expect(err.iamActions).toBeUndefined();
  });

  it('uses the status text for an empty body', async () => {
    const err = await failWith({ status: 500 });
    expect(err).toMatchObject({ kind: 'api', status: 500, detail: 'Internal Server Error' });
    expect(err.message).toMatch(/try again later/);
  });

  it('uses the page text for an HTML body', async () => {
    const err = await failWith({
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>',
      headers: { 'Content-Type': 'text/html' },
    });
    expect(err.detail).toBe('502 Bad Gateway nginx');
  });

  it('reads an overLimit body and its Retry-After', async () => {
    const err = await failWith({
      status: 413,
      body: { overLimit: { message: 'This request was rate-limited.', code: 413 } },
      headers: { 'Retry-After': '30' },
    });
    expect(err).toMatchObject({ detail: 'This request was rate-limited.', retryAfterMs: 30_000 });
  });
});

describe('secrets stay out of errors and logs', () => {
  const SK = 'SK-super-secret-1234567890';
  const AK = 'AKIDSECRETACCESSKEY1';
  const TOKEN = 'security-token-super-secret-xyz';
  const PASSWORD = 'hunter2-password-secret';
  const AUTH_KEY = 'transfer-auth-key-secret-42';

  let server: LoopbackServer;
  let iam: LoopbackServer;

  beforeEach(async () => {
    server = await LoopbackServer.start();
    iam = await LoopbackServer.start();
  });

  afterEach(async () => {
    await server.close();
    await iam.close();
  });

  /** An error body that echoes the caller's secrets back, as a careless gateway might. */
  function echo(secrets: string[]): unknown {
    return { error: { code: 'EVS.9999', message: `bad request ${secrets.join(' ')} auth_key=${AUTH_KEY}` } };
  }

  /** Runs a success and a failing transfer accept; returns every text a person or a log could see. */
  async function exercise(auth: AuthProvider, held: string[]): Promise<string> {
    const { logger, logs } = await testLogger();
    const client = new EvsHttpClient({
      endpoint: server.url,
      projectId: 'p1',
      auth,
      logger,
      retry: { maxAttempts: 1 },
    });
    server.on('POST', '/v3/p1/os-volume-transfer/t1/accept', {
      status: 400,
      body: echo([...held, AUTH_KEY]),
    });
    server.on('GET', '/v2/p1/volumes', { status: 200, body: { ok: true } });
    await client.request({ method: 'GET', path: '/v2/p1/volumes' });
    const err = (await client
      .request({
        method: 'POST',
        path: '/v3/p1/os-volume-transfer/t1/accept',
        body: { accept: { auth_key: AUTH_KEY } },
      })
      .catch((e: unknown) => e)) as EvsError;
    expect(err).toBeInstanceOf(EvsError);
    expect(err.message).toContain('[REDACTED]');
    // The request did carry the secrets: it is the echo that must not come back out.
    expect(server.requests.some((r) => r.body.includes(AUTH_KEY))).toBe(true);
    logger.info(
      { err: err.toJSON(), headers: server.requests[0]?.headers, body: { accept: { auth_key: AUTH_KEY } } },
      'x',
    );
    await client.close();
    const seen = [err.message, err.detail, JSON.stringify(err), String(err.stack), logs.text()].join('\n');
    for (const secret of [...held, AUTH_KEY]) expect(seen).not.toContain(secret);
    return seen;
  }

  it('with AK/SK and a security token', async () => {
    const auth = new AkSkAuth({ ak: AK, sk: SK, securityToken: TOKEN });
    await exercise(auth, [SK, AK, TOKEN]);
    expect(server.requests[0]?.headers['x-security-token']).toBe(TOKEN);
  });

  it('with a static token', async () => {
    await exercise(new StaticTokenAuth({ token: TOKEN }), [TOKEN]);
    expect(server.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
  });

  it('with an IAM password', async () => {
    iam.on('POST', '/v3/auth/tokens', {
      status: 201,
      headers: { 'X-Subject-Token': TOKEN },
      body: { token: { expires_at: new Date(Date.now() + 3600_000).toISOString() } },
    });
    const { logger, logs } = await testLogger();
    const auth = new IamPasswordAuth({
      iamEndpoint: iam.url,
      user: 'alice',
      password: PASSWORD,
      domain: 'acme',
      projectName: 'r1',
      httpTimeoutMs: 5000,
      logger,
    });
    await exercise(auth, [PASSWORD, TOKEN]);
    await auth.close();
    expect(iam.requests[0]?.body).toContain(PASSWORD);
    expect(logs.text()).toContain('iam token obtained');
    expect(logs.text()).not.toContain(PASSWORD);
    expect(logs.text()).not.toContain(TOKEN);
  });
});

describe('redaction helpers', () => {
  it('scrubs known secrets, their encoded forms and keyed secret values from text', () => {
    const text = scrub(
      'sk=abc%2Fdef/ghi token abc/def "auth_key": "k-123" X-Auth-Token: tkn.123, Authorization: SDK-HMAC-SHA256 Access=AK, Signature=00',
      ['abc/def', 'x'],
    );
    expect(text).not.toContain('abc/def');
    expect(text).not.toContain('abc%2Fdef');
    expect(text).not.toContain('k-123');
    expect(text).not.toContain('tkn.123');
    expect(text).not.toContain('Signature=00');
    expect(text).toContain('"auth_key": "[REDACTED]"');
  });

  it('gives pino paths that redact secrets at any depth it supports', () => {
    expect(REDACT_PATHS).toEqual(
      expect.arrayContaining(['auth_key', '*.auth_key', '*.*.auth_key', '["x-auth-token"]']),
    );
    const logs = captureLogs();
    const logger = pino(
      { redact: { paths: [...PINO_REDACT.paths], censor: PINO_REDACT.censor } },
      logs.stream,
    );
    logger.info(
      {
        password: 'p-1',
        config: { sk: 's-1', ak: 'a-1', securityToken: 't-1' },
        req: { headers: { authorization: 'h-1', 'x-auth-token': 'h-2', 'X-Security-Token': 'h-3' } },
        body: { accept: { auth_key: 'k-1' } },
        res: { headers: { 'x-subject-token': 'h-4' } },
        token: 't-2',
      },
      'everything',
    );
    const out = logs.text();
    for (const secret of ['p-1', 's-1', 'a-1', 't-1', 'h-1', 'h-2', 'h-3', 'k-1', 'h-4', 't-2']) {
      expect(out).not.toContain(`"${secret}"`);
    }
    expect(out).toContain('[REDACTED]');
  });
});
