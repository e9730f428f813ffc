import { spawn } from 'node:child_process';

// Opens a URL in the person's browser: $BROWSER (a command, `%s` replaced by the URL, as Python's webbrowser), else
// the platform's opener. Callers only do this when someone is at the terminal, and say so when the opener could not
// be started: the sign-in flows print the URL anyway, `gatehouse console` fails with what to do instead.
//
// Browsers are started from an argv, never through a shell: a URL (a console sign-in URL carries a secret token) or a
// profile name is one argument whatever it holds, and is never on a shell command line that could run or log it.

/**
 * Opens the URL; resolves to true once the opener has started (not when a page is shown: that is not waited for),
 * false when it could not be started. Never rejects.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const [command, args] = browserCommand(url, env);
  return startDetached(command, args);
}

/**
 * Starts a browser that outlives gatehouse (its own process group, no stdio). Resolves to true once the process has
 * started (its exit, and whether it shows anything, are not waited for), false when it could not be started (a
 * program that is not there or not executable reports so only after spawn returns).
 */
export function startDetached(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

/** A piece of a command-line word: text as written, or a `{{...}}` placeholder (its inside, trimmed). */
export type WordPart = { readonly text: string } | { readonly placeholder: string };

/**
 * Splits a command line into words as a POSIX shell does, and nothing more: blanks separate words; '...' keeps
 * everything literally; "..." keeps blanks, with \" and \\ escaped; \ outside quotes takes the next character as is.
 * No variables, globs, redirections or command substitution. With `placeholders`, `{{ ... }}` (anywhere, quoted or
 * not) is kept apart as a placeholder, for the caller to fill in after the split: a value filled in never becomes
 * more words, nor quoting. Throws an Error naming what is wrong (an unfinished quote or placeholder).
 */
export function splitCommandLine(line: string, placeholders = false): WordPart[][] {
  const words: WordPart[][] = [];
  let word: WordPart[] | undefined;
  let text = '';
  const flush = () => {
    if (text !== '') (word ??= []).push({ text });
    text = '';
  };
  const endWord = () => {
    flush();
    if (word) words.push(word);
    word = undefined;
  };
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (placeholders && c === '{' && line[i + 1] === '{') {
      const end = line.indexOf('}}', i + 2);
      if (end < 0) throw new Error(`an unfinished placeholder at ${JSON.stringify(line.slice(i, i + 20))}: close it with }}`);
      flush();
      (word ??= []).push({ placeholder: line.slice(i + 2, end).trim() });
      i = end + 1;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else text += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) text += line[++i];
      else text += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      word ??= []; // '' is a word, if an empty one
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      text += line[++i];
      word ??= [];
      continue;
    }
    if (/\s/.test(c)) {
      endWord();
      continue;
    }
    text += c;
    word ??= [];
  }
  if (quote) throw new Error(`an unfinished ${quote === "'" ? 'single' : 'double'} quote`);
  endWord();
  return words;
}

/** Words of a command line without placeholders, as strings. */
export function commandWords(line: string): string[] {
  return splitCommandLine(line).map((word) => word.map((part) => ('text' in part ? part.text : '')).join(''));
}

function browserCommand(url: string, env: NodeJS.ProcessEnv): [string, string[]] {
  const configured = env['BROWSER']?.split(':')[0]?.trim();
  if (configured) {
    // Split as Python's webbrowser does (shlex), so a quoted path with a space is one word; %s then becomes the URL.
    let words: string[];
    try {
      words = commandWords(configured);
    } catch {
      words = configured.split(/\s+/);
    }
    const args = words.slice(1).map((word) => word.replaceAll('%s', url));
    if (!configured.includes('%s')) args.push(url);
    return [words[0]!, args];
  }
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]];
  return ['xdg-open', [url]];
}
