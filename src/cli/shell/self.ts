import { realpathSync } from 'node:fs';
import { quote, type Shell } from '../credentials/shell.js';

/**
 * How the shell code that gatehouse prints calls gatehouse back: this node and this script by absolute path, so it
 * works without gatehouse on PATH (npx, a checkout) and never picks up another installation. Shells evaluate
 * shell-init at start-up, so an upgrade is picked up by the next shell.
 */
export function selfCommand(shell: Shell): string {
  const script = process.argv[1] ? realpathSync(process.argv[1]) : 'gatehouse';
  return `${quote(shell, process.execPath)} ${quote(shell, script)}`;
}
