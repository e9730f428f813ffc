import { join } from 'node:path';
import { readJsonFile, writePrivateJson } from '../aws-config/json-files.js';
import { gatehouseCacheDir, gatehouseConfigDir } from '../aws-config/paths.js';
import { usageError } from '../errors.js';

// The profile registries the user added, in ~/.config/gatehouse/registries.json (0600: the answers to a registry's
// required keys are kept there, as Granted keeps them in its config), and their git checkouts in
// ~/.cache/gatehouse/registries/<name> (a cache: deleting one only makes the next sync clone again).

export interface RegistryEntry {
  readonly name: string;
  readonly url: string;
  /** The folder of the repository holding granted.yml. */
  readonly path?: string | undefined;
  /** granted.yml unless given. */
  readonly filename?: string | undefined;
  /** A branch, tag or commit; the remote's default branch (HEAD) unless given. */
  readonly ref?: string | undefined;
  /** Higher first, as in Granted: its profiles keep their names when two registries have the same one. */
  readonly priority: number;
  readonly prefixAllProfiles: boolean;
  readonly prefixDuplicateProfiles: boolean;
  readonly addedAt: string;
  /** When its profiles were last merged from a fresh fetch. */
  readonly lastSync?: string | undefined;
  /** When an automatic sync last tried and failed: not tried again for an hour. */
  readonly lastFailure?: string | undefined;
  /** The commit the block was made from. */
  readonly commit?: string | undefined;
}

export interface RegistryFile {
  readonly registries: readonly RegistryEntry[];
  /** Answers to granted.yml's required keys (shared by every registry, as in Granted). */
  readonly requiredKeys: Readonly<Record<string, string>>;
}

export function registriesPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(gatehouseConfigDir(env), 'registries.json');
}

export function checkoutDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(gatehouseCacheDir(env), 'registries', name);
}

export async function loadRegistries(env: NodeJS.ProcessEnv = process.env): Promise<RegistryFile> {
  const file = await readJsonFile<{ registries?: unknown; requiredKeys?: unknown }>(registriesPath(env));
  const registries = Array.isArray(file?.registries) ? file.registries.filter(isEntry) : [];
  const keys = file?.requiredKeys;
  const requiredKeys: Record<string, string> = {};
  if (keys && typeof keys === 'object' && !Array.isArray(keys)) {
    for (const [key, value] of Object.entries(keys)) if (typeof value === 'string') requiredKeys[key] = value;
  }
  return { registries, requiredKeys };
}

export function saveRegistries(file: RegistryFile, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return writePrivateJson(registriesPath(env), { registries: file.registries, requiredKeys: file.requiredKeys });
}

function isEntry(value: unknown): value is RegistryEntry {
  const entry = value as Partial<RegistryEntry> | null;
  return typeof entry?.name === 'string' && typeof entry.url === 'string' && typeof entry.priority === 'number';
}

/** Highest priority first; equal priorities in the order they were added. */
export function byPriority(registries: readonly RegistryEntry[]): RegistryEntry[] {
  return registries.map((entry, index) => ({ entry, index })).sort((a, b) => b.entry.priority - a.entry.priority || a.index - b.index).map(({ entry }) => entry);
}

/** A registry's name is its block's name, its folder's and the prefix of its profiles (NAME.profile). */
export function checkRegistryName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) throw usageError(`a registry name is letters, digits, _ and - (at most 64, starting with a letter or digit), not '${name}'`);
}
