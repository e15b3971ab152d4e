import { css } from 'lit';

export const managerStyles = css`
  :host {
    display: block;
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.3rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: 0.5rem;
    margin-bottom: 0.75rem;
  }
  .search {
    display: grid;
    gap: 0.2rem;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  td.actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  .confirm {
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .qr {
    display: block;
    width: 8rem;
    height: 8rem;
  }
  .qr-box {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75rem;
  }
  .qr-downloads {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  .badge {
    display: inline-block;
    margin-inline-start: 0.35rem;
    padding: 0 0.4rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: 0.85em;
    font-weight: normal;
    white-space: nowrap;
  }
  td.views {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .versions ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.35rem;
  }
  .versions li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .versions .version-name {
    font-weight: 600;
  }
  .versions .version-leave-out {
    color: var(--_muted);
  }
  .more {
    margin-top: 0.75rem;
  }
  .link-row {
    display: grid;
    gap: 0.2rem;
    margin: 0.75rem 0 0;
  }
  .link-row input {
    width: 100%;
    box-sizing: border-box;
    font-family: var(--_mono);
  }
`;
