// Someone who runs the server by hand in a terminal sees a silent process: say what it is waiting for.

/** On a terminal (stdin is a TTY), one line on stderr saying the server waits for an MCP client on stdin. */
export function waitingNotice(stdin: { isTTY?: boolean }, stderr: NodeJS.WritableStream): boolean {
  if (!stdin.isTTY) return false;
  stderr.write(
    'evs-mcp: waiting for an MCP client on stdin. This is an MCP server: start it from an MCP client ' +
      '(see README, "Adding it to a client"), or run `evs-mcp doctor` to check the settings. Ctrl-C quits.\n',
  );
  return true;
}
