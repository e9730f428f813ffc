import { createInterface } from 'node:readline';
import type { AwsConfig } from './aws-config/config-file.js';
import { CliError, exitCodes } from './errors.js';
import { style } from './terminal.js';

// A small profile picker on the terminal (prompts on stderr, so stdout stays clean): type part of a name to narrow
// the list (letters in order, like fzf), a number to pick, Enter to take the only or first match. A profile is also
// found by what it is (as aws-sso-cli searches tags): its account id, account name and email, role, sso-session and
// start URL, region, tags and description; a line found that way shows what matched.

const shown = 20;

/** Something a profile can be found by besides its name. */
export interface Field {
  /** What it is, as the list line shows it: `account`, `tag`, ... */
  readonly label: string;
  readonly value: string;
}

export interface Choice {
  readonly name: string;
  readonly fields: readonly Field[];
}

export interface Match {
  readonly choice: Choice;
  /** The fields that matched the words the name did not. */
  readonly matched: readonly Field[];
}

/** A choice with its text lower-cased once, so a search of thousands of profiles does no more than compare. */
interface Indexed {
  readonly choice: Choice;
  readonly name: string;
  readonly values: readonly string[];
  /** The values joined by newlines (never in a search word): one test rules out every field at once. */
  readonly all: string;
}

function indexed(choices: readonly Choice[]): Indexed[] {
  return choices.map((choice) => {
    const values = choice.fields.map((f) => f.value.toLowerCase());
    return { choice, name: choice.name.toLowerCase(), values, all: values.join('\n') };
  });
}

/** The letters of `needle` in order in `hay`: how far apart the first and last are, or -1. */
function scatteredSpan(hay: string, needle: string): number {
  let at = -1;
  let first = -1;
  for (const char of needle) {
    at = hay.indexOf(char, at + 1);
    if (at < 0) return -1;
    if (first < 0) first = at;
  }
  return at - first;
}

function searchIndexed(items: readonly Indexed[], filter: string): Match[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.map((item) => ({ choice: item.choice, matched: [] }));
  const scored: { match: Match; score: number }[] = [];
  for (const item of items) {
    let score = 0;
    let matched: Field[] | undefined;
    for (const word of words) {
      // Best first: the word in the name (earlier is better); in a field, whole; the name's letters in order.
      const inName = item.name.indexOf(word);
      if (inName >= 0) {
        score += inName;
        continue;
      }
      const field = item.all.includes(word) ? item.values.findIndex((value) => value.includes(word)) : -1;
      if (field >= 0) {
        score += 1000;
        const found = item.choice.fields[field]!;
        if (!(matched ??= []).includes(found)) matched.push(found);
        continue;
      }
      const span = scatteredSpan(item.name, word);
      if (span < 0) {
        score = -1;
        break;
      }
      score += 2000 + span;
    }
    if (score >= 0) scored.push({ match: { choice: item.choice, matched: matched ?? [] }, score });
  }
  // A stable sort: among equals, the given order (the recently used first) stays.
  return scored.sort((a, b) => a.score - b.score).map((s) => s.match);
}

/**
 * The choices matching `filter`, best first. Each blank-separated word must match: as part of the name, as part of
 * a field (account id, tag, ...), or as the name's letters in that order, ranked in that order.
 */
export function searchChoices(choices: readonly Choice[], filter: string): Match[] {
  return searchIndexed(indexed(choices), filter);
}

/** Tags as a profile writes them: `gatehouse_tags = team=payments, env=prod, pci` (comma-separated). */
export function parseTags(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
}

const roleArn = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** What a profile can be found by, from its config section (cheap: the sections are parsed once). */
export function profileFields(config: AwsConfig, name: string): Field[] {
  const entries = config.profile(name);
  if (!entries) return [];
  const fields: Field[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') fields.push({ label, value });
  };
  let sso: ReturnType<AwsConfig['ssoProfile']>;
  try {
    sso = config.ssoProfile(name);
  } catch {
    sso = undefined; // a profile naming a missing sso-session: found by name only
  }
  const arn = entries.get('role_arn');
  const parsed = arn ? roleArn.exec(arn) : null;
  add('account', sso?.accountId ?? parsed?.[1]);
  add('account name', entries.get('gatehouse_account_name') ?? entries.get('sso_account_name'));
  add('email', entries.get('gatehouse_account_email'));
  add('role', sso?.roleName ?? parsed?.[2] ?? arn);
  add('source profile', entries.get('source_profile'));
  add('sso-session', sso?.session.name);
  add('start URL', sso?.session.startUrl);
  add('region', entries.get('region'));
  for (const tag of parseTags(entries.get('gatehouse_tags'))) add('tag', tag);
  add('description', entries.get('gatehouse_description') ?? entries.get('granted_description'));
  return fields;
}

/** The picker's choices for `names` (in that order) of `config`. */
export function profileChoices(config: AwsConfig, names: readonly string[]): Choice[] {
  return names.map((name) => ({ name, fields: profileFields(config, name) }));
}

function line(match: Match, index: number): string {
  const extra = match.matched.map((field) => `${field.label} ${field.value}`).join(', ');
  return `${style('dim', String(index + 1).padStart(3))}  ${match.choice.name}${extra ? `  ${style('dim', extra)}` : ''}`;
}

export async function pick(choices: readonly Choice[], what: string): Promise<string> {
  const items = indexed(choices);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Lines come from the iterator, which keeps what was typed ahead of the prompt (a question would drop it).
  const lines = rl[Symbol.asyncIterator]();
  let interrupted = false;
  rl.once('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  try {
    let matches = searchIndexed(items, '');
    for (;;) {
      process.stderr.write(`\n${matches.slice(0, shown).map(line).join('\n')}\n`);
      if (matches.length > shown) process.stderr.write(style('dim', `     ... and ${matches.length - shown} more: type to narrow\n`));
      rl.setPrompt(`${what} (filter: name, account, role, tag...; number; Enter for 1): `);
      rl.prompt();
      const next = await lines.next();
      if (interrupted) throw new CliError('interrupted', exitCodes.interrupted);
      if (next.done) throw new CliError('no profile chosen', exitCodes.usage);
      const answer = String(next.value).trim();
      // One or two digits are a line number (at most `shown` lines); more are searched for (an account id).
      if (/^\d{1,2}$/.test(answer)) {
        const chosen = Number(answer) <= shown ? matches[Number(answer) - 1] : undefined;
        if (chosen !== undefined) return chosen.choice.name;
        process.stderr.write(`no ${answer} in the list\n`);
        continue;
      }
      if (answer === '') return matches[0]!.choice.name;
      const narrowed = searchIndexed(items, answer);
      if (narrowed.length === 1) return narrowed[0]!.choice.name;
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
