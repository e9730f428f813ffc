import { usageError } from '../errors.js';
import { isInteractive } from '../terminal.js';

// The MFA code for a profile's mfa_serial: --mfa-code, else GATEHOUSE_MFA_CODE (scripts), else asked for at a
// terminal (on stderr, read from stdin). A script without either gets a usage error, never a hang.

export const mfaCodeVariable = 'GATEHOUSE_MFA_CODE';

export async function mfaCode(serialNumber: string, profile: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const code = given ?? (env[mfaCodeVariable] || undefined);
  if (code !== undefined) return checked(code);
  if (!isInteractive(env)) throw usageError(`profile ${profile} needs the code of MFA device ${serialNumber}: give --mfa-code CODE or set ${mfaCodeVariable}`);
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return checked(await prompt.question(`gatehouse: MFA code for ${serialNumber} (profile ${profile}): `));
  } finally {
    prompt.close();
  }
}

function checked(code: string): string {
  const trimmed = code.trim();
  if (!/^\d{6}$/.test(trimmed)) throw usageError('an MFA code is six digits');
  return trimmed;
}
