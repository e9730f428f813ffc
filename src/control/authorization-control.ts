import type { DenialRecord } from '../aws/authz/engine-decider.js';
import { json, type ControlPathRoute } from './control-area.js';

// The control API's view of the authorize step: the recent denials with the layer, policy and statement that decided
// (GET /_gatehouse/authorization/denials[?requestId=...]), what `--explain-denials` adds to a denied response.

export interface DenialLog {
  recentDenials(requestId?: string): readonly DenialRecord[];
}

export function authorizationControlRoutes(denials: DenialLog): readonly ControlPathRoute[] {
  return [
    {
      method: 'GET',
      path: /^authorization\/denials$/,
      run: async (request) => {
        const requestId = request.query.get('requestId') ?? undefined;
        return json(200, { denials: denials.recentDenials(requestId) });
      },
    },
  ];
}
