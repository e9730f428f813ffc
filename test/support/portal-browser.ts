import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { totpCode } from './authenticator.js';

// A person at the access portal in a real browser: signs in on the pages (the first time with the administrator's
// one-time password, a new password and an authenticator app to register; afterwards password and a code from that
// app), then allows a device code as the AWS CLI or gatehouse prints it. Each step checks the page it expects.

const totpPeriodMs = 30_000;

/** One portal user and what they know: their password and, once registered, their authenticator app's key. */
export class PortalUser {
  private secret: string | undefined;
  /** The last 30-second step a code was used for: the portal refuses a step used before (a replay). */
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly userName: string,
    private password: string,
  ) {}

  /** A code of the authenticator app for a step not used yet (the next one, which the portal accepts, if need be). */
  private async nextCode(): Promise<string> {
    assert.ok(this.secret, `${this.userName} has no authenticator app registered`);
    let step = Math.max(Math.floor(Date.now() / totpPeriodMs), this.lastStep + 1);
    // The portal accepts one step either side of now; further ahead, wait for the clock to come closer.
    while (step > Math.floor(Date.now() / totpPeriodMs) + 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
    step = Math.max(step, Math.floor(Date.now() / totpPeriodMs));
    this.lastStep = step;
    return totpCode(this.secret, step * totpPeriodMs);
  }

  /** The first sign-in on the page shown: the one-time password, a new password, then an authenticator app. */
  async firstSignIn(page: Page, newPassword: string): Promise<void> {
    await this.submitPassword(page);
    assert.equal(await page.title(), 'Choose a new password | gatehouse', await page.content());
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set password' }).click();
    this.password = newPassword;

    assert.equal(await page.title(), 'Register an authenticator app | gatehouse');
    assert.ok(await page.getByRole('img', { name: /QR code/ }).isVisible());
    this.secret = (await page.locator('#totp-secret').innerText()).trim();
    await page.getByLabel('Authenticator code').fill(await this.nextCode());
    await page.getByRole('button', { name: 'Register and sign in' }).click();
  }

  /** A later sign-in on the page shown: password, then a code from the registered authenticator app. */
  async signIn(page: Page): Promise<void> {
    await this.submitPassword(page);
    assert.equal(await page.title(), 'Multi-factor authentication | gatehouse', await page.content());
    await page.getByLabel('Authenticator code').fill(await this.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
  }

  private async submitPassword(page: Page): Promise<void> {
    assert.equal(await page.title(), 'Sign in | gatehouse', await page.content());
    await page.getByLabel('Username').fill(this.userName);
    await page.getByLabel('Password').fill(this.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
}

/** On the device page after sign-in: checks the code is the one the command printed and allows it. */
export async function allowDeviceCode(page: Page, userCode: string): Promise<void> {
  assert.equal(await page.title(), 'Authorize request | gatehouse', await page.content());
  assert.equal((await page.locator('#user-code').innerText()).trim(), userCode);
  await page.getByRole('button', { name: 'Allow access' }).click();
  assert.equal(await page.title(), 'Request approved | gatehouse');
}
