import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { model as sso } from '../../src/aws/api/sso.js';
import { model as ssoOidc } from '../../src/aws/api/sso-oidc.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// Bad input never makes a 500 on the unsigned rest-json services either (test/e2e/no-500s covers the signed ones):
// every operation of the portal and the OIDC service, called with no body, bodies of the wrong shape or not JSON at
// all, query values of the wrong type, and bearer tokens that mean nothing, answers a client error (or 501 for what
// is not built). Driven by the models.

const bodies = ['', '{}', '[]', '"x"', '\u0000\u00ff{[', JSON.stringify({ clientId: 1, clientSecret: [], grantType: {}, deviceCode: 7, scopes: 'x', redirectUris: {}, startUrl: 5 })];
const queries = ['', '?max_result=abc&next_token=%00', '?max_result=0&account_id=&role_name=', '?max_result=101&next_token=bm9wZQ'];
const headers: readonly Record<string, string>[] = [{}, { 'x-amz-sso_bearer_token': 'aoa-made-up' }, { 'x-amz-sso_bearer_token': '' }];

describe('no 500s from bad input, for every unsigned operation (sqlite)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(testDatabases[0]!);
  });
  after(async () => t.close());

  for (const model of [sso, ssoOidc]) {
    it(`${model.metadata.serviceId}: no body, wrong-shaped and garbage bodies, bad queries and tokens`, async () => {
      const failures: string[] = [];
      for (const operation of Object.values(model.operations)) {
        const [path, literalQuery] = operation.http.requestUri.split('?');
        for (const body of operation.http.method === 'GET' ? [''] : bodies) {
          for (const query of queries) {
            for (const extra of headers) {
              const q = [query.replace(/^\?/, ''), literalQuery ?? ''].filter((p) => p !== '').join('&');
              const res = await fetch(`${t.url}${path}${q ? `?${q}` : ''}`, {
                method: operation.http.method,
                headers: { 'content-type': 'application/json', ...extra },
                ...(operation.http.method === 'GET' ? {} : { body }),
              });
              const text = await res.text();
              if (res.status >= 500 && res.status !== 501) failures.push(`${operation.name} ${res.status} ${text.slice(0, 200)} <- ${body.slice(0, 60)} ${query}`);
              else assert.ok(res.headers.get('x-amzn-errortype') || res.status < 300, `${operation.name} ${res.status} without x-amzn-ErrorType`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
