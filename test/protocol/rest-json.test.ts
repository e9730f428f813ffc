import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { model as sso } from '../../src/aws/api/sso.js';
import { model as ssoOidc } from '../../src/aws/api/sso-oidc.js';
import { ServiceError } from '../../src/aws/errors.js';
import { codecFor } from '../../src/aws/protocol/codecs.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { matchRestOperation, restJsonCodec } from '../../src/aws/protocol/rest-json.js';
import { bodyJson, bodyText, header, thrown, wireRequest, type RequestInit } from './wire-helpers.js';

const options = { validationErrorCode: 'InvalidRequestException' };

function parse(model: ServiceModel, operation: string, init: RequestInit): Record<string, unknown> {
  const op = model.operations[operation];
  assert.ok(op, operation);
  return restJsonCodec.parseInput(model, op, wireRequest(init), options);
}

/** A model exercising the bindings sso and sso-oidc do not use. */
const things: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'things', protocol: 'rest-json', serviceId: 'Things', signingName: 'things' },
  operations: {
    GetThing: {
      name: 'GetThing',
      http: { method: 'GET', requestUri: '/things/{Name}' },
      input: { shape: 'GetThingIn' },
      output: { shape: 'GetThingOut' },
      errors: [],
    },
    GetFile: { name: 'GetFile', http: { method: 'GET', requestUri: '/files/{Key+}' }, input: { shape: 'GetFileIn' }, errors: [] },
    ListThings: { name: 'ListThings', http: { method: 'GET', requestUri: '/things' }, errors: [] },
    CreateThing: {
      name: 'CreateThing',
      http: { method: 'POST', requestUri: '/things', responseCode: 201 },
      input: { shape: 'CreateThingIn' },
      output: { shape: 'CreateThingOut' },
      errors: ['ThrottledError'],
    },
  },
  shapes: {
    GetThingIn: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Str', location: 'uri', locationName: 'Name' },
        Ids: { shape: 'IntList', location: 'querystring', locationName: 'id' },
        Since: { shape: 'Time', location: 'header', locationName: 'If-Modified-Since' },
        Meta: { shape: 'StrMap', location: 'headers', locationName: 'x-meta-' },
        Flag: { shape: 'Bool', location: 'querystring', locationName: 'flag' },
      },
    },
    GetThingOut: {
      type: 'structure',
      members: {
        Modified: { shape: 'Time', location: 'header', locationName: 'Last-Modified' },
        Tags: { shape: 'StrList', location: 'header', locationName: 'x-tags' },
        Code: { shape: 'Int', location: 'statusCode' },
        Name: { shape: 'Str' },
        At: { shape: 'Time' },
      },
    },
    GetFileIn: { type: 'structure', required: ['Key'], members: { Key: { shape: 'Str', location: 'uri', locationName: 'Key' } } },
    CreateThingIn: { type: 'structure', members: { Name: { shape: 'Str', locationName: 'name' }, Count: { shape: 'Int' } } },
    CreateThingOut: { type: 'structure', members: { Name: { shape: 'Str' } } },
    ThrottledError: {
      type: 'structure',
      exception: true,
      error: { httpStatusCode: 429, senderFault: true },
      members: { message: { shape: 'Str' }, RetryAfter: { shape: 'Int', location: 'header', locationName: 'Retry-After' } },
    },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
    IntList: { type: 'list', member: { shape: 'Int' } },
    StrList: { type: 'list', member: { shape: 'Str' } },
    StrMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
  },
};

