import { defaultLoadGenerator, loadGenerators, type LoadGeneratorName } from './load/registry.js';
import { targetNames, type TargetName } from './targets.js';

// Everything a run can vary, from the environment, so `npm run bench` needs no arguments and a quick run is
// `BENCH_DURATION=1 BENCH_WARMUP=0 BENCH_WRITE=0 npm run bench`.

export interface BenchConfig {
  readonly name: string;
  readonly connections: readonly number[];
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly targets: readonly TargetName[];
  readonly loadGenerator: LoadGeneratorName;
  /** Write bench/results/<date>-<name>.json and latest.json (only ever when all three targets ran). */
  readonly write: boolean;
}

/** A SigV4 signature is accepted for 15 minutes; every target is signed at start, so the whole run must fit. */
const signatureWindowSeconds = 14 * 60;

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${key} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

function list(env: NodeJS.ProcessEnv, key: string, fallback: string): string[] {
  const items = (env[key] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const name = env['BENCH_NAME'] ?? 'sts-get-caller-identity';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`BENCH_NAME must be kebab-case, got ${JSON.stringify(name)}`);

  const connections = list(env, 'BENCH_CONNECTIONS', '1,16,64').map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_CONNECTIONS: ${JSON.stringify(item)} is not a positive integer`);
    return value;
  });
  if (connections.length === 0) throw new Error('BENCH_CONNECTIONS is empty');

  const targets = list(env, 'BENCH_TARGETS', targetNames.join(',')).map((item) => {
    if (!(targetNames as readonly string[]).includes(item)) {
      throw new Error(`BENCH_TARGETS: unknown target ${JSON.stringify(item)} (known: ${targetNames.join(', ')})`);
    }
    return item as TargetName;
  });
  if (targets.length === 0) throw new Error('BENCH_TARGETS is empty');

  const loadGenerator = env['BENCH_LOADGEN'] ?? defaultLoadGenerator;
  if (!Object.hasOwn(loadGenerators, loadGenerator)) {
    throw new Error(`BENCH_LOADGEN must be one of ${Object.keys(loadGenerators).join(', ')}, got ${JSON.stringify(loadGenerator)}`);
  }

  const durationSeconds = integer(env, 'BENCH_DURATION', 5, 1);
  const warmupSeconds = integer(env, 'BENCH_WARMUP', 1, 0);
  const measuring = targets.length * connections.length * (durationSeconds + warmupSeconds);
  if (measuring > signatureWindowSeconds) {
    throw new Error(
      `the run would measure for ${measuring} s, past the ${signatureWindowSeconds} s a replayed SigV4 signature stays valid`,
    );
  }

  return {
    name,
    connections,
    durationSeconds,
    warmupSeconds,
    targets,
    loadGenerator: loadGenerator as LoadGeneratorName,
    write: env['BENCH_WRITE'] !== '0',
  };
}
