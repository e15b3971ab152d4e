import type { Actor } from '@chatshare/core';

/** The demo's users. No passwords: it is a demo, and chatshare takes its identities from the host. */
export const USERS: readonly Actor[] = [
  { id: 'alice', displayName: 'Alice' },
  { id: 'bob', displayName: 'Bob' },
  { id: 'admin', displayName: 'Admin', isAdmin: true },
];

export function findUser(name: string): Actor | null {
  const wanted = name.trim().toLowerCase();
  return USERS.find((user) => user.id === wanted) ?? null;
}
