import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { model as iam } from '../../src/aws/api/iam.js';
import { model as sts } from '../../src/aws/api/sts.js';
import { frameworkErrors, ServiceError } from '../../src/aws/errors.js';
import { awsQueryCodec, escapeXml } from '../../src/aws/protocol/aws-query.js';
import { codecFor } from '../../src/aws/protocol/codecs.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { bodyText, header, thrown, wireRequest } from './wire-helpers.js';

const options = { validationErrorCode: 'ValidationError' };
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const roleArn = 'arn:aws:iam::111111111111:role/Admin';
const stsNs = 'https://sts.amazonaws.com/doc/2011-06-15/';
const iamNs = 'https://iam.amazonaws.com/doc/2010-05-08/';

function parse(model: ServiceModel, operation: string, body: string, url = '/'): Record<string, unknown> {
  const op = model.operations[operation];
  assert.ok(op, operation);
  return awsQueryCodec.parseInput(model, op, wireRequest({ url, body, headers: form }), options);
}

function serialize(model: ServiceModel, operation: string, output: unknown): string {
  const op = model.operations[operation];
  assert.ok(op, operation);
  const response = awsQueryCodec.serializeOutput(model, op, output, 'req-1');
  assert.equal(response.status, 200);
  assert.equal(header(response, 'content-type'), 'text/xml');
  return bodyText(response);
}

/** Form fields as a client sends them (values percent-encoded). */
const encode = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

const maps: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'm', protocol: 'query', serviceId: 'M', signingName: 'm', xmlNamespace: 'urn:m' },
  operations: { Put: { name: 'Put', http: { method: 'POST', requestUri: '/' }, input: { shape: 'PutIn' }, errors: [] } },
  shapes: {
    PutIn: {
      type: 'structure',
      members: {
        Attributes: { shape: 'AttrMap' },
        Flat: { shape: 'FlatList' },
        Inner: { shape: 'Inner' },
        When: { shape: 'Time' },
        On: { shape: 'Bool' },
        Data: { shape: 'Bytes' },
        Renamed: { shape: 'Str', locationName: 'OtherName' },
      },
    },
    Inner: { type: 'structure', members: { Name: { shape: 'Str' }, Count: { shape: 'Int' } } },
    AttrMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
    FlatList: { type: 'list', member: { shape: 'Str' }, flattened: true },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob' },
  },
};

