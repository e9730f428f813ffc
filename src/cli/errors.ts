// What the developer commands exit with: scripts and the shell functions tell these apart.

export const exitCodes = {
  ok: 0,
  /** Anything that went wrong that is not one of the below: an AWS error, the network, a file we could not write. */
  failure: 1,
  /** The command line or the configuration is wrong: an unknown profile or session, a missing option. */
  usage: 2,
  /** There is no valid IAM Identity Center sign-in for the session: run `gatehouse login`. */
  loginRequired: 3,
  /** The sign-in was refused, or not approved before the device code expired. */
  loginFailed: 4,
  /** `assume --exec`: the command was not found, as shells report it. */
  commandNotFound: 127,
  /** Interrupted (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error the user can act on: its message is printed as is (no stack) and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = exitCodes.failure,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, exitCodes.usage);
}

/** The exit-code table, printed by `gatehouse --help` and the README. */
export const exitCodeHelp = `Exit codes:
  0    success (with --exec: the command's own exit code)
  1    failure: an AWS or network error, a file that could not be written
  2    usage: bad options, an unknown profile or sso-session, missing configuration
  3    login required: no valid sign-in for the sso-session (run gatehouse login)
  4    login failed: refused, or not approved before the code expired
  127  assume --exec: the command was not found
  130  interrupted`;
