import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { model as organizations } from '../../src/aws/api/organizations.js';
import { model as sts } from '../../src/aws/api/sts.js';
import { compileJavaPattern, translateJavaRegex } from '../../src/aws/protocol/java-regex.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { validateInput, validationViolations } from '../../src/aws/protocol/validate.js';
import { thrown } from './wire-helpers.js';

const arnPattern =
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
const tagKeyPattern = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const roleArn = 'arn:aws:iam::111111111111:role/Admin';

describe('validateInput', () => {
  it('reports a missing required member with AWS wording and the service code', () => {
    const e = thrown(() => validateInput(organizations, 'CreateAccountRequest', { Email: 'a@b.co' }, 'ValidationException'));
    assert.equal(e.code, 'ValidationException');
    assert.equal(e.status, 400);
    assert.equal(
      e.message,
      "1 validation error detected: Value null at 'accountName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('counts several violations, in member order, pattern before length', () => {
    const e = thrown(() =>
      validateInput(sts, 'AssumeRoleRequest', { RoleArn: 'arn:\u0001', RoleSessionName: 'x' }, 'ValidationError'),
    );
    assert.equal(
      e.message,
      '3 validation errors detected: ' +
        `Value 'arn:\u0001' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${arnPattern}; ` +
        "Value 'arn:\u0001' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  it('accepts a valid input, including astral characters the Java pattern means to allow', () => {
    assert.deepEqual(validationViolations(sts, 'AssumeRoleRequest', { RoleArn: `${roleArn}😀`, RoleSessionName: 'alice@example.com' }), []);
  });

  it('checks the pattern against the whole value', () => {
    assert.deepEqual(validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'a b' }), [
      "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ]);
  });

  it('reports maximum length', () => {
    const name = 'a'.repeat(65);
    assert.deepEqual(validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: name }), [
      `Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    // sts tagValueType is max 256: 256 emoji are 512 UTF-16 units but 256 characters.
    const value = '😀'.repeat(256);
    assert.deepEqual(
      validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'ab', Tags: [{ Key: 'k', Value: value }] }).filter(
        (v) => v.includes('length'),
      ),
      [],
    );
  });

  it('reports enum and number ranges', () => {
    assert.deepEqual(
      validationViolations(organizations, 'CreateAccountRequest', { Email: 'a@b.co', AccountName: 'x', IamUserAccessToBilling: 'MAYBE' }),
      ["Value 'MAYBE' at 'iamUserAccessToBilling' failed to satisfy constraint: Member must satisfy enum value set: [ALLOW, DENY]"],
    );
    assert.deepEqual(validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'ab', DurationSeconds: 100 }), [
      "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ]);
    assert.deepEqual(validationViolations(organizations, 'ListAccountsRequest', { MaxResults: 21 }), [
      "Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
    ]);
  });

  it('paths list items as name.N.member and nested members with lower-cased names', () => {
    assert.deepEqual(
      validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'ab', Tags: [{ Key: 'ok', Value: 'v' }, { Key: '', Value: 'v' }, { Value: 'v' }] }),
      [
        `Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ${tagKeyPattern}`,
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value null at 'tags.3.member.key' failed to satisfy constraint: Member must not be null",
      ],
    );
  });

  it('accepts Unicode letters where the pattern uses \\p{L}', () => {
    assert.deepEqual(
      validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'ab', Tags: [{ Key: 'Ünïcødé_键', Value: 'v' }] }),
      [],
    );
  });

  it('reports list length', () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const violations = validationViolations(sts, 'AssumeRoleRequest', { RoleArn: roleArn, RoleSessionName: 'ab', Tags: tags });
    assert.equal(violations.length, 1);
    assert.match(violations[0] ?? '', /^Value '\[\{Key=k0, Value=v\}, .*\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
  });

  it('does not print sensitive values', () => {
    assert.deepEqual(validationViolations(organizations, 'CreateAccountRequest', { Email: 'not-an-email', AccountName: 'x' }), [
      "Value at 'email' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s@]+@[^\\s@]+\\.[^\\s@]+",
    ]);
  });

  it('skips a pattern it cannot compile rather than failing the request', () => {
    const model: ServiceModel = {
      metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X', signingName: 'x' },
      operations: {},
      shapes: {
        In: { type: 'structure', members: { A: { shape: 'Odd' }, B: { shape: 'Ok' } } },
        Odd: { type: 'string', pattern: '[a-z&&[^b]]+', max: 3 },
        Ok: { type: 'string', pattern: '\\p{Alpha}+' },
      },
    };
    assert.deepEqual(validationViolations(model, 'In', { A: 'b', B: 'abc' }), []);
    assert.deepEqual(validationViolations(model, 'In', { A: 'bbbb', B: 'ab1' }), [
      "Value 'bbbb' at 'a' failed to satisfy constraint: Member must have length less than or equal to 3",
      "Value 'ab1' at 'b' failed to satisfy constraint: Member must satisfy regular expression pattern: \\p{Alpha}+",
    ]);
  });
});

describe('Java pattern translation', () => {
  it('reads five- and six-digit \\u escapes as astral code points, four digits otherwise', () => {
    assert.equal(translateJavaRegex('[\\u0041-\\u10FFFF]').source, '[\\u{0041}-\\u{10FFFF}]');
    assert.equal(translateJavaRegex('\\u00410').source, '\\u{0041}0');
  });

  it('drops escapes that u-mode rejects and keeps the meaning', () => {
    const re = compileJavaPattern('[a-z\\:\\ ]+(\\_x)?');
    assert.ok(re);
    assert.ok(re.test('a: b_x'));
    assert.ok(!re.test('a;b'));
  });

  it('anchors top-level alternations as Java matches() does', () => {
    const re = compileJavaPattern('^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$');
    assert.ok(re);
    assert.ok(re.test('123456789012'));
    assert.ok(!re.test('123456789012x'));
    assert.ok(!re.test('xou-abcd-abcdefgh'));
  });

  it('compiles once per pattern', () => {
    assert.equal(compileJavaPattern('[\\w+=,.@-]+'), compileJavaPattern('[\\w+=,.@-]+'));
  });

  it('compiles every pattern of the generated models', async () => {
    let patterns = 0;
    for (const name of ['organizations', 'sso-admin', 'identitystore', 'sso', 'sso-oidc', 'sts', 'iam']) {
      const { model } = (await import(`../../src/aws/api/${name}.js`)) as { model: ServiceModel };
      for (const [shapeName, shape] of Object.entries(model.shapes)) {
        if (shape.type !== 'string' || shape.pattern === undefined) continue;
        patterns++;
        assert.ok(compileJavaPattern(shape.pattern), `${name} ${shapeName}: ${shape.pattern}`);
      }
    }
    assert.ok(patterns > 50);
  });
});