describe('awsQuery parseInput', () => {
  it('is the registered codec for the query protocol', () => {
    assert.equal(codecFor('query'), awsQueryCodec);
  });

  it('reads scalars, member lists of structures and lists of strings; Action and Version are not members', () => {
    const input = parse(
      sts,
      'AssumeRole',
      encode({
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: roleArn,
        RoleSessionName: 'alice',
        DurationSeconds: '3600',
        'Tags.member.1.Key': 'team',
        'Tags.member.1.Value': 'a b+c',
        'Tags.member.2.Key': 'env',
        'Tags.member.2.Value': 'dev',
        'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'TransitiveTagKeys.member.1': 'team',
      }),
    );
    assert.deepEqual(input, {
      RoleArn: roleArn,
      RoleSessionName: 'alice',
      DurationSeconds: 3600,
      Tags: [
        { Key: 'team', Value: 'a b+c' },
        { Key: 'env', Value: 'dev' },
      ],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      TransitiveTagKeys: ['team'],
    });
  });

  it('orders list items by number, not by arrival', () => {
    const input = parse(sts, 'AssumeRole', `RoleArn=${roleArn}&RoleSessionName=ab&TransitiveTagKeys.member.10=j&TransitiveTagKeys.member.2=b&TransitiveTagKeys.member.1=a`);
    assert.deepEqual(input['TransitiveTagKeys'], ['a', 'b', 'j']);
  });

  it('reads an empty list sent as Name=', () => {
    assert.deepEqual(parse(sts, 'AssumeRole', `RoleArn=${roleArn}&RoleSessionName=ab&TransitiveTagKeys=`)['TransitiveTagKeys'], []);
  });

  it('merges the form body over the URL query string', () => {
    const input = parse(sts, 'AssumeRole', 'RoleSessionName=fromBody', `/?Action=AssumeRole&RoleArn=${encodeURIComponent(roleArn)}&RoleSessionName=fromQuery`);
    assert.deepEqual(input, { RoleArn: roleArn, RoleSessionName: 'fromBody' });
  });

  it('reads nested structures inside lists (iam SimulatePrincipalPolicy context entries)', () => {
    const input = parse(
      iam,
      'SimulatePrincipalPolicy',
      encode({
        PolicySourceArn: roleArn,
        'ActionNames.member.1': 's3:GetObject',
        'ContextEntries.member.1.ContextKeyName': 'aws:SourceIp',
        'ContextEntries.member.1.ContextKeyType': 'ip',
        'ContextEntries.member.1.ContextKeyValues.member.1': '10.0.0.1',
        'ContextEntries.member.1.ContextKeyValues.member.2': '10.0.0.2',
      }),
    );
    assert.deepEqual(input['ContextEntries'], [
      { ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ip', ContextKeyValues: ['10.0.0.1', '10.0.0.2'] },
    ]);
  });

  it('reads maps, flattened lists, nested structures, booleans, timestamps, blobs and locationName keys', () => {
    const input = parse(
      maps,
      'Put',
      encode({
        'Attributes.entry.1.key': 'color',
        'Attributes.entry.1.value': 'blue',
        'Attributes.entry.2.key': 'size',
        'Attributes.entry.2.value': 'L',
        'Flat.1': 'x',
        'Flat.2': 'y',
        'Inner.Name': 'n',
        'Inner.Count': '-3',
        When: '2026-11-22T11:40:43Z',
        On: 'true',
        Data: Buffer.from('hi').toString('base64'),
        OtherName: 'r',
      }),
    );
    assert.deepEqual(input, {
      Attributes: { color: 'blue', size: 'L' },
      Flat: ['x', 'y'],
      Inner: { Name: 'n', Count: -3 },
      When: new Date('2026-11-22T11:40:43Z'),
      On: true,
      Data: Buffer.from('hi'),
      Renamed: 'r',
    });
  });

  it('answers text that is not of the member type with a validation error', () => {
    assert.equal(
      thrown(() => parse(sts, 'AssumeRole', `RoleArn=${roleArn}&RoleSessionName=ab&DurationSeconds=abc`)).message,
      "1 validation error detected: Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be a number",
    );
    const e = thrown(() => parse(maps, 'Put', 'On=yes'));
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.message, "1 validation error detected: Value 'yes' at 'on' failed to satisfy constraint: Member must be a boolean (true or false)");
    assert.equal(thrown(() => parse(maps, 'Put', 'When=someday')).code, 'ValidationError');
  });

  it('validates with the ValidationError code', () => {
    const e = thrown(() => parse(sts, 'AssumeRole', 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=x'));
    assert.equal(e.code, 'ValidationError');
    assert.equal(
      e.message,
      "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
        "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  it('parses GetCallerIdentity to {}', () => {
    assert.deepEqual(parse(sts, 'GetCallerIdentity', 'Action=GetCallerIdentity&Version=2011-06-15'), {});
  });
});

describe('awsQuery serializeOutput', () => {
  it('wraps the result and the request id as STS does', () => {
    assert.equal(
      serialize(sts, 'GetCallerIdentity', {
        Arn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice',
        UserId: 'AROAEXAMPLE:alice',
        Account: '111111111111',
      }),
      `<GetCallerIdentityResponse xmlns="${stsNs}"><GetCallerIdentityResult>` +
        '<UserId>AROAEXAMPLE:alice</UserId><Account>111111111111</Account>' +
        '<Arn>arn:aws:sts::111111111111:assumed-role/Admin/alice</Arn></GetCallerIdentityResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
  });

  it('writes only ResponseMetadata for an operation without output', () => {
    assert.equal(
      serialize(iam, 'DeleteRole', undefined),
      `<DeleteRoleResponse xmlns="${iamNs}"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DeleteRoleResponse>`,
    );
  });

  it('writes lists as member elements, booleans in lower case, timestamps in ISO 8601', () => {
    const xml = serialize(iam, 'ListRoles', {
      Roles: [
        { Path: '/', RoleName: 'A', RoleId: 'AROA1', Arn: 'arn:a', CreateDate: new Date('2026-11-22T11:40:43Z'), MaxSessionDuration: 3600 },
        { Path: '/', RoleName: 'B', RoleId: 'AROA2', Arn: 'arn:b', CreateDate: new Date('2026-11-22T11:40:43.123Z'), Tags: [] },
      ],
      IsTruncated: false,
    });
    assert.ok(
      xml.includes(
        '<Roles><member><Path>/</Path><RoleName>A</RoleName><RoleId>AROA1</RoleId><Arn>arn:a</Arn>' +
          '<CreateDate>2026-11-22T11:40:43Z</CreateDate><MaxSessionDuration>3600</MaxSessionDuration></member>' +
          '<member><Path>/</Path><RoleName>B</RoleName><RoleId>AROA2</RoleId><Arn>arn:b</Arn>' +
          '<CreateDate>2026-11-22T11:40:43.123Z</CreateDate><Tags/></member></Roles><IsTruncated>false</IsTruncated>',
      ),
      xml,
    );
  });

  it('writes maps as entry/key/value', () => {
    const xml = serialize(iam, 'GetAccountSummary', { SummaryMap: { Users: 5, Roles: 2 } });
    assert.ok(
      xml.includes('<SummaryMap><entry><key>Users</key><value>5</value></entry><entry><key>Roles</key><value>2</value></entry></SummaryMap>'),
      xml,
    );
  });

  it('escapes hostile strings, control characters included', () => {
    const hostile = `</Arn><Injected a="1">&amp;'"\u0001\r\n`;
    const xml = serialize(sts, 'GetCallerIdentity', { Arn: hostile, UserId: 'u', Account: '1' });
    assert.ok(xml.includes('<Arn>&lt;/Arn&gt;&lt;Injected a=&quot;1&quot;&gt;&amp;amp;&apos;&quot;&#x1;&#xD;&#xA;</Arn>'), xml);
    assert.equal(escapeXml('plain text'), 'plain text');
  });
});

describe('awsQuery serializeError', () => {
  it('writes the ErrorResponse with the trait code and status (iam NoSuchEntity, 404)', () => {
    const response = awsQueryCodec.serializeError(
      iam,
      new ServiceError('NoSuchEntityException', 'The role with name X cannot be found.'),
      'req-9',
    );
    assert.equal(response.status, 404);
    assert.equal(header(response, 'content-type'), 'text/xml');
    assert.equal(
      bodyText(response),
      `<ErrorResponse xmlns="${iamNs}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
        '<Message>The role with name X cannot be found.</Message></Error><RequestId>req-9</RequestId></ErrorResponse>',
    );
  });

  it('accepts the wire code as well as the shape name', () => {
    assert.equal(awsQueryCodec.serializeError(iam, new ServiceError('NoSuchEntity', 'x'), 'r').status, 404);
  });

  it('marks server faults as Receiver with their status', () => {
    const response = awsQueryCodec.serializeError(iam, new ServiceError('ServiceFailureException', 'boom'), 'r');
    assert.equal(response.status, 500);
    assert.match(bodyText(response), /<Type>Receiver<\/Type><Code>ServiceFailure<\/Code>/);
  });

  it('passes framework codes through and escapes the message', () => {
    const response = awsQueryCodec.serializeError(sts, frameworkErrors.invalidAction('Could not find operation <x> & more'), 'r');
    assert.equal(response.status, 400);
    assert.match(bodyText(response), /<Code>InvalidAction<\/Code><Message>Could not find operation &lt;x&gt; &amp; more<\/Message>/);
  });
});
