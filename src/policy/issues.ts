// What is wrong with a policy document: compile.ts reports what makes a document unreadable (it throws a
// PolicySyntaxError holding every such issue), validate.ts adds what IAM refuses on write (unknown services and
// actions, wildcard-only actions on a named resource).

export type IssueSeverity = 'error' | 'warning';

export interface PolicyIssue {
  readonly severity: IssueSeverity;
  /** Stable machine name, e.g. 'unknown-action', 'unknown-condition-operator'. */
  readonly code: string;
  /** A sentence for a person, naming the offending text. */
  readonly message: string;
  /** 0-based statement index; undefined for document-level issues. */
  readonly statement: number | undefined;
}

export class PolicySyntaxError extends Error {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'PolicySyntaxError';
  }
}

export function issue(code: string, message: string, statement?: number, severity: IssueSeverity = 'error'): PolicyIssue {
  return { severity, code, message, statement };
}
