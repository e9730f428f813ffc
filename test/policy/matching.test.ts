// The matchers underneath statements: ARN patterns, action patterns, IP ranges and policy variables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionMatches, actionName, compileActions } from '../../src/policy/actions.js';
import { compileArnPattern, normalizeArn } from '../../src/policy/arn-pattern.js';
import { inRange, parseIp, parseRange } from '../../src/policy/ip-address.js';
import type { PolicyIssue } from '../../src/policy/issues.js';
import { contextOf } from '../../src/policy/request-context.js';
import { parseTemplate, resolveTemplate } from '../../src/policy/variables.js';

describe('ARN patterns', () => {
  const matches = (pattern: string, arn: string) => compileArnPattern(pattern)(arn);

  it('partition, service, region and account compare without case; the resource part with case', () => {
    assert.ok(matches('arn:AWS:S3:::bucket/key', 'arn:aws:s3:::bucket/key'));
    assert.ok(matches('arn:aws:ec2:US-EAST-1:111122223333:instance/i-1', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'));
    assert.ok(!matches('arn:aws:s3:::Bucket/key', 'arn:aws:s3:::bucket/key'));
    assert.ok(!matches('arn:aws:iam::111122223333:user/Bob', 'arn:aws:iam::111122223333:user/bob'));
    assert.equal(normalizeArn('ARN:AWS:IAM::1:user/Bob'), 'arn:aws:iam::1:user/Bob');
  });

  it('wildcards stay within a segment unless a * ends the segment', () => {
    assert.ok(matches('arn:aws:s3:*', 'arn:aws:s3:::bucket/key'));
    assert.ok(matches('arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1'));
    assert.ok(!matches('arn:aws:ec2:us-*-1x:*:instance/*', 'arn:aws:ec2:us-east-1:1:instance/i-1'));
    assert.ok(matches('arn:aws:ec2:us-????-1:*:instance/*', 'arn:aws:ec2:us-east-1:1:instance/i-1'));
    assert.ok(!matches('arn:aws:ec2:us-??-1:*:instance/*', 'arn:aws:ec2:us-east-1:1:instance/i-1'));
    assert.ok(matches('arn:aws:logs:*:*:log-group:app:*', 'arn:aws:logs:us-east-1:1:log-group:app:log-stream:web'));
  });

  it('the resource part: * spans slashes and colons, ? is one character', () => {
    assert.ok(matches('arn:aws:s3:::data-*/*/q?.csv', 'arn:aws:s3:::data-bucket/reports/2025/q1.csv'));
    assert.ok(!matches('arn:aws:s3:::data-*/*/q?.csv', 'arn:aws:s3:::data-bucket/reports/q10.csv'));
    assert.ok(matches('arn:aws:s3:::a.b+c(d)/*', 'arn:aws:s3:::a.b+c(d)/x'));
    assert.ok(!matches('arn:aws:s3:::a.b/*', 'arn:aws:s3:::axb/x'));
  });

  it('* matches everything, including a request on *; a named resource does not match *', () => {
    assert.ok(matches('*', '*'));
    assert.ok(matches('*', 'arn:aws:s3:::b'));
    assert.ok(!matches('arn:aws:s3:::b', '*'));
  });
});

describe('action patterns', () => {
  const set = (...patterns: string[]) => {
    const issues: PolicyIssue[] = [];
    const s = compileActions(patterns, 'Action', 0, issues);
    assert.deepEqual(issues, []);
    return (action: string) => actionMatches(s, actionName(action));
  };

  it('service and action without case, * and ?', () => {
    const m = set('S3:Get*', 'ec2:Describe?nstances', 'IAM:ListUsers');
    assert.ok(m('s3:GetObject'));
    assert.ok(m('S3:GETOBJECTACL'));
    assert.ok(m('ec2:DescribeInstances'));
    assert.ok(m('iam:listusers'));
    assert.ok(!m('s3:PutObject'));
    assert.ok(!m('s3x:GetObject'));
  });

  it('wildcards in the service part, and * alone', () => {
    const m = set('s3*:List*');
    assert.ok(m('s3:ListBucket'));
    assert.ok(m('s3express:ListAllMyDirectoryBuckets'));
    assert.ok(!m('sqs:ListQueues'));
    assert.ok(set('*')('anything:AtAll'));
  });

  it('reports patterns that are not service:action', () => {
    const issues: PolicyIssue[] = [];
    compileActions(['s3', ':Get', 's3:', 7], 'NotAction', 2, issues);
    assert.deepEqual(
      issues.map((i) => i.code),
      ['invalid-action', 'invalid-action', 'invalid-action', 'invalid-action'],
    );
    assert.ok(issues.every((i) => i.statement === 2));
  });
});

describe('IP addresses', () => {
  const within = (ip: string, range: string) => {
    const a = parseIp(ip);
    const r = parseRange(range);
    assert.ok(a && r, `${ip} / ${range} parse`);
    return inRange(a, r);
  };

  it('IPv4 CIDR and single addresses', () => {
    assert.ok(within('203.0.113.77', '203.0.113.0/24'));
    assert.ok(!within('203.0.114.1', '203.0.113.0/24'));
    assert.ok(within('10.1.2.3', '0.0.0.0/0'));
    assert.ok(within('192.0.2.5', '192.0.2.5'));
    assert.ok(!within('192.0.2.6', '192.0.2.5/32'));
  });

  it('IPv6 CIDR, compressed forms, embedded IPv4', () => {
    assert.ok(within('2001:db8:85a3::8a2e:370:7334', '2001:db8::/32'));
    assert.ok(!within('2001:db9::1', '2001:db8::/32'));
    assert.ok(within('::1', '::1/128'));
    assert.ok(within('2001:DB8:0:0:0:0:0:1', '2001:db8::1'));
    assert.ok(within('64:ff9b::192.0.2.33', '64:ff9b::/96'));
    assert.ok(within('fe80::1%eth0', 'fe80::/10'));
  });

  it('an IPv4-mapped IPv6 address is its IPv4 address; the families do not otherwise mix', () => {
    assert.ok(within('::ffff:203.0.113.9', '203.0.113.0/24'));
    assert.ok(!within('2001:db8::1', '0.0.0.0/0'));
    assert.ok(!within('203.0.113.9', '::/0'));
  });

  it('rejects what is not an address or a range', () => {
    for (const bad of ['256.1.1.1', '1.2.3', 'a::b::c', '1:2:3:4:5:6:7:8:9', 'hello', '']) assert.equal(parseIp(bad), undefined, bad);
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', '2001:db8::/129']) assert.equal(parseRange(bad), undefined, bad);
  });
});

describe('policy variables', () => {
  const context = contextOf({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'blue', 'aws:TagKeys': ['a', 'b'], 'aws:PrincipalTag/odd': 'x*y' });
  const resolve = (text: string) => {
    const t = parseTemplate(text, true);
    return typeof t === 'string' ? t : resolveTemplate(t, context);
  };

  it('resolves keys in any case, with defaults', () => {
    assert.equal(resolve('home/${aws:username}/*'), 'home/alice/*');
    assert.equal(resolve('${AWS:PrincipalTag/Team}-${aws:username}'), 'blue-alice');
    assert.equal(resolve("${aws:PrincipalTag/missing, 'none'}"), 'none');
    assert.equal(resolve("${aws:PrincipalTag/team,'none'}"), 'blue');
  });

  it('cannot resolve a missing or multivalued key without a default', () => {
    assert.equal(resolve('${aws:PrincipalTag/missing}'), undefined);
    assert.equal(resolve('${aws:TagKeys}'), undefined);
  });

  it('${*}, ${?} and ${$} and a value with * are literal characters', () => {
    assert.equal(resolve('a${*}b${?}c${$}'), 'a\u0001b\u0002c$');
    assert.equal(resolve('${aws:PrincipalTag/odd}'), 'x\u0001y');
    assert.ok(compileArnPattern(`arn:aws:s3:::b/${resolve('${*}')}`)('arn:aws:s3:::b/*'));
    assert.ok(!compileArnPattern(`arn:aws:s3:::b/${resolve('${*}')}`)('arn:aws:s3:::b/x'));
  });

  it('are plain text before Version 2012-10-17, and malformed ones stay as written', () => {
    assert.equal(parseTemplate('home/${aws:username}', false), 'home/${aws:username}');
    assert.equal(parseTemplate('a${', true), 'a${');
    assert.equal(parseTemplate("${a, 'unterminated}", true), "${a, 'unterminated}");
  });
});
