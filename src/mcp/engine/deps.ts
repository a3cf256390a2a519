// What the engine needs from the server to run a tool: the signed client, the guard, the wait rules.
import type { ApiClient } from '../../evs-client/types.js';
import type { Guard } from '../guardrails/guard.js';
import type { SecretSink } from './seal-secrets.js';
import type { WaitDeps } from './wait.js';

export interface OperationDeps {
  client: ApiClient;
  guard: Guard;
  wait: Omit<WaitDeps, 'client'>;
  readOnly: boolean;
  secrets: () => readonly string[];
  /** Where sealed result fields (transfer auth_keys) are saved, and how new secrets are registered. */
  sealed: { sink: SecretSink; remember: (secret: string) => void };
}