describe('matchRestOperation', () => {
  it('routes the sso portal and sso-oidc paths', () => {
    assert.equal(matchRestOperation(sso, 'GET', '/federation/credentials')?.operation.name, 'GetRoleCredentials');
    assert.equal(matchRestOperation(sso, 'GET', '/assignment/accounts')?.operation.name, 'ListAccounts');
    assert.equal(matchRestOperation(sso, 'GET', '/assignment/roles')?.operation.name, 'ListAccountRoles');
    assert.equal(matchRestOperation(sso, 'POST', '/logout')?.operation.name, 'Logout');
    assert.equal(matchRestOperation(ssoOidc, 'POST', '/client/register')?.operation.name, 'RegisterClient');
    assert.equal(matchRestOperation(ssoOidc, 'POST', '/device_authorization')?.operation.name, 'StartDeviceAuthorization');
  });

  it('tells CreateToken from CreateTokenWithIAM by the literal query of the requestUri', () => {
    assert.equal(matchRestOperation(ssoOidc, 'POST', '/token')?.operation.name, 'CreateToken');
    assert.equal(matchRestOperation(ssoOidc, 'POST', '/token', new URLSearchParams('x=1'))?.operation.name, 'CreateToken');
    assert.equal(
      matchRestOperation(ssoOidc, 'POST', '/token', new URLSearchParams('aws_iam=t'))?.operation.name,
      'CreateTokenWithIAM',
    );
  });

  it('does not match other methods or paths', () => {
    assert.equal(matchRestOperation(sso, 'POST', '/federation/credentials'), undefined);
    assert.equal(matchRestOperation(sso, 'GET', '/federation/credentials/x'), undefined);
    assert.equal(matchRestOperation(sso, 'GET', '/federation'), undefined);
    assert.equal(matchRestOperation(ssoOidc, 'GET', '/token'), undefined);
  });

  it('captures labels percent-decoded, greedy labels across slashes, literals before labels', () => {
    assert.deepEqual(matchRestOperation(things, 'GET', '/things/a%20b%2Fc'), {
      operation: things.operations['GetThing'],
      labels: { Name: 'a b/c' },
    });
    assert.deepEqual(matchRestOperation(things, 'GET', '/files/dir/sub/f%C3%A9.txt')?.labels, { Key: 'dir/sub/fé.txt' });
    assert.equal(matchRestOperation(things, 'GET', '/things')?.operation.name, 'ListThings');
    assert.equal(matchRestOperation(things, 'GET', '/things/')?.operation.name, 'ListThings');
    assert.equal(matchRestOperation(things, 'GET', '/files/'), undefined);
  });
});

