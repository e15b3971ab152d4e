import { html, type TemplateResult } from 'lit';

/** Fills one `{link}`-style slot of a translated sentence with a template, keeping the rest as escaped text. */
export function withSlot(sentence: string, slot: string, content: TemplateResult): TemplateResult {
  const [before, after = ''] = sentence.split(`{${slot}}`);
  return html`${before}${content}${after}`;
}

/** The element's deepest focused element, looking through open shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
