import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { readJsonFile, writePrivateJson } from './aws-config/json-files.js';
import { gatehouseCacheDir, gatehouseConfigDir } from './aws-config/paths.js';
import { openBrowser, splitCommandLine, startDetached, type WordPart } from './browser.js';
import { usageError } from './errors.js';

// The browser `assume -c` opens the console in, and how it keeps roles apart (as Granted's browser profiles and
// Firefox containers): a Chromium-family browser gets a --user-data-dir of its own per AWS profile under
// ~/.cache/gatehouse/browser-profiles (a separate instance with its own cookies, so consoles of different accounts
// stay signed in side by side); Firefox gets Granted's ext+granted-containers: URL, which the "Granted" add-on
// opens in a container named after the profile (coloured and with an icon from the profile's granted_color and
// granted_icon); a launch template runs a command of the person's own with the URL and profile as arguments.
// `gatehouse browser set` chooses; the default is the system's opener ($BROWSER, xdg-open, open), which cannot
// isolate anything. Every launch is an argv, never a shell command line: the sign-in URL carries a secret token.

export const families = ['chromium', 'firefox', 'custom', 'default', 'stdout'] as const;
export type Family = (typeof families)[number];

export interface BrowserChoice {
  /** The name it was set by (chrome, firefox, ...) or the path's file name. */
  readonly name: string;
  readonly family: Family;
  /** The executable (chromium and firefox families). */
  readonly path?: string;
  /** The launch template (custom family): a command line with {{.URL}}, {{.Profile}}, {{.Args}}, {{.Args.KEY}}. */
  readonly template?: string;
}

