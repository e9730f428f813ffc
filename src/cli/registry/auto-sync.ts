import type { Command } from 'commander';
import { say } from '../terminal.js';
import { loadRegistries, type RegistryEntry } from './store.js';

// `assume` and `populate` sync the profile registries whose last sync is more than a week old (Granted syncs about
// once a week too), before they read ~/.aws/config. Quietly: a line on stderr; a failure is a warning and never
// stops the command, and a failed registry is not tried again for an hour. Without registries this costs one
// file read; the sync's modules load only when one is due.

const weekMs = 7 * 24 * 3_600_000;
const retryMs = 3_600_000;
/** An automatic sync stops waiting for git after this long. */
const gitTimeoutMs = 30_000;
const skipVariable = 'GATEHOUSE_SKIP_REGISTRY_SYNC';

export interface AutoSyncOptions {
  readonly skipProfileRegistrySync?: boolean;
}

export function withRegistrySyncOption(command: Command): Command {
  return command.option('--skip-profile-registry-sync', `do not sync profile registries now, even if a week has passed since their last sync (also: ${skipVariable}=1)`);
}

function isDue(entry: Pick<RegistryEntry, 'lastSync' | 'lastFailure'>, now = Date.now()): boolean {
  const age = (at: string | undefined) => (at === undefined ? Infinity : now - new Date(at).getTime());
  return !(age(entry.lastSync) < weekMs) && !(age(entry.lastFailure) < retryMs);
}

export async function autoSyncRegistries(options: AutoSyncOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const skip = env[skipVariable];
  if (options.skipProfileRegistrySync || (skip !== undefined && skip !== '' && skip !== '0' && skip.toLowerCase() !== 'false')) return;
  try {
    const due = (await loadRegistries(env)).registries.filter((r) => isDue(r)).map((r) => r.name);
    if (due.length === 0) return;
    const { syncRegistries } = await import('./sync.js');
    const outcome = await syncRegistries({ fetch: new Set(due), interactive: false, automatic: true, timeoutMs: gitTimeoutMs, env });
    if (!outcome) return; // another process is syncing them
    for (const result of outcome.outcomes) {
      if (!due.includes(result.name)) continue;
      const problem = result.error ?? result.fetchError;
      if (problem) say(`warning: could not sync profile registry ${result.name}: ${problem.message} (run gatehouse registry sync ${result.name})`);
      else {
        const counts = ['+', '~', '-'].map((sign) => result.changes.filter((c) => c.sign === sign).length);
        say(`synced profile registry ${result.name} (a week since the last sync): ${counts[0]} added, ${counts[1]} changed, ${counts[2]} removed`);
      }
    }
  } catch (error) {
    say(`warning: could not sync profile registries: ${(error as Error).message} (run gatehouse registry sync)`);
  }
}
