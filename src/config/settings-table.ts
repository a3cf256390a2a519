// The README's configuration table, derived from the settings list (a test keeps the README in step).
import { SETTINGS, type SettingDef } from './settings.js';

export function settingsMarkdownTable(): string {
  const rows = (SETTINGS as readonly SettingDef[]).map(
    (d) => `| \`${d.env}\` | ${d.flag ? `\`--${d.flag}\`` : ''} | ${d.help} |`,
  );
  return ['| Environment variable | Flag | Meaning |', '|---|---|---|', ...rows].join('\n');
}