/** Known browsers: their commands on PATH, then where macOS installs them. */
const known: Readonly<Record<string, { readonly family: 'chromium' | 'firefox'; readonly commands: readonly string[] }>> = {
  chrome: { family: 'chromium', commands: ['google-chrome', 'google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'] },
  chromium: { family: 'chromium', commands: ['chromium', 'chromium-browser', '/Applications/Chromium.app/Contents/MacOS/Chromium'] },
  brave: { family: 'chromium', commands: ['brave-browser', 'brave', '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser'] },
  edge: { family: 'chromium', commands: ['microsoft-edge', 'microsoft-edge-stable', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'] },
  vivaldi: { family: 'chromium', commands: ['vivaldi', 'vivaldi-stable', '/Applications/Vivaldi.app/Contents/MacOS/Vivaldi'] },
  firefox: { family: 'firefox', commands: ['firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'] },
  'firefox-developer': { family: 'firefox', commands: ['firefox-developer-edition', '/Applications/Firefox Developer Edition.app/Contents/MacOS/firefox'] },
  'firefox-nightly': { family: 'firefox', commands: ['firefox-nightly', '/Applications/Firefox Nightly.app/Contents/MacOS/firefox'] },
  waterfox: { family: 'firefox', commands: ['waterfox', '/Applications/Waterfox.app/Contents/MacOS/waterfox'] },
};
export const browserNames = Object.keys(known);

const defaultChoice: BrowserChoice = { name: 'default', family: 'default' };

function settingsPath(env: NodeJS.ProcessEnv): string {
  return join(gatehouseConfigDir(env), 'browser.json');
}

export async function currentBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserChoice> {
  const saved = await readJsonFile<Partial<BrowserChoice>>(settingsPath(env));
  if (!saved?.name || !(families as readonly string[]).includes(saved.family ?? '')) return defaultChoice;
  if (saved.family === 'custom' && typeof saved.template !== 'string') return defaultChoice;
  return { name: saved.name, family: saved.family as Family, ...(saved.path ? { path: saved.path } : {}), ...(saved.family === 'custom' ? { template: saved.template } : {}) };
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (isAbsolute(command)) return (await executable(command)) ? command : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    if (await executable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** The family a browser's file name says (google-chrome, brave-browser, firefox-esr, ...), if it says one. */
function familyOf(path: string): 'chromium' | 'firefox' | undefined {
  const name = basename(path).toLowerCase();
  if (/chrom|brave|edge|vivaldi|opera/.test(name)) return 'chromium';
  if (/firefox|waterfox|librewolf|zen/.test(name)) return 'firefox';
  return undefined;
}

/** What `browser set VALUE` means: a known name, default, stdout, or an executable's path. */
export async function chooseBrowser(value: string, family: 'chromium' | 'firefox' | undefined, env: NodeJS.ProcessEnv = process.env): Promise<BrowserChoice> {
  if (value === 'default' || value === 'stdout') return { name: value, family: value };
  const entry = known[value.toLowerCase()];
  if (entry) {
    for (const command of entry.commands) {
      const path = await onPath(command, env);
      if (path) return { name: value.toLowerCase(), family: family ?? entry.family, path };
    }
    throw usageError(`no ${value} found (looked for ${entry.commands.join(', ')}): give its path, gatehouse browser set /path/to/it`);
  }
  if (!value.includes('/')) throw usageError(`unknown browser '${value}': use ${browserNames.join(', ')}, default, stdout, or a path`);
  const path = resolve(value);
  if (!(await executable(path))) throw usageError(`${path} is not an executable file`);
  const kind = family ?? familyOf(path);
  if (!kind) throw usageError(`cannot tell what kind of browser ${path} is: add --family chromium or --family firefox`);
  return { name: basename(path), family: kind, path };
}

export async function saveBrowser(choice: BrowserChoice, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const path = settingsPath(env);
  await writePrivateJson(path, choice);
  return path;
}

/** A directory name for a profile name: reversible (so no two profiles share one), safe on every file system. */
function directoryName(profile: string): string {
  return profile.replace(/^\.|[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Where a Chromium-family browser keeps the console sessions of one profile (or --browser-profile name). */
export function browserProfileDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(gatehouseCacheDir(env), 'browser-profiles', directoryName(name));
}

// Firefox containers. The Granted add-on (common-fate/granted-containers src/opener/parser.ts) takes these colours
// and icons and silently drops any other value, so a typo would give a container of a random colour: refused here.
export const containerColors = ['blue', 'turquoise', 'green', 'yellow', 'orange', 'red', 'pink', 'purple'] as const;
export const containerIcons = ['fingerprint', 'briefcase', 'dollar', 'cart', 'circle', 'gift', 'vacation', 'food', 'fruit', 'pet', 'tree', 'chill'] as const;

/** A container's colour and icon, as the add-on takes them (none: the add-on picks a colour from the name). */
export interface ContainerLook {
  readonly color?: string;
  readonly icon?: string;
}

/**
 * The container colour and icon of a profile: `gatehouse_color` / `gatehouse_icon`, else Granted's `granted_color` /
 * `granted_icon` (so a config written for Granted works as it is). Any case; a value the add-on would drop is a usage
 * error naming the values it takes.
 */
export function containerLook(profile: string, entries: ReadonlyMap<string, string> | undefined): ContainerLook {
  const read = (what: 'color' | 'icon', allowed: readonly string[]): string | undefined => {
    const key = entries?.has(`gatehouse_${what}`) ? `gatehouse_${what}` : `granted_${what}`;
    const raw = entries?.get(key);
    if (raw === undefined || raw === '') return undefined;
    const value = raw.toLowerCase();
    if (!allowed.includes(value)) throw usageError(`profile ${profile}: ${key} = ${raw} is not a Firefox container ${what === 'color' ? 'colour' : 'icon'}; use one of ${allowed.join(', ')}`);
    return value;
  };
  const color = read('color', containerColors);
  const icon = read('icon', containerIcons);
  return { ...(color ? { color } : {}), ...(icon ? { icon } : {}) };
}

/** Granted's Firefox container URL: the add-on registers ext+granted-containers: and reads name, url, color, icon. */
export function containerUrl(name: string, url: string, look: ContainerLook = {}): string {
  return `ext+granted-containers:${new URLSearchParams({ name, url, ...look })}`;
}

// Launch templates (Granted's CUSTOM browser, its AWSConsoleBrowserLaunchTemplate Command). The template is split into
// words first, as a shell would split it, and only then are the placeholders filled in, each inside its own word:
// whatever the URL, the profile name or an argument holds (blanks, quotes, `;`, `$(...)`), it stays inside that word.
// Granted fills its Go template in first and splits the result, so a profile name with a blank or a quote changes
// the command there.

const templateFields = ['URL', 'Profile', 'Args', 'Args.KEY'] as const;

/** A parsed launch template: the program, then its argument words (text and placeholders). */
export interface LaunchTemplate {
  readonly program: string;
  readonly words: readonly (readonly WordPart[])[];
  /** True when it passes {{.Profile}}, so --browser-profile means something to it. */
  readonly usesProfile: boolean;
}

/** Parses and checks a launch template; any problem is a usage error that says what is allowed. */
export function parseLaunchTemplate(template: string): LaunchTemplate {
  let words: WordPart[][];
  try {
    words = splitCommandLine(template, true);
  } catch (error) {
    throw usageError(`the launch template has ${(error as Error).message}`);
  }
  if (words.length === 0) throw usageError('the launch template is empty: give the command that opens {{.URL}}');
  const placeholders = words.flatMap((word) => word.flatMap((part) => ('placeholder' in part ? [part.placeholder] : [])));
  for (const name of placeholders) {
    if (!/^\.(?:URL|Profile|Args(?:\.[A-Za-z0-9_-]+)?)$/.test(name)) {
      throw usageError(`the launch template has {{${name}}}: it knows ${templateFields.map((f) => `{{.${f}}}`).join(', ')}`);
    }
  }
  const [first, ...rest] = words;
  if (first!.some((part) => 'placeholder' in part)) throw usageError('the launch template must start with the program to run, not a placeholder');
  for (const word of rest) {
    if (word.length > 1 && word.some((part) => 'placeholder' in part && part.placeholder === '.Args')) {
      throw usageError('{{.Args}} stands for zero or more words: give it a word of its own (for one value inside a word, {{.Args.KEY}})');
    }
  }
  if (!placeholders.includes('.URL')) throw usageError('the launch template must pass the sign-in URL: put {{.URL}} where the browser takes it');
  const program = first!.map((part) => ('text' in part ? part.text : '')).join('');
  return { program, words: rest, usesProfile: placeholders.includes('.Profile') };
}

/**
 * The argv of a launch template for one console: {{.URL}} the sign-in URL, {{.Profile}} the profile (or
 * --browser-profile) name, {{.Args}} every --browser-launch-template-arg value as a word of its own, {{.Args.KEY}}
 * the VALUE of the one given as KEY=VALUE (as Granted's {{.Args.KEY}}).
 */
export function renderLaunchTemplate(template: LaunchTemplate, values: { readonly url: string; readonly profile: string; readonly args: readonly string[] }): [string, string[]] {
  const argument = (key: string): string => {
    const given = values.args.find((arg) => arg.startsWith(`${key}=`));
    if (given === undefined) throw usageError(`the launch template uses {{.Args.${key}}}: add --browser-launch-template-arg ${key}=VALUE`);
    return given.slice(key.length + 1);
  };
  const fill = (placeholder: string): string => {
    if (placeholder === '.URL') return values.url;
    if (placeholder === '.Profile') return values.profile;
    return argument(placeholder.slice('.Args.'.length));
  };
  const argv: string[] = [];
  for (const word of template.words) {
    if (word.length === 1 && 'placeholder' in word[0]! && word[0].placeholder === '.Args') {
      argv.push(...values.args);
      continue;
    }
    argv.push(word.map((part) => ('text' in part ? part.text : fill(part.placeholder))).join(''));
  }
  return [template.program, argv];
}

/** What `browser set --launch-template T` saves: the template, checked, its program found (on PATH or as a path). */
export async function chooseLaunchTemplate(template: string, env: NodeJS.ProcessEnv = process.env): Promise<BrowserChoice> {
  const { program } = parseLaunchTemplate(template);
  const found = program.includes('/') ? ((await executable(resolve(program))) ? resolve(program) : undefined) : await onPath(program, env);
  if (!found) throw usageError(`the launch template runs ${program}, which is ${program.includes('/') ? 'not an executable file' : 'not on PATH'}`);
  return { name: basename(program), family: 'custom', template };
}

/** The program and arguments that open `url` for profile `name` in a chosen Chromium or Firefox (none for the default; a launch template is rendered by prepareConsole). */
function launchCommand(choice: BrowserChoice, name: string, url: string, env: NodeJS.ProcessEnv, look: ContainerLook | undefined): [string, string[]] | undefined {
  if (!choice.path) return undefined;
  if (choice.family === 'chromium') return [choice.path, [`--user-data-dir=${browserProfileDir(name, env)}`, '--no-first-run', '--no-default-browser-check', url]];
  if (choice.family === 'firefox') return [choice.path, ['--new-tab', containerUrl(name, url, look)]];
  return undefined;
}

/**
 * Checks everything about opening the console as profile `name` that can be wrong before a sign-in URL exists (the
 * browser setting, a launch template and its arguments, --browser-profile), and returns what opens it. The returned
 * function says what happened, for the message; 'printed' when the chosen browser is stdout (the URL on stdout).
 */
export async function prepareConsole(
  name: string,
  explicitProfile: boolean,
  options: { readonly lookOf?: () => ContainerLook; readonly templateArgs?: readonly string[] } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<(url: string) => Promise<string>> {
  if (name.trim() === '') throw usageError('--browser-profile needs a name');
  const choice = await currentBrowser(env);
  const templateArgs = options.templateArgs ?? [];
  if (templateArgs.length > 0 && choice.family !== 'custom') throw usageError('--browser-launch-template-arg goes with a launch template: gatehouse browser set --launch-template \'...\'');
  if (choice.family === 'stdout') {
    return async (url) => {
      process.stdout.write(`${url}\n`);
      return 'printed';
    };
  }
  if (choice.family === 'custom') {
    const template = parseLaunchTemplate(choice.template!);
    if (explicitProfile && !template.usesProfile) throw usageError('--browser-profile: the launch template has no {{.Profile}} to pass it in (gatehouse browser)');
    // Every {{.Args.KEY}} must have its argument now, not after the sign-in URL is made.
    renderLaunchTemplate(template, { url: '', profile: name, args: templateArgs });
    return async (url) => {
      const [program, args] = renderLaunchTemplate(template, { url, profile: name, args: templateArgs });
      if (!(await startDetached(program, args))) throw usageError(`could not start ${program} (the launch template): gatehouse browser set another, or use --url`);
      return `with ${choice.name} (the launch template), profile ${name}`;
    };
  }
  if (!choice.path) {
    if (explicitProfile) throw usageError('--browser-profile needs a browser that can keep profiles apart: gatehouse browser set chrome|firefox|PATH or --launch-template');
    return async (url) => {
      if (!(await openBrowser(url, env))) throw usageError('could not start a browser: gatehouse browser set chrome|firefox|PATH, or use --url');
      return 'in your browser';
    };
  }
  // Read (and checked) only for Firefox: a colour no other browser uses is no reason to refuse them.
  const look = choice.family === 'firefox' ? (options.lookOf?.() ?? {}) : {};
  return async (url) => {
    const [program, args] = launchCommand(choice, name, url, env, look)!;
    if (choice.family === 'chromium') await mkdir(browserProfileDir(name, env), { recursive: true, mode: 0o700 });
    if (!(await startDetached(program, args))) throw usageError(`could not start ${choice.path}: gatehouse browser set another, or use --url`);
    if (choice.family === 'chromium') return `in ${choice.name}, browser profile ${name}`;
    const described = [look.color, look.icon].filter(Boolean).join(', ');
    return `in ${choice.name}, container ${name}${described ? ` (${described})` : ''} (needs the Granted add-on)`;
  };
}
