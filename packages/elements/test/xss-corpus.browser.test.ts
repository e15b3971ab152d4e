import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import '../src/shared-chat-viewer/shared-chat-viewer.js';
import { corpusChat, materialise, PROBE_PATH, XSS_CORPUS, XSS_FAMILIES, type XssCase } from './fixtures/xss-corpus.js';
import { findDangers } from './fixtures/xss-payloads.js';
import { makeService, until } from './helpers.js';

/** Every request the browser starts, from the DevTools protocol (so also those no script in the page can see). */
const network: { url: string; type: string; frameId: string }[] = [];
const session = cdp();
const onRequest = (e: { request: { url: string }; type?: string; frameId?: string }) => network.push({ url: e.request.url, type: e.type ?? '', frameId: e.frameId ?? '' });

beforeAll(async () => {
  await session.send('Network.enable');
  session.on('Network.requestWillBeSent', onRequest);
});
afterAll(async () => {
  session.off('Network.requestWillBeSent', onRequest);
  await session.send('Network.disable');
});
afterEach(() => document.body.replaceChildren());

type Win = Window & typeof globalThis;

/**
 * Watches one window: calls to (or writes of) `__xss`, calls to `alert`/`confirm`/`prompt`/`print`/`open`, CSP
 * violations, and every resource the window fetches as Resource Timing reports it — a witness inside the page, next
 * to the DevTools listener outside it.
 */
