// How IAM measures a policy against its size quotas (PolicySize 6,144, RolePolicySize 10,240, UserPolicySize 2,048,
// GroupPolicySize 5,120, ACLSizePerRole 2,048, and Identity Center's 10,240 for a permission set's inline policy):
// its characters, whitespace outside strings not counted.

export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      size++;
      if (c === '\\') {
        size++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      size++;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') size++;
  }
  return size;
}
