// Every error the sandbox returns comes from its own copy of Appendix A.1 (data/a1-error-codes.json),
// kept apart from the client's so that a mistake in one cannot hide in the other.
import errorTable from './data/a1-error-codes.json' with { type: 'json' };

interface ErrorRow {
  http_status: number;
  code: string;
  message: string;
}

const rows = errorTable as ErrorRow[];

/** Which envelope an API family uses for errors (6.x/8.x: `error`; Cinder 7.x: the fault name). */
export type ErrorFamily = 'custom' | 'cinder';

export class EvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Forces the envelope key regardless of the API family. */
    readonly envelope?: string,
  ) {
    super(message);
  }
}

/**
 * Builds the documented error for `code`. For codes with several messages (EVS.5400, Common.0011),
 * `messageStartsWith` picks the row.
 */
export function evsError(code: string, messageStartsWith?: string): EvsError {
  const candidates = rows.filter((r) => r.code === code);
  const row = messageStartsWith
    ? candidates.find((r) => r.message.startsWith(messageStartsWith))
    : candidates[0];
  if (!row) throw new Error(`sandbox bug: no A.1 row for ${code} ${messageStartsWith ?? ''}`);
  return new EvsError(row.http_status, row.code, row.message);
}

/** Cinder fault names by status, as the 7.x examples show them (badRequest, itemNotFound, ...). */
const CINDER_ENVELOPES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  500: 'computeFault',
  503: 'serviceUnavailable',
};

export function errorBody(err: EvsError, family: ErrorFamily): Record<string, unknown> {
  const key = err.envelope ?? (family === 'cinder' ? (CINDER_ENVELOPES[err.status] ?? 'error') : 'error');
  return { [key]: { message: err.message, code: err.code } };
}

// Shorthands for the errors used everywhere.
export const notFound = () => evsError('EVS.5404');
export const malformedBody = (family: ErrorFamily) =>
  family === 'cinder' ? evsError('EVS.5400', 'Malformed request body') : evsError('EVS.1052');
export const invalidRequest = (family: ErrorFamily) =>
  family === 'cinder' ? evsError('EVS.5400', 'Malformed request body') : evsError('EVS.1070');
export const invalidStatus = () => evsError('EVS.5400', 'Must specify a valid status');