describe('restJson1 parseInput', () => {
  it('is the registered codec for the rest-json protocol', () => {
    assert.equal(codecFor('rest-json'), restJsonCodec);
  });

  it('binds sso GetRoleCredentials from the query string and the bearer header', () => {
    const input = parse(sso, 'GetRoleCredentials', {
      method: 'GET',
      url: '/federation/credentials?role_name=AdministratorAccess&account_id=111111111111',
      headers: { 'x-amz-sso_bearer_token': 'at-123' },
    });
    assert.deepEqual(input, { roleName: 'AdministratorAccess', accountId: '111111111111', accessToken: 'at-123' });
  });

  it('reports missing bound members with the service validation code', () => {
    const e = thrown(() => parse(sso, 'GetRoleCredentials', { method: 'GET', url: '/federation/credentials?role_name=R&account_id=1' }));
    assert.equal(e.code, 'InvalidRequestException');
    assert.equal(
      e.message,
      "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
    );
  });

  it('converts query numbers, and says so when the text is not one', () => {
    const headers = { 'x-amz-sso_bearer_token': 't' };
    assert.deepEqual(parse(sso, 'ListAccounts', { method: 'GET', url: '/assignment/accounts?max_result=10&next_token=n', headers }), {
      maxResults: 10,
      nextToken: 'n',
      accessToken: 't',
    });
    assert.equal(
      thrown(() => parse(sso, 'ListAccounts', { method: 'GET', url: '/assignment/accounts?max_result=ten', headers })).message,
      "1 validation error detected: Value 'ten' at 'maxResults' failed to satisfy constraint: Member must be a number",
    );
    assert.equal(
      thrown(() => parse(sso, 'ListAccounts', { method: 'GET', url: '/assignment/accounts?max_result=0', headers })).message,
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('reads the sso-oidc JSON body and rejects malformed or mistyped bodies', () => {
    const body = JSON.stringify({ clientId: 'c', clientSecret: 's', grantType: 'refresh_token', refreshToken: 'rt', scope: ['a'] });
    assert.deepEqual(parse(ssoOidc, 'CreateToken', { url: '/token', body }), {
      clientId: 'c',
      clientSecret: 's',
      grantType: 'refresh_token',
      refreshToken: 'rt',
      scope: ['a'],
    });
    assert.equal(thrown(() => parse(ssoOidc, 'CreateToken', { url: '/token', body: '{"clientId":' })).code, 'SerializationException');
    assert.equal(
      thrown(() => parse(ssoOidc, 'CreateToken', { url: '/token', body: '{"clientId":"c","clientSecret":"s","grantType":"x","scope":"a"}' }))
        .code,
      'SerializationException',
    );
    assert.equal(
      thrown(() => parse(ssoOidc, 'RegisterClient', { url: '/client/register', body: '{"clientName":"n"}' })).message,
      "1 validation error detected: Value null at 'clientType' failed to satisfy constraint: Member must not be null",
    );
  });

  it('binds uri labels, repeated query keys, header timestamps and prefix headers', () => {
    const input = parse(things, 'GetThing', {
      method: 'GET',
      url: '/things/caf%C3%A9?id=1&id=2&flag=true',
      headers: { 'If-Modified-Since': 'Sun, 22 Nov 2026 11:40:43 GMT', 'X-Meta-Color': 'blue', 'x-meta-size': 'L' },
    });
    assert.deepEqual(input, {
      Name: 'café',
      Ids: [1, 2],
      Flag: true,
      Since: new Date('2026-11-22T11:40:43Z'),
      Meta: { color: 'blue', size: 'L' },
    });
    assert.deepEqual(parse(things, 'GetFile', { method: 'GET', url: '/files/a/b%20c' }), { Key: 'a/b c' });
    assert.deepEqual(parse(things, 'CreateThing', { url: '/things', body: '{"name":"n","Name":"ignored","Count":2}' }), {
      Name: 'n',
      Count: 2,
    });
  });
});

describe('restJson1 serializeOutput', () => {
  it('writes GetRoleCredentials as JSON with epoch-millisecond expiration as given', () => {
    const op = sso.operations['GetRoleCredentials'];
    assert.ok(op);
    const response = restJsonCodec.serializeOutput(
      sso,
      op,
      { roleCredentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: 1795344070000 } },
      'req',
    );
    assert.equal(response.status, 200);
    assert.equal(header(response, 'content-type'), 'application/json');
    assert.deepEqual(bodyJson(response), {
      roleCredentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: 1795344070000 },
    });
  });

  it('answers an operation without output with 200 and an empty body', () => {
    const op = sso.operations['Logout'];
    assert.ok(op);
    const response = restJsonCodec.serializeOutput(sso, op, {}, 'req');
    assert.equal(response.status, 200);
    assert.equal(bodyText(response), '');
  });

  it('moves header and statusCode members out of the body and uses the responseCode', () => {
    const get = things.operations['GetThing'];
    const create = things.operations['CreateThing'];
    assert.ok(get && create);
    const response = restJsonCodec.serializeOutput(
      things,
      get,
      { Modified: new Date('2026-11-22T11:40:43Z'), Tags: ['a', 'b'], Code: 203, Name: 'n', At: new Date(1700000000000) },
      'r',
    );
    assert.equal(response.status, 203);
    assert.equal(header(response, 'last-modified'), 'Sun, 22 Nov 2026 11:40:43 GMT');
    assert.equal(header(response, 'x-tags'), 'a, b');
    assert.deepEqual(bodyJson(response), { Name: 'n', At: 1700000000 });
    assert.equal(restJsonCodec.serializeOutput(things, create, { Name: 'n' }, 'r').status, 201);
  });
});

describe('restJson1 serializeError', () => {
  it('always sends x-amzn-ErrorType, with the model status and the OIDC fields', () => {
    const response = restJsonCodec.serializeError(
      ssoOidc,
      new ServiceError('AuthorizationPendingException', 'Authorization is still pending', {
        fields: { error: 'authorization_pending', error_description: 'Authorization is still pending' },
      }),
      'req',
    );
    assert.equal(response.status, 400);
    assert.equal(header(response, 'x-amzn-ErrorType'), 'AuthorizationPendingException');
    assert.equal(header(response, 'content-type'), 'application/json');
    assert.deepEqual(bodyJson(response), {
      error: 'authorization_pending',
      error_description: 'Authorization is still pending',
      message: 'Authorization is still pending',
    });
  });

  it('takes each status from the model', () => {
    assert.equal(restJsonCodec.serializeError(sso, new ServiceError('UnauthorizedException', 'Session token not found or invalid'), 'r').status, 401);
    assert.equal(restJsonCodec.serializeError(sso, new ServiceError('ResourceNotFoundException', 'No access'), 'r').status, 404);
    assert.equal(restJsonCodec.serializeError(sso, new ServiceError('TooManyRequestsException', 'slow'), 'r').status, 429);
    assert.equal(restJsonCodec.serializeError(ssoOidc, new ServiceError('InternalServerException', 'x'), 'r').status, 500);
  });

  it('writes header-bound error members as headers', () => {
    const response = restJsonCodec.serializeError(things, new ServiceError('ThrottledError', 'slow down', { fields: { RetryAfter: 5 } }), 'r');
    assert.equal(response.status, 429);
    assert.equal(header(response, 'retry-after'), '5');
    assert.deepEqual(bodyJson(response), { message: 'slow down' });
  });
});
