import DOMPurify, { type Config } from 'dompurify';
import { Marked } from 'marked';
import { safeImageUrl, safeUrl } from '../shared/safe-url.js';

/**
 * The allow-list for message HTML. Anything not listed is removed: script, on* handlers, form, input,
 * style, iframe, object, meta, svg, math, id/name/class/style attributes. URLs must be http(s), mailto or `#`.
 */
const SANITIZE: Config = {
  ALLOWED_TAGS: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i',
    'del', 's', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd', 'span',
  ],
  ALLOWED_ATTR: ['href', 'title', 'alt', 'src', 'start', 'align', 'colspan', 'rowspan'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_DOM_FRAGMENT: true,
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface MarkdownLabels {
  readonly copyCode: string;
  readonly codeCopied: string;
  readonly loadImage: string;
}

let marked: Marked | undefined;
let purify: ReturnType<typeof DOMPurify> | undefined;

/** Image URLs live here, never in attributes, until the viewer asks for the image. */
const pendingImages = new WeakMap<Element, { src: string; alt: string; title: string }>();

/**
 * Renders one message: markdown (raw HTML escaped) → HTML → DOMPurify on the final HTML into a fragment of an inert document,
 * then links are hardened and images become "Load image" buttons before the nodes are adopted into this document,
 * so no remote request happens before a click. No HTML string ever reaches `innerHTML` here, which is what
 * lets it run under `require-trusted-types-for 'script'`.
 */
export function renderMarkdown(source: string, labels: MarkdownLabels): HTMLElement {
  marked ??= new Marked({
    gfm: true,
    breaks: true,
    async: false,
    // Raw HTML in a message is shown as text, never parsed: payloads never even reach a parser as markup.
    renderer: { html: ({ text }) => escapeHtml(text) },
  });
  purify ??= DOMPurify(window);
  const html = marked.parse(source, { async: false });
  const fragment = purify.sanitize(html, SANITIZE) as unknown as DocumentFragment;
  const inert = fragment.ownerDocument ?? document;

  for (const a of Array.from(fragment.querySelectorAll('a'))) {
    const href = safeUrl(a.getAttribute('href'));
    if (href === null) a.removeAttribute('href');
    else a.setAttribute('href', href);
    a.setAttribute('rel', 'noopener noreferrer nofollow');
    a.setAttribute('target', '_blank');
  }
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const src = safeImageUrl(img.getAttribute('src'));
    const alt = img.getAttribute('alt') ?? '';
    if (src === null) {
      img.replaceWith(inert.createTextNode(alt));
      continue;
    }
    const button = inert.createElement('button');
    button.type = 'button';
    button.className = 'load-image';
    button.setAttribute('part', 'load-image');
    button.textContent = alt ? `${labels.loadImage}: ${alt}` : labels.loadImage;
    pendingImages.set(button, { src, alt, title: img.getAttribute('title') ?? '' });
    img.replaceWith(button);
  }
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const wrapper = inert.createElement('div');
    wrapper.className = 'code-block';
    wrapper.setAttribute('part', 'code-block');
    const button = inert.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = labels.copyCode;
    pre.setAttribute('tabindex', '0');
    pre.replaceWith(wrapper);
    wrapper.append(button, pre);
  }

  const container = document.createElement('div');
  container.className = 'markdown';
  container.append(document.adoptNode(fragment));
  container.addEventListener('click', (event) => onClick(event, labels));
  return container;
}

function onClick(event: Event, labels: MarkdownLabels): void {
  const target = event.target instanceof Element ? event.target.closest('button') : null;
  if (!target) return;
  const image = pendingImages.get(target);
  if (image) {
    const img = document.createElement('img');
    img.referrerPolicy = 'no-referrer';
    img.alt = image.alt;
    if (image.title) img.title = image.title;
    img.setAttribute('part', 'image');
    img.src = image.src;
    pendingImages.delete(target);
    target.replaceWith(img);
    return;
  }
  if (target.classList.contains('copy-code')) {
    const code = target.parentElement?.querySelector('pre')?.textContent ?? '';
    globalThis.navigator?.clipboard?.writeText(code).then(
      () => {
        target.textContent = labels.codeCopied;
        setTimeout(() => (target.textContent = labels.copyCode), 2000);
      },
      () => {
        // Clipboard refused: select the code so the reader can copy it by hand.
        const pre = target.parentElement?.querySelector('pre');
        if (pre) getSelection()?.selectAllChildren(pre);
      },
    );
  }
}
