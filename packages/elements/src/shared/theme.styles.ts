import { css } from 'lit';

/**
 * Shared look. Theming goes only through these `--chatshare-*` custom properties and the documented parts; the
 * defaults are a light theme with WCAG AA contrast.
 */
export const themeStyles = css`
  :host {
    --_fg: var(--chatshare-color-text, #1f2328);
    --_bg: var(--chatshare-color-background, #ffffff);
    --_muted: var(--chatshare-color-muted, #57606a);
    --_border: var(--chatshare-color-border, #d0d7de);
    --_accent: var(--chatshare-color-accent, #0860c9);
    --_accent-fg: var(--chatshare-color-accent-text, #ffffff);
    --_danger: var(--chatshare-color-danger, #b3261e);
    --_surface: var(--chatshare-color-surface, #f6f8fa);
    --_radius: var(--chatshare-radius, 8px);
    --_font: var(--chatshare-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--chatshare-font-family-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-family: var(--_font);
    color: var(--_fg);
    line-height: 1.5;
  }
  [hidden] {
    display: none !important;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_fg);
    padding: 0.35rem 0.8rem;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
    background: var(--_bg);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  input,
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.3rem 0.5rem;
  }
  .error {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
