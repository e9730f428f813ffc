import type { Child, FC } from 'hono/jsx';

// Form pieces every page uses: the CSRF token field and labelled inputs (a label for every control, autocomplete
// hints so password managers and authenticator autofill work).

export const CsrfField: FC<{ readonly token: string }> = ({ token }) => <input type="hidden" name="csrf" value={token} />;

export const Hidden: FC<{ readonly name: string; readonly value: string | undefined }> = ({ name, value }) =>
  value === undefined ? null : <input type="hidden" name={name} value={value} />;

export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'password';
  readonly autocomplete?: string;
  readonly value?: string;
  readonly inputmode?: 'numeric' | 'text';
  readonly pattern?: string;
  readonly autofocus?: boolean;
  readonly children?: Child;
}

export const Field: FC<FieldProps> = ({ name, label, type = 'text', autocomplete, value, inputmode, pattern, autofocus }) => (
  <>
    <label for={name}>{label}</label>
    <input
      id={name}
      name={name}
      type={type}
      required
      {...(autocomplete ? { autocomplete } : {})}
      {...(value !== undefined ? { value } : {})}
      {...(inputmode ? { inputmode } : {})}
      {...(pattern ? { pattern } : {})}
      {...(autofocus ? { autofocus: true } : {})}
      autocapitalize="none"
      spellcheck={false}
    />
  </>
);

/** Where to go after signing in: only a path on this site (never //host or a scheme), else the portal. */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : undefined;
}
