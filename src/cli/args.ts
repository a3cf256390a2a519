// Command-line parsing with node's parseArgs; the setting flags come from the settings table.
import { parseArgs } from 'node:util';
import { SETTINGS, type SettingDef } from '../config/settings.js';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

export const COMMAND_FLAGS: Record<string, OptionSpec & { help: string }> = {
  sandbox: { type: 'boolean', help: 'Start the embedded EVS sandbox in-process and serve against it.' },
  state: {
    type: 'string',
    help: 'With --sandbox: state file, loaded at start and saved after every change, so the sandbox survives restarts.',
  },
  'list-tools': {
    type: 'boolean',
    help: 'Print the tools the current settings produce, with their size, and exit.',
  },
  json: { type: 'boolean', help: 'With --list-tools: print JSON.' },
  'conformance-fixtures': {
    type: 'boolean',
    help: "With --transport http: also serve the MCP conformance suite's test_* fixtures (testing only).",
  },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
  version: { type: 'boolean', short: 'v', help: 'Print the version.' },
};

export const SANDBOX_FLAGS: Record<string, OptionSpec & { help: string }> = {
  port: { type: 'string', help: 'Port to listen on (default: random).' },
  host: { type: 'string', help: 'Loopback address to bind (default 127.0.0.1).' },
  state: { type: 'string', help: 'State file: saved after every change, loaded at start.' },
  fault: {
    type: 'string',
    multiple: true,
    help: 'Fault rule, e.g. "POST /v2/*/volumes status=503 rate=0.5".',
  },
  'no-seed': { type: 'boolean', help: 'Start without the demo disks and snapshots.' },
  region: { type: 'string', help: 'Region name of the sandbox (default sandbox-1).' },
  json: {
    type: 'boolean',
    help: 'Print the endpoint and credentials as one JSON line instead of export lines.',
  },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

export const DOCTOR_FLAGS: Record<string, OptionSpec & { help: string }> = {
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

function settingFlags(): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  for (const def of SETTINGS as readonly SettingDef[]) {
    if (def.flag) out[def.flag] = { type: def.kind === 'boolean' ? 'boolean' : 'string' };
  }
  return out;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export type Parsed =
  | { command: 'serve'; values: Record<string, string | boolean | undefined> }
  | { command: 'sandbox'; values: Record<string, string | boolean | string[] | undefined> }
  | { command: 'doctor'; values: Record<string, string | boolean | undefined> };

export function parseCommandLine(argv: readonly string[]): Parsed {
  try {
    if (argv[0] === 'sandbox') {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: SANDBOX_FLAGS,
        strict: true,
        allowPositionals: false,
      });
      return {
        command: 'sandbox',
        values: values as Record<string, string | boolean | string[] | undefined>,
      };
    }
    if (argv[0] === 'doctor') {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: { ...settingFlags(), ...DOCTOR_FLAGS },
        strict: true,
        allowPositionals: false,
      });
      return { command: 'doctor', values: values as Record<string, string | boolean | undefined> };
    }
    const { values } = parseArgs({
      args: [...argv],
      options: { ...settingFlags(), ...COMMAND_FLAGS },
      strict: true,
      allowPositionals: false,
    });
    return { command: 'serve', values: values as Record<string, string | boolean | undefined> };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
