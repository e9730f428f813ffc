import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// The developer CLI is a pure AWS client: it reaches gatehouse (or AWS) only over the wire, so it never imports the
// server's code, and it depends on nothing but node, commander, the SDK clients it calls (the SSO portal, SSO OIDC, and STS for role chaining), yaml
// (profile registries' granted.yml) and the optional keychain binding (loaded only by secure-store/keychain-store.ts).

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = join(root, 'src', 'cli');
/** The commands that run or administer a local server (serve, env, accounts) and their helpers. */
const serverSide = new Set(['commands/serve.ts', 'commands/env.ts', 'commands/accounts.ts', 'server-options.ts', 'control-client.ts']);
const allowedPackages = new Set(['commander', '@aws-sdk/client-sso', '@aws-sdk/client-sso-oidc', '@aws-sdk/client-sts', 'yaml', '@napi-rs/keyring']);

async function sources(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.ts')).map((name) => join(dir, name));
}

describe('the developer CLI is a pure AWS client', () => {
  it('imports only its own modules, node:, commander, the SSO and STS clients, yaml and the keychain binding', async () => {
    const problems: string[] = [];
    for (const file of await sources(cli)) {
      const name = relative(cli, file);
      if (serverSide.has(name)) continue;
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:')) continue;
        if (specifier.startsWith('.')) {
          if (!resolve(dirname(file), specifier).startsWith(cli + '/')) problems.push(`${name} imports ${specifier}`);
          continue;
        }
        if (!allowedPackages.has(specifier)) problems.push(`${name} imports the package ${specifier}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
