import type { Command } from 'commander';
import { browserNames, browserProfileDir, chooseBrowser, currentBrowser, saveBrowser, type BrowserChoice } from '../console-browser.js';
import { usageError } from '../errors.js';
import { say } from '../terminal.js';

function describe(choice: BrowserChoice): string {
  if (choice.family === 'default') return 'default: the system browser ($BROWSER, xdg-open or open), no isolation between roles';
  if (choice.family === 'stdout') return 'stdout: assume -c prints the sign-in URL';
  const how = choice.family === 'chromium'
    ? `a browser profile per AWS profile (${browserProfileDir('PROFILE')})`
    : 'a container per AWS profile through the Granted add-on (addons.mozilla.org/firefox/addon/granted)';
  return `${choice.name} (${choice.path}): ${how}`;
}

export function registerBrowser(program: Command): void {
  const browser = program
    .command('browser')
    .description('Show or choose the browser assume -c opens the console in; Chromium and Firefox keep roles apart.')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse browser                      # the current choice
  gatehouse browser set chrome           # ${browserNames.join(', ')}
  gatehouse browser set /opt/brave/brave --family chromium
  gatehouse browser set default          # back to the system browser
  gatehouse browser set stdout           # print the console URL instead

With a Chromium-family browser, assume -c starts it with --user-data-dir=~/.cache/gatehouse/browser-profiles/<profile>,
so each AWS profile's console session lives in a browser profile of its own, side by side with the others. With a
Firefox one it opens ext+granted-containers:name=<profile>&url=..., which needs the "Granted" Firefox add-on (as
Granted does) to open the console in a container named after the profile. --browser-profile NAME uses NAME instead.`,
    )
    .action(async () => {
      process.stdout.write(`${describe(await currentBrowser())}\n`);
    });
  browser
    .command('set')
    .description('Choose the browser for the console: a name, a path, default or stdout.')
    .argument('<browser>', `${browserNames.join(', ')}, default, stdout, or the path of a browser`)
    .option('--family <family>', 'with a path gatehouse cannot name: chromium or firefox', (value: string) => {
      if (value !== 'chromium' && value !== 'firefox') throw usageError(`--family is chromium or firefox, not '${value}'`);
      return value;
    })
    .action(async (value: string, options: { family?: 'chromium' | 'firefox' }) => {
      const choice = await chooseBrowser(value, options.family);
      const path = await saveBrowser(choice);
      say(`the console opens with ${describe(choice)} (saved in ${path})`);
    });
}
