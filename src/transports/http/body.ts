// Reads a request body up to a limit: past it, the caller answers 413 without reading the rest.
import type { IncomingMessage } from 'node:http';

/** How much of an oversize body is kept to read the request's id from (the id usually comes first). */
const HEAD_BYTES = 4096;

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  /** The start of the body when some of it was read ('' when Content-Length alone refused it). */
  constructor(
    message: string,
    readonly head = '',
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      const head = Buffer.concat([...chunks, chunk as Buffer]).subarray(0, HEAD_BYTES);
      throw new BodyTooLarge(`body over ${limit} bytes`, head.toString('utf8'));
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
