import { readFileSync } from 'node:fs';

// Files the server reads at run time (the pages' stylesheet, data catalogues) live in the package's `assets/`
// folder, beside `dist/`, so the compiler needs no copy step: compiled code sits at dist/src/lib/ here.

const root = new URL('../../../assets/', import.meta.url);

/** The bytes of `assets/<path>`; throws when the package is incomplete. */
export function readAsset(path: string): Buffer {
  return readFileSync(new URL(path, root));
}
