import { join } from 'node:path';
import { readJsonFile, writePrivateJson } from './aws-config/json-files.js';
import { gatehouseCacheDir } from './aws-config/paths.js';

// The profiles assume used last, most recent first (~/.cache/gatehouse/recent-profiles.json), so the picker offers
// them first, as Granted's frecency order does: the role you used a minute ago is one Enter away.

const kept = 50;

function recentPath(env: NodeJS.ProcessEnv): string {
  return join(gatehouseCacheDir(env), 'recent-profiles.json');
}

export async function recentProfiles(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const file = await readJsonFile<{ profiles?: unknown }>(recentPath(env));
  return Array.isArray(file?.profiles) ? file.profiles.filter((p): p is string => typeof p === 'string') : [];
}

/** Puts `profile` first. A lost race between two shells only loses an ordering, never a profile. */
export async function rememberProfile(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const profiles = [profile, ...(await recentProfiles(env)).filter((p) => p !== profile)].slice(0, kept);
  await writePrivateJson(recentPath(env), { profiles });
}

/** `names` with the recently used ones first (most recent first), the rest in their own order. */
export function recentFirst(names: readonly string[], recent: readonly string[]): string[] {
  const known = new Set(names);
  const first = recent.filter((name) => known.has(name));
  const seen = new Set(first);
  return [...first, ...names.filter((name) => !seen.has(name))];
}
