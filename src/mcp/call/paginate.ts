// Opt-in auto-pagination with a hard cap that says when it truncated.
import type { OperationSpec, PaginationSpec } from '../../evs/operation.js';
import type { ApiRequest, ApiResponse } from '../../evs-client/types.js';
import { buildApiRequest } from './request-builder.js';

export const AUTO_PAGINATION_CAP = { items: 500, pages: 20 } as const;

export interface PagedResult {
  body: Record<string, unknown>;
  pages: number;
  truncated: boolean;
  /** Where to go on from (marker or offset) when truncated. */
  next?: { marker?: string; offset?: number };
  requestId?: string;
}

/** The `marker` of a `*_links` next href, or undefined. */
export function nextMarkerFromLinks(body: Record<string, unknown>, linksKey?: string): string | undefined {
  if (!linksKey) return undefined;
  const links = body[linksKey];
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l) => (l as { rel?: string }).rel === 'next') as { href?: string } | undefined;
  if (!next?.href) return undefined;
  try {
    return new URL(next.href, 'http://x').searchParams.get('marker') ?? undefined;
  } catch {
    return undefined;
  }
}

function pageSize(args: Record<string, unknown>): number {
  return typeof args.limit === 'number' ? args.limit : 1000;
}

function nextPosition(
  p: PaginationSpec,
  body: Record<string, unknown>,
  items: unknown[],
  args: Record<string, unknown>,
): { marker?: string; offset?: number } | undefined {
  const full = items.length >= pageSize(args);
  if (p.style === 'offset') {
    return full ? { offset: (typeof args.offset === 'number' ? args.offset : 0) + items.length } : undefined;
  }
  const fromLinks = nextMarkerFromLinks(body, p.linksKey);
  if (fromLinks) return { marker: fromLinks };
  const lastId = (items.at(-1) as { id?: unknown } | undefined)?.id;
  return full && typeof lastId === 'string' ? { marker: lastId } : undefined;
}

/** Reads page after page through `send` (call-record's one way to the client) until the cap. */
export async function fetchAllPages(
  send: (req: ApiRequest) => Promise<ApiResponse>,
  projectId: string,
  spec: OperationSpec & { pagination: PaginationSpec },
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<PagedResult> {
  const p = spec.pagination;
  const items: unknown[] = [];
  let pageArgs = { ...args };
  let pages = 0;
  let requestId: string | undefined;
  let first: Record<string, unknown> = {};
  for (;;) {
    const res = (await send(buildApiRequest(spec, pageArgs, projectId, signal))) as ApiResponse<
      Record<string, unknown>
    >;
    const body = res.body ?? {};
    if (pages === 0) {
      // The merged result keeps the first page's other keys but not its links, which would mislead.
      first = { ...body };
      if (p.linksKey) delete first[p.linksKey];
    }
    requestId ??= res.requestId;
    pages += 1;
    const page = Array.isArray(body[p.itemsKey]) ? (body[p.itemsKey] as unknown[]) : [];
    const room = AUTO_PAGINATION_CAP.items - items.length;
    items.push(...page.slice(0, room));
    const next = nextPosition(p, body, page, pageArgs);
    const cut = page.length > room;
    if (!next && !cut)
      return {
        body: { ...first, [p.itemsKey]: items },
        pages,
        truncated: false,
        ...(requestId ? { requestId } : {}),
      };
    if (cut || items.length >= AUTO_PAGINATION_CAP.items || pages >= AUTO_PAGINATION_CAP.pages) {
      const resume = cut
        ? p.style === 'offset'
          ? { offset: (typeof pageArgs.offset === 'number' ? pageArgs.offset : 0) + room }
          : { marker: String((items.at(-1) as { id?: unknown }).id) }
        : next;
      return {
        body: { ...first, [p.itemsKey]: items },
        pages,
        truncated: true,
        ...(resume ? { next: resume } : {}),
        ...(requestId ? { requestId } : {}),
      };
    }
    pageArgs = { ...pageArgs, ...next };
  }
}
