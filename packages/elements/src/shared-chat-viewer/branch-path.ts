import type { Snapshot, SnapshotMessage } from '@chatshare/core';

/** One message on the path the viewer is looking at, with its siblings (versions) for "2 / 3". */
export interface PathRow {
  readonly message: SnapshotMessage;
  readonly siblings: readonly string[];
  readonly index: number;
}

/**
 * The messages shown: from the root, at each branch point the version the viewer chose, else the one on the
 * snapshot's own branch, else the newest. Iterative and cycle-safe, so a bad snapshot cannot hang the viewer (T21).
 */
export function visiblePath(snapshot: Snapshot, choices: ReadonlyMap<string, string>): PathRow[] {
  const messages = snapshot.messages;
  const onBranch = new Set<string>();
  const seen = new Set<string>();
  for (let id = snapshot.currentId; id !== null && !seen.has(id); ) {
    seen.add(id);
    onBranch.add(id);
    id = Object.hasOwn(messages, id) ? (messages[id]?.parentId ?? null) : null;
  }
  const rows: PathRow[] = [];
  const visited = new Set<string>();
  let siblings: readonly string[] = snapshot.rootId !== null ? [snapshot.rootId] : [];
  let key = '';
  while (siblings.length > 0) {
    const chosen = choices.get(key) ?? siblings.find((id) => onBranch.has(id)) ?? siblings[siblings.length - 1]!;
    const message = Object.hasOwn(messages, chosen) ? messages[chosen] : undefined;
    if (!message || visited.has(chosen)) break;
    visited.add(chosen);
    rows.push({ message, siblings, index: Math.max(0, siblings.indexOf(chosen)) });
    key = message.id;
    siblings = message.childrenIds;
  }
  return rows;
}
