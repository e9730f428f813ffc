import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists } from '../aws-config/json-files.js';
import { registryBlocks, replaceBlock } from '../aws-config/managed-block.js';
import { awsConfigPaths, gatehouseCacheDir } from '../aws-config/paths.js';
import { replaceFile } from '../replace-file.js';
import { CliError, usageError } from '../errors.js';
import { acquireFileLock, whileLocked } from '../file-lock.js';
import { displayUrl, exists, fetchCheckout } from './git.js';
import { mergeRegistries, type MergeInput, type MergeResult } from './merge.js';
import { readSource, type TemplateValue } from './source.js';
import { byPriority, checkoutDir, loadRegistries, saveRegistries, type RegistryEntry } from './store.js';

// A sync: fetch the registries asked for (the others are merged from their last checkout, so one registry's
// change of names is seen by the rest), answer required keys, merge every registry into ~/.aws/config in one edit
// and record what was synced. Nothing is written on a dry run; a registry being added that fails writes nothing.

export interface SyncRequest {
  /** Which registries to fetch: their names, or all. A registry that has no checkout yet is always fetched. */
  readonly fetch: 'all' | ReadonlySet<string>;
  /** --required-key answers. */
  readonly given?: Readonly<Record<string, string>>;
  /** A person is at the terminal: required keys are asked for and git may ask for a password. */
  readonly interactive: boolean;
  readonly dryRun?: boolean;
  /** A registry to add: saved only if it fetches and merges. */
  readonly adding?: RegistryEntry;
  /** A registry to remove: its block, its checkout and its entry go. */
  readonly removing?: string;
  /** An automatic sync: git is stopped after this long; a failed fetch is remembered so it is not retried at once. */
  readonly timeoutMs?: number;
  readonly automatic?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RegistryOutcome extends MergeResult {
  readonly entry: RegistryEntry;
  /** The fetch failed (the block was made from the last checkout, or kept). */
  readonly fetchError: CliError | undefined;
  readonly commit: string | undefined;
  readonly fetched: boolean;
}

export interface SyncOutcome {
  readonly path: string;
  readonly outcomes: readonly RegistryOutcome[];
  readonly changed: boolean;
  /** Registry blocks of registries that are not configured. */
  readonly removedBlock: boolean;
}

/**
 * Runs a sync holding the registries' lock (two shells' assume, a sync while another runs); undefined when an
 * automatic sync finds another one running: that one is syncing already.
 */
export async function syncRegistries(request: SyncRequest): Promise<SyncOutcome | undefined> {
  const env = request.env ?? process.env;
  const path = join(gatehouseCacheDir(env), 'locks', 'registries.lock');
  const held = await acquireFileLock(path, {
    staleAfterMs: 10 * 60_000, // longer than any sync lasts
    wait: !request.automatic,
    onWait: () => process.stderr.write('gatehouse: waiting for another registry sync to finish\n'),
  });
  return held && whileLocked(path, () => syncLocked(request, env));
}

async function syncLocked(request: SyncRequest, env: NodeJS.ProcessEnv): Promise<SyncOutcome> {
  const file = await loadRegistries(env);
  if (request.adding && file.registries.some((r) => r.name === request.adding!.name)) throw usageError(`there is a registry ${request.adding.name} already (gatehouse registry list)`);
  const entries = byPriority([...file.registries.filter((r) => r.name !== request.removing), ...(request.adding ? [request.adding] : [])]);
  const keys: Record<string, string> = { ...file.requiredKeys, ...request.given };
  const answered: Record<string, string> = { ...request.given };

  const inputs: MergeInput[] = [];
  const fetchErrors = new Map<string, CliError>();
  const commits = new Map<string, string | undefined>();
  const fetched = new Set<string>();
  for (const entry of entries) {
    const dir = checkoutDir(entry.name, env);
    const hasCheckout = await exists(join(dir, '.git'));
    let commit = entry.commit;
    if (request.fetch === 'all' || request.fetch.has(entry.name) || !hasCheckout || entry === request.adding) {
      try {
        commit = await fetchCheckout(dir, entry.url, entry.ref, { prompt: request.interactive, timeoutMs: request.timeoutMs });
        fetched.add(entry.name);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        fetchErrors.set(entry.name, error);
        if (!hasCheckout || entry === request.adding) {
          commits.set(entry.name, commit);
          inputs.push({ ...mergeOptions(entry, request.adding), source: error });
          continue;
        }
      }
    }
    commits.set(entry.name, commit);
    try {
      const source = await readSource(dir, entry);
      const context = { required: await requiredValues(entry.name, source.templateValues, keys, answered, request), variables: variables(source.templateValues) };
      const comment = `# from ${displayUrl(entry.url)}${entry.path ? ` path ${entry.path}` : ''}${entry.ref ? ` ref ${entry.ref}` : ''}${commit ? ` at ${commit.slice(0, 12)}` : ''}: ${source.configFiles.join(', ')}`;
      inputs.push({ ...mergeOptions(entry, request.adding), source: { sections: source.sections, context, comment } });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      inputs.push({ ...mergeOptions(entry, request.adding), source: error });
    }
  }

  const path = awsConfigPaths(env).config;
  const before = (await readTextIfExists(path)) ?? '';
  const without = request.removing ? replaceBlock(before, request.removing, [], registryBlocks) : before;
  const removedBlock = without !== before;
  let merged: { text: string; results: MergeResult[] };
  try {
    merged = mergeRegistries(without, inputs, entries.map((e) => e.name));
    const added = request.adding && merged.results.find((r) => r.name === request.adding!.name);
    if (added?.error) throw added.error;
    if (!request.dryRun && merged.text !== before) await replaceFile(path, merged.text);
  } catch (error) {
    if (request.adding) await rm(checkoutDir(request.adding.name, env), { recursive: true, force: true });
    throw error;
  }
  const { text: after, results } = merged;
  if (request.adding && request.dryRun) await rm(checkoutDir(request.adding.name, env), { recursive: true, force: true });
  const changed = after !== before;

  const now = new Date().toISOString();
  const outcomes: RegistryOutcome[] = entries.map((entry) => {
    const result = results.find((r) => r.name === entry.name)!;
    return { ...result, entry, fetchError: fetchErrors.get(entry.name), commit: commits.get(entry.name), fetched: fetched.has(entry.name) };
  });
  if (!request.dryRun) {
    // Re-read: the entries as they are now, with this sync's results.
    const latest = await loadRegistries(env);
    const updated = (entry: RegistryEntry): RegistryEntry => {
      const outcome = outcomes.find((o) => o.entry.name === entry.name);
      if (!outcome) return entry;
      if (outcome.fetched && !outcome.error) return { ...entry, lastSync: now, lastFailure: undefined, commit: outcome.commit };
      if (request.automatic && (outcome.fetchError || outcome.error)) return { ...entry, lastFailure: now };
      return entry;
    };
    const registries = [...latest.registries.filter((r) => r.name !== request.removing).map(updated), ...(request.adding ? [updated(request.adding)] : [])];
    await saveRegistries({ registries, requiredKeys: { ...latest.requiredKeys, ...answered } }, env);
    if (request.removing) await rm(checkoutDir(request.removing, env), { recursive: true, force: true });
  }
  return { path, outcomes, changed, removedBlock };
}

function mergeOptions(entry: RegistryEntry, adding: RegistryEntry | undefined): Pick<MergeInput, 'name' | 'prefixAllProfiles' | 'prefixDuplicateProfiles' | 'adding'> {
  return { name: entry.name, prefixAllProfiles: entry.prefixAllProfiles, prefixDuplicateProfiles: entry.prefixDuplicateProfiles, adding: entry === adding };
}

function variables(values: readonly TemplateValue[]): Record<string, string> {
  return Object.fromEntries(values.filter((v) => v.value !== undefined).map((v) => [v.key, v.value!]));
}

/** The required keys' values: --required-key, saved answers, else asked for at a terminal; otherwise an error naming the key. */
async function requiredValues(registry: string, values: readonly TemplateValue[], keys: Record<string, string>, answered: Record<string, string>, request: SyncRequest): Promise<Record<string, string>> {
  for (const value of values) {
    if (!value.required || keys[value.key] !== undefined) continue;
    if (!request.interactive || request.automatic) {
      throw usageError(`registry ${registry} needs a value for ${value.key}${value.prompt ? ` (${value.prompt})` : ''}: give --required-key ${value.key}=VALUE to gatehouse registry ${request.adding ? 'add' : 'sync'}`);
    }
    const answer = await ask(registry, value);
    keys[value.key] = answer;
    answered[value.key] = answer;
  }
  return keys;
}

async function ask(registry: string, value: TemplateValue): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    for (;;) {
      const answer = (await prompt.question(`gatehouse: registry ${registry} needs ${value.key}${value.prompt ? ` (${value.prompt})` : ''}: `)).trim();
      if (answer !== '') return answer;
    }
  } finally {
    prompt.close();
  }
}

/** Parses --required-key KEY=VALUE (the value may hold '='). */
export function parseRequiredKey(text: string, all: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`--required-key takes KEY=VALUE, not '${text}'`);
  return { ...all, [text.slice(0, eq).trim()]: text.slice(eq + 1) };
}
