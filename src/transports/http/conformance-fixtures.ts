// Fixtures the official MCP conformance suite calls (test_* tools, test:// resources, test_* prompts).
// Registered only with the explicit --conformance-fixtures flag, never by default: they are not EVS.
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// A 1x1 PNG and a tiny WAV header: content only has to be well-formed base64 of the named type.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WAV = Buffer.from(
  'RIFF$\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0@\x1f\0\0@\x1f\0\0\x01\0\x08\0data\0\0\0\0',
).toString('base64');

export function registerConformanceFixtures(server: McpServer): void {
  const text = (t: string) => ({ type: 'text' as const, text: t });
  server.registerTool('test_simple_text', { description: 'Returns simple text' }, () => ({
    content: [text('This is a simple text response for testing.')],
  }));
  server.registerTool('test_image_content', { description: 'Returns an image' }, () => ({
    content: [{ type: 'image', data: PNG, mimeType: 'image/png' }],
  }));
  server.registerTool('test_audio_content', { description: 'Returns audio' }, () => ({
    content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }],
  }));
  const embedded = {
    type: 'resource' as const,
    resource: {
      uri: 'test://embedded-resource',
      mimeType: 'text/plain',
      text: 'This is an embedded resource content.',
    },
  };
  server.registerTool('test_embedded_resource', { description: 'Returns an embedded resource' }, () => ({
    content: [embedded],
  }));
  server.registerTool(
    'test_multiple_content_types',
    { description: 'Returns text, image and resource' },
    () => ({
      content: [
        text('Multiple content types test:'),
        { type: 'image', data: PNG, mimeType: 'image/png' },
        embedded,
      ],
    }),
  );
  server.registerTool('test_error_handling', { description: 'Always fails' }, () => ({
    isError: true,
    content: [text('This tool intentionally returns an error for testing')],
  }));
  server.registerTool('test_tool_with_logging', { description: 'Logs three messages' }, async (extra) => {
    for (const data of ['Tool execution started', 'Tool processing data', 'Tool execution completed'])
      await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', data } });
    return { content: [text('Tool with logging executed successfully')] };
  });
  server.registerTool(
    'test_tool_with_progress',
    { description: 'Reports progress three times' },
    async (extra) => {
      const token = extra._meta?.progressToken;
      if (token !== undefined)
        for (const progress of [0, 50, 100])
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 100 },
          });
      return { content: [text(String(token ?? 'no progress token'))] };
    },
  );

  server.registerResource('static-text', 'test://static-text', { mimeType: 'text/plain' }, (uri) => ({
    contents: [
      { uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
    ],
  }));
  server.registerResource('static-binary', 'test://static-binary', { mimeType: 'image/png' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG }],
  }));
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { mimeType: 'application/json' },
    (uri, { id }) => ({
      contents: [
        { uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true }) },
      ],
    }),
  );

  server.registerPrompt('test_simple_prompt', { description: 'A simple prompt' }, () => ({
    messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }],
  }));
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      description: 'A prompt with arguments',
      argsSchema: {
        arg1: completable(z.string(), (v) => ['test', 'testing', 'tested'].filter((c) => c.startsWith(v))),
        arg2: z.string(),
      },
    },
    ({ arg1, arg2 }) => ({
      messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }],
    }),
  );
  server.registerPrompt('test_prompt_with_embedded_resource', { description: 'Embeds a resource' }, () => ({
    messages: [
      { role: 'user', content: embedded },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  }));
  server.registerPrompt('test_prompt_with_image', { description: 'Includes an image' }, () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
      { role: 'user', content: text('Please analyze the image above.') },
    ],
  }));
}
