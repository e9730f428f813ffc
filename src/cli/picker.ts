import { createInterface } from 'node:readline';
import { CliError, exitCodes } from './errors.js';
import { style } from './terminal.js';

// A small profile picker on the terminal (prompts on stderr, so stdout stays clean): type part of a name to narrow
// the list (letters in order, like fzf), a number to pick, Enter to take the only or first match.

const shown = 20;

/** Profiles matching `filter`: the letters of the filter in order, case-insensitive; closer matches first. */
export function fuzzyFilter(items: readonly string[], filter: string): string[] {
  const needle = filter.toLowerCase().replace(/\s+/g, '');
  if (needle === '') return [...items];
  const scored: { item: string; score: number }[] = [];
  for (const item of items) {
    const hay = item.toLowerCase();
    const substring = hay.indexOf(needle);
    if (substring >= 0) {
      scored.push({ item, score: substring });
      continue;
    }
    let at = -1;
    let first = -1;
    let ok = true;
    for (const char of needle) {
      at = hay.indexOf(char, at + 1);
      if (at < 0) {
        ok = false;
        break;
      }
      if (first < 0) first = at;
    }
    // Any subsequence match ranks after every substring match; a tighter span ranks higher.
    if (ok) scored.push({ item, score: 1000 + (at - first) });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.item);
}

export async function pick(items: readonly string[], what: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Lines come from the iterator, which keeps what was typed ahead of the prompt (a question would drop it).
  const lines = rl[Symbol.asyncIterator]();
  let interrupted = false;
  rl.once('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  try {
    let matches = [...items];
    for (;;) {
      process.stderr.write(`\n${matches.slice(0, shown).map((item, i) => `${style('dim', String(i + 1).padStart(3))}  ${item}`).join('\n')}\n`);
      if (matches.length > shown) process.stderr.write(style('dim', `     ... and ${matches.length - shown} more: type to narrow\n`));
      rl.setPrompt(`${what} (filter, number, Enter for 1): `);
      rl.prompt();
      const next = await lines.next();
      if (interrupted) throw new CliError('interrupted', exitCodes.interrupted);
      if (next.done) throw new CliError('no profile chosen', exitCodes.usage);
      const answer = String(next.value).trim();
      if (/^\d+$/.test(answer)) {
        const chosen = matches[Number(answer) - 1];
        if (chosen !== undefined && Number(answer) <= shown) return chosen;
        process.stderr.write(`no ${answer} in the list\n`);
        continue;
      }
      if (answer === '') return matches[0]!;
      const narrowed = fuzzyFilter(items, answer);
      if (narrowed.length === 1) return narrowed[0]!;
      if (narrowed.length === 0) {
        process.stderr.write(`nothing matches ${answer}\n`);
        continue;
      }
      matches = narrowed;
    }
  } finally {
    rl.close();
  }
}
