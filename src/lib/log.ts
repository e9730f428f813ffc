import { pino, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Structured JSON logs on stdout. Secrets never reach a log line: the redact list is a last line of defence. */
export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gatehouse' },
      redact: {
        paths: [
          '*.secretAccessKey',
          '*.SecretAccessKey',
          '*.sessionToken',
          '*.SessionToken',
          '*.authorization',
          '*.password',
          '*.accessToken',
          '*.refreshToken',
          '*.clientSecret',
          '*.deviceCode',
          '*.codeVerifier',
          '*.cookie',
          '*.challenge',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
