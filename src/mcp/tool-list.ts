// The tools/list entries, derived from the operation records. The SDK's own listing prefixes every
// schema with `$schema` (about a dozen tokens a tool, for nothing); this one is the same minus that.
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';
import { toolInputSchema } from './engine/engine-args.js';
import { toolAnnotations, toolDescription, toolMeta } from './tool-definition.js';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Tool['inputSchema'] {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest as Tool['inputSchema'];
}

/** Output schemas only for read-only tools: mutating ones may answer with a dry run or a confirmation. */
export function outputSchemaOf(spec: OperationSpec): z.ZodObject | undefined {
  return spec.hints.readOnly ? spec.output?.schema : undefined;
}

export function toolDefinition(spec: OperationSpec): Tool {
  const out = outputSchemaOf(spec);
  return {
    name: spec.tool,
    title: spec.title,
    description: toolDescription(spec),
    inputSchema: jsonSchema(toolInputSchema(spec), 'input'),
    ...(out ? { outputSchema: jsonSchema(out, 'output') as Tool['outputSchema'] } : {}),
    annotations: toolAnnotations(spec),
    _meta: toolMeta(spec),
  };
}

/** The part of a tool a model reads on every turn: name, description, input schema. */
export function modelFacing(tool: Tool): {
  name: string;
  description?: string;
  inputSchema: Tool['inputSchema'];
} {
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema,
  };
}
