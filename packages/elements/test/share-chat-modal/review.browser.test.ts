import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { ShareApi } from '@chatshare/core';
import { captureDownloads, chatWithBranches, expectNoAxeViolations, linearChat, makeService, readQrImage, record, stubClipboard, until } from '../helpers.js';
import {
  MARKERS,
  openReview,
  reviewChat,
  reviewCount,
  showModal,
} from './fixtures.js';

let clip: ReturnType<typeof stubClipboard> | undefined;
afterEach(() => {
  clip?.restore();
  clip = undefined;
  document.body.replaceChildren();
});

async function copied(button: 'Copy link' | 'Update and copy link') {
  clip ??= stubClipboard('resolve');
  const before = clip.written.length;
  await userEvent.click(page.getByRole('button', { name: button }));
  await until(() => clip!.written.length > before, `"${button}" to copy`);
  await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
}

describe('B15 review before publishing', () => {
  it('B15: an unticked message and attachments turned off are absent from every byte another user receives; the rest is there', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'r');
    await openReview(el);
    expect(reviewCount(el)).toBe('4 of 4 messages will be shared.');
    // Rows are plain text: role, model, excerpt.
    const secret = page.getByRole('checkbox', { name: new RegExp(MARKERS.secretMessage) });
    await expect.element(secret).toBeChecked();
    await userEvent.click(secret);
    await userEvent.click(page.getByRole('switch', { name: 'Attachments' }));
    await expect.element(page.getByRole('switch', { name: 'Attachments' })).not.toBeChecked();
    await until(() => reviewCount(el) === '3 of 4 messages will be shared.', 'the count to follow the untick');

    await copied('Copy link');
    const share = (await env.alice.findShareForChat('r'))!;
    expect(share.leaveOut).toEqual({ messageIds: ['u2'], systemPrompt: true, toolOutput: false, attachments: true });
    const view = await env.bob.readShare(share.id);
    const bytes = JSON.stringify(view);
    expect(bytes).not.toContain(MARKERS.secretMessage);
    expect(bytes).not.toContain(MARKERS.fileName);
    expect(bytes).not.toContain(MARKERS.systemPrompt);
    expect(bytes).toContain('Plan a trip to Lisbon');
    expect(bytes).toContain('Day two: Belém');
    expect(Object.keys(view.snapshot.messages)).toHaveLength(3);
  });

  it('B15: a row never shows tool-call markup or its result as text; its meta line says whether tool output and attachments go', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'r');
    await openReview(el);
    const review = () => el.shadowRoot!.querySelector('[part="review-messages"]')!.textContent!.replace(/\s+/g, ' ');
    const tool = page.getByRole('checkbox', { name: /Here is a plan/ });
    await expect.element(tool).toBeVisible();
    expect(review()).not.toContain('<details');
    expect(review()).not.toContain(MARKERS.toolResult);
    expect(review()).toContain('test-model · tool output');
    expect(review()).toContain('1 attached');
    expect(review()).not.toContain('1 attached, left out');

    await userEvent.click(page.getByRole('switch', { name: 'Tool output' }));
    await userEvent.click(page.getByRole('switch', { name: 'Attachments' }));
    await until(() => review().includes('tool output left out') && review().includes('1 attached, left out'), 'the meta line to follow the switches');
    expect(review()).toContain('Here is a plan. Day one: Alfama.');
  });

  it('B15: the count follows every toggle; the switches appear only for content the chat has', async () => {
    const env = makeService({ plain: linearChat(4, { title: 'Plain' }) });
    const el = await showModal(env.alice, 'plain');
    await openReview(el);
    expect(reviewCount(el)).toBe('4 of 4 messages will be shared.');
    expect(page.getByRole('switch').elements()).toHaveLength(0);
    const rows = page.getByRole('checkbox', { name: /Question number 2/ });
    await userEvent.click(rows);
    await until(() => reviewCount(el) === '3 of 4 messages will be shared.', 'count after untick');
    await userEvent.click(page.getByRole('checkbox', { name: /Answer number 1/ }));
    await until(() => reviewCount(el) === '2 of 4 messages will be shared.', 'count after a second untick');
    await userEvent.click(rows);
    await until(() => reviewCount(el) === '3 of 4 messages will be shared.', 'count after ticking again');
  });

  it('B15/B4: the preview follows "What to share", and the link carries the scope it previewed', async () => {
    const env = makeService({ b: chatWithBranches({ depth: 2, width: 2 }) });
    const el = await showModal(env.alice, 'b');
    await openReview(el);
    expect(reviewCount(el)).toBe('3 of 3 messages will be shared.');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'What to share' }), 'full-history');
    await until(() => reviewCount(el) === '5 of 5 messages will be shared.', 'the full-history preview');
    await copied('Copy link');
    expect((await env.alice.findShareForChat('b'))!).toMatchObject({ scope: 'full-history', messageCount: 5 });
  });

  it('B15/T21: a preview core refuses shows its error instead of waiting forever, with a chatshare-error', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'missing-chat');
    const errors = record<{ action: string; code: string }>(el, 'chatshare-error');
    el.shadowRoot!.querySelector('summary')!.click();
    await until(() => reviewCount(el).startsWith('Something went wrong: '), 'the error in the review');
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['previewShare', 'CHAT_NOT_FOUND']]);
  });

  it('B15: sharing the system prompt and leaving out tool output reach the snapshot exactly', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'r');
    await openReview(el);
    const system = page.getByRole('switch', { name: 'System prompt' });
    const tools = page.getByRole('switch', { name: 'Tool output' });
    await expect.element(system).not.toBeChecked();
    await expect.element(tools).toBeChecked();
    await expect.element(page.getByRole('switch', { name: 'Attachments' })).toBeChecked();
    await userEvent.click(system);
    await userEvent.click(tools);
    await until(() => el.shadowRoot!.querySelector('[part="review-count"]')!.getAttribute('aria-busy') === 'false', 'preview');
    // The excerpt shows the text as it will be shared: the tool result is gone from it too.
    expect(el.shadowRoot!.querySelector('[part="review-messages"]')!.textContent).not.toContain(MARKERS.toolResult);
    await copied('Copy link');
    const share = (await env.alice.findShareForChat('r'))!;
    const bytes = JSON.stringify(await env.bob.readShare(share.id));
    expect(bytes).toContain(MARKERS.systemPrompt);
    expect(bytes).not.toContain(MARKERS.toolResult);
    expect(bytes).toContain('Day one: Alfama.');
    expect(bytes).toContain(MARKERS.fileName);
  });

  it('B15: an existing link starts from its stored choices, and they survive "Update and copy link"', async () => {
    const env = makeService({ r: reviewChat() });
    const share = await env.alice.createShare({ chatId: 'r', leaveOut: { messageIds: ['u2'], attachments: true } });
    const el = await showModal(env.alice, 'r');
    await openReview(el);
    await expect.element(page.getByRole('checkbox', { name: new RegExp(MARKERS.secretMessage) })).not.toBeChecked();
    await expect.element(page.getByRole('switch', { name: 'Attachments' })).not.toBeChecked();
    expect(reviewCount(el)).toBe('3 of 4 messages will be shared.');
    await expectNoAxeViolations(el);

    await copied('Update and copy link');
    let after = (await env.alice.findShareForChat('r'))!;
    expect(after).toMatchObject({ id: share.id, snapshotVersion: 2 });
    let bytes = JSON.stringify(await env.bob.readShare(share.id));
    expect(bytes).not.toContain(MARKERS.secretMessage);
    expect(bytes).not.toContain(MARKERS.fileName);

    // Putting the message back is sent with the next update, and the modal shows the stored choice again.
    await userEvent.click(page.getByRole('checkbox', { name: new RegExp(MARKERS.secretMessage) }));
    await copied('Update and copy link');
    after = (await env.alice.findShareForChat('r'))!;
    expect(after.leaveOut).toMatchObject({ messageIds: [], attachments: true });
    bytes = JSON.stringify(await env.bob.readShare(share.id));
    expect(bytes).toContain(MARKERS.secretMessage);
    expect(bytes).not.toContain(MARKERS.fileName);
    await expect.element(page.getByRole('checkbox', { name: new RegExp(MARKERS.secretMessage) })).toBeChecked();
  });

  it('B15: an older preview answer that arrives late never replaces the newer one', async () => {
    const env = makeService({ plain: linearChat(4) });
    // The real service, with each previewShare answer held until the test lets it through.
    const held: Array<() => void> = [];
    const api: ShareApi = {
      ...env.alice,
      previewShare: async (input) => {
        const answer = await env.alice.previewShare(input);
        await new Promise<void>((release) => held.push(release));
        return answer;
      },
    };
    const el = await showModal(api, 'plain');
    el.shadowRoot!.querySelector('summary')!.click();
    await until(() => held.length === 1, 'first preview');
    held[0]!();
    await until(() => reviewCount(el) === '4 of 4 messages will be shared.', 'first answer');
    await userEvent.click(page.getByRole('checkbox', { name: /Question number 0/ }));
    await until(() => held.length === 2, 'second preview');
    await userEvent.click(page.getByRole('checkbox', { name: /Question number 2/ }));
    await until(() => held.length === 3, 'third preview');
    held[2]!();
    await until(() => reviewCount(el) === '2 of 4 messages will be shared.', 'newest answer');
    held[1]!();
    await new Promise((r) => setTimeout(r, 50));
    expect(reviewCount(el)).toBe('2 of 4 messages will be shared.');
  });

  it('B15/B11: works by keyboard and has no axe violations with the review open', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'r');
    const summary = el.shadowRoot!.querySelector('summary')!;
    summary.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => el.shadowRoot!.querySelector('[part="review-count"]')?.getAttribute('aria-busy') === 'false', 'preview');
    expect(reviewCount(el)).toBe('4 of 4 messages will be shared.');
    // Tab through the switches to the first message's "Include" box and untick it with Space.
    const focused = () => el.shadowRoot!.activeElement as HTMLInputElement | null;
    for (let i = 0; i < 6 && !focused()?.id.startsWith('review-'); i++) await userEvent.keyboard('{Tab}');
    expect(focused()!.type).toBe('checkbox');
    expect(focused()!.labels![0]!.textContent).toContain('Plan a trip to Lisbon');
    await userEvent.keyboard(' ');
    await until(() => reviewCount(el) === '3 of 4 messages will be shared.', 'keyboard untick');
    await expectNoAxeViolations(el);
  });
});

