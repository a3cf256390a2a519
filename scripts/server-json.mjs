// Rewrites server.json's environment variables from the settings list (src/config/settings.ts), so the
// MCP registry manifest never drifts from the settings. Run after `npm run build`: node scripts/server-json.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { SETTINGS } from '../dist/config/settings.js';

const file = new URL('../server.json', import.meta.url);
const server = JSON.parse(readFileSync(file, 'utf8'));
const pkg = server.packages[0];
const before = new Map(pkg.environmentVariables.map((v) => [v.name, v]));
const FORMAT = { boolean: 'boolean', integer: 'number' };
pkg.environmentVariables = SETTINGS.map((d) => {
  const old = before.get(d.env) ?? {};
  return {
    name: d.env,
    description: d.help,
    ...(d.kind === 'secret' ? { isSecret: true } : {}),
    ...(FORMAT[d.kind] ? { format: FORMAT[d.kind] } : {}),
    // A default chosen for the registry entry (e.g. read-only) is kept.
    ...(old.default !== undefined ? { default: old.default } : {}),
  };
});
writeFileSync(file, `${JSON.stringify(server, null, 2)}\n`);
