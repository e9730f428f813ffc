import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readTextIfExists } from '../aws-config/json-files.js';
import { headerName, splitLines } from '../aws-config/ini-parse.js';
import { usageError } from '../errors.js';
import { displayUrl } from './git.js';

// What a registry's checkout holds, read as Granted reads it: granted.yml (or --filename) in the repository's root
// (or --path) names AWS config files (`awsConfig`, relative to that folder and never outside the repository) and
// `templateValues`; the config files' sections are merged in that order (a later file's keys win for a section
// both have). Lines are carried as written: keys in order, values verbatim, nested keys (`s3 =` then indented
// lines) with their lines; comments are left out.

export interface SourceKey {
  readonly key: string;
  readonly value: string;
  /** The indented lines of a nested key (`s3 =`), as written. */
  readonly nested: readonly string[];
}

export interface SourceSection {
  /** What is between the brackets: `profile dev`, `default`, `sso-session acme`, `services local`. */
  readonly header: string;
  readonly keys: readonly SourceKey[];
}

export interface TemplateValue {
  readonly key: string;
  readonly required: boolean;
  readonly prompt: string | undefined;
  readonly value: string | undefined;
}

export interface RegistrySource {
  readonly configFiles: readonly string[];
  readonly sections: readonly SourceSection[];
  readonly templateValues: readonly TemplateValue[];
}

export async function readSource(checkout: string, options: { readonly path?: string | undefined; readonly filename?: string | undefined; readonly url: string }): Promise<RegistrySource> {
  const root = await realpath(checkout);
  const base = await inside(root, options.path ?? '.', `--path ${options.path}`);
  const filename = options.filename ?? 'granted.yml';
  const ymlPath = await inside(root, join(relative(root, base), filename), `--filename ${filename}`);
  const text = await readTextIfExists(ymlPath);
  const where = `${displayUrl(options.url)}${options.path ? ` (path ${options.path})` : ''}`;
  if (text === undefined) throw usageError(`${where} has no ${filename}${options.filename ? '' : ' (another name: --filename; in a folder: --path)'}`);
  // yaml is loaded here, when a registry is read, not by every command that lists the registry command
  let doc: unknown;
  try {
    // The failsafe schema keeps every scalar a string (`true` is 'true'), as the Go struct Granted decodes into holds
    // strings; an empty value is ''.
    doc = (await import('yaml')).parse(text, { schema: 'failsafe' });
  } catch (error) {
    if (!(error instanceof (await import('yaml')).YAMLError)) throw error;
    throw usageError(`${filename} of ${where}: ${error.message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw usageError(`${filename} of ${where} should be a mapping with awsConfig: [files]`);
  const record = doc as Record<string, unknown>;
  const listed = typeof record['awsConfig'] === 'string' ? [record['awsConfig']] : record['awsConfig'];
  if (!Array.isArray(listed) || listed.length === 0 || !listed.every((p): p is string => typeof p === 'string' && p.trim() !== '')) {
    throw usageError(`${filename} of ${where} needs awsConfig: a list of AWS config files in the repository`);
  }
  const configFiles: string[] = [];
  for (const file of listed) {
    const path = await inside(root, join(relative(root, base), file), `awsConfig entry ${file}`);
    configFiles.push(path);
  }
  const sections = new Map<string, Map<string, SourceKey>>();
  for (const path of configFiles) {
    let contents: string;
    try {
      contents = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw usageError(`${filename} of ${where} lists ${relative(base, path) || path}, which ${code === 'ENOENT' ? 'is not in the repository' : `cannot be read (${code})`}`);
    }
    for (const section of parseSections(contents)) {
      const keys = sections.get(section.header) ?? new Map<string, SourceKey>();
      for (const key of section.keys) keys.set(key.key, key);
      sections.set(section.header, keys);
    }
  }
  return {
    configFiles: configFiles.map((p) => relative(root, p)),
    sections: [...sections].map(([header, keys]) => ({ header, keys: [...keys.values()] })),
    templateValues: parseTemplateValues(record['templateValues'], `${filename} of ${where}`),
  };
}

/** `path` resolved under `root`, refusing what leaves it (`../x`, an absolute path, a symbolic link out). */
async function inside(root: string, path: string, what: string): Promise<string> {
  const outside = () => usageError(`${what} points outside the registry's repository`);
  if (isAbsolute(path)) throw outside();
  const full = resolve(root, path);
  if (full !== root && !full.startsWith(root + sep)) throw outside();
  const real = await realpath(full).catch(() => full);
  if (real !== root && !real.startsWith(root + sep)) throw outside();
  return full;
}

/** The sections of an AWS config file, each with its keys in order (a repeated key: the last one, in the first's place). */
export function parseSections(text: string): SourceSection[] {
  const out: { header: string; keys: Map<string, { key: string; value: string; nested: string[] }> }[] = [];
  let current: (typeof out)[number] | undefined;
  let last: { key: string; value: string; nested: string[] } | undefined;
  for (const line of splitLines(text)) {
    const raw = headerName(line);
    if (raw !== undefined) {
      const header = raw.replace(/^(profile|sso-session|services)\s+/, '$1 ');
      current = out.find((s) => s.header === header);
      if (!current) out.push((current = { header, keys: new Map() }));
      last = undefined;
      continue;
    }
    if (!current || /^\s*([#;].*)?$/.test(line)) continue;
    if (/^[ \t]/.test(line)) {
      // a nested key's line, or the continuation of a value: it belongs to the key above it
      last?.nested.push(line.trimEnd());
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    last = { key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), nested: [] };
    current.keys.set(last.key, last);
  }
  return out.map(({ header, keys }) => ({ header, keys: [...keys.values()] }));
}

/**
 * granted.yml's templateValues, in Granted's shape (a list of `KEY: [{isRequired: true}, {prompt: ...}, {value:
 * ...}]`); a mapping of `KEY: {isRequired, prompt, value}` is taken too.
 */
function parseTemplateValues(raw: unknown, where: string): TemplateValue[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const bad = () => usageError(`templateValues in ${where} should be a list of KEY: [{isRequired: true}, {prompt: ...}] or KEY: [{value: ...}]`);
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.flatMap((item: unknown) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) throw bad();
        return Object.entries(item as Record<string, unknown>);
      })
    : typeof raw === 'object'
      ? Object.entries(raw as Record<string, unknown>)
      : (() => {
          throw bad();
        })();
  return entries.map(([key, attributes]) => {
    const fields: Record<string, unknown> = {};
    const list = Array.isArray(attributes) ? attributes : [attributes];
    for (const item of list) {
      if (item === null || item === undefined || item === '') continue;
      if (typeof item !== 'object' || Array.isArray(item)) throw bad();
      Object.assign(fields, item);
    }
    const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
    return { key, required: text(fields['isRequired'])?.toLowerCase() === 'true', prompt: text(fields['prompt']), value: text(fields['value']) };
  });
}
