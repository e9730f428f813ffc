import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { model as identitystore } from '../../src/aws/api/identitystore.js';
import { model as organizations } from '../../src/aws/api/organizations.js';
import { frameworkErrors, ServiceError } from '../../src/aws/errors.js';
import { awsJsonCodec } from '../../src/aws/protocol/aws-json.js';
import { codecFor } from '../../src/aws/protocol/codecs.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { bodyJson, header, thrown, wireRequest } from './wire-helpers.js';

const options = { validationErrorCode: 'ValidationException' };
const ops = organizations.operations;

function parse(model: ServiceModel, operation: string, body: string): Record<string, unknown> {
  const op = model.operations[operation];
  assert.ok(op, operation);
  return awsJsonCodec.parseInput(model, op, wireRequest({ body, headers: { 'content-type': 'application/x-amz-json-1.1' } }), options);
}

describe('awsJson1_1 parseInput', () => {
  it('is the registered codec for the json protocol', () => {
    assert.equal(codecFor('json'), awsJsonCodec);
  });

  it('reads members by name and ignores unknown ones', () => {
    const input = parse(
      organizations,
      'CreateAccount',
      JSON.stringify({ Email: 'a@b.co', AccountName: 'Dev', Tags: [{ Key: 'team', Value: 'x' }], Bogus: 1 }),
    );
    assert.deepEqual(input, { Email: 'a@b.co', AccountName: 'Dev', Tags: [{ Key: 'team', Value: 'x' }] });
  });

  it('treats an empty body as {} and null members as absent', () => {
    assert.deepEqual(parse(organizations, 'ListAccounts', ''), {});
    assert.deepEqual(parse(organizations, 'ListAccounts', '{"NextToken":null,"MaxResults":5}'), { MaxResults: 5 });
  });

  it('answers malformed JSON with a 400 SerializationException', () => {
    for (const body of ['{"Email":', 'not json', '{"a":1}}']) {
      const e = thrown(() => parse(organizations, 'CreateAccount', body));
      assert.equal(e.code, 'SerializationException');
      assert.equal(e.status, 400);
    }
  });

  it('answers wrong JSON types with SerializationException, never a crash', () => {
    const cases = [
      '[]',
      '"text"',
      '{"Email":5,"AccountName":"x"}',
      '{"Email":"a@b.co","AccountName":{"x":1}}',
      '{"Email":"a@b.co","AccountName":"x","Tags":{"Key":"k"}}',
      '{"Email":"a@b.co","AccountName":"x","Tags":["k"]}',
    ];
    for (const body of cases) {
      const e = thrown(() => parse(organizations, 'CreateAccount', body));
      assert.equal(e.code, 'SerializationException', body);
      assert.equal(e.status, 400);
    }
    for (const body of ['{"MaxResults":"5"}', '{"MaxResults":1.5}', '{"MaxResults":true}']) {
      assert.equal(thrown(() => parse(organizations, 'ListAccounts', body)).code, 'SerializationException', body);
    }
  });

  it('validates against the model with the service code and AWS wording', () => {
    const e = thrown(() => parse(organizations, 'CreateAccount', '{"Email":"a@b.co"}'));
    assert.equal(e.code, 'ValidationException');
    assert.equal(
      e.message,
      "1 validation error detected: Value null at 'accountName' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      thrown(() => parse(organizations, 'ListAccounts', '{"MaxResults":0}')).message,
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('passes smithy documents through untouched', () => {
    const operations = [{ AttributePath: 'name.givenName', AttributeValue: { nested: [1, 'x', null, true] } }];
    const input = parse(
      identitystore,
      'UpdateUser',
      JSON.stringify({ IdentityStoreId: 'd-1234567890', UserId: '12345678-1234-1234-1234-123456789012', Operations: operations }),
    );
    assert.deepEqual(input['Operations'], operations);
  });

  it('reads timestamps as epoch seconds or ISO strings and blobs as base64', () => {
    const model: ServiceModel = {
      metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X', signingName: 'x', targetPrefix: 'X' },
      operations: { Op: { name: 'Op', http: { method: 'POST', requestUri: '/' }, input: { shape: 'In' }, errors: [] } },
      shapes: {
        In: { type: 'structure', members: { At: { shape: 'Time' }, Then: { shape: 'Time' }, Data: { shape: 'Bytes' } } },
        Time: { type: 'timestamp' },
        Bytes: { type: 'blob' },
      },
    };
    const input = parse(model, 'Op', '{"At":1700000000.5,"Then":"2026-11-22T11:40:43Z","Data":"aGVsbG8="}');
    assert.deepEqual(input['At'], new Date(1700000000500));
    assert.deepEqual(input['Then'], new Date('2026-11-22T11:40:43Z'));
    assert.equal(Buffer.from(input['Data'] as Uint8Array).toString('utf8'), 'hello');
    assert.equal(thrown(() => parse(model, 'Op', '{"At":"yesterday"}')).code, 'SerializationException');
  });
});

describe('awsJson1_1 serializeOutput', () => {
  it('writes JSON with epoch-second timestamps, omitting absent members and unknown keys', () => {
    const op = ops['DescribeAccount'];
    assert.ok(op);
    const response = awsJsonCodec.serializeOutput(
      organizations,
      op,
      {
        Account: {
          Id: '111111111111',
          Name: 'Dev',
          Email: undefined,
          Status: 'ACTIVE',
          JoinedTimestamp: new Date(1700000000500),
          Internal: 'secret',
        },
        Extra: 1,
      },
      'req-1',
    );
    assert.equal(response.status, 200);
    assert.equal(header(response, 'content-type'), 'application/x-amz-json-1.1');
    assert.equal(header(response, 'x-amzn-requestid'), 'req-1');
    assert.deepEqual(bodyJson(response), {
      Account: { Id: '111111111111', Name: 'Dev', Status: 'ACTIVE', JoinedTimestamp: 1700000000.5 },
    });
  });

  it('writes {} for an operation without output', () => {
    const op = ops['DeleteOrganization'];
    assert.ok(op);
    assert.deepEqual(bodyJson(awsJsonCodec.serializeOutput(organizations, op, undefined, 'r')), {});
  });
});

describe('awsJson1_1 serializeError', () => {
  it('writes __type, message and x-amzn-ErrorType with the model status', () => {
    const response = awsJsonCodec.serializeError(
      organizations,
      new ServiceError('AccountNotFoundException', 'You specified an account that does not exist.'),
      'req-2',
    );
    assert.equal(response.status, 400);
    assert.equal(header(response, 'x-amzn-ErrorType'), 'AccountNotFoundException');
    assert.equal(header(response, 'content-type'), 'application/x-amz-json-1.1');
    const body = bodyJson(response);
    assert.equal(body['__type'], 'AccountNotFoundException');
    assert.equal(body['message'], 'You specified an account that does not exist.');
  });

  it('adds the shape members given as fields, and only those', () => {
    const response = awsJsonCodec.serializeError(
      organizations,
      new ServiceError('ConstraintViolationException', 'limit', { fields: { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED', Junk: 'x' } }),
      'r',
    );
    const body = bodyJson(response);
    assert.equal(body['Reason'], 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
    assert.equal(body['Junk'], undefined);
  });

  it('uses 500 for server-fault shapes and the explicit status of framework errors', () => {
    assert.equal(awsJsonCodec.serializeError(organizations, new ServiceError('ServiceException', 'boom'), 'r').status, 500);
    const internal = awsJsonCodec.serializeError(organizations, frameworkErrors.internal(), 'r');
    assert.equal(internal.status, 500);
    assert.equal(bodyJson(internal)['__type'], 'InternalFailure');
    const ser = awsJsonCodec.serializeError(organizations, frameworkErrors.serialization('bad'), 'r');
    assert.equal(ser.status, 400);
    assert.equal(header(ser, 'x-amzn-ErrorType'), 'SerializationException');
  });
});
