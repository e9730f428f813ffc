import type { BenchConfig, ScenarioName } from './config.js';
import type { LoadGenerator } from './load/load-generator.js';
import type { Machine, SourceVersion } from './machine.js';

/** What every scenario gets from the run: settings, the load generator, and the facts recorded in every result. */
export interface ScenarioContext {
  readonly config: BenchConfig;
  readonly generator: LoadGenerator;
  readonly machine: Machine;
  readonly gatehouseSource: SourceVersion;
  /** @smithy/signature-v4's version, for the record. */
  readonly signerVersion: string;
}

export interface ScenarioOutcome {
  /** The results file stem: bench/results/<yyyy-mm-dd>-<name>.json and latest-<name>.json. */
  readonly name: string;
  /** When the result was made (its file is named by this date). */
  readonly date: Date;
  readonly result: object;
  /** The human-readable summary printed at the end. */
  readonly table: string;
  /** Only a run in which every target ran is written. */
  readonly complete: boolean;
}

/** One benchmark: starts its targets, measures, stops them, and hands back its result. */
export interface Scenario {
  readonly name: ScenarioName;
  /** The results file stem unless BENCH_NAME overrides it. */
  readonly resultName: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}
