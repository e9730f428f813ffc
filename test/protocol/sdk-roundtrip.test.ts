// The real AWS SDK v3 clients against our codecs, with no network: a custom requestHandler hands each request the
// SDK serialized to our parseInput, and feeds the WireResponse our codec wrote to the SDK's own deserializers.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  AccountNotFoundException,
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetRoleCredentialsCommand, SSOClient, UnauthorizedException } from '@aws-sdk/client-sso';
import { AuthorizationPendingException, CreateTokenCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { AssumeRoleCommand, ExpiredTokenException, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// The HttpResponse class of the SDK's own transport (the same class @smithy/protocol-http re-exported).
import { HttpResponse } from '@smithy/core/protocols';
import { model as iamModel } from '../../src/aws/api/iam.js';
import { model as organizationsModel } from '../../src/aws/api/organizations.js';
import { model as ssoModel } from '../../src/aws/api/sso.js';
import { model as ssoOidcModel } from '../../src/aws/api/sso-oidc.js';
import { model as stsModel } from '../../src/aws/api/sts.js';
import { ServiceError } from '../../src/aws/errors.js';
import { codecFor } from '../../src/aws/protocol/codecs.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import type { WireRequest, WireResponse } from '../../src/aws/protocol/wire.js';

interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

function toWire(request: SdkRequest): WireRequest {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v ?? '']) query.append(k, item);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  const body =
    typeof request.body === 'string'
      ? Buffer.from(request.body, 'utf8')
      : request.body instanceof Uint8Array
        ? Buffer.from(request.body)
        : Buffer.alloc(0);
  return { method: request.method, path: request.path, rawQuery: query.toString(), query, headers, body };
}

/**
 * A fake transport for one model: it parses what the SDK sent with our codec (kept in `lastInput`) and answers
 * with `respond(input)`, a WireResponse from our codec. Header names go lower-case, as over HTTP.
 */
class Transport {
  lastInput: Record<string, unknown> | undefined;
  lastOperation: string | undefined;

  constructor(
    private readonly model: ServiceModel,
    private readonly validationErrorCode: string,
    private readonly resolve: (request: WireRequest) => string,
  ) {}

  respond: (operation: string, input: Record<string, unknown>) => WireResponse = () => {
    throw new Error('no response set');
  };

  readonly handler = {
    handle: async (request: SdkRequest) => {
      const wire = toWire(request);
      const name = this.resolve(wire);
      const operation = this.model.operations[name];
      assert.ok(operation, `no operation ${name}`);
      const codec = codecFor(this.model.metadata.protocol);
      this.lastOperation = name;
      this.lastInput = codec.parseInput(this.model, operation, wire, { validationErrorCode: this.validationErrorCode });
      const out = this.respond(name, this.lastInput);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
      const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
      return { response: new HttpResponse({ statusCode: out.status, headers, body: Readable.from([body]) }) };
    },
  };
}

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };
const common = { region: 'us-east-1', credentials, maxAttempts: 1 };

