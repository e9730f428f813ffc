import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveRegion } from '../../src/cli/aws-config/regions.js';
import { CliError } from '../../src/cli/errors.js';
import { consoleDestination } from '../../src/cli/sso/endpoints.js';
import { TempHome, profileConfig, seedRoleCredentials, sessionConfig } from './support.js';

// Regions as people type them (Granted's short forms) and where `assume -c -s SERVICE` lands on AWS's console.

describe('regions and console destinations', () => {
  it('expands short forms, keeps full names, refuses what is neither', () => {
    assert.equal(resolveRegion('ue1'), 'us-east-1');
    assert.equal(resolveRegion('UW2'), 'us-west-2');
    assert.equal(resolveRegion('ew1'), 'eu-west-1');
    assert.equal(resolveRegion('ec1'), 'eu-central-1');
    assert.equal(resolveRegion('apse2'), 'ap-southeast-2');
    assert.equal(resolveRegion('ane1'), 'ap-northeast-1');
    assert.equal(resolveRegion('ugw1'), 'us-gov-west-1');
    assert.equal(resolveRegion('se1'), 'sa-east-1');
    assert.equal(resolveRegion('cnnw1'), 'cn-northwest-1');
    assert.equal(resolveRegion('eu-west-3'), 'eu-west-3');
    assert.equal(resolveRegion('xx-newplace-9'), 'xx-newplace-9', 'a region newer than the list passes as written');
    assert.throws(() => resolveRegion('ireland'), (error: unknown) => error instanceof CliError && error.exitCode === 2 && /such as ew1 \(eu-west-1\)/.test(error.message));
  });

  it('lands on the console home, a regional service, or a global one, in the region\'s partition', () => {
    assert.equal(consoleDestination('eu-west-1'), 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    assert.equal(consoleDestination('eu-west-1', 'lambda'), 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1');
    assert.equal(consoleDestination('us-east-2', 'cfn'), 'https://us-east-2.console.aws.amazon.com/cloudformation/home?region=us-east-2');
    assert.equal(consoleDestination('us-east-2', 'iam'), 'https://console.aws.amazon.com/iam/home');
    assert.equal(consoleDestination('us-gov-west-1', 'ec2'), 'https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1');
  });

  describe('assume -r', () => {
    let home: TempHome;
    before(async () => {
      home = await TempHome.create();
      await home.write('.aws/config', sessionConfig + profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess', 'eu-central-1'));
      await seedRoleCredentials(home, '111111111111', 'AdministratorAccess', { accessKeyId: 'ASIAREGION', secretAccessKey: 's', sessionToken: 't', expiration: '2099-01-01T00:00:00Z' });
    });
    after(() => home.remove());

    it('exports the region a short form names; an unknown one is a usage error', async () => {
      const result = await home.gatehouse(['assume', 'Dev/Admin', '-r', 'apse2']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^export AWS_REGION='ap-southeast-2';$/m);
      assert.match(result.stdout, /^export AWS_DEFAULT_REGION='ap-southeast-2';$/m);
      const wrong = await home.gatehouse(['assume', 'Dev/Admin', '-r', 'mars']);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /unknown region 'mars'/);
    });
  });
});
