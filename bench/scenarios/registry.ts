import type { ScenarioName } from '../config.js';
import type { Scenario } from '../scenario.js';
import { cliScenario } from './cli.js';
import { organizationsScenario } from './organizations.js';
import { stsScenario } from './sts.js';

/** `BENCH_SCENARIO` picks from these; `all` runs them in this order. */
export const scenarios: Readonly<Record<ScenarioName, Scenario>> = {
  sts: stsScenario,
  organizations: organizationsScenario,
  cli: cliScenario,
};
