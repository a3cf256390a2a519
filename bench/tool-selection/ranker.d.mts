// Types of ranker.mjs for the tests that import it.
export interface ToolLike {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
}
export interface Request {
  id: string;
  use: string;
  request: string;
  tools: string[];
  args: Record<string, unknown>;
  needs?: string[];
  also?: string[];
}
export function stem(word: string): string;
export function tokenize(text: string): string[];
export function toolText(tool: ToolLike): string;
export function bm25(
  tools: ToolLike[],
  opts?: { k1?: number; b?: number },
): {
  rank(query: string): { name: string; score: number }[];
};
export function acceptedOf(req: Request, tools: ToolLike[], aliases: Record<string, string[]>): string[];
export function scoreSurface(
  tools: ToolLike[],
  requests: Request[],
  aliases: Record<string, string[]>,
  opts?: { margin?: number },
): {
  tools: number;
  requests: number;
  served: number;
  top1: number;
  top3: number;
  misses: { id: string; request: string; want: string[]; got: string | undefined }[];
  pairs: [string, number][];
  doubled: { intent: string; tools: string[] }[];
};
