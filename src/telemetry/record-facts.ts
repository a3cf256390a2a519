// The few facts of an operation record telemetry labels by, as plain data: telemetry sits below the
// records (the HTTP client reports to it), so it never imports src/evs; a record satisfies this shape.
export interface RecordFacts {
  tool: string;
  section: string;
  /** The official operation name, or why there is none. */
  operation: string | { none: string };
  /** Set on batch records, which send their single record's requests (and share its section). */
  batch?: unknown;
}

/** The official operation name, or the documented section where the SDK has none (e.g. `7.1.2`). */
export const operationLabel = (spec: Pick<RecordFacts, 'operation' | 'section'>): string =>
  typeof spec.operation === 'string' ? spec.operation : spec.section;
