import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/shared-chat-viewer/shared-chat-viewer.js';
import type { SharedChatViewer } from '../src/shared-chat-viewer/shared-chat-viewer.component.js';
import { findDangers, XSS_MODEL, XSS_TITLE, xssChat } from './fixtures/xss-payloads.js';
import { makeService, mount, until } from './helpers.js';

declare global {
  interface Window {
    __xss?: unknown;
  }
}

afterEach(() => {
  document.body.replaceChildren();
  delete window.__xss;
});

async function renderPayloads(remoteImageUrl?: string) {
  const env = makeService({ x: xssChat(remoteImageUrl) });
  const share = await env.alice.createShare({ chatId: 'x', audience: { type: 'anyone' } });
  const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
  el.api = env.as(null);
  el.shareId = share.id;
  el.style.height = 'auto';
  await mount(el);
  await until(() => el.shadowRoot!.querySelectorAll('.markdown').length >= (remoteImageUrl ? 3 : 2), 'the payload messages rendered', 5000);
  await new Promise((r) => setTimeout(r, 200));
  return el;
}

describe('R5 untrusted content renders inert', () => {
  it('T13: img onerror, svg script, iframe srcdoc, form, style, meta, details ontoggle render inert; the flag stays unset', async () => {
    const el = await renderPayloads();
    expect(window.__xss).toBeUndefined();
    expect(findDangers(el.shadowRoot!)).toEqual([]);
    // The text of the payloads is still readable (stripped, not hidden): the form's button label, the styled text.
    expect(el.shadowRoot!.textContent).toContain('styled?');
    // The style element did not hide anything.
    expect(getComputedStyle(el).display).toBe('block');
  });

  it('T14: javascript:, JaVaScRiPt:, java\\tscript:, control-prefixed and data:text/html URLs are neutralised; links get rel and target', async () => {
    const el = await renderPayloads();
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.markdown a')];
    expect(links.length).toBeGreaterThan(5);
    for (const a of links) {
      expect(a.rel).toBe('noopener noreferrer nofollow');
      expect(a.target).toBe('_blank');
      const href = a.getAttribute('href');
      if (href !== null) expect(href).toMatch(/^(https?:|mailto:|#)/);
    }
    for (const label of ['plain', 'mixed case', 'tab', 'control char', 'entity tab', 'entity', 'data', 'data html']) {
      const a = links.find((l) => l.textContent === label);
      if (a) expect(a.hasAttribute('href'), label).toBe(false);
    }
    // Clicking a neutralised link runs nothing.
    await userEvent.click(page.getByRole('link', { name: 'mixed case' }).or(page.getByText('mixed case')).first());
    expect(window.__xss).toBeUndefined();
  });

  it('T14: the title and model name are bound as text, never as markup or URLs', async () => {
    const el = await renderPayloads();
    await expect.element(page.getByRole('heading', { name: XSS_TITLE })).toBeVisible();
    expect(el.shadowRoot!.querySelector('h1 img')).toBeNull();
    const model = el.shadowRoot!.querySelector('[part="model"]')!;
    expect(model.textContent).toBe(XSS_MODEL);
    expect(model.closest('a')).toBeNull();
    expect(window.__xss).toBeUndefined();
  });

  it('T16: payloads that turn dangerous only after markdown (reference links, autolinks, bold HTML, image alt) are neutralised', async () => {
    const el = await renderPayloads();
    const text = el.shadowRoot!.textContent!;
    expect(text).toContain('<img src=x onerror=window.__xss=1>'); // inline code shows the payload as text
    expect(findDangers(el.shadowRoot!)).toEqual([]);
    expect(el.shadowRoot!.querySelectorAll('.markdown img')).toHaveLength(0);
    expect(window.__xss).toBeUndefined();
  });

  it('T15: a remote image makes no request until "Load image" is clicked, then loads with referrerpolicy="no-referrer"', async () => {
    const url = `${location.origin}/__t15-pixel-${Math.random().toString(36).slice(2)}.png`;
    const requested = () => performance.getEntriesByType('resource').some((e) => e.name === url);
    const el = await renderPayloads(url);
    await new Promise((r) => setTimeout(r, 300));
    expect(requested()).toBe(false);
    expect(el.shadowRoot!.innerHTML).not.toContain(url);
    const button = page.getByRole('button', { name: 'Load image: remote pixel' });
    await button.element().scrollIntoView();
    await userEvent.click(button);
    const img = el.shadowRoot!.querySelector<HTMLImageElement>('img[part="image"]')!;
    expect(img.getAttribute('src')).toBe(url);
    expect(img.referrerPolicy).toBe('no-referrer');
    expect(img.alt).toBe('remote pixel');
    await until(requested, 'the image request after the click', 5000);
  });
});

describe('T17 strict Content-Security-Policy with Trusted Types', () => {
  it("T17: viewer (with the payloads), modal and manager run under script-src 'self'; style-src 'self'; require-trusted-types-for 'script' without violations", async () => {
    const frame = document.createElement('iframe');
    const policy = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
    const script = new URL('./fixtures/csp-page.ts', import.meta.url).href;
    frame.srcdoc = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"><script type="module" src="${script}"></script></head><body></body></html>`;
    frame.style.width = '900px';
    frame.style.height = '700px';
    document.body.append(frame);
    const win = () => frame.contentWindow as (Window & { __ready?: boolean; __violations?: string[]; __xss?: unknown; __error?: string }) | null;
    await until(() => win()?.__ready === true, 'the CSP page to finish', 20_000).then(() => expect(win()!.__error).toBeUndefined()).catch((error: Error) => {
      throw new Error(`${error.message}; error: ${win()?.__error}; violations: ${JSON.stringify(win()?.__violations)}; body: ${win()?.document.body?.innerHTML.slice(0, 300)}`);
    });
    const w = win()!;
    // The policy is really in force: an inline handler set by us is blocked and reported.
    expect(w.__violations).toEqual([]);
    expect(w.__xss).toBeUndefined();
    const viewer = w.document.querySelector('shared-chat-viewer')!;
    expect((w as unknown as { __errors: string[] }).__errors).toEqual([]);
    expect(viewer.shadowRoot!.querySelectorAll('.markdown').length).toBe(2);
    expect(w.document.querySelector('share-chat-modal')!.shadowRoot!.querySelector('svg[part="qr"]')).not.toBeNull();
    expect(findDangers(viewer.shadowRoot!)).toEqual([]);
    // Proof the policy is enforced in that frame: Trusted Types refuse an inline handler and report it.
    const probe = w.document.createElement('div');
    expect(() => probe.setAttribute('onclick', 'window.__xss = "probe"')).toThrow(/TrustedScript/);
    await until(() => (w.__violations ?? []).length > 0, 'a violation for the probe');
    expect(w.__xss).toBeUndefined();
  }, 30_000);
});
