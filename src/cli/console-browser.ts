import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { readJsonFile, writePrivateJson } from './aws-config/json-files.js';
import { gatehouseCacheDir, gatehouseConfigDir } from './aws-config/paths.js';
import { launchDetached, openBrowser } from './browser.js';
import { usageError } from './errors.js';

// The browser `assume -c` opens the console in, and how it keeps roles apart (as Granted's browser profiles and
// Firefox containers): a Chromium-family browser gets a --user-data-dir of its own per AWS profile under
// ~/.cache/gatehouse/browser-profiles (a separate instance with its own cookies, so consoles of different accounts
// stay signed in side by side); Firefox gets Granted's ext+granted-containers: URL, which the "Granted" add-on
// opens in a container named after the profile. `gatehouse browser set` chooses; the default is the system's
// opener ($BROWSER, xdg-open, open), which cannot isolate anything.

export const families = ['chromium', 'firefox', 'default', 'stdout'] as const;
export type Family = (typeof families)[number];

export interface BrowserChoice {
  /** The name it was set by (chrome, firefox, ...) or the path's file name. */
  readonly name: string;
  readonly family: Family;
  /** The executable (chromium and firefox families). */
  readonly path?: string;
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
  return { name: saved.name, family: saved.family as Family, ...(saved.path ? { path: saved.path } : {}) };
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

/** Granted's Firefox container URL (its "Granted" add-on registers ext+granted-containers: and reads name and url). */
export function containerUrl(name: string, url: string): string {
  return `ext+granted-containers:${new URLSearchParams({ name, url })}`;
}

/** The program and arguments that open `url` for profile `name` in the chosen browser (none for the default). */
export function launchCommand(choice: BrowserChoice, name: string, url: string, env: NodeJS.ProcessEnv = process.env): [string, string[]] | undefined {
  if (!choice.path) return undefined;
  if (choice.family === 'chromium') return [choice.path, [`--user-data-dir=${browserProfileDir(name, env)}`, '--no-first-run', '--no-default-browser-check', url]];
  if (choice.family === 'firefox') return [choice.path, ['--new-tab', containerUrl(name, url)]];
  return undefined;
}

/**
 * Opens the console sign-in URL as profile `name`. Returns what happened, for the message; 'printed' when the
 * chosen browser is stdout (the URL on stdout, as --url).
 */
export async function openConsole(url: string, name: string, explicitProfile: boolean, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (name.trim() === '') throw usageError('--browser-profile needs a name');
  const choice = await currentBrowser(env);
  if (choice.family === 'stdout') {
    process.stdout.write(`${url}\n`);
    return 'printed';
  }
  const command = launchCommand(choice, name, url, env);
  if (!command) {
    if (explicitProfile) throw usageError('--browser-profile needs a browser that can keep profiles apart: gatehouse browser set chrome|firefox|PATH');
    openBrowser(url, env);
    return 'in your browser';
  }
  if (choice.family === 'chromium') await mkdir(browserProfileDir(name, env), { recursive: true, mode: 0o700 });
  if (!launchDetached(...command)) throw usageError(`could not start ${choice.path}: gatehouse browser set another, or use --url`);
  return choice.family === 'chromium' ? `in ${choice.name}, browser profile ${name}` : `in ${choice.name}, container ${name} (needs the Granted add-on)`;
}