function watch(win: Win) {
  const calls: string[] = [];
  const violations: string[] = [];
  const resources: string[] = [];
  const restore: (() => void)[] = [];
  const spy = (name: 'alert' | 'confirm' | 'prompt' | 'print' | 'open') => {
    const original = win[name];
    Object.defineProperty(win, name, { configurable: true, writable: true, value: (...args: unknown[]) => void calls.push(`${name}(${args.map(String).join(', ')})`) });
    restore.push(() => Object.defineProperty(win, name, { configurable: true, writable: true, value: original }));
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'] as const) spy(name);
  Object.defineProperty(win, '__xss', {
    configurable: true,
    get: () => (id: unknown) => void calls.push(`__xss(${String(id)}): ${label(id)}`),
    set: (value: unknown) => void calls.push(`__xss = ${String(value)}`),
  });
  restore.push(() => delete (win as { __xss?: unknown }).__xss);
  const onViolation = (e: SecurityPolicyViolationEvent) => violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
  win.document.addEventListener('securitypolicyviolation', onViolation);
  restore.push(() => win.document.removeEventListener('securitypolicyviolation', onViolation));
  const observer = new win.PerformanceObserver((list) => resources.push(...list.getEntries().map((e) => e.name)));
  observer.observe({ type: 'resource' });
  restore.push(() => observer.disconnect());
  return { calls, violations, resources, stop: () => restore.forEach((undo) => undo()) };
}

function label(id: unknown): string {
  const c = XSS_CORPUS[Number(id) - 1];
  return c ? `${c.family}: ${c.label}` : 'unknown payload';
}

const nextFrame = (win: Win) => new Promise((r) => win.requestAnimationFrame(() => r(undefined)));

/**
 * One `<shared-chat-viewer>` per payload in `win`, each reading a real share of the attacker's chat through the share
 * service. The viewers overlap at the top of the page so each one's virtualiser shows all three messages.
 */
async function renderCorpus(win: Win, cases: readonly XssCase[]) {
  const chats = Object.fromEntries(cases.map((c, i) => [`c${i}`, corpusChat(c, location.origin)]));
  const env = makeService(chats);
  const viewers = await Promise.all(cases.map(async (c, i) => {
    const share = await env.alice.createShare({ chatId: `c${i}`, audience: { type: 'anyone' } });
    const el = win.document.createElement('shared-chat-viewer') as HTMLElement & { api: unknown; shareId: string };
    Object.assign(el, { api: env.as(null), shareId: share.id });
    el.style.cssText = 'position:absolute;top:0;left:0;width:700px';
    win.document.body.append(el);
    return { case: c, el };
  }));
  const rendered = (el: HTMLElement) => el.shadowRoot?.querySelectorAll('.markdown').length === 3;
  await until(() => viewers.every((v) => rendered(v.el)), 'every viewer to render its three messages', 20_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${viewers.filter((v) => !rendered(v.el)).map((v) => v.case.label).join(', ')}`);
  });
  return viewers;
}

/**
 * What a reader would do to the page: hover, focus and click every element a payload could have put there, except
 * the viewer's own buttons ("Load image" asks for a request on purpose, T15) and links with an href other than a
 * fragment: following one opens a tab (target=_blank), so hrefs are judged by `findDangers` instead.
 */
function interact(viewers: readonly { el: HTMLElement }[]) {
  for (const { el } of viewers) {
    for (const node of el.shadowRoot!.querySelectorAll('.markdown *, [part="title"], [part="model"], .role, .message')) {
      if (node.closest('button')) continue;
      const view = node.ownerDocument.defaultView as Win;
      for (const type of ['mouseover', 'mouseenter', 'pointerenter']) node.dispatchEvent(new view.MouseEvent(type, { bubbles: true, composed: true }));
      node.dispatchEvent(new view.FocusEvent('focus'));
      if (node.localName === 'a' && node.hasAttribute('href') && !node.getAttribute('href')!.startsWith('#')) continue;
      // A synthetic click still runs activation behaviour (links, details/summary) and onclick handlers.
      node.dispatchEvent(new view.MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    }
  }
}

async function settle(win: Win) {
  // onerror/onload handlers, autofocus and animations fire a little after insertion; give them frames and time.
  for (let i = 0; i < 3; i++) await nextFrame(win);
  await new Promise((r) => setTimeout(r, 250));
}

function dangers(viewers: readonly { case: XssCase; el: HTMLElement }[]) {
  return viewers.flatMap((v) => findDangers(v.el.shadowRoot!).map((d) => `${v.case.family}: ${v.case.label}: ${d}`));
}

function fieldsAsText(viewers: readonly { case: XssCase; el: HTMLElement }[], origin: string) {
  // T14: the title, model name and role are bound as text: shown exactly (the title trimmed), never parsed.
  const wrong: string[] = [];
  for (const v of viewers) {
    const p = materialise(v.case, origin);
    const root = v.el.shadowRoot!;
    if (root.querySelector('[part="title"]')!.textContent !== p.trim()) wrong.push(`${v.case.label}: title`);
    if (root.querySelector('[part="model"]')?.textContent !== p) wrong.push(`${v.case.label}: model`);
    if (![...root.querySelectorAll('.role')].some((r) => r.textContent === p)) wrong.push(`${v.case.label}: role`);
  }
  return wrong;
}

/**
 * Proves the witnesses are live before the corpus runs: a real image request to a probe URL is seen by the DevTools
 * listener and by Resource Timing, and (outside the CSP frame) its inline onerror handler runs and is recorded.
 * Returns the frame id that window's requests carry, then forgets the control.
 */
async function control(win: Win, w: ReturnType<typeof watch>, inlineHandlerRuns: boolean): Promise<string> {
  const url = `${location.origin}${PROBE_PATH}control-${Math.random().toString(36).slice(2)}`;
  const img = win.document.createElement('img');
  if (inlineHandlerRuns) img.setAttribute('onerror', '__xss("control")');
  img.src = url;
  win.document.body.append(img);
  await until(() => network.some((r) => r.url === url) && w.resources.includes(url) && (!inlineHandlerRuns || w.calls.length > 0), 'the control request (and handler) to be seen', 5000);
  img.remove();
  if (inlineHandlerRuns) expect(w.calls).toEqual(['__xss(control): unknown payload']);
  const frameId = network.find((r) => r.url === url)!.frameId;
  w.calls.length = 0;
  w.resources.length = 0;
  return frameId;
}

/** Requests made since `start` by the watched window, or to any probe URL from anywhere. */
function leakedRequests(start: number, frameId: string) {
  return network.slice(start).filter((r) => r.frameId === frameId || r.url.includes(PROBE_PATH)).map((r) => `${r.type} ${r.url}`);
}

async function runCorpus(win: Win, w: ReturnType<typeof watch>, cases: readonly XssCase[], inlineHandlerRuns: boolean) {
  const frameId = await control(win, w, inlineHandlerRuns);
  const start = network.length;
  const viewers = await renderCorpus(win, cases);
  await settle(win);
  interact(viewers);
  await settle(win);
  // One report for everything, so a failure shows every witness at once.
  return {
    ran: w.calls,
    dangerous: dangers(viewers),
    notPlainText: fieldsAsText(viewers, location.origin),
    fetched: w.resources,
    requested: leakedRequests(start, frameId),
    violations: w.violations,
  };
}

const INERT = { ran: [], dangerous: [], notPlainText: [], fetched: [], requested: [], violations: [] };

describe('R5 the XSS corpus renders inert in <shared-chat-viewer>', () => {
  for (const family of XSS_FAMILIES) {
    const cases = XSS_CORPUS.filter((c) => c.family === family);
    it(`T13, T14, T15, T16: ${cases.length} ${family} payloads in message, title, model, role and avatar fields run nothing, fetch nothing, render inert`, async () => {
      const w = watch(window);
      try {
        expect(await runCorpus(window, w, cases, true)).toEqual(INERT);
      } finally {
        w.stop();
      }
    });
  }
});

describe('T17 the XSS corpus under strict CSP', () => {
  it(`T13, T16, T17: all ${XSS_CORPUS.length} payloads under script-src 'self'; style-src 'self'; require-trusted-types-for 'script': no violation, nothing runs or loads`, async () => {
    // Same page set-up as xss-csp's T17 test: a frame whose only policy is the strict one, as a <meta> CSP, running
    // the viewer module from this origin (allowed by script-src 'self'); csp-guard records violations from the start.
    const policy = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
    const scripts = ['./fixtures/csp-guard.ts', '../src/shared-chat-viewer/shared-chat-viewer.ts'].map((p) => new URL(p, import.meta.url).href);
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}">${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('')}</head><body></body></html>`;
    frame.style.cssText = 'position:absolute;top:0;left:0;width:900px;height:1200px';
    document.body.append(frame);
    const win = () => frame.contentWindow as (Win & { __violations?: string[]; __errors?: string[] }) | null;
    await until(() => win()?.customElements.get('shared-chat-viewer') !== undefined, 'the viewer module in the CSP frame', 20_000);
    const w = watch(win()!);
    try {
      // The policy is in force: Trusted Types refuse an inline handler, and that is reported as a violation.
      const probe = win()!.document.createElement('div');
      expect(() => probe.setAttribute('onclick', '__xss("probe")')).toThrow(/TrustedScript/);
      await until(() => w.violations.length > 0, 'the violation for the probe');
      expect(win()!.__violations).toHaveLength(1);
      w.violations.length = 0;
      win()!.__violations!.length = 0;

      const report = await runCorpus(win()!, w, XSS_CORPUS, false);
      // csp-guard's lists cover the whole life of the frame, module loading included.
      expect({ ...report, violationsSinceLoad: win()!.__violations, errors: win()!.__errors }).toEqual({ ...INERT, violationsSinceLoad: [], errors: [] });
    } finally {
      w.stop();
    }
  }, 60_000);
});
