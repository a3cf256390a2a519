// Refuses any request whose params carry a `__proto__`, `constructor` or `prototype` key, before the
// SDK parses it: the SDK's own request schema rebuilds `arguments` and silently drops an own
// `__proto__`, so the call would run without the key the caller sent. Applied to every transport.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The dotted path of the first forbidden key in `value`, or undefined. */
export function prototypeKeyPath(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key)) return here;
    const found = prototypeKeyPath((value as Record<string, unknown>)[key], here);
    if (found) return found;
  }
  return undefined;
}

function refusal(message: JSONRPCMessage): JSONRPCMessage | 'drop' | undefined {
  if (!('method' in message)) return undefined;
  const where = prototypeKeyPath(message.params);
  if (!where) return undefined;
  if (!('id' in message)) return 'drop';
  const why = `key "${where.split('.').pop()}" is not allowed (at ${where}): it would be lost or change an object's prototype`;
  if (message.method === 'tools/call') {
    const tool = String((message.params as { name?: unknown }).name);
    // A tool's bad input is a tool error the model can read, like any other input validation error.
    return {
      jsonrpc: '2.0',
      id: message.id,
      result: {
        content: [
          { type: 'text', text: `Input validation error: Invalid arguments for tool ${tool}: ${why}` },
        ],
        isError: true,
      },
    };
  }
  return {
    jsonrpc: '2.0',
    id: message.id,
    error: { code: ErrorCode.InvalidParams, message: `Invalid params: ${why}` },
  };
}

function accessorOf(proto: object | null, key: string): PropertyDescriptor | undefined {
  for (let p = proto; p; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d.get || d.set ? d : undefined;
  }
  return undefined;
}

/** Wraps the handler the SDK installs on `transport.onmessage` so that such requests never reach it. */
export function refusingPrototypeKeys<T extends Transport>(transport: T): T {
  let deliver: Transport['onmessage'];
  const guarded: NonNullable<Transport['onmessage']> = (message, extra) => {
    const answer = refusal(message);
    if (answer === 'drop') return;
    if (answer) {
      transport.send(answer).catch((err: unknown) => transport.onerror?.(err as Error));
      return;
    }
    deliver?.(message, extra);
  };
  // Some transports keep the handler behind an accessor of their own (the HTTP one forwards it to an
  // inner transport): install the guarded handler through it, so it lands where they read it.
  const inherited = accessorOf(Object.getPrototypeOf(transport) as object | null, 'onmessage');
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => (inherited?.get ? (inherited.get.call(transport) as unknown) : deliver ? guarded : undefined),
    set: (fn: Transport['onmessage']) => {
      deliver = fn;
      inherited?.set?.call(transport, fn ? guarded : undefined);
    },
  });
  return transport;
}
