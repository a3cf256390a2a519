// Opens a link in the person's browser: EVS_MCP_BROWSER (a command given the URL as its one
// argument), else the desktop's opener. False when none could be started, so the caller falls back.
import { spawn } from 'node:child_process';

export function browserOpener(command: string | undefined): (url: string) => Promise<boolean> {
  const cmd =
    command ??
    (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  return (url) =>
    new Promise((resolve) => {
      let child;
      try {
        // No shell: the URL is one argument, never interpreted.
        child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
      } catch {
        return resolve(false);
      }
      // A desktop opener exits at once (0: opened); a browser command keeps running (opened too).
      const timer = setTimeout(() => resolve(true), 3000);
      timer.unref();
      child.once('error', () => (clearTimeout(timer), resolve(false)));
      child.once('exit', (code) => (clearTimeout(timer), resolve(code === 0)));
      child.unref();
    });
}
