// server.json (the MCP registry's manifest) agrees with package.json and the settings table, and keeps to
// the registry's documented server.json rules (schema 2025-12-11).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SETTINGS, type SettingDef } from '../../src/config/settings.js';
import { SERVER_TITLE } from '../../src/mcp/server-identity.js';

const read = (f: string) =>
  JSON.parse(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const pkg = read('package.json') as {
  name: string;
  version: string;
  mcpName: string;
  homepage: string;
  repository: { url: string };
  main: string;
  exports: Record<string, unknown>;
  scripts: Record<string, string>;
  files: string[];
};
const server = read('server.json');

/** The registry's rules for the fields used here, as documented in its server.json schema. */
const version = z
  .string()
  .max(255)
  .refine((v) => v !== 'latest' && !/^[\^~<>=]|\.x$|\*/.test(v), 'a specific version, not a range');
const registrySchema = z
  .object({
    $schema: z.literal('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json'),
    name: z
      .string()
      .min(3)
      .max(200)
      .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
    title: z.string().min(1).max(100).optional(),
    description: z.string().min(1).max(100),
    version,
    websiteUrl: z.string().url().optional(),
    repository: z.object({ url: z.string().url(), source: z.string() }).optional(),
    icons: z
      .array(
        z.object({
          src: z.string().url().startsWith('https://').max(255),
          mimeType: z
            .enum(['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/webp'])
            .optional(),
          sizes: z.array(z.string().regex(/^(\d+x\d+|any)$/)).optional(),
        }),
      )
      .optional(),
    packages: z.array(
      z
        .object({
          registryType: z.string(),
          registryBaseUrl: z.string().url().optional(),
          identifier: z.string(),
          version,
          runtimeHint: z.string().optional(),
          transport: z.object({ type: z.enum(['stdio', 'streamable-http', 'sse']) }),
          environmentVariables: z.array(
            z
              .object({
                name: z.string(),
                description: z.string().optional(),
                isRequired: z.boolean().optional(),
                isSecret: z.boolean().optional(),
                format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
                default: z.string().optional(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

describe('server.json', () => {
  it('keeps to the registry schema', () => {
    expect(() => registrySchema.parse(server)).not.toThrow();
  });

  it('agrees with package.json: name is mcpName, versions, identifier, links', () => {
    const s = registrySchema.parse(server);
    expect(s.name).toBe(pkg.mcpName);
    expect(s.version).toBe(pkg.version);
    expect(s.title).toBe(SERVER_TITLE);
    expect(s.websiteUrl).toBe(pkg.homepage);
    expect(pkg.repository.url).toBe(`git+${s.repository!.url}.git`);
    expect(pkg.homepage.startsWith(s.repository!.url)).toBe(true);
    expect(s.packages).toHaveLength(1);
    expect(s.packages[0]).toMatchObject({ registryType: 'npm', identifier: pkg.name, version: pkg.version });
    expect(s.icons?.[0]?.src).toBe(`https://raw.githubusercontent.com/evs-mcp/evs-mcp/main/assets/icon.svg`);
    expect(s.name).toBe('io.github.evs-mcp/evs-mcp');
  });

  it('lists every setting by its variable, with its meaning, secrets marked', () => {
    const vars = registrySchema.parse(server).packages[0]!.environmentVariables;
    const defs = SETTINGS as readonly SettingDef[];
    expect(vars.map((v) => v.name)).toEqual(defs.map((d) => d.env));
    for (const d of defs) {
      const v = vars.find((x) => x.name === d.env)!;
      expect(v.description).toBe(d.help);
      expect(Boolean(v.isSecret)).toBe(d.kind === 'secret');
    }
  });
});

describe('package.json', () => {
  it('can be published: prepack builds, the entry and the licence ship', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.main).toBe('dist/index.js');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    for (const f of ['dist', 'assets', 'LICENSE', 'server.json', 'mcp.json']) expect(pkg.files).toContain(f);
    expect(readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8')).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
  });
});
