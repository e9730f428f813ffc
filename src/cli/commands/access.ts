import type { Command } from 'commander';
import { controlRequest } from '../control-client.js';
import { serverTarget, withServerOptions, type ServerOptions } from '../server-options.js';
import { formatTable } from '../table.js';

// `gatehouse access who-can | what-can`: the access report of a local gatehouse server (its control API decides
// with the policy engine, over every account, user, role and Identity Center assignment). A pure HTTP client: the
// shapes below are what GET /_gatehouse/access/* answers (src/control/access-report.ts).

interface ReportedPrincipal {
  readonly accountId: string;
  readonly accountName: string;
  readonly kind: string;
  readonly name: string;
  readonly arn: string;
  readonly permissionSet?: string;
  readonly assignments?: readonly { readonly type: 'USER' | 'GROUP'; readonly name: string; readonly members?: readonly string[] }[];
}

interface WhoCanReport {
  readonly action: string;
  readonly resource: string;
  readonly organizationId: string | null;
  readonly accounts: readonly unknown[];
  readonly evaluated: number;
  readonly allowed: number;
  readonly principals: readonly (ReportedPrincipal & { readonly decision: string; readonly reason: string })[];
}

interface WhatCanReport {
  readonly principal: string;
  readonly sessions: readonly (ReportedPrincipal & {
    readonly evaluatedAs: string;
    readonly services: readonly { readonly service: string; readonly actions: number; readonly allowed: number; readonly levels: Readonly<Record<string, readonly string[]>> }[];
  })[];
}

interface WhoCanOptions extends ServerOptions {
  readonly account?: string;
  readonly resource?: string;
  readonly organization?: string;
  readonly all?: boolean;
  readonly json?: boolean;
}

interface WhatCanOptions extends ServerOptions {
  readonly service?: string;
  readonly organization?: string;
  readonly verbose?: boolean;
  readonly json?: boolean;
}

const LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;

export function registerAccess(program: Command): void {
  const access = program
    .command('access')
    .description('Who may do what across the organization (users, groups, permission sets, assignments, SCPs, boundaries), as the policy engine decides.');
  withServerOptions(access.command('who-can').description('Every principal of the organization allowed an action: roots, IAM users, roles, and permission sets with their assigned users and groups.'))
    .argument('<action>', 'an IAM action, e.g. iam:CreateUser')
    .option('--account <id|name>', 'one account only (any account on the server, standalone ones too)')
    .option('--resource <arn>', 'the resource the action is on (default *)')
    .option('--organization <id>', "another organization on this server (default: the management account's)")
    .option('--all', 'list the principals denied as well, with the layer that denies them')
    .option('--json', 'the whole report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse access who-can iam:CreateUser --account Production     # who can write to Production?
  gatehouse access who-can s3:GetObject --resource arn:aws:s3:::reports/q3.csv
  gatehouse access who-can organizations:LeaveOrganization --all    # and why the others cannot
  gatehouse access who-can iam:CreateUser --json | jq '.principals[].users'`,
    )
    .action(async (action: string, options: WhoCanOptions) => {
      const query = new URLSearchParams({ action });
      if (options.account !== undefined) query.set('account', options.account);
      if (options.resource !== undefined) query.set('resource', options.resource);
      if (options.organization !== undefined) query.set('organization', options.organization);
      if (options.all) query.set('all', 'true');
      const { endpoint, dataDir } = serverTarget(options);
      const report = await controlRequest<WhoCanReport>(endpoint, dataDir, 'GET', `access/who-can?${query}`);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : whoCanText(report, options.all === true));
    });
  withServerOptions(access.command('what-can').description('Every action a principal may do, by service and access level; for an Identity Center user, in each role session its assignments reach.'))
    .argument('<principal>', 'an IAM user, role or assumed-role ARN, an account id (its root), or an Identity Center user name')
    .option('--service <prefix>', 'one service only, e.g. iam (default: every service its policies name)')
    .option('--organization <id>', "whose Identity Center a user name is looked up in (default: the management account's)")
    .option('--verbose', 'name the allowed actions, not only count them')
    .option('--json', 'the whole report as JSON (actions named)')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse access what-can alice                                   # every role session of the Identity Center user
  gatehouse access what-can alice --service iam --verbose
  gatehouse access what-can arn:aws:iam::123456789012:role/OrganizationAccountAccessRole
  gatehouse access what-can arn:aws:iam::123456789012:user/deploy --json`,
    )
    .action(async (principal: string, options: WhatCanOptions) => {
      const query = new URLSearchParams({ principal });
      if (options.service !== undefined) query.set('service', options.service);
      if (options.organization !== undefined) query.set('organization', options.organization);
      const { endpoint, dataDir } = serverTarget(options);
      const report = await controlRequest<WhatCanReport>(endpoint, dataDir, 'GET', `access/what-can?${query}`);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : whatCanText(report, options.verbose === true));
    });
}

