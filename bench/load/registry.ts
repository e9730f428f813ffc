import { autocannonGenerator } from './autocannon.js';
import type { LoadGenerator } from './load-generator.js';
import { wrkGenerator } from './wrk.js';

export type LoadGeneratorName = 'wrk' | 'autocannon';

/**
 * wrk is the default because autocannon cannot follow moto's `Connection: close` (see autocannon.ts). Where both
 * work they agree once the server is saturated; bench/README.md has the comparison.
 */
export const defaultLoadGenerator: LoadGeneratorName = 'wrk';

export const loadGenerators: Readonly<Record<LoadGeneratorName, () => Promise<LoadGenerator>>> = {
  wrk: wrkGenerator,
  autocannon: async () => autocannonGenerator,
};
