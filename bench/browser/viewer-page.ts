/**
 * The page the viewer figure loads in Chromium: builds snapshots up front (not timed), then times
 * `viewer.view = …` → `updateComplete` → first message rows in the DOM → one animation frame, with performance marks.
 */
import { parseChat, snapshotChat, type SharedChatView } from '@chatshare/core';
import '@chatshare/elements/shared-chat-viewer.js';
import { markdownChat } from '../lib/markdown-chat.js';

const views = new Map<number, SharedChatView>();
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

type Viewer = HTMLElement & { view: SharedChatView; updateComplete: Promise<boolean> };

function rows(viewer: Viewer): HTMLElement[] {
  return [...(viewer.shadowRoot?.querySelectorAll<HTMLElement>('[role="listitem"]') ?? [])];
}

async function prepare(count: number): Promise<number> {
  const snapshot = await snapshotChat(parseChat(markdownChat(count), { maxMessages: 200_000 }), { now: Date.now() });
  views.set(count, {
    id: `bench${count}`,
    title: snapshot.title,
    audience: 'instance',
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.createdAt,
    expiresAt: null,
    ownerName: null,
    canClone: false,
    isOwner: false,
    snapshot,
  } as SharedChatView);
  return Object.keys(snapshot.messages).length;
}

let current: Viewer | null = null;

/** Renders a fresh viewer for the prepared snapshot; returns ms from `view =` to the frame after the first rows. */
async function render(count: number): Promise<{ ms: number; rows: number }> {
  current?.remove();
  window.scrollTo(0, 0);
  await frame();
  const viewer = document.createElement('shared-chat-viewer') as Viewer;
  const name = `render-${count}-${performance.now()}`;
  performance.mark(`${name}:start`);
  viewer.view = views.get(count)!;
  document.body.append(viewer);
  await viewer.updateComplete;
  // The virtualizer lays rows out after the element's own update; wait for them (bounded), then one frame.
  for (let i = 0; i < 300 && rows(viewer).length === 0; i++) await frame();
  await frame();
  performance.mark(`${name}:end`);
  const measure = performance.measure(name, `${name}:start`, `${name}:end`);
  current = viewer;
  return { ms: measure.duration, rows: rows(viewer).length };
}

/** Scrolls the window (the virtualizer's scroller) step by step until message #target is on screen. */
async function scrollTo(target: number, step: number, maxSteps: number) {
  const viewer = current!;
  const from = longTasks.length;
  const start = performance.now();
  let steps = 0;
  let reached = 0;
  for (; steps < maxSteps; steps++) {
    window.scrollBy(0, step);
    await frame();
    for (const row of rows(viewer)) {
      const match = /\(#(\d+)\)/.exec(row.textContent ?? '');
      if (match) reached = Math.max(reached, Number(match[1]));
    }
    if (reached >= target) break;
  }
  const tasks = longTasks.slice(from).filter((t) => t.start >= start);
  return { steps, reached, ms: performance.now() - start, longTasks: tasks, rowsInDom: rows(viewer).length };
}

Object.assign(window, { bench: { prepare, render, scrollTo, longTasks: () => [...longTasks] } });
document.title = 'ready';
