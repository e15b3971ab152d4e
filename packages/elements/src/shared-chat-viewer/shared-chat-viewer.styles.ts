import { css } from 'lit';

export const viewerStyles = css`
  :host {
    display: block;
    background: var(--_bg);
  }
  header {
    padding: 0 0 0.75rem;
    border-bottom: 1px solid var(--_border);
    margin-bottom: 0.75rem;
  }
  h1 {
    margin: 0 0 0.25rem;
    font-size: 1.5rem;
    overflow-wrap: anywhere;
  }
  .date {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .unlock form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .unlock .error {
    min-height: 1.2em;
  }
  .system-prompt {
    margin-top: 0.75rem;
  }
  .system-prompt summary {
    cursor: pointer;
    font-weight: 600;
  }
  .messages {
    display: block;
    width: 100%;
  }
  .message {
    box-sizing: border-box;
    width: 100%;
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .role {
    font-weight: 600;
    color: var(--_fg);
  }
  .versions {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  .versions button {
    padding: 0 0.5rem;
  }
  .markdown {
    overflow-wrap: anywhere;
  }
  .markdown img {
    max-width: 100%;
  }
  .code-block {
    position: relative;
    margin: 0.5rem 0;
  }
  .code-block .copy-code {
    position: absolute;
    top: 0.25rem;
    right: 0.25rem;
    font-size: 0.8rem;
    padding: 0.1rem 0.5rem;
  }
  pre {
    font-family: var(--_mono);
    background: var(--chatshare-color-code-background, var(--_surface));
    color: var(--chatshare-color-code-text, var(--_fg));
    padding: 2rem 0.75rem 0.75rem;
    border-radius: calc(var(--_radius) / 2);
    overflow-x: auto;
    white-space: pre;
    margin: 0;
  }
  code {
    font-family: var(--_mono);
    font-size: 0.92em;
  }
  blockquote {
    margin: 0.5rem 0;
    padding-left: 0.75rem;
    border-left: 3px solid var(--_border);
    color: var(--_muted);
  }
  table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.25rem 0.5rem;
  }
  .message-actions {
    margin-top: 0.25rem;
  }
  .notice {
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
`;
