// Allow and deny lists (names or globs) checked again at call time, not only at registration.
import type { Config } from '../../config/schema.js';
import { matchesAny } from '../select-tools.js';
import type { Refusal } from './refusal.js';

export function policyRefusal(
  tool: string,
  config: Pick<Config, 'allowTools' | 'denyTools'>,
): Refusal | undefined {
  if (matchesAny(tool, config.denyTools)) {
    return { reason: 'policy_denied', message: `Refused: ${tool} is on the deny list (EVS_MCP_DENY_TOOLS).` };
  }
  if (config.allowTools && !matchesAny(tool, config.allowTools)) {
    return {
      reason: 'policy_not_allowed',
      message: `Refused: ${tool} is not on the allow list (EVS_MCP_ALLOW_TOOLS).`,
    };
  }
  return undefined;
}
