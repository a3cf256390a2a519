import { describe, expect, it } from 'vitest';
import documented from '../fixtures/documented-operations.json' with { type: 'json' };
import sdk from '../fixtures/sdk-operations.json' with { type: 'json' };
import { listTools } from '../helpers/list-server.js';

describe('coverage of the API Reference', async () => {
  const tools = await listTools();

  it.each(documented.map((d) => [d.section, d] as const))(
    'section %s has a tool with the documented method and path',
    (_s, d) => {
      const matches = tools.filter((t) => t._meta?.['evs/section'] === d.section);
      expect(matches.length, `no tool for ${d.section} ${d.title}`).toBeGreaterThan(0);
      for (const t of matches) {
        expect(t._meta?.['evs/method']).toBe(d.method);
        expect(t._meta?.['evs/path']).toBe(d.path);
        if (d.action) expect(t._meta?.['evs/action']).toBe(d.action);
      }
    },
  );

  it('has no tool that claims an undocumented section', () => {
    const sections = new Set(documented.map((d) => d.section));
    // Operations newer than the 2022 reference carry their official SDK operation name as section.
    const current = new Set(sdk.operations.map((o) => o.operation));
    const claims = (t: (typeof tools)[number]) => {
      const section = String(t._meta?.['evs/section']);
      // A batch of a current operation claims its single tool's section: that tool calls it, on the same path.
      const single = tools.find(
        (o) => o._meta?.['evs/operation'] === section && o._meta?.['evs/path'] === t._meta?.['evs/path'],
      );
      return (
        sections.has(section) ||
        (current.has(section) && (t._meta?.['evs/operation'] === section || !!single))
      );
    };
    expect(tools.filter((t) => !claims(t)).map((t) => t.name)).toEqual([]);
  });

  it('sets every annotation hint deliberately and gives every tool a title', () => {
    for (const t of tools) {
      const a = t.annotations ?? {};
      expect(typeof a.title, t.name).toBe('string');
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof a[hint], `${t.name}.${hint}`).toBe('boolean');
      }
      if (a.readOnlyHint) expect(a.destructiveHint, t.name).toBe(false);
    }
  });

  it('never takes project_id as an argument, and bounds every integer', () => {
    const walk = (schema: unknown, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.type === 'integer') {
        expect(s.minimum ?? s.exclusiveMinimum, `${where} min`).toBeDefined();
        expect(s.maximum ?? s.exclusiveMaximum, `${where} max`).toBeDefined();
      }
      for (const [k, v] of Object.entries(s)) walk(v, `${where}.${k}`);
    };
    for (const t of tools) {
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).not.toContain('project_id');
      walk(t.inputSchema, t.name);
    }
  });

  it('names are unique, and deprecated tools say what replaces them', () => {
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const t of tools.filter((x) => x._meta?.['evs/deprecated'])) {
      const by = String(t._meta?.['evs/replacedBy']);
      expect(t.description, t.name).toMatch(/deprecated/i);
      expect(t.description, t.name).toContain(by.split(' ')[0]);
    }
  });

  it('every cinder and legacy tool names, in its description, the tool that replaces it', () => {
    const twins = tools.filter((t) => ['cinder', 'legacy'].includes(String(t._meta?.['evs/toolset'])));
    expect(twins.length).toBeGreaterThan(20);
    for (const t of twins) {
      const by = t._meta?.['evs/replacedBy'];
      expect(typeof by, t.name).toBe('string');
      expect(t.description, t.name).toContain(String(by).split(' ')[0]);
    }
    // And no default-surface tool points elsewhere.
    for (const t of tools.filter((x) => !['cinder', 'legacy'].includes(String(x._meta?.['evs/toolset']))))
      expect(t._meta?.['evs/replacedBy'], t.name).toBeUndefined();
  });
});
