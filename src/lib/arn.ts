export const partition = 'aws';

export function rootArn(accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
