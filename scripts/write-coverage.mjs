// Writes docs/coverage.md from the built service definitions (run `npm run build` first; `npm run coverage` does).
import { writeFileSync } from 'node:fs';
import { renderCoverage } from '../dist/src/server/coverage.js';

writeFileSync(new URL('../docs/coverage.md', import.meta.url), await renderCoverage());
