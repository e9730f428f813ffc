import type { WireRequest } from '../aws/protocol/wire.js';
import type { AccessReport } from './access-report.js';
import { ControlError, json, type ControlPathRoute } from './control-area.js';

// The access report on the control API (what `gatehouse access` calls):
//   GET /_gatehouse/access/who-can?action=iam:CreateUser[&account=<id or name>][&resource=<arn>][&organization=o-...][&all=true]
//   GET /_gatehouse/access/what-can?principal=<arn, account id or Identity Center user name>[&service=iam][&organization=o-...]
// 400 for a malformed action, ARN or parameter, 404 for an unknown account, organization or principal, 409 when the
// server runs with --authorization off.

const WHO_CAN = new Set(['action', 'account', 'resource', 'organization', 'all']);
const WHAT_CAN = new Set(['principal', 'service', 'organization']);

export function accessControlRoutes(report: AccessReport): readonly ControlPathRoute[] {
  return [
    {
      method: 'GET',
      path: /^access\/who-can$/,
      run: async (request) => {
        const q = parameters(request, WHO_CAN);
        const action = required(q, 'action');
        const all = q.get('all');
        if (all !== undefined && all !== 'true' && all !== 'false') throw new ControlError(400, 'all must be true or false.');
        return json(200, await report.whoCan({ action, account: q.get('account'), resource: q.get('resource'), organization: q.get('organization'), all: all === 'true' }));
      },
    },
    {
      method: 'GET',
      path: /^access\/what-can$/,
      run: async (request) => {
        const q = parameters(request, WHAT_CAN);
        return json(200, await report.whatCan({ principal: required(q, 'principal'), service: q.get('service'), organization: q.get('organization') }));
      },
    },
  ];
}

/** The query's parameters, each once and each one this route knows. */
function parameters(request: WireRequest, known: ReadonlySet<string>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of request.query) {
    if (!known.has(name)) throw new ControlError(400, `Unknown parameter ${JSON.stringify(name)}: this report takes ${[...known].join(', ')}.`);
    if (out.has(name)) throw new ControlError(400, `${name} is given twice.`);
    out.set(name, value);
  }
  return out;
}

function required(q: ReadonlyMap<string, string>, name: string): string {
  const value = q.get(name);
  if (value === undefined || value === '') throw new ControlError(400, `${name} is required.`);
  return value;
}
