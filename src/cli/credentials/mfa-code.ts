import { usageError } from '../errors.js';
import { isInteractive } from '../terminal.js';
import { commandCode } from './code-process.js';

// The MFA code for a profile's mfa_serial, the first of: --mfa-code; GATEHOUSE_MFA_CODE (scripts); the profile's
// mfa_process (a command whose stdout is the code, as aws-vault runs it); --mfa-prompt / GATEHOUSE_MFA_PROMPT ykman
// (a YubiKey's OATH account, as aws-vault's --prompt ykman), or zenity / kdialog / osascript (a desktop dialog, as
// aws-vault's prompts of those names: for credential_process under an IDE or a GUI tool, where no terminal is); else
// asked for at a terminal (on stderr, read from stdin). A script with none of them gets a usage error, never a hang.

export const mfaCodeVariable = 'GATEHOUSE_MFA_CODE';
export const mfaPromptVariable = 'GATEHOUSE_MFA_PROMPT';

export const mfaPrompts = ['terminal', 'ykman', 'zenity', 'kdialog', 'osascript'] as const;
export type MfaPrompt = (typeof mfaPrompts)[number];

export function parseMfaPrompt(value: string): MfaPrompt {
  if ((mfaPrompts as readonly string[]).includes(value)) return value as MfaPrompt;
  throw usageError(`unknown MFA prompt '${value}': use ${mfaPrompts.join(', ')} (or give the profile an mfa_process)`);
}

/** The device whose code is wanted, and what its profile says about getting one. */
export interface MfaDevice {
  readonly serialNumber: string;
  readonly profile: string;
  /** The profile's mfa_process. */
  readonly process: string | undefined;
}

export interface MfaCodeOptions {
  /** --mfa-code. */
  readonly code?: string | undefined;
  /** --mfa-prompt (else GATEHOUSE_MFA_PROMPT, else terminal). */
  readonly prompt?: MfaPrompt | undefined;
}

export async function mfaCode(device: MfaDevice, options: MfaCodeOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const code = options.code ?? (env[mfaCodeVariable] || undefined);
  if (code !== undefined) return checked(code);
  if (device.process) {
    return commandCode({ file: device.process, args: [], shell: true, what: `mfa_process of profile ${device.profile}`, missing: `the mfa_process of profile ${device.profile} could not be run` }, env);
  }
  const prompt = options.prompt ?? parseMfaPrompt(env[mfaPromptVariable] || 'terminal');
  if (prompt === 'ykman') return ykmanCode(device, env);
  if (prompt !== 'terminal') return dialogCode(prompt, device, env);
  if (!isInteractive(env)) {
    throw usageError(`profile ${device.profile} needs the code of MFA device ${device.serialNumber}: give --mfa-code CODE or set ${mfaCodeVariable}, give the profile an mfa_process, or use a YubiKey with --mfa-prompt ykman`);
  }
  const { createInterface } = await import('node:readline/promises');
  const prompter = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return checked(await prompter.question(`gatehouse: MFA code for ${device.serialNumber} (profile ${device.profile}): `));
  } finally {
    prompter.close();
  }
}

/**
 * `ykman oath accounts code --single NAME`, as aws-vault runs it: NAME is $YKMAN_OATH_CREDENTIAL_NAME, else the
 * mfa_serial (add the account under that name: ykman oath accounts add -t ARN SEED); $YKMAN_OATH_DEVICE_SERIAL picks
 * one of several YubiKeys.
 */
function ykmanCode(device: MfaDevice, env: NodeJS.ProcessEnv): Promise<string> {
  const name = env['YKMAN_OATH_CREDENTIAL_NAME'] || device.serialNumber;
  const serial = env['YKMAN_OATH_DEVICE_SERIAL'];
  const args = [...(serial ? ['--device', serial] : []), 'oath', 'accounts', 'code', '--single', name];
  return commandCode(
    {
      file: 'ykman',
      args,
      shell: false,
      what: `ykman ${args.join(' ')}`,
      started: `gatehouse: MFA code for ${device.serialNumber} (profile ${device.profile}) from your YubiKey's OATH account ${name}: touch your YubiKey if it blinks\n`,
      missing:
        'ykman (YubiKey Manager) is not on PATH: install it (pipx install yubikey-manager, brew install ykman, apt install yubikey-manager, or the Windows installer from Yubico) ' +
        `and add the device's seed as an OATH account named ${name}: ykman oath accounts add -t ${name} BASE32_SEED (or set YKMAN_OATH_CREDENTIAL_NAME to the account's name)`,
    },
    env,
  );
}

/** The desktop dialogs aws-vault offers, each given the question as one argument (no shell, no script quoting). */
const dialogs: Readonly<Record<Exclude<MfaPrompt, 'terminal' | 'ykman'>, { readonly args: (question: string) => string[]; readonly install: string }>> = {
  zenity: { args: (question) => ['--entry', '--title', 'gatehouse', '--text', question], install: 'apt install zenity, dnf install zenity' },
  kdialog: { args: (question) => ['--inputbox', question, '--title', 'gatehouse'], install: 'apt install kdialog, dnf install kdialog' },
  // AppleScript reads the question from `on run argv`, so nothing in it (a profile name with a quote) is script text.
  osascript: {
    args: (question) => [
      '-e', 'on run argv',
      '-e', 'display dialog (item 1 of argv) default answer "" buttons {"Cancel", "OK"} default button "OK" with title "gatehouse"',
      '-e', 'return text returned of the result',
      '-e', 'end run',
      question,
    ],
    install: 'it comes with macOS',
  },
};

function dialogCode(prompt: keyof typeof dialogs, device: MfaDevice, env: NodeJS.ProcessEnv): Promise<string> {
  const dialog = dialogs[prompt];
  return commandCode(
    {
      file: prompt,
      args: dialog.args(`MFA code for ${device.serialNumber} (profile ${device.profile})`),
      shell: false,
      what: `the ${prompt} dialog`,
      missing: `${prompt} is not on PATH (${dialog.install}): choose another --mfa-prompt (${mfaPrompts.join(', ')})`,
    },
    env,
  );
}

function checked(code: string): string {
  const trimmed = code.trim();
  if (!/^\d{6}$/.test(trimmed)) throw usageError('an MFA code is six digits');
  return trimmed;
}
