import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { renderCoverage } from '../../src/server/coverage.js';

it('docs/coverage.md matches what the services implement (run `npm run coverage` to refresh it)', async () => {
  const committed = await readFile(new URL('../../../docs/coverage.md', import.meta.url), 'utf8');
  assert.equal(committed, await renderCoverage());
});
