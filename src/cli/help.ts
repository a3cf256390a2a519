// `--help` text, derived from the settings table and the command flags.
import { SETTINGS, type SettingDef } from '../config/settings.js';
import { PACKAGE } from '../package-info.js';
import { TOOLSET_METADATA } from '../evs/toolsets.js';
import { COMMAND_FLAGS, SANDBOX_FLAGS } from './args.js';

function flagLines(flags: Record<string, { type: string; help: string; short?: string }>): string[] {
  return Object.entries(flags).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${name}${f.type === 'string' ? ' <value>' : ''}`;
    return `  ${left.padEnd(30)} ${f.help}`;
  });
}

export function mainHelp(): string {
  const settings = (SETTINGS as readonly SettingDef[]).map((d) => {
    const left = d.flag ? `--${d.flag}${d.kind === 'boolean' ? '' : ' <value>'}` : '(env only)';
    return `  ${left.padEnd(26)} ${d.env.padEnd(32)} ${d.help}`;
  });
  return [
    `${PACKAGE.name} ${PACKAGE.version}: ${PACKAGE.description}`,
    '',
    'Usage:',
    '  evs-mcp [options]                 serve MCP over stdio against Huawei Cloud EVS',
    '  evs-mcp --sandbox [options]       serve against the embedded EVS sandbox (no account needed)',
    '  evs-mcp --list-tools [--json]     print the tool list the settings produce, with its size',
    '  evs-mcp --sandbox --state FILE    the same, keeping the sandbox in FILE across restarts',
    '  evs-mcp doctor [options]          check the configuration, endpoint, credentials and project',
    '  evs-mcp sandbox [--port N] [--state FILE] [--fault RULE]...   run the sandbox alone',
    '',
    'Commands and switches:',
    ...flagLines(COMMAND_FLAGS),
    '',
    'Settings (flag, environment variable; flags win; secrets are environment-only):',
    ...settings,
    '',
    'Toolsets (--toolsets; * = on by default):',
    ...TOOLSET_METADATA.map((t) => `  ${(t.default ? '* ' : '  ') + t.id.padEnd(14)} ${t.description}`),
  ].join('\n');
}

export function doctorHelp(): string {
  return [
    'Usage: evs-mcp doctor [setting flags]',
    '',
    'Checks, in order: the configuration, that the EVS (and IAM) endpoint answers, that the credentials',
    'are accepted (one signed read call), and that the project is theirs. Each failed check names the',
    'variable to fix. Exit code 0 when every check passes, 1 otherwise. Takes the same settings as the server.',
  ].join('\n');
}

export function sandboxHelp(): string {
  return ['Usage: evs-mcp sandbox [options]', '', ...flagLines(SANDBOX_FLAGS)].join('\n');
}
