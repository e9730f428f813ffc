// The Identity Center both servers get, as numbers and as a deterministic shape, so gatehouse (seeded in bulk in
// its own process) and moto (seeded through its API, smaller) hold the same kind of directory: users
// bench-user-NNNNNN, groups bench-group-NNNNN, permission sets bench-ps-NNNN, and account assignments of which 80%
// are to users and 20% to groups, each principal getting its share on distinct permission sets, spread over the
// accounts.

export interface IdentityCenterPlan {
  readonly users: number;
  readonly groups: number;
  readonly permissionSets: number;
  readonly assignments: number;
  /** Accounts the assignments target. */
  readonly accounts: number;
}

export interface AssignmentShape {
  readonly principalType: 'USER' | 'GROUP';
  /** Index of the user or group. */
  readonly principal: number;
  readonly permissionSet: number;
  readonly account: number;
}

export const userName = (index: number): string => `bench-user-${String(index).padStart(6, '0')}`;
export const groupName = (index: number): string => `bench-group-${String(index).padStart(5, '0')}`;
export const permissionSetName = (index: number): string => `bench-ps-${String(index).padStart(4, '0')}`;

export const userAssignmentCount = (plan: IdentityCenterPlan): number => Math.floor(plan.assignments * 0.8);

/** The i-th assignment: unique (permission set, account, principal) by construction, while each principal has
 * at most `permissionSets` of them. */
export function assignmentAt(plan: IdentityCenterPlan, i: number): AssignmentShape {
  const toUsers = userAssignmentCount(plan);
  const [principalType, count, j, total] = i < toUsers ? (['USER', plan.users, i, toUsers] as const) : (['GROUP', plan.groups, i - toUsers, plan.assignments - toUsers] as const);
  const principal = j % count;
  const k = Math.floor(j / count);
  const stride = Math.max(1, Math.floor(plan.permissionSets / Math.ceil(total / count)));
  return { principalType, principal, permissionSet: (principal + k * stride) % plan.permissionSets, account: (principal + k) % plan.accounts };
}

/** Assignments of one principal (what ListAccountAssignmentsForPrincipal must answer). */
export function assignmentsOf(plan: IdentityCenterPlan, principalType: 'USER' | 'GROUP', principal: number): AssignmentShape[] {
  const toUsers = userAssignmentCount(plan);
  const [count, start, end] = principalType === 'USER' ? [plan.users, 0, toUsers] : [plan.groups, toUsers, plan.assignments];
  const out: AssignmentShape[] = [];
  for (let i = start + principal; i < end; i += count) out.push(assignmentAt(plan, i));
  return out;
}

/** The principal the measured calls ask about: a user in the middle of the directory. */
export const measuredUser = (plan: IdentityCenterPlan): number => Math.floor(plan.users / 2);

export function checkPlan(plan: IdentityCenterPlan): void {
  const perUser = Math.ceil(userAssignmentCount(plan) / plan.users);
  const perGroup = Math.ceil((plan.assignments - userAssignmentCount(plan)) / Math.max(1, plan.groups));
  if (plan.groups < 1 || plan.users < 1 || plan.accounts < 1) throw new Error('the identity-center plan needs users, groups and accounts');
  if (perUser > plan.permissionSets || perGroup > plan.permissionSets) {
    throw new Error(`${plan.assignments} assignments give a principal more assignments than there are permission sets (${plan.permissionSets})`);
  }
}
