// A client that does not expand `${VAR}` in its server config passes the text itself: caught before start-up.
import { SETTINGS, type SettingDef } from './settings.js';

/** A variable holding `${...}` was not expanded by the client that started the server. */
export function unexpandedPlaceholders(env: NodeJS.ProcessEnv): string[] {
  return (SETTINGS as readonly SettingDef[])
    .filter((d) => /\$\{[^}]*\}/.test(env[d.env] ?? ''))
    .map((d) => d.env);
}