describe('B13 password from the modal', () => {
  it('B13: a password typed before "Copy link" protects the new link; it is never shown again', async () => {
    const env = makeService({ r: reviewChat() });
    const el = await showModal(env.alice, 'r');
    await userEvent.fill(page.getByLabelText('Password (optional)'), 'open sesame');
    await copied('Copy link');
    const share = (await env.alice.findShareForChat('r'))!;
    expect(share.hasPassword).toBe(true);
    await expect(env.bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    const { token } = await env.bob.unlockShare(share.id, 'open sesame');
    expect((await env.bob.readShare(share.id, { unlockToken: token })).title).toBe('Lisbon trip');
    await expect.element(page.getByText('Protected by a password')).toBeVisible();
    const field = page.getByLabelText('New password').element() as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.type).toBe('password');
    expect(el.shadowRoot!.innerHTML).not.toContain('open sesame');
  });

  it('B13: "Set password" protects an existing link and "Remove password" lifts it', async () => {
    const env = makeService({ r: reviewChat() });
    const share = await env.alice.createShare({ chatId: 'r' });
    const el = await showModal(env.alice, 'r');
    const errors = record(el, 'chatshare-error');
    expect(page.getByRole('button', { name: 'Remove password' }).elements()).toHaveLength(0);
    await userEvent.fill(page.getByLabelText('Password', { exact: true }), 'hunter22');
    await userEvent.click(page.getByRole('button', { name: 'Set password' }));
    await expect.element(page.getByText('Protected by a password')).toBeVisible();
    await expect.element(page.getByRole('status').filter({ hasText: 'Password set.' })).toBeVisible();
    expect((page.getByLabelText('New password').element() as HTMLInputElement).value).toBe('');
    expect(el.shadowRoot!.innerHTML).not.toContain('hunter22');
    await expect(env.bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });

    await userEvent.click(page.getByRole('button', { name: 'Remove password' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Password removed.' })).toBeVisible();
    expect(page.getByText('Protected by a password').elements()).toHaveLength(0);
    expect((await env.alice.findShareForChat('r'))!.hasPassword).toBe(false);
    expect((await env.bob.readShare(share.id)).id).toBe(share.id);
    expect(errors).toHaveLength(0);
  });

  it('B13: a password core refuses (too short) shows the error and leaves the link unprotected', async () => {
    const env = makeService({ r: reviewChat() });
    await env.alice.createShare({ chatId: 'r' });
    const el = await showModal(env.alice, 'r');
    const errors = record<{ action: string; code: string }>(el, 'chatshare-error');
    await userEvent.fill(page.getByLabelText('Password', { exact: true }), 'ab');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('status').filter({ hasText: 'Something went wrong' })).toBeVisible();
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['setPassword', 'INVALID_INPUT']]);
    expect((await env.alice.findShareForChat('r'))!.hasPassword).toBe(false);
  });
});

