// Writes docs/coverage.md from the built service definitions (run `npm run build` first; `npm run coverage` does).
import { writeFileSync } from 'node:fs';
import { coverageMarkdown } from '../dist/src/server/coverage.js';
import { allServices } from '../dist/src/server/services.js';

writeFileSync(new URL('../docs/coverage.md', import.meta.url), coverageMarkdown(allServices()));
