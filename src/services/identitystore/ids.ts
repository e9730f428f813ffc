import { randomUUID } from 'node:crypto';

// Identity Store identifiers: users, groups and memberships are UUIDs, as AWS issues them in current stores (older
// stores prefix a 10-hex store part, "<10 hex>-<uuid>", which the model's ResourceId pattern also admits).

export const newResourceId = (): string => randomUUID();
