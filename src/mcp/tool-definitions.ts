// The tools/list entries, precomputed by the build (scripts/postbuild.mjs writes tool-definitions.json next to
// the compiled module, scripts/bundle.mjs copies it beside the bundled CLI): converting every record's zod
// schemas to JSON Schema was a tenth of start-up CPU, and clients spawn a server per session. Run from the
// sources (tests), or without the file, they are computed.
import { readFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';
import { toolDefinition } from './tool-list.js';

export const DEFINITIONS_FILE = 'tool-definitions.json';

let precomputed: ReadonlyMap<string, Tool> | undefined;

function load(): ReadonlyMap<string, Tool> {
  if (precomputed) return precomputed;
  try {
    const file = new URL(`./${DEFINITIONS_FILE}`, import.meta.url);
    const tools = JSON.parse(readFileSync(file, 'utf8')) as Tool[];
    precomputed = new Map(tools.map((t) => [t.name, t]));
  } catch {
    precomputed = new Map();
  }
  return precomputed;
}

/** The listing of one record: the build's copy when there is one, else converted now. */
export function definitionOf(spec: OperationSpec): Tool {
  return load().get(spec.tool) ?? toolDefinition(spec);
}
