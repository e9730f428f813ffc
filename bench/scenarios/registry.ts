import type { ScenarioName } from '../config.js';
import type { Scenario } from '../scenario.js';
import { authorizeScenario } from './authorize.js';
import { identityCenterScenario } from './identity-center.js';
import { cliScenario } from './cli.js';
import { organizationsScenario } from './organizations.js';
import { policyScenario } from './policy.js';
import { portalScenario } from './portal.js';
import { stsScenario } from './sts.js';

/** `BENCH_SCENARIO` picks from these; `all` runs them in this order. */
export const scenarios: Readonly<Record<ScenarioName, Scenario>> = {
  sts: stsScenario,
  organizations: organizationsScenario,
  'identity-center': identityCenterScenario,
  policy: policyScenario,
  authorize: authorizeScenario,
  cli: cliScenario,
  portal: portalScenario,
};