describe('B14 views in the modal', () => {
  it('B14: "Not opened yet", then "Opened 2 times · last <date>" after two other readers (the owner is not counted)', async () => {
    const env = makeService({ r: reviewChat() });
    const share = await env.alice.createShare({ chatId: 'r', audience: { type: 'anyone' } });
    let el = await showModal(env.alice, 'r');
    await expect.element(page.getByText('Not opened yet')).toBeVisible();
    el.remove();
    await env.alice.readShare(share.id);
    await env.bob.readShare(share.id);
    await env.as(null).readShare(share.id);
    const summary = (await env.alice.findShareForChat('r'))!;
    expect(summary.viewCount).toBe(2);
    el = await showModal(env.alice, 'r');
    const views = el.shadowRoot!.querySelector('[part="views"]')!.textContent!.trim();
    expect(views).toMatch(/^Opened 2 times · last .+/);
    expect(views).not.toContain('—');
  });

  it('B14: hide-views hides the count for hosts that do not count', async () => {
    const env = makeService({ r: reviewChat() }, { service: { countViews: false } });
    const share = await env.alice.createShare({ chatId: 'r' });
    await env.bob.readShare(share.id);
    const el = await showModal(env.alice, 'r', { 'hide-views': '' });
    expect(el.hideViews).toBe(true);
    expect(el.shadowRoot!.querySelector('[part="views"]')).toBeNull();
    expect(el.shadowRoot!.textContent).not.toContain('Not opened yet');
    el.removeAttribute('hide-views');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="views"]')!.textContent!.trim()).toBe('Not opened yet');
  });
});

