// The effective-policy merge, on AWS's own inheritance examples ("Understanding management policy inheritance").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeEffectivePolicy, type AttachedDocument } from '../../src/services/organizations/policies/effective-policy.js';
import type { JsonObject } from '../../src/services/organizations/policies/policy-document.js';

const doc = (policyId: string, document: unknown): AttachedDocument => ({ policyId, document: document as JsonObject });
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const policyA = doc('p-aaaaaaaa', {
  tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] } } },
});

describe('effective policy merge', () => {
  it('example 1: a child @@assign overwrites inherited values and adds new settings', () => {
    const policyB = doc('p-bbbbbbbb', {
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@assign': ['Sandbox'] },
          enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
        },
      },
    });
    const { document, violations } = mergeEffectivePolicy([[policyA], [policyB], []]);
    assert.deepEqual(plain(document), {
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } },
    });
    assert.deepEqual(violations, []);
  });

  it('example 2: @@append adds to inherited arrays, and creates missing ones', () => {
    const policyC = doc('p-cccccccc', {
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@append': ['Marketing'] },
          enforced_for: { '@@append': ['redshift:*', 'dynamodb:table'] },
        },
      },
    });
    const { document } = mergeEffectivePolicy([[policyA], [policyC]]);
    assert.deepEqual(plain(document), {
      tags: {
        costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Support', 'Marketing'], enforced_for: ['redshift:*', 'dynamodb:table'] },
      },
    });
  });

  it('example 3: @@remove takes values out of the inherited array', () => {
    const policyD = doc('p-dddddddd', {
      tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@remove': ['Development', 'Marketing'] } } },
    });
    const { document } = mergeEffectivePolicy([[policyA], [], [policyD]]);
    assert.deepEqual(plain(document), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Support'] } } });
  });

  it('example 4: @@operators_allowed_for_child_policies locks a value and limits what children may do', () => {
    const policyE = doc('p-eeeeeeee', {
      tags: {
        project: {
          tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' },
          tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance', 'Escalations'] },
        },
      },
    });
    const policyF = doc('p-ffffffff', {
      tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Escalations - research'] } } },
    });
    const { document, violations } = mergeEffectivePolicy([[policyE], [policyF]]);
    assert.deepEqual(plain(document), {
      tags: { project: { tag_key: 'Project', tag_value: ['Maintenance', 'Escalations', 'Escalations - research'] } },
    });
    assert.deepEqual(violations, [{ path: 'tags.project.tag_key', operator: '@@assign', policyId: 'p-ffffffff', restrictedBy: ['p-eeeeeeee'] }]);
  });

  it('example 5: restrictions of policies on the same target intersect, for the levels below', () => {
    const policyG = doc('p-gggggggg', {
      tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance'] } } },
    });
    const policyH = doc('p-hhhhhhhh', {
      tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append', '@@remove'] } } },
    });
    const child = doc('p-iiiiiiii', { tags: { project: { tag_value: { '@@append': ['Research'], '@@remove': ['Maintenance'] } } } });
    const { document, violations } = mergeEffectivePolicy([[policyG, policyH], [child]]);
    assert.deepEqual(plain(document), { tags: { project: { tag_value: ['Maintenance', 'Research'] } } });
    assert.equal(violations.length, 1);
    assert.equal(violations[0]?.operator, '@@remove');
    assert.deepEqual(violations[0]?.restrictedBy, ['p-gggggggg']);
  });

  it('example 6: on one target, the first attached policy wins an @@assign conflict', () => {
    const policyJ = doc('p-jjjjjjjj', { tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Maintenance'] } } } });
    const policyK = doc('p-kkkkkkkk', { tags: { project: { tag_key: { '@@assign': 'project' } } } });
    assert.deepEqual(plain(mergeEffectivePolicy([[policyJ, policyK]]).document), {
      tags: { project: { tag_key: 'PROJECT', tag_value: ['Maintenance'] } },
    });
    // ...while a lower level still overrides it
    assert.deepEqual(plain(mergeEffectivePolicy([[policyJ], [policyK]]).document), {
      tags: { project: { tag_key: 'project', tag_value: ['Maintenance'] } },
    });
  });

  it('a restriction on a parent node covers everything below it; a child cannot widen it', () => {
    const root = doc('p-rootroot', {
      services: { '@@operators_allowed_for_child_policies': ['@@none'], default: { opt_out_policy: { '@@assign': 'optOut' } } },
    });
    const ou = doc('p-ouououou', {
      services: { '@@operators_allowed_for_child_policies': ['@@all'], default: { opt_out_policy: { '@@assign': 'optIn' } } },
    });
    const account = doc('p-acctacct', { services: { default: { opt_out_policy: { '@@assign': 'optIn' } } } });
    const { document, violations } = mergeEffectivePolicy([[root], [ou], [account]]);
    assert.deepEqual(plain(document), { services: { default: { opt_out_policy: 'optOut' } } });
    assert.deepEqual(violations.map((v) => v.policyId), ['p-ouououou', 'p-acctacct']);
  });

  it('treats a bare value as @@assign, drops operator-only nodes and keeps __proto__ a plain key', () => {
    const p = doc('p-bare0000', JSON.parse('{"a":{"b":"x","c":[1,2],"d":{"@@operators_allowed_for_child_policies":["@@all"]}},"__proto__":{"@@assign":1}}'));
    const { document } = mergeEffectivePolicy([[p]]);
    assert.equal(JSON.stringify(document), '{"a":{"b":"x","c":[1,2]},"__proto__":1}');
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  it('merges nothing into an empty document', () => {
    assert.deepEqual(plain(mergeEffectivePolicy([]).document), {});
  });
});
