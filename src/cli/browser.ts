import { spawn } from 'node:child_process';

// Opens a URL in the person's browser: $BROWSER (a command, `%s` replaced by the URL, as Python's webbrowser), else
// the platform's opener. Callers only do this when someone is at the terminal, and always print the URL too, so a
// browser that does not start costs nothing.

export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const [command, args] = browserCommand(url, env);
  return launchDetached(command, args);
}

/** Starts a browser that outlives gatehouse (its own process group, no stdio); false when it cannot be started. */
export function launchDetached(command: string, args: readonly string[]): boolean {
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function browserCommand(url: string, env: NodeJS.ProcessEnv): [string, string[]] {
  const configured = env['BROWSER']?.split(':')[0]?.trim();
  if (configured) {
    const words = configured.split(/\s+/);
    const args = words.slice(1).map((word) => word.replaceAll('%s', url));
    if (!configured.includes('%s')) args.push(url);
    return [words[0]!, args];
  }
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]];
  return ['xdg-open', [url]];
}
