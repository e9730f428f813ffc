import type { IdentityStoreFacts, PortalDirectory, PortalSettings, PortalSettingsSource } from './ports.js';

// Which Identity Center instance a start URL names. AWS start URLs are https://<d-id or alias>.awsapps.com/start;
// gatehouse serves its portal at <server>/start/<alias or d-id>. Either form is accepted (the identity store id
// anywhere in the URL, or the alias after /start/); a URL naming neither (e.g. <server>/start) means the server's
// only instance, when it has exactly one.

const IDENTITY_STORE_ID = /\bd-[0-9a-f]{10}\b/;

export class PortalInstances {
  constructor(
    private readonly directory: PortalDirectory,
    private readonly settingsSource: PortalSettingsSource,
  ) {}

  /** The instance a start URL names, or undefined when it names none (or an unknown one). */
  async forStartUrl(startUrl: string): Promise<IdentityStoreFacts | undefined> {
    let url: URL;
    try {
      url = new URL(startUrl);
    } catch {
      return undefined;
    }
    const storeId = IDENTITY_STORE_ID.exec(`${url.hostname}${url.pathname}`)?.[0];
    if (storeId) return this.directory.instanceByIdentityStore(storeId);
    const alias = /^\/start\/([^/]+)/.exec(url.pathname)?.[1];
    if (alias) {
      const arn = await this.settingsSource.instanceByAlias(decodeURIComponent(alias));
      return arn === undefined ? undefined : this.directory.instance(arn);
    }
    const all = await this.directory.instances();
    return all.length === 1 ? all[0] : undefined;
  }

  /** The instance owning an identity store; without one, the management account's instance. */
  async forStore(identityStoreId: string | undefined, managementAccountId: () => Promise<string>): Promise<IdentityStoreFacts | undefined> {
    if (identityStoreId !== undefined) return this.directory.instanceByIdentityStore(identityStoreId);
    return this.directory.instanceOfAccount(await managementAccountId());
  }

  instance(instanceArn: string): Promise<IdentityStoreFacts | undefined> {
    return this.directory.instance(instanceArn);
  }

  settings(instanceArn: string): Promise<PortalSettings> {
    return this.settingsSource.settings(instanceArn);
  }
}
