import { css } from 'lit';

export const modalStyles = css`
  :host {
    display: contents;
  }
  dialog {
    box-sizing: border-box;
    width: min(34rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: var(--chatshare-backdrop, rgb(0 0 0 / 0.45));
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
  }
  h2 {
    margin: 0;
    font-size: 1.2rem;
  }
  .note {
    margin: 0.75rem 0;
    color: var(--_muted);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0.75rem 0;
    padding: 0.5rem 0.75rem 0.75rem;
    display: grid;
    gap: 0.5rem;
  }
  legend {
    padding: 0 0.25rem;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 0.2rem;
  }
  .link-row {
    display: grid;
    gap: 0.2rem;
    margin: 0.75rem 0;
  }
  .link-row input {
    width: 100%;
    box-sizing: border-box;
    font-family: var(--_mono);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .qr {
    display: block;
    width: 9rem;
    height: 9rem;
    margin: 0.75rem 0;
  }
  .qr-downloads,
  .password-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .protected,
  .views {
    margin: 0.25rem 0;
  }
  details {
    margin: 0.75rem 0;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  summary:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .review-count {
    margin: 0.5rem 0;
  }
  .switch {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }
  .review-list {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 16rem;
    overflow-y: auto;
  }
  .review-list li {
    /* Long chats: rows scrolled out of the list cost no layout. */
    content-visibility: auto;
    contain-intrinsic-size: auto 3rem;
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    padding: 0.3rem 0;
    border-top: 1px solid var(--_border);
  }
  .review-list li:first-child {
    border-top: 0;
  }
  .review-list label {
    display: grid;
    min-width: 0;
  }
  .review-meta {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .review-excerpt {
    overflow-wrap: anywhere;
  }
  .status {
    min-height: 1.5em;
    margin: 0.5rem 0 0;
  }
`;
