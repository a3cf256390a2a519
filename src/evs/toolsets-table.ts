// The README's toolset table, derived from the toolset list and the records (a test keeps the README in step).
import { OPERATIONS } from './operations/index.js';
import { TOOLSET_METADATA } from './toolsets.js';

export function toolsetsMarkdownTable(): string {
  const rows = TOOLSET_METADATA.map((t) => {
    const tools = OPERATIONS.filter((o) => o.toolset === t.id).map((o) => `\`${o.tool}\``);
    return `| \`${t.id}\` | ${t.default ? 'yes' : ''} | ${t.description} | ${tools.join(', ')} |`;
  });
  return ['| Toolset | Default | For | Tools |', '|---|---|---|---|', ...rows].join('\n');
}
