import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import type { LoadGenerator } from './load/load-generator.js';
import { loadGenerators } from './load/registry.js';
import { describeMachine, sourceVersion } from './machine.js';
import { progress } from './measure.js';
import { scenarios } from './scenarios/registry.js';
import { python, targetNames } from './targets.js';

// `npm run bench`: each scenario (BENCH_SCENARIO, default all) against gatehouse, moto and a bare node:http ceiling
// on the same machine in the same run, each server in its own child process and the load generator driven from here
// (bench/README.md). Each scenario writes its own results file.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const signerVersion = (createRequire(import.meta.url)('@smithy/signature-v4/package.json') as { version: string }).version;

async function main(): Promise<void> {
  const config = readConfig();
  const generator: LoadGenerator = await loadGenerators[config.loadGenerator]();
  const [machine, gatehouseSource] = await Promise.all([describeMachine(python), sourceVersion(repoRoot)]);

  for (const scenarioName of config.scenarios) {
    const loadBefore = loadavg()[0] ?? 0;
    if (loadBefore > machine.cpus / 2) {
      progress(`warning: 1-minute load average is ${loadBefore.toFixed(2)} on ${machine.cpus} CPUs; other work will add noise`);
    }
    progress(`scenario ${scenarioName}`);
    const outcome = await scenarios[scenarioName].run({ config, generator, machine, gatehouseSource, signerVersion });
    process.stdout.write(`\n== ${scenarioName} ==\n${outcome.table}\n`);

    if (!config.write) {
      progress('BENCH_WRITE=0: results not written');
    } else if (!outcome.complete) {
      progress(`not all of ${targetNames.join(', ')} ran: results not written`);
    } else {
      // A run that fails throws before this point, so a failed scenario never writes; an earlier one has written.
      await mkdir(resultsDir, { recursive: true });
      const file = `${resultsDir}${outcome.date.toISOString().slice(0, 10)}-${outcome.name}.json`;
      await writeFile(file, `${JSON.stringify(outcome.result, null, 2)}\n`);
      await copyFile(file, `${resultsDir}latest-${outcome.name}.json`);
      progress(`wrote ${file} and latest-${outcome.name}.json`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
