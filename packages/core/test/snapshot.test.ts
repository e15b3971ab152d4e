import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseChat, snapshotChat, snapshotBranch, restrictToBranch, snapshotToMarkdown, computeSnapshotHash, sha256Hex, canonicalJson } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';

const ancestorsOf = (messages: Record<string, { parentId: string | null }>, id: string) => {
  const out = new Set<string>();
  let cur: string | null = id;
  while (cur !== null) {
    out.add(cur);
    cur = messages[cur]!.parentId;
  }
  return out;
};

describe('S6, B4: snapshot scope', () => {
  it('branch scope keeps exactly the root→current path, children trimmed', async () => {
    const chat = parseChat(chatWithBranches({ depth: 4, width: 3 }));
    const snapshot = await snapshotChat(chat, { scope: 'branch' });
    expect(Object.keys(snapshot.messages)).toHaveLength(5);
    for (const m of Object.values(snapshot.messages)) {
      expect(m.childrenIds.length).toBeLessThanOrEqual(1);
      expect(m.content).toMatch(/Root question|variant 3 of 3/);
    }
  });
  it('full-history keeps every branch and the current leaf', async () => {
    const chat = parseChat(chatWithBranches({ depth: 4, width: 3 }));
    const snapshot = await snapshotChat(chat, { scope: 'full-history' });
    expect(Object.keys(snapshot.messages)).toHaveLength(13);
    expect(snapshot.messages[snapshot.currentId!]!.content).toBe('Level 4, variant 3 of 3');
  });
  it('"share up to this message" stops the branch there', async () => {
    const chat = parseChat(linearChat(6));
    const snapshot = await snapshotChat(chat, { upToMessageId: 'msg-3' });
    expect(snapshotBranch(snapshot).map((m) => m.content)).toEqual(['Question number 0', 'Answer number 1', 'Question number 2', 'Answer number 3']);
    const full = await snapshotChat(chat, { scope: 'full-history', upToMessageId: 'msg-3' });
    expect(Object.keys(full.messages)).toHaveLength(4);
  });
  it('"up to" an unknown message is an INVALID_INPUT error', async () => {
    await expect(snapshotChat(parseChat(linearChat(2)), { upToMessageId: 'nope' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
  it('T12: narrowing a full-history snapshot to its branch drops the other branches', async () => {
    const full = await snapshotChat(parseChat(chatWithBranches({ depth: 3, width: 2 })), { scope: 'full-history' });
    const branch = await restrictToBranch(full);
    expect(branch.scope).toBe('branch');
    expect(Object.keys(branch.messages)).toHaveLength(4);
    expect(branch.hash).toBe(await computeSnapshotHash(branch));
    expect(branch.hash).not.toBe(full.hash);
  });
});

describe('R4: snapshots are frozen copies', () => {
  it('a snapshot is deeply frozen', async () => {
    const snapshot = await snapshotChat(parseChat(linearChat(3)));
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.messages)).toBe(true);
    expect(Object.isFrozen(Object.values(snapshot.messages)[0])).toBe(true);
    expect(() => {
      (snapshot as { title: string }).title = 'x';
    }).toThrow();
  });
  it('message ids are re-mapped, never the source ids', async () => {
    const snapshot = await snapshotChat(parseChat(linearChat(3)));
    expect(Object.keys(snapshot.messages)).toEqual(['m1', 'm2', 'm3']);
  });
  it('property: mutating the source after snapshotting never changes the snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.string(), async (depth, width, text) => {
        const raw = chatWithBranches({ depth, width });
        const snapshot = await snapshotChat(parseChat(raw), { scope: 'full-history' });
        const before = JSON.stringify(snapshot);
        for (const m of Object.values(raw.history.messages)) {
          m.content = text;
          m.childrenIds.push('x');
        }
        raw.title = text;
        expect(JSON.stringify(snapshot)).toBe(before);
        expect(await computeSnapshotHash(snapshot)).toBe(snapshot.hash);
      }),
      { numRuns: 50 },
    );
  });
  it('property: branch scope never contains a non-ancestor of the current message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.nat(), async (depth, width, pick) => {
        const raw = chatWithBranches({ depth, width });
        const ids = Object.keys(raw.history.messages);
        raw.history.currentId = ids[pick % ids.length]!;
        const chat = parseChat(raw);
        const snapshot = await snapshotChat(chat, { scope: 'branch' });
        const allowed = ancestorsOf(raw.history.messages, raw.history.currentId);
        const kept = snapshotBranch(snapshot).map((m) => m.content);
        expect(Object.keys(snapshot.messages)).toHaveLength(allowed.size);
        expect(kept).toEqual([...allowed].reverse().map((id) => raw.history.messages[id]!.content));
      }),
      { numRuns: 100 },
    );
  });
});

describe('T6: attachments', () => {
  it('a snapshot keeps an attachment’s name, type and size only: no file id or URL that reaches the file', async () => {
    const raw = linearChat(2);
    (raw.history.messages['msg-0'] as Record<string, unknown>).files = [
      { type: 'image', id: 'file-5f2c', url: '/api/v1/files/file-5f2c/content', name: 'cat.png', size: 2048, collection_name: 'user-alice' },
    ];
    const snapshot = await snapshotChat(parseChat(raw));
    expect(snapshot.messages.m1!.files).toEqual([{ name: 'cat.png', type: 'image', size: 2048 }]);
    const text = JSON.stringify(snapshot);
    for (const secret of ['file-5f2c', '/api/v1/files', 'user-alice']) expect(text).not.toContain(secret);
  });
});

describe('B8: integrity', () => {
  it('the hash is SHA-256 of canonical content and ignores version and time', async () => {
    const chat = parseChat(linearChat(4));
    const a = await snapshotChat(chat, { version: 1, now: 1 });
    const b = await snapshotChat(chat, { version: 7, now: 2 });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(b.hash);
    expect(b.version).toBe(7);
  });
  it('canonical JSON sorts keys so equal content hashes equally', async () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('the fast hash input (content built in sorted order) is byte-identical to canonical JSON', async () => {
    for (const scope of ['branch', 'full-history'] as const) {
      const snapshot = await snapshotChat(parseChat(chatWithBranches({ depth: 12, width: 3 })), { scope });
      expect(snapshot.hash).toBe(await computeSnapshotHash(snapshot));
      const narrowed = await restrictToBranch(snapshot);
      expect(narrowed.hash).toBe(await computeSnapshotHash(narrowed));
      const { hash: _h, version: _v, createdAt: _c, ...content } = snapshot;
      expect(JSON.stringify(content)).toBe(canonicalJson(content));
    }
  });
  it('ids are zero-padded to one width so tree order is sorted order', async () => {
    const snapshot = await snapshotChat(parseChat(linearChat(12)));
    expect(Object.keys(snapshot.messages)).toEqual(Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`));
  });
  it('any content change changes the hash', async () => {
    const raw = linearChat(3);
    const a = await snapshotChat(parseChat(raw));
    raw.history.messages['msg-1']!.content += '!';
    const b = await snapshotChat(parseChat(raw));
    expect(a.hash).not.toBe(b.hash);
  });
});

describe('B7: export', () => {
  it('Markdown holds the title and the visible branch in order', async () => {
    const md = snapshotToMarkdown(await snapshotChat(parseChat(chatWithBranches({ depth: 2, width: 2 }))));
    expect(md.startsWith('# A chat with branches')).toBe(true);
    expect(md).toContain('Level 2, variant 2 of 2');
    expect(md).not.toContain('variant 1 of 2');
  });
});
