import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceModel, Shape } from '../../src/aws/protocol/model.js';
import { model as iam } from '../../src/aws/api/iam.js';
import { model as identitystore } from '../../src/aws/api/identitystore.js';
import { model as organizations } from '../../src/aws/api/organizations.js';
import { model as ssoAdmin } from '../../src/aws/api/sso-admin.js';
import { model as sts } from '../../src/aws/api/sts.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { formHeaders, jsonHeaders, signedFetch } from '../support/signed-fetch.js';

// Bad input never makes a 500: every operation of every signed service, called with an empty input, with every
// top-level member of the wrong type, and with bytes that are not the protocol at all, answers a client error (or
// 501 for what is not built yet). Driven by the models, so new operations are covered as they land.

/** A value of the wrong JSON type for a shape. */
function wrongJson(shape: Shape | undefined): unknown {
  switch (shape?.type) {
    case 'structure':
    case 'map':
      return 'not-an-object';
    case 'list':
      return { not: 'a list' };
    case 'string':
    case 'timestamp':
    case 'blob':
      return { not: 'a string' };
    default:
      return 'not-a-number-or-boolean';
  }
}

function topMembers(model: ServiceModel, operation: string): Record<string, Shape | undefined> {
  const input = model.operations[operation]?.input;
  const shape = input ? model.shapes[input.shape] : undefined;
  if (shape?.type !== 'structure') return {};
  return Object.fromEntries(Object.entries(shape.members).map(([name, ref]) => [name, model.shapes[ref.shape]]));
}

const models = { organizations, 'sso-admin': ssoAdmin, identitystore, sts, iam };

describe('no 500s from bad input, for every signed operation (sqlite)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(testDatabases[0]!);
  });
  after(async () => t.close());

  for (const [id, model] of Object.entries(models)) {
    const service = { id, model };
    const { metadata } = model;
    it(`${id}: empty, wrong-typed and garbage input`, async () => {
      const failures: string[] = [];
      for (const operation of Object.keys(service.model.operations)) {
        if (service.model.operations[operation]!.authtype === 'none') continue;
        const members = topMembers(service.model, operation);
        const bodies: string[] =
          metadata.protocol === 'json'
            ? ['{}', JSON.stringify(Object.fromEntries(Object.entries(members).map(([k, s]) => [k, wrongJson(s)]))), '\u0000\u00ff{[', '[]', '"x"']
            : [
                `Action=${operation}&Version=${metadata.apiVersion}`,
                `Action=${operation}&Version=${metadata.apiVersion}&${Object.keys(members)
                  .map((k) => `${k}=%00%FF&${k}.member.99999999=x&${k}.entry.1.key=k`)
                  .join('&')}`,
              ];
        for (const body of bodies) {
          const res =
            metadata.protocol === 'json'
              ? await signedFetch(t.url, { service: metadata.signingName, credentials: t.root, body, headers: jsonHeaders(`${metadata.targetPrefix}.${operation}`) })
              : await signedFetch(t.url, { service: metadata.signingName, credentials: t.root, body, headers: formHeaders });
          if (res.status >= 500 && res.status !== 501) failures.push(`${operation} ${res.status} ${(await res.text()).slice(0, 200)} <- ${body.slice(0, 80)}`);
          else await res.arrayBuffer();
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
