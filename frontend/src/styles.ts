/** Shared looks, built on Home Assistant's theme variables so light and dark themes both work. */
import { css } from "lit";

export const shared = css`
  :host {
    color: var(--primary-text-color);
    font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  .card {
    background: var(--card-background-color, #fff);
    border-radius: var(--ha-card-border-radius, 12px);
    box-shadow: var(--ha-card-box-shadow, none);
    border: 1px solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    padding: 16px;
  }
  h2 {
    font-size: 1.25rem;
    font-weight: 500;
    margin: 0 0 8px;
  }
  h3 {
    font-size: 1.05rem;
    font-weight: 500;
    margin: 0;
  }
  .muted {
    color: var(--secondary-text-color);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .spacer {
    flex: 1;
  }
  button {
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
    border: 1px solid var(--divider-color, #ccc);
    background: transparent;
    color: var(--primary-color);
  }
  button.primary {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button.danger {
    color: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437);
  }
  button.danger.primary {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, var(--primary-background-color));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 6px;
    padding: 6px 8px;
    min-height: 36px;
    color-scheme: light dark;
  }
  input[type="checkbox"],
  input[type="radio"] {
    min-height: auto;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9rem;
    color: var(--secondary-text-color);
  }
  label.field > input,
  label.field > select {
    color: var(--primary-text-color);
  }
  .error {
    color: var(--error-color, #db4437);
    background: color-mix(in srgb, var(--error-color, #db4437) 10%, transparent);
    border-radius: 6px;
    padding: 8px 12px;
  }
  .chip {
    display: inline-block;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: 0.85rem;
    background: color-mix(in srgb, var(--secondary-text-color) 15%, transparent);
    white-space: nowrap;
  }
  .chip.good {
    background: color-mix(in srgb, var(--success-color, #43a047) 20%, transparent);
  }
  .chip.warn {
    background: color-mix(in srgb, var(--warning-color, #ffa600) 25%, transparent);
  }
  .chip.bad {
    background: color-mix(in srgb, var(--error-color, #db4437) 20%, transparent);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 8px;
    border-bottom: 1px solid var(--divider-color, #e0e0e0);
    vertical-align: top;
  }
  th {
    font-weight: 500;
    color: var(--secondary-text-color);
    font-size: 0.9rem;
  }
  .empty {
    padding: 24px;
    text-align: center;
    color: var(--secondary-text-color);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** The chip colour of a state: good, warn or bad. */
export function tone(state: string): string {
  if (["active", "in_sync", "granted", "removed"].includes(state)) return "good";
  if (["failed", "unreachable", "denied", "expired", "offboarded"].includes(state)) return "bad";
  if (["pending", "syncing", "suspended", "scheduled", "used_up"].includes(state)) return "warn";
  return "";
}
