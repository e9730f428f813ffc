import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import type { LoadGenerator } from './load/load-generator.js';
import { loadGenerators } from './load/registry.js';
import { describeMachine, sourceVersion } from './machine.js';
import { cpuSeconds } from './process-cpu.js';
import { measurement, ratioTargets, ratios, table, type BenchResult, type Measurement, type TargetResult } from './report.js';
import { python, targets, targetNames, type RunningTarget, type TargetName } from './targets.js';

// `npm run bench`: sts:GetCallerIdentity against a bare node:http ceiling, gatehouse and moto, on the same machine
// in the same run, each server in its own child process and the load generator driven from here (bench/README.md).

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const signerVersion = (createRequire(import.meta.url)('@smithy/signature-v4/package.json') as { version: string }).version;

const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

async function main(): Promise<void> {
  const config = readConfig();
  const generator: LoadGenerator = await loadGenerators[config.loadGenerator]();
  const [machine, gatehouseSource] = await Promise.all([describeMachine(python), sourceVersion(repoRoot)]);

  const loadBefore = loadavg()[0] ?? 0;
  if (loadBefore > machine.cpus / 2) {
    progress(`warning: 1-minute load average is ${loadBefore.toFixed(2)} on ${machine.cpus} CPUs; other work will add noise`);
  }

  // Every target is started (and checked) first, then each concurrency is measured on each target in turn: the
  // numbers a ratio divides are taken seconds apart, not a minute apart, which matters on a shared machine.
  // Idle targets wait in their own processes; only the one being measured gets requests.
  const running = new Map<TargetName, RunningTarget>();
  const measurements = new Map<TargetName, Measurement[]>();
  try {
    for (const name of config.targets) {
      progress(`starting ${name}`);
      const target = await targets[name].start();
      running.set(name, target);
      if (!target.keepAlive && !generator.followsConnectionClose) {
        throw new Error(`${name} closes the connection after every response, which ${generator.name} cannot follow; use BENCH_LOADGEN=wrk`);
      }
      measurements.set(name, []);
    }
    for (const connections of config.connections) {
      for (const [name, target] of running) {
        if (config.warmupSeconds > 0) {
          await generator.run(target.request, { connections, durationSeconds: config.warmupSeconds });
        }
        const cpuBefore = cpuSeconds(target.pid);
        const r = await generator.run(target.request, { connections, durationSeconds: config.durationSeconds });
        const cpuAfter = cpuSeconds(target.pid);
        if (r.non2xx > 0) {
          throw new Error(`${name} at ${connections} connections answered ${r.non2xx} non-2xx responses; an error path is not a result`);
        }
        if (r.requests === 0) throw new Error(`${name} at ${connections} connections completed no requests`);
        if (r.errors > 0) progress(`warning: ${name} at ${connections} connections had ${r.errors} socket errors or timeouts`);
        const m = measurement(connections, r, cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
        progress(
          `${name} c=${connections}: ${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
            `server CPU ${m.serverCpuPercent ?? '-'}% (${m.serverCpuUsPerRequest ?? '-'} us/request)`,
        );
        measurements.get(name)?.push(m);
      }
    }
  } finally {
    await Promise.all([...running.values()].map((target) => target.stop()));
  }
  const loadAfter = loadavg()[0] ?? 0;

  const results: BenchResult['targets'] = {};
  for (const [name, target] of running) {
    const result: TargetResult = {
      description: targets[name].description,
      keepsConnectionsOpen: target.keepAlive,
      measurements: measurements.get(name) ?? [],
    };
    results[name] = result;
  }

  const date = new Date();
  const result: BenchResult = {
    name: config.name,
    date: date.toISOString(),
    machine,
    loadAverage1m: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
    gatehouseSource,
    method: {
      call: 'sts:GetCallerIdentity (awsQuery)',
      request:
        'POST / with body Action=GetCallerIdentity&Version=2011-06-15, ' +
        'content-type application/x-www-form-urlencoded; charset=utf-8, keep-alive, no pipelining',
      signing:
        `SigV4 by @smithy/signature-v4 ${signerVersion} for sts/us-east-1, signed once per target and the same ` +
        'headers replayed for every request (a signature stays valid for 15 minutes); moto and the ceiling get dummy keys',
      loadGenerator: { name: generator.name, version: generator.version, where: generator.where },
      connections: config.connections,
      warmupSeconds: config.warmupSeconds,
      durationSeconds: config.durationSeconds,
      order:
        `all targets started first; then for each concurrency, each target in turn (${config.targets.join(', ')}): ` +
        'a discarded warm-up, then the measurement',
    },
    targets: results,
    ratioTargets,
    ratios: ratios(config, results),
  };

  process.stdout.write(`\n${table(result)}`);

  const complete = targetNames.every((name) => results[name] !== undefined);
  if (!config.write) {
    progress('BENCH_WRITE=0: results not written');
  } else if (!complete) {
    progress(`not all of ${targetNames.join(', ')} ran: results not written`);
  } else {
    await mkdir(resultsDir, { recursive: true });
    const file = `${resultsDir}${date.toISOString().slice(0, 10)}-${config.name}.json`;
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    await copyFile(file, `${resultsDir}latest.json`);
    progress(`wrote ${file} and latest.json`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
