import { usageError } from '../errors.js';

// The Go-template placeholders Granted fills in a registry's config values: {{ .Required.KEY }} (the user's answer
// to a required key), {{ .Variables.KEY }} (a templateValues `value`) and {{ .Profile }} (the profile's name as
// written, prefix included). Granted leaves anything else to Go's html/template, which prints `<no value>` for a
// key it lacks and escapes `&` and `<`; here an unknown placeholder or a missing value is an error that names it,
// and values are never escaped.

export interface TemplateContext {
  readonly required: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, string>>;
}

const placeholder = /\{\{-?\s*(.*?)\s*-?\}\}/g;

/** `text` with its placeholders filled; `where` names the section and key for errors. */
export function fillTemplate(text: string, context: TemplateContext, profile: string, where: string): string {
  return text.replace(placeholder, (whole, expression: string) => {
    if (expression === '.Profile') return profile;
    const match = /^\.(Required|Variables)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
    if (!match) throw usageError(`${where}: ${whole} is not a placeholder gatehouse fills ({{ .Required.KEY }}, {{ .Variables.KEY }}, {{ .Profile }})`);
    const [, kind, key] = match as unknown as [string, 'Required' | 'Variables', string];
    const value = (kind === 'Required' ? context.required : context.variables)[key];
    if (value === undefined) {
      throw usageError(kind === 'Required'
        ? `${where} uses {{ .Required.${key} }}, which has no value: give --required-key ${key}=VALUE`
        : `${where} uses {{ .Variables.${key} }}, which granted.yml's templateValues does not set`);
    }
    return value;
  });
}
