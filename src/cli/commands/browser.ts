import type { Command } from 'commander';
import { browserNames, browserProfileDir, chooseBrowser, chooseLaunchTemplate, containerColors, containerIcons, currentBrowser, saveBrowser, type BrowserChoice } from '../console-browser.js';
import { usageError } from '../errors.js';
import { say } from '../terminal.js';

function describe(choice: BrowserChoice): string {
  if (choice.family === 'default') return 'default: the system browser ($BROWSER, xdg-open or open), no isolation between roles';
  if (choice.family === 'stdout') return 'stdout: assume -c prints the sign-in URL';
  if (choice.family === 'custom') return `${choice.name} (launch template): ${choice.template}`;
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
  gatehouse browser set --launch-template 'google-chrome --profile-directory={{.Profile}} --new-window {{.URL}}'
  gatehouse browser set --launch-template 'open -na "Google Chrome" --args {{.Args}} {{.URL}}'

With a Chromium-family browser, assume -c starts it with --user-data-dir=~/.cache/gatehouse/browser-profiles/<profile>,
so each AWS profile's console session lives in a browser profile of its own, side by side with the others. With a
Firefox one it opens ext+granted-containers:name=<profile>&url=..., which needs the "Granted" Firefox add-on (as
Granted does) to open the console in a container named after the profile, styled by the profile's
gatehouse_color or granted_color (${containerColors.join(', ')})
and gatehouse_icon or granted_icon (${containerIcons.slice(0, 6).join(', ')},
${containerIcons.slice(6).join(', ')}). --browser-profile NAME uses NAME instead of the profile's name.

A launch template is any command: it is split into words as a shell would (quotes, backslashes; nothing else of a
shell), then each word's placeholders are filled in: {{.URL}} the sign-in URL (required), {{.Profile}} the profile
or --browser-profile name, {{.Args}} (a word of its own) every assume -c --browser-launch-template-arg value as a
word each, {{.Args.KEY}} the VALUE of the one given as KEY=VALUE. A value never becomes more words, and no shell
ever sees the URL, which holds a sign-in token.`,
    )
    .action(async () => {
      process.stdout.write(`${describe(await currentBrowser())}\n`);
    });
  browser
    .command('set')
    .description('Choose the browser for the console: a name, a path, default, stdout, or a launch template.')
    .argument('[browser]', `${browserNames.join(', ')}, default, stdout, or the path of a browser`)
    .option('--family <family>', 'with a path gatehouse cannot name: chromium or firefox', (value: string) => {
      if (value !== 'chromium' && value !== 'firefox') throw usageError(`--family is chromium or firefox, not '${value}'`);
      return value;
    })
    .option('--launch-template <command>', 'run this command instead, with {{.URL}}, {{.Profile}}, {{.Args}} and {{.Args.KEY}} filled in (see gatehouse browser --help)')
    .action(async (value: string | undefined, options: { family?: 'chromium' | 'firefox'; launchTemplate?: string }) => {
      if (options.launchTemplate !== undefined && (value !== undefined || options.family !== undefined)) throw usageError('--launch-template is the whole choice: no browser name, path or --family with it');
      if (options.launchTemplate === undefined && value === undefined) throw usageError(`name a browser (${browserNames.join(', ')}, default, stdout, a path) or give --launch-template`);
      const choice = options.launchTemplate !== undefined ? await chooseLaunchTemplate(options.launchTemplate) : await chooseBrowser(value!, options.family);
      const path = await saveBrowser(choice);
      say(`the console opens with ${describe(choice)} (saved in ${path})`);
    });
}
