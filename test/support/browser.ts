import { chromium, type Browser } from 'playwright-core';

// A real browser for the pages: Debian's Chromium (apt package `chromium`, installed by .ci/run) driven by
// playwright-core. The flags keep it off the network this machine does not have.

export const chromiumPath = process.env['GATEHOUSE_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
