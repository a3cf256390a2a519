// With several targets every tool takes an optional `target` (an enum of the names, the default first):
// added to the input schema and the listed definition, split off before the engine sees the arguments,
// and the call then runs in that target.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { allowedTargets, runInTarget } from './context.js';

export const TARGET_ARG = 'target';

export function withTargetInput(schema: z.ZodObject, names: readonly string[]): z.ZodObject {
  return schema.safeExtend({ [TARGET_ARG]: z.enum(names as [string, ...string[]]).optional() });
}

export function withTargetDefinition(def: Tool, names: readonly string[]): Tool {
  const input = def.inputSchema as { properties?: Record<string, unknown> };
  return {
    ...def,
    inputSchema: {
      ...def.inputSchema,
      properties: {
        ...input.properties,
        [TARGET_ARG]: {
          type: 'string',
          enum: [...names],
          description: `Region/project to act in; default ${names[0]}.`,
        },
      },
    },
  };
}

type Handler<E, R> = (args: Record<string, unknown>, extra: E) => R | Promise<R>;

/** Runs the tool in its target; a target the request may not use is refused before anything is sent. */
export function inTarget<E, R>(
  names: readonly string[],
  handler: Handler<E, R>,
): Handler<E, R | { isError: true; content: { type: 'text'; text: string }[] }> {
  return (args, extra) => {
    const { [TARGET_ARG]: chosen, ...rest } = args;
    const allowed = allowedTargets();
    // Without one, the first target the request may use.
    const name =
      typeof chosen === 'string' ? chosen : (names.find((n) => !allowed || allowed.has(n)) ?? names[0]!);
    if (!names.includes(name) || (allowed && !allowed.has(name))) {
      const usable = names.filter((n) => !allowed || allowed.has(n));
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `Target "${name}" is not allowed for this request (usable: ${usable.join(', ') || 'none'}). Nothing was sent.`,
          },
        ],
      };
    }
    return runInTarget(name, () => handler(rest, extra));
  };
}
