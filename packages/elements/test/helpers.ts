import jsQR from 'jsqr';
import { createShareService, MemoryShareStore, type ShareApi, type ShareServiceOptions, type ShareStore, type Viewer } from '@chatshare/core';
import { chatWithBranches, failingStore, linearChat } from '@chatshare/core/testing';
import axe from 'axe-core';
import { expect } from 'vitest';
import singleTurn from '../../core/test/fixtures/open-webui/single-turn.json';
import tenMessages from '../../core/test/fixtures/open-webui/ten-messages.json';

export { chatWithBranches, linearChat, singleTurn, tenMessages };

/**
 * The memory store with core's fault injector (`failingStore`) on its deletes (`deleteShare` and `deleteShares`,
 * counted together) and, separately, on its row replacements (updates): the `failDelete`-th delete / `failUpdate`-th
 * update fails with STORAGE_ERROR and changes nothing, as a full disk or a dropped connection would. Only those calls
 * are counted, so the fault does not depend on how many reads an element makes first.
 */
function withFailingWrites(memory: MemoryShareStore, failDelete: number, failUpdate: number) {
  const deletes = failingStore(memory, { failOn: failDelete });
  const updates = failingStore(memory, { failOn: failUpdate });
  const store: ShareStore = {
    getShare: (id) => memory.getShare(id),
    insertShare: (share) => memory.insertShare(share),
    replaceShare: updates.replaceShare,
    listShares: (filter, page) => memory.listShares(filter, page),
    addViews: (batch) => memory.addViews(batch),
    getHistory: (id) => memory.getHistory(id),
    getSettings: () => memory.getSettings(),
    saveSettings: (settings, expected) => memory.saveSettings(settings, expected),
    deleteShare: deletes.deleteShare,
    deleteShares: deletes.deleteShares,
  };
  return { store, deleteCalls: () => deletes.calls, updateCalls: () => updates.calls };
}

/**
 * A real share service over a memory store; chats belong to `alice` unless the owner is named. `failDelete: n` /
 * `failUpdate: n` make the store's n-th delete / update fail (see `withFailingWrites`); `deleteCalls()` and
 * `updateCalls()` count the calls made. `service` passes
 * service options through (e.g. `countViews`, `now`); passwords use the minimum PBKDF2 iterations unless it says
 * otherwise, since the tests are about the elements, not the hash's cost.
 */
export function makeService(
  chats: Record<string, unknown | { ownerId: string; chat: unknown }> = {},
  options: { failDelete?: number; failUpdate?: number; service?: Partial<Omit<ShareServiceOptions, 'store' | 'chats'>> } = {},
) {
  const faulty = withFailingWrites(new MemoryShareStore(), options.failDelete ?? Infinity, options.failUpdate ?? Infinity);
  const store = faulty.store;
  const service = createShareService({
    passwordIterations: 10_000,
    ...options.service,
    store,
    chats: {
      getChat: async (id) => {
        if (!Object.hasOwn(chats, id)) return null;
        const entry = chats[id] as { ownerId?: string; chat?: unknown };
        return entry && typeof entry === 'object' && 'ownerId' in entry && 'chat' in entry
          ? { ownerId: String(entry.ownerId), chat: entry.chat }
          : { ownerId: 'alice', chat: chats[id] };
      },
    },
  });
  const as = (viewer: Viewer): ShareApi => service.forActor(viewer);
  return { store, service, as, alice: as({ id: 'alice' }), bob: as({ id: 'bob' }), admin: as({ id: 'root', isAdmin: true }), deleteCalls: faulty.deleteCalls, updateCalls: faulty.updateCalls };
}

/** Mounts an element in the document and waits for its first render. */
export async function mount<T extends HTMLElement & { updateComplete?: Promise<unknown> }>(el: T): Promise<T> {
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/**
 * Polls `check` until it holds. The limit is generous because CI shares two cores between suites: it only bounds how
 * long a broken test takes to fail, it is not a timing assertion.
 */
export async function until(check: () => boolean | Promise<boolean>, what = 'condition', timeout = 10_000): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * axe-core on one element, shadow DOM included. The page-level rules (landmarks, a page's single h1) are about the
 * host page, not a component, so they are left to the host.
 */
export async function expectNoAxeViolations(el: Element): Promise<void> {
  const result = await axe.run(el, {
    rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } },
  });
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
  expect(result.passes.length).toBeGreaterThan(0);
}

/** Collects events of one type dispatched on (or bubbling/composed through) a target. */
export function record<T = unknown>(target: EventTarget, type: string): CustomEvent<T>[] {
  const seen: CustomEvent<T>[] = [];
  target.addEventListener(type, (e) => seen.push(e as CustomEvent<T>));
  return seen;
}

/** Replaces `navigator.clipboard.writeText` (the platform boundary) for one test; returns the texts and a restore. */
export function stubClipboard(mode: 'resolve' | 'reject') {
  const written: string[] = [];
  const clipboard = navigator.clipboard;
  const original = clipboard.writeText;
  clipboard.writeText = async (text: string) => {
    if (mode === 'reject') throw new DOMException('Write permission denied.', 'NotAllowedError');
    written.push(text);
  };
  return { written, restore: () => (clipboard.writeText = original) };
}

/**
 * Records the files an element hands to the browser as downloads (`<a download>` clicks inside its shadow root) and
 * keeps the browser from saving them: the test reads each blob instead.
 */
export function captureDownloads(root: ShadowRoot): Array<{ name: string; href: string; blob: Promise<Blob> }> {
  const seen: Array<{ name: string; href: string; blob: Promise<Blob> }> = [];
  root.addEventListener(
    'click',
    (e) => {
      const a = e.target;
      if (!(a instanceof HTMLAnchorElement) || !a.hasAttribute('download')) return;
      e.preventDefault();
      seen.push({ name: a.download, href: a.href, blob: fetch(a.href).then((r) => r.blob()) });
    },
    true,
  );
  return seen;
}

/**
 * Reads a QR code image (PNG or SVG) the way a phone camera would: drawn unsmoothed at its natural size, pixels in,
 * text out (`null` when no code is found). The pixels are returned for checks on the image itself.
 */
export async function readQrImage(blob: Blob): Promise<{ text: string | null; width: number; pixels: Uint8ClampedArray }> {
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth || 400;
    canvas.height = img.naturalHeight || 400;
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const data = context.getImageData(0, 0, canvas.width, canvas.height);
    return { text: jsQR(data.data, data.width, data.height)?.data ?? null, width: data.width, pixels: data.data };
  } finally {
    URL.revokeObjectURL(url);
  }
}
