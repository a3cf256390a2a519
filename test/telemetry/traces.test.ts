// OpenTelemetry traces of the built server, exported over OTLP/HTTP (JSON) to a loopback receiver: one
// confirmed delete with a wait, its span tree (call, declared reads, the EVS requests, each poll), the W3C
// context the client sent in _meta, the EVS request id, and no secret anywhere in what was exported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_DISK, LIST_DISKS, startSession, structured, type Session } from './session.js';
import { attrs, startReceiver, type OtlpSpan, type Receiver } from './otlp-receiver.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const HEADER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CONFIRM_SECRET = 'replica-shared-secret-0123456789';

let rx: Receiver;
let s: Session;
let diskId = '';
let token = '';
let call: OtlpSpan;
let spans: OtlpSpan[];

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  beforeAll(async () => {
    rx = await startReceiver();
    s = await startSession({
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'evs-mcp-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      EVS_MCP_AUDIT_LOG: '-',
    });
    const disks = structured(await s.call(LIST_DISKS, { limit: 50 })).volumes as {
      id: string;
      name: string;
    }[];
    diskId = disks.find((d) => d.name === 'demo-archive-01')!.id;
    // Asked with the context in the HTTP header; confirmed with it in _meta.
    const asked = structured(
      await s.call(DELETE_DISK, { volume_id: diskId }, undefined, {
        traceparent: `00-${HEADER_TRACE}-${PARENT}-01`,
      }),
    );
    token = String(asked.confirm_token);
    const done = await s.call(
      DELETE_DISK,
      { volume_id: diskId, wait: true, confirm_token: token },
      { traceparent: `00-${TRACE}-${PARENT}-01` },
    );
    expect(done.isError).toBeFalsy();
    expect((structured(done).wait as { settled: boolean }).settled).toBe(true);
    // Hang guard only: the batch processor exports within its delay once the call's span ends.
    for (let i = 0; i < 300; i++) {
      const found = rx.spans().find((x) => x.traceId === TRACE && x.name === `tools/call ${DELETE_DISK}`);
      const polls = rx.spans().filter((x) => x.traceId === TRACE && x.name === 'evs.wait.poll');
      if (found && polls.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    spans = rx.spans().filter((x) => x.traceId === TRACE);
    call = spans.find((x) => x.name === `tools/call ${DELETE_DISK}`)!;
    expect(call).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  it('continues the trace the client sent in _meta, one span for the call', () => {
    expect(call.parentSpanId).toBe(PARENT);
    expect(call.kind).toBe(2); // SERVER
    expect(attrs(call)).toMatchObject({
      'gen_ai.tool.name': DELETE_DISK,
      'evs.outcome': 'ok',
      'mcp.method.name': 'tools/call',
    });
    expect(spans.filter((x) => x.name.startsWith('tools/call'))).toHaveLength(1);
    expect(rx.resourceAttributes().every((r) => r['service.name'] === 'evs-mcp-under-test')).toBe(true);
    // The header's context carried the call that asked for confirmation, as an event on its span.
    const askedCall = rx.spans().find((x) => x.traceId === HEADER_TRACE && x.name.startsWith('tools/call'))!;
    expect(askedCall.parentSpanId).toBe(PARENT);
    expect(askedCall.events?.map((e) => e.name)).toContain('evs.confirmation.asked');
  });

  it('records the confirmation as an event on the call span', () => {
    const ev = call.events?.find((e) => e.name === 'evs.confirmation');
    expect(ev && attrs(ev)).toEqual({ 'evs.confirmation.by': 'token' });
  });

  it('hangs the declared reads, the DELETE and each poll from the call, each EVS request under its step', () => {
    const children = spans.filter((x) => x.parentSpanId === call.spanId);
    const reads = children.filter((x) => x.name.startsWith('evs.read '));
    const polls = children.filter((x) => x.name === 'evs.wait.poll');
    const deletes = children.filter((x) => attrs(x)['http.request.method'] === 'DELETE');
    expect(reads.map((r) => attrs(r)['evs.read'])).toContain('disk');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(deletes).toHaveLength(1);
    expect(children).toHaveLength(reads.length + polls.length + deletes.length);
    for (const step of [...reads, ...polls]) {
      const requests = spans.filter((x) => x.parentSpanId === step.spanId);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.kind).toBe(3); // CLIENT
      expect(attrs(requests[0]!)['http.request.method']).toBe('GET');
    }
    // DeleteVolume is a job: each poll reads the job, and the last one finds it done (200).
    const pollRequests = polls.map((p) => spans.find((x) => x.parentSpanId === p.spanId)!);
    for (const r of pollRequests) expect(attrs(r)['evs.operation']).toBe('ShowJob');
    expect(attrs(pollRequests.at(-1)!)['http.response.status_code']).toBe(200);
  });

  it('names the EVS request id on the DELETE span, the one the sandbox logged and the audit line carries', () => {
    const del = spans.find((x) => attrs(x)['http.request.method'] === 'DELETE')!;
    const a = attrs(del);
    expect(a).toMatchObject({
      'evs.operation': 'DeleteVolume',
      'http.response.status_code': 200,
      'http.request.resend_count': 0,
    });
    const id = String(a['evs.request_id']);
    const logged = s.sandbox.requestLog.entries().filter((e) => e.method === 'DELETE');
    expect(logged.map((e) => e.requestId)).toEqual([id]);
    const audit = s.replica
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"msg":"audit"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = audit.find((l) => l.verdict === 'allowed')!;
    expect(line).toMatchObject({ tool: DELETE_DISK, request_id: id, trace_id: TRACE });
    expect(audit.find((l) => l.verdict === 'confirmation_required')).toMatchObject({
      trace_id: HEADER_TRACE,
    });
  });

  it('exports no secret, token or argument value', () => {
    const all = rx.raw.join('\n');
    const p = s.sandbox.projects[0]!;
    for (const secret of [p.ak, p.sk, p.password, CONFIRM_SECRET, token, diskId]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/authorization|x-auth-token|x-security-token|auth_key|bearer/i);
  });
});