function assigned(p: ReportedPrincipal): string {
  return (p.assignments ?? []).map((a) => (a.type === 'USER' ? `user ${a.name}` : `group ${a.name} (${(a.members ?? []).join(', ') || 'no members'})`)).join('; ');
}

function whoCanText(report: WhoCanReport, all: boolean): string {
  const where = `${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}${report.organizationId ? ` of ${report.organizationId}` : ''}`;
  const head = `${report.action} on ${report.resource}: ${report.allowed} of ${report.evaluated} principals allowed in ${where}\n`;
  if (report.principals.length === 0) return head;
  const header = ['ACCOUNT', 'KIND', 'PRINCIPAL', 'ASSIGNED TO', ...(all ? ['DECISION'] : []), 'WHY'];
  const rows = report.principals.map((p) => [
    `${p.accountName} ${p.accountId}`,
    p.kind,
    p.permissionSet ?? p.name,
    assigned(p),
    ...(all ? [p.decision] : []),
    p.reason,
  ]);
  return `${head}\n${formatTable(header, rows)}`;
}

function whatCanText(report: WhatCanReport, verbose: boolean): string {
  if (report.sessions.length === 0) return `${report.principal}: no role session (no provisioned assignment)\n`;
  const parts: string[] = [];
  for (const s of report.sessions) {
    const title = s.kind === 'sso-role' ? `${s.permissionSet} (${s.name})` : s.kind === 'root' ? 'root' : s.name;
    const total = (l: string) => s.services.reduce((n, v) => n + (v.levels[l]?.length ?? 0), 0);
    const summary = `${s.services.length} service${s.services.length === 1 ? '' : 's'}: ${LEVELS.map((l) => `${l} ${total(l)}`).join(', ')}`;
    parts.push(`${s.accountName} ${s.accountId}  ${s.kind} ${title}\n  as ${s.evaluatedAs}\n  ${summary}\n`);
    if (s.services.length === 0) {
      parts.push('  nothing allowed\n\n');
      continue;
    }
    const header = ['SERVICE', 'ALLOWED', 'LIST', 'READ', 'WRITE', 'PERMISSIONS', 'TAGGING'];
    const rows = s.services.map((v) => [v.service, v.allowed === v.actions ? `all ${v.actions}` : `${v.allowed}/${v.actions}`, ...LEVELS.map((l) => String(v.levels[l]?.length ?? 0))]);
    parts.push(formatTable(header, rows, '  '));
    if (verbose) {
      for (const v of s.services) {
        for (const l of LEVELS) {
          const names = v.levels[l] ?? [];
          if (names.length > 0) parts.push(`  ${v.service} ${l}: ${names.map((n) => n.slice(n.indexOf(':') + 1)).join(', ')}\n`);
        }
      }
    }
    parts.push('\n');
  }
  return parts.join('');
}