function byTarget(request: WireRequest): string {
  return (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
}
function byAction(request: WireRequest): string {
  return new URLSearchParams(request.body.toString('utf8')).get('Action') ?? '';
}

function output(model: ServiceModel, operation: string, value: unknown): WireResponse {
  const op = model.operations[operation];
  assert.ok(op);
  return codecFor(model.metadata.protocol).serializeOutput(model, op, value, `req-${operation}`);
}
function failure(model: ServiceModel, error: ServiceError): WireResponse {
  return codecFor(model.metadata.protocol).serializeError(model, error, 'req-error');
}

describe('SDK v3 round trip: sts (awsQuery)', () => {
  const transport = new Transport(stsModel, 'ValidationError', byAction);
  const client = new STSClient({ ...common, requestHandler: transport.handler as never });

  it('GetCallerIdentity', async () => {
    transport.respond = (op) =>
      output(stsModel, op, { Arn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice', UserId: 'AROAEXAMPLE:alice', Account: '111111111111' });
    const result = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(transport.lastOperation, 'GetCallerIdentity');
    assert.deepEqual(transport.lastInput, {});
    assert.equal(result.Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    assert.equal(result.UserId, 'AROAEXAMPLE:alice');
    assert.equal(result.Account, '111111111111');
    assert.equal(result.$metadata.requestId, 'req-GetCallerIdentity');
  });

  it('AssumeRole: the SDK request parses, and hostile strings and timestamps come back intact', async () => {
    const secret = `s3cr<e>t&'"\r\n\t\u0001`;
    const expiration = new Date('2026-11-22T11:40:43Z');
    transport.respond = (op) =>
      output(stsModel, op, {
        Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: secret, SessionToken: 'token', Expiration: expiration },
        AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: 'arn:aws:sts::111111111111:assumed-role/Admin/s' },
        PackedPolicySize: 7,
      });
    const result = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/Admin',
        RoleSessionName: 'session@example.com',
        DurationSeconds: 900,
        Tags: [{ Key: 'team', Value: 'a b+c' }],
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      }),
    );
    assert.deepEqual(transport.lastInput, {
      RoleArn: 'arn:aws:iam::111111111111:role/Admin',
      RoleSessionName: 'session@example.com',
      DurationSeconds: 900,
      Tags: [{ Key: 'team', Value: 'a b+c' }],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
    assert.equal(result.Credentials?.SecretAccessKey, secret);
    assert.equal(result.Credentials?.Expiration?.toISOString(), expiration.toISOString());
    assert.equal(result.PackedPolicySize, 7);
    assert.equal(result.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/s');
  });

  it('errors become the modelled exception class', async () => {
    transport.respond = () => failure(stsModel, new ServiceError('ExpiredTokenException', 'The security token included in the request is expired'));
    await assert.rejects(client.send(new GetCallerIdentityCommand({})), (e: unknown) => {
      assert.ok(e instanceof ExpiredTokenException);
      assert.equal(e.message, 'The security token included in the request is expired');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.$fault, 'client');
      return true;
    });
  });

  it('validation errors reach the SDK with their code and message', async () => {
    transport.respond = () => {
      throw new Error('unreachable');
    };
    // The SDK does no model validation of its own: our parseInput rejects the request.
    await assert.rejects(
      client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/Admin', RoleSessionName: 'x' })),
      (e: unknown) => {
        assert.ok(e instanceof ServiceError);
        assert.equal(e.code, 'ValidationError');
        return true;
      },
    );
  });
});

describe('SDK v3 round trip: iam (awsQuery)', () => {
  const transport = new Transport(iamModel, 'ValidationError', byAction);
  const client = new IAMClient({ ...common, requestHandler: transport.handler as never });

  it('ListRoles lists and timestamps', async () => {
    transport.respond = (op) =>
      output(iamModel, op, {
        Roles: [
          { Path: '/', RoleName: 'Admin', RoleId: 'AROA1', Arn: 'arn:aws:iam::111111111111:role/Admin', CreateDate: new Date('2026-01-02T03:04:05.678Z'), Tags: [{ Key: 'k', Value: 'v' }] },
          { Path: '/x/', RoleName: 'Empty', RoleId: 'AROA2', Arn: 'arn:aws:iam::111111111111:role/x/Empty', CreateDate: new Date(0), Tags: [] },
        ],
        IsTruncated: false,
      });
    const result = await client.send(new ListRolesCommand({ PathPrefix: '/' }));
    assert.deepEqual(transport.lastInput, { PathPrefix: '/' });
    assert.equal(result.Roles?.length, 2);
    assert.equal(result.Roles?.[0]?.CreateDate?.toISOString(), '2026-01-02T03:04:05.678Z');
    assert.deepEqual(result.Roles?.[0]?.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.deepEqual(result.Roles?.[1]?.Tags ?? [], []);
    assert.equal(result.IsTruncated, false);
  });

  it('NoSuchEntity is a 404 NoSuchEntityException', async () => {
    transport.respond = () => failure(iamModel, new ServiceError('NoSuchEntityException', 'The role with name Nope cannot be found.'));
    await assert.rejects(client.send(new GetRoleCommand({ RoleName: 'Nope' })), (e: unknown) => {
      assert.equal((e as Error).name, 'NoSuchEntityException');
      assert.equal((e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 404);
      assert.equal((e as Error).message, 'The role with name Nope cannot be found.');
      return true;
    });
  });
});

describe('SDK v3 round trip: organizations (awsJson1_1)', () => {
  const transport = new Transport(organizationsModel, 'ValidationException', byTarget);
  const client = new OrganizationsClient({ ...common, requestHandler: transport.handler as never });

  it('DescribeOrganization', async () => {
    transport.respond = (op) =>
      output(organizationsModel, op, {
        Organization: {
          Id: 'o-abcdefghij',
          Arn: 'arn:aws:organizations::111111111111:organization/o-abcdefghij',
          FeatureSet: 'ALL',
          MasterAccountId: '111111111111',
          MasterAccountEmail: 'root@example.com',
          AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      });
    const result = await client.send(new DescribeOrganizationCommand({}));
    assert.equal(transport.lastOperation, 'DescribeOrganization');
    assert.equal(result.Organization?.Id, 'o-abcdefghij');
    assert.equal(result.Organization?.FeatureSet, 'ALL');
    assert.deepEqual(result.Organization?.AvailablePolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  });

  it('CreateAccount request parses; errors carry their members', async () => {
    transport.respond = () =>
      failure(
        organizationsModel,
        new ServiceError('ConstraintViolationException', 'You have reached the account limit.', {
          fields: { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' },
        }),
      );
    await assert.rejects(
      client.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'Dev', Tags: [{ Key: 'a', Value: 'b' }] })),
      (e: unknown) => {
        assert.ok(e instanceof ConstraintViolationException);
        assert.equal(e.Reason, 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
        assert.equal(e.message, 'You have reached the account limit.');
        return true;
      },
    );
    assert.deepEqual(transport.lastInput, { Email: 'dev@example.com', AccountName: 'Dev', Tags: [{ Key: 'a', Value: 'b' }] });

    transport.respond = () => failure(organizationsModel, new ServiceError('AccountNotFoundException', 'No such account.'));
    await assert.rejects(client.send(new DescribeOrganizationCommand({})), (e: unknown) => {
      assert.ok(e instanceof AccountNotFoundException);
      assert.equal(e.message, 'No such account.');
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
  });
});

describe('SDK v3 round trip: sso portal and sso-oidc (restJson1)', () => {
  const route = (model: ServiceModel) => (request: WireRequest) => {
    for (const op of Object.values(model.operations)) {
      if (op.http.method === request.method && op.http.requestUri.split('?')[0] === request.path) return op.name;
    }
    return '';
  };

  it('GetRoleCredentials binds query and header, and the credentials come back', async () => {
    const transport = new Transport(ssoModel, 'InvalidRequestException', route(ssoModel));
    const client = new SSOClient({ region: 'us-east-1', maxAttempts: 1, requestHandler: transport.handler as never });
    transport.respond = (op) =>
      output(ssoModel, op, {
        roleCredentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: 1795344070000 },
      });
    const result = await client.send(new GetRoleCredentialsCommand({ roleName: 'Admin', accountId: '111111111111', accessToken: 'at-1' }));
    assert.deepEqual(transport.lastInput, { roleName: 'Admin', accountId: '111111111111', accessToken: 'at-1' });
    assert.deepEqual(result.roleCredentials, {
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: 1795344070000,
    });

    transport.respond = () => failure(ssoModel, new ServiceError('UnauthorizedException', 'Session token not found or invalid'));
    await assert.rejects(
      client.send(new GetRoleCredentialsCommand({ roleName: 'Admin', accountId: '111111111111', accessToken: 'bad' })),
      (e: unknown) => {
        assert.ok(e instanceof UnauthorizedException);
        assert.equal(e.$metadata.httpStatusCode, 401);
        return true;
      },
    );
  });

  it('CreateToken pending: the code comes from x-amzn-ErrorType and the OIDC fields survive', async () => {
    const transport = new Transport(ssoOidcModel, 'InvalidRequestException', route(ssoOidcModel));
    const client = new SSOOIDCClient({ region: 'us-east-1', maxAttempts: 1, requestHandler: transport.handler as never });
    transport.respond = () =>
      failure(
        ssoOidcModel,
        new ServiceError('AuthorizationPendingException', 'Authorization is still pending', {
          fields: { error: 'authorization_pending', error_description: 'Authorization is still pending' },
        }),
      );
    await assert.rejects(
      client.send(
        new CreateTokenCommand({ clientId: 'cid', clientSecret: 'cs', grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: 'dc' }),
      ),
      (e: unknown) => {
        assert.ok(e instanceof AuthorizationPendingException);
        assert.equal(e.error, 'authorization_pending');
        assert.equal(e.error_description, 'Authorization is still pending');
        return true;
      },
    );
    assert.deepEqual(transport.lastInput, {
      clientId: 'cid',
      clientSecret: 'cs',
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: 'dc',
    });
  });
});
