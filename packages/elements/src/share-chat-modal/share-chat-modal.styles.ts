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
  .status {
    min-height: 1.5em;
    margin: 0.5rem 0 0;
  }
`;
