import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadName, triggerDownload } from '../../src/shared/download.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('B17 download helpers', () => {
  it('B17: triggerDownload clicks a hidden <a download> with an object URL, removes it, and revokes the URL afterwards', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const container = document.createElement('div');
    document.body.append(container);
    const clicked: Array<{ name: string; href: string; hidden: boolean }> = [];
    const texts: Promise<string>[] = [];
    container.addEventListener(
      'click',
      (e) => {
        const a = e.target as HTMLAnchorElement;
        clicked.push({ name: a.download, href: a.href, hidden: a.hidden });
        texts.push(fetch(a.href).then((r) => r.text()));
        e.preventDefault();
      },
      true,
    );
    triggerDownload(new Blob(['qr bytes'], { type: 'text/plain' }), 'Recipe QR.png', container);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toMatchObject({ name: 'Recipe QR.png', hidden: true });
    expect(clicked[0]!.href).toMatch(/^blob:/);
    expect(await texts[0]).toBe('qr bytes');
    expect(container.querySelector('a')).toBeNull();
    // Not revoked while the browser may still be reading it …
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30_000);
    // … and revoked once it has had time to.
    expect(revoke).toHaveBeenCalledWith(clicked[0]!.href);
  });

  it('B17: downloadName keeps letters, digits, spaces, - and _; falls back to the id; caps the length', () => {
    expect(downloadName('../../etc/passwd', 'id1', 'png')).toBe('etc passwd.png');
    expect(downloadName('Café: "año" 2025 <v2>', 'id1', 'svg')).toBe('Café año 2025 v2.svg');
    expect(downloadName('CON\u0000\u202e', 'id1', 'png')).toBe('CON.png');
    expect(downloadName('***', 'V1StGXR8_Z5jdHi6B-myT', 'png')).toBe('V1StGXR8_Z5jdHi6B-myT.png');
    expect(downloadName('', '', 'svg')).toBe('share.svg');
    expect(downloadName('x'.repeat(300), 'id', 'png')).toBe(`${'x'.repeat(80)}.png`);
  });
});
