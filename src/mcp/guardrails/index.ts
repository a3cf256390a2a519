// The guard the app uses. The full guardrail pipeline plugs in here.
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { ApiClient } from '../../http/types.js';
import type { Guard } from './guard.js';
import { basicGuard } from './basic-guard.js';

export interface GuardDeps {
  config: Config;
  client: ApiClient;
  logger: Logger;
  principal: string;
  secrets: () => readonly string[];
}

export function createGuard(_deps: GuardDeps): Guard {
  return basicGuard;
}
