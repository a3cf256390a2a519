// Compact renderings of disk transfers (7.4.x). The `auth_key` of a new transfer is a secret.
import { z } from 'zod';

export interface RawTransfer {
  id?: string;
  name?: string | null;
  volume_id?: string | null;
  created_at?: string | null;
  auth_key?: string;
}

export const transferSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  volume_id: z.string().nullable(),
  created_at: z.string().nullable(),
});
export type TransferSummary = z.infer<typeof transferSummarySchema>;

export const transferListSchema = z.object({
  transfers: z.array(transferSummarySchema),
  count: z.number(),
  next_offset: z.number().optional(),
});

/** The engine may replace the value with where it was saved; either way the key is a secret. */
export const AUTH_KEY_NOTICE =
  'auth_key is a secret: hand it only to the receiving project, which passes it with the transfer id to accept_transfer.';

export const createdTransferSchema = transferSummarySchema.extend({
  auth_key: z.string(),
  auth_key_notice: z.string(),
});

export function summarizeTransfer(t: RawTransfer): TransferSummary {
  return {
    id: t.id ?? '',
    name: t.name ?? null,
    volume_id: t.volume_id ?? null,
    created_at: t.created_at ?? null,
  };
}

const transferOf = (body: unknown): RawTransfer =>
  ((body ?? {}) as { transfer?: RawTransfer }).transfer ?? {};

export function shapeTransfer(body: unknown): Record<string, unknown> {
  return summarizeTransfer(transferOf(body));
}

/** 7.4.1: the only moment the auth_key exists; it goes back to the caller, flagged as a secret. */
export function shapeCreatedTransfer(body: unknown): Record<string, unknown> {
  const t = transferOf(body);
  return { ...summarizeTransfer(t), auth_key: t.auth_key ?? '', auth_key_notice: AUTH_KEY_NOTICE };
}

/** Offset lists (7.4.5/7.4.6): a full page means there may be more. */
export function nextOffset(args: Record<string, unknown>, returned: number): number | undefined {
  const limit = typeof args.limit === 'number' ? args.limit : undefined;
  const offset = typeof args.offset === 'number' ? args.offset : 0;
  return limit !== undefined && returned === limit ? offset + returned : undefined;
}

export function shapeTransferList(body: unknown, args: Record<string, unknown>): Record<string, unknown> {
  const raw = ((body ?? {}) as { transfers?: RawTransfer[] }).transfers ?? [];
  const next = nextOffset(args, raw.length);
  return {
    transfers: raw.map(summarizeTransfer),
    count: raw.length,
    ...(next !== undefined ? { next_offset: next } : {}),
  };
}

const line = (t: TransferSummary): string =>
  `${t.id} ${JSON.stringify(t.name ?? '')} disk=${t.volume_id ?? '?'}${t.created_at ? ` created=${t.created_at}` : ''}`;

export function transferText(shaped: Record<string, unknown>): string {
  return line(shaped as TransferSummary);
}

export function createdTransferText(shaped: Record<string, unknown>): string {
  const t = shaped as z.infer<typeof createdTransferSchema>;
  return `Transfer ${line(t)}\nauth_key=${t.auth_key}\n${t.auth_key_notice}`;
}

export function transferListText(shaped: Record<string, unknown>): string {
  const list = shaped as z.infer<typeof transferListSchema>;
  const more = list.next_offset !== undefined ? `; more from offset ${list.next_offset}` : '';
  return [`${list.count} transfer(s)${more}`, ...list.transfers.map(line)].join('\n');
}
