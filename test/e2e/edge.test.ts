import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { formHeaders, jsonHeaders, signedFetch } from '../support/signed-fetch.js';

// Routing, framework errors and validation at the edge, seen from the wire and from the SDK.

const sqlite = testDatabases[0]!;

describe('edge routing and framework errors', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(sqlite);
  });
  after(async () => t.close());

  it('an unknown operation of a JSON service is UnknownOperationException', async () => {
    const res = await signedFetch(t.url, { service: 'organizations', credentials: t.root, body: '{}', headers: jsonHeaders('AWSOrganizationsV20161128.MakeCoffee') });
    assert.equal(res.status, 400);
    assert.ok(res.headers.get('x-amzn-requestid'));
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'UnknownOperationException');
    assert.match(body.message, /MakeCoffee/);
  });

  it('a JSON service we do not serve is named in the error', async () => {
    const res = await signedFetch(t.url, { service: 'support', credentials: t.root, body: '{}', headers: jsonHeaders('AWSSupport_20130415.DescribeSeverityLevels') });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'UnknownOperationException');
    assert.match(body.message, /AWSSupport_20130415/);
  });

  it('an unknown query action is InvalidAction; a query service we do not serve is named', async () => {
    const sts = await signedFetch(t.url, { service: 'sts', credentials: t.root, body: 'Action=MakeCoffee&Version=2011-06-15', headers: formHeaders });
    assert.equal(sts.status, 400);
    assert.match(await sts.text(), /<Code>InvalidAction<\/Code>.*MakeCoffee/s);
    const ec2 = await signedFetch(t.url, { service: 'ec2', credentials: t.root, body: 'Action=DescribeRegions&Version=2016-11-15', headers: formHeaders });
    assert.equal(ec2.status, 400);
    assert.match(await ec2.text(), /<Code>InvalidAction<\/Code>.*ec2/s);
  });

  it('routes by X-Amz-Target, form Action and scope, never by Host', async () => {
    const res = await signedFetch(t.url, {
      service: 'sts',
      credentials: t.root,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { ...formHeaders, host: 'organizations.us-east-1.amazonaws.com' },
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<GetCallerIdentityResponse/);
  });

  it('a malformed JSON body is SerializationException, not a 500', async () => {
    const res = await signedFetch(t.url, { service: 'organizations', credentials: t.root, body: '{"Email":', headers: jsonHeaders('AWSOrganizationsV20161128.CreateAccount') });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'SerializationException');
  });

  it('input is validated against the model with AWS wording, through the SDK', async () => {
    const client = new OrganizationsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.root, maxAttempts: 1 });
    const error = await client.send(new CreateAccountCommand({ Email: 'not-an-email', AccountName: undefined as unknown as string })).then(
      () => assert.fail('expected a validation error'),
      (e: Error) => e,
    );
    assert.equal(error.name, 'ValidationException');
    assert.match(error.message, /^2 validation errors detected: /);
    assert.match(error.message, /Value null at 'accountName' failed to satisfy constraint: Member must not be null/);
    assert.match(error.message, /at 'email' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('a request the API does not own falls through to a 404 with a request id', async () => {
    const res = await fetch(`${t.url}/no/such/page`);
    assert.equal(res.status, 404);
    assert.ok(res.headers.get('x-amzn-requestid'));
  });
});

describe('--accept-any-credentials', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(sqlite, { acceptAnyCredentials: true });
  });
  after(async () => t.close());

  it('maps dummy keys to the root of the management account', async () => {
    const client = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const out = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws:iam::${t.root.accountId}:root`);
  });

  it('still refuses a request with no credentials at all', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: formHeaders, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(res.status, 403);
  });
});
