// A cheap, iterative look at raw JSON text before anything parses it: how deep it nests, and the
// request's id when it can be read from the top-level object. JSON.parse is iterative, but what runs
// on the parsed value next (schema validation, cloning, logging) recurses, and a value nested 100,000
// deep overflows the stack there, so the transports refuse deep text at the boundary instead.

/** Deepest nesting of arrays and objects a message may have; MCP messages need a dozen levels at most. */
export const MAX_JSON_DEPTH = 64;

export type RpcId = string | number;

export interface JsonScan {
  /** True when the text nests deeper than the limit given. */
  tooDeep: boolean;
  /** The first top-level `id` that is a string or a finite number, else null. */
  id: RpcId | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
// Control characters are not allowed raw inside a JSON string.
// eslint-disable-next-line no-control-regex
const STRING_TOKEN = /"(?:[^"\\\u0000-\u001f]|\\.)*"/y;
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\r\n]*/y;

function tokenAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

function idToken(text: string, at: number): { id: RpcId | null; end: number } {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  const start = SPACE.lastIndex;
  const str = tokenAt(STRING_TOKEN, text, start);
  if (str !== undefined) return { id: JSON.parse(str) as string, end: start + str.length };
  const num = tokenAt(NUMBER_TOKEN, text, start);
  if (num !== undefined && Number.isFinite(Number(num))) return { id: Number(num), end: start + num.length };
  return { id: null, end: start };
}

/**
 * One pass over `text` (complete or only the start of a line): whether it nests deeper than
 * `maxDepth`, and the top-level `id`. Lenient: text that is not JSON still gets an answer.
 */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonScan {
  let depth = 0;
  let tooDeep = false;
  let id: RpcId | null = null;
  let idDone = false;
  const topIsObject = text.trimStart().startsWith('{');
  let expectKey = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      if (depth === 1 && topIsObject && expectKey && !idDone) {
        try {
          lastKey = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          lastKey = undefined;
        }
      }
      expectKey = false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) tooDeep = true;
      expectKey = depth === 1 && c === OPEN_BRACE;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    } else if (depth === 1 && topIsObject) {
      if (c === COMMA) expectKey = true;
      else if (c === COLON && lastKey === 'id' && !idDone) {
        const token = idToken(text, i + 1);
        id = token.id;
        idDone = true;
        i = token.end - 1;
      }
      if (c === COLON) lastKey = undefined;
    }
    // Once both answers are known nothing further can change them.
    if (tooDeep && (idDone || !topIsObject)) break;
  }
  return { tooDeep, id };
}

export function tooDeepMessage(maxDepth = MAX_JSON_DEPTH): string {
  return `Invalid Request: the message nests arrays or objects more than ${maxDepth} levels deep; refused unread`;
}