describe('B17 QR downloads in the modal', () => {
  it('B17: "Download PNG" and "Download SVG" save QR codes that decode to the link', async () => {
    const env = makeService({ r: reviewChat() });
    const share = await env.alice.createShare({ chatId: 'r' });
    const el = await showModal(env.alice, 'r');
    const downloads = captureDownloads(el.shadowRoot!);
    await userEvent.click(page.getByRole('button', { name: 'Download PNG' }));
    // canvas.toBlob encodes off the main thread: on two busy cores it can take seconds, so the wait is long (not a timing check).
    await until(() => downloads.length === 1, 'PNG download', 20_000);
    await userEvent.click(page.getByRole('button', { name: 'Download SVG' }));
    await until(() => downloads.length === 2, 'SVG download', 20_000);
    const url = `http://host.test/s/${share.id}`;
    const [png, svgFile] = [await downloads[0]!.blob, await downloads[1]!.blob];
    // One naming rule for a link's QR code file, in the modal as in the links manager: `<title> QR.<format>`.
    expect(downloads.map((d) => d.name)).toEqual(['Lisbon trip QR.png', 'Lisbon trip QR.svg']);
    expect(png.type).toBe('image/png');
    expect(svgFile.type).toBe('image/svg+xml');
    expect((await readQrImage(png)).text).toBe(url);
    expect((await readQrImage(svgFile)).text).toBe(url);
  });
});

describe('B10 Spanish in the new modal parts', () => {
  it('B10: review, password and views speak Spanish', async () => {
    const env = makeService({ r: reviewChat() });
    await env.alice.createShare({ chatId: 'r' });
    const el = await showModal(env.alice, 'r', { lang: 'es' });
    await openReview(el, 'Revisar antes de publicar');
    expect(reviewCount(el)).toBe('Se compartirán 4 de 4 mensajes.');
    await expect.element(page.getByRole('switch', { name: 'Archivos adjuntos' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Descargar PNG' })).toBeVisible();
    await expect.element(page.getByText('Aún no se ha abierto')).toBeVisible();
    await expect.element(page.getByLabelText('Contraseña', { exact: true })).toBeVisible();
  });
});
