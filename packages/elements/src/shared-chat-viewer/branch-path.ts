import type { Snapshot, SnapshotMessage } from '@chatshare/core';

/** One message on the path the viewer is looking at, with its siblings (versions) for "2 / 3". */
export interface PathRow {
  readonly message: SnapshotMessage;
  readonly siblings: readonly string[];
  readonly index: number;
}

/** The ids from the snapshot's current message up to its root: the snapshot's own branch. Cycle-safe. */
function branchIds(snapshot: Snapshot): Set<string> {
  const messages = snapshot.messages;
  const onBranch = new Set<string>();
  for (let id = snapshot.currentId; id !== null && !onBranch.has(id); ) {
    onBranch.add(id);
    id = Object.hasOwn(messages, id) ? (messages[id]?.parentId ?? null) : null;
  }
  return onBranch;
}

/**
 * The messages shown: from the root, at each branch point the version the viewer chose, else the one on the
 * snapshot's own branch, else the newest. Iterative and cycle-safe, so a bad snapshot cannot hang the viewer.
 *
 * This runs for the whole chat before the first paint, so it is kept to a plain walk: the snapshot's branch is
 * only collected at the first branch point that needs it, and no set of visited ids is kept — a path longer than the
 * number of messages must repeat one, and only then is the walk redone with a visited set, which stops at the first
 * repeat.
 */
export function visiblePath(snapshot: Snapshot, choices: ReadonlyMap<string, string>): PathRow[] {
  const messages = snapshot.messages;
  const chooses = choices.size > 0;
  let onBranch: Set<string> | undefined;
  const rows: PathRow[] = [];
  let siblings: readonly string[] = snapshot.rootId !== null ? [snapshot.rootId] : [];
  let key = '';
  let limit = 1 << 16;
  let count: number | undefined;
  while (siblings.length > 0) {
    let chosen = chooses ? choices.get(key) : undefined;
    if (chosen === undefined) {
      if (siblings.length === 1) chosen = siblings[0]!;
      else {
        onBranch ??= branchIds(snapshot);
        chosen = siblings.find((id) => onBranch!.has(id)) ?? siblings[siblings.length - 1]!;
      }
    }
    const message = Object.hasOwn(messages, chosen) ? messages[chosen] : undefined;
    if (!message) break;
    if (rows.length >= limit) {
      count ??= Object.keys(messages).length;
      if (rows.length >= count) return visiblePathChecked(snapshot, choices, onBranch ?? branchIds(snapshot));
      limit = count;
    }
    rows.push({ message, siblings, index: siblings.length === 1 ? 0 : Math.max(0, siblings.indexOf(chosen)) });
    key = message.id;
    siblings = message.childrenIds;
  }
  return rows;
}

/** The same walk, keeping the visited ids: for snapshots whose links form a cycle. */
function visiblePathChecked(snapshot: Snapshot, choices: ReadonlyMap<string, string>, onBranch: ReadonlySet<string>): PathRow[] {
  const messages = snapshot.messages;
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
