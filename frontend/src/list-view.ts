/**
 * What the list views (Activity, Audit) share: the household's people and doors to filter by, a
 * person, door and period filter, answers of which only the newest is shown, the filter fields,
 * and the looks of a filtered list (a table on a wide screen, cards on a narrow one).
 */
import { css, html, type PropertyDeclarations } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { startOfToday } from "./format.js";
import type { Door, Hass, Person } from "./types.js";

export type Period = "today" | "week" | "month" | "all" | "custom";
export const PERIODS: readonly Period[] = ["today", "week", "month", "all", "custom"];
export const DAY_MS = 86_400_000;

/** The start and end a period asks for; `from`/`to` (custom) are the home's time, no offset. */
export function periodRange(hass: Hass, period: Period, from: string, to: string): { start?: string; end?: string } {
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  switch (period) {
    case "today":
      return { start: startOfToday(hass) };
    case "week":
      return { start: ago(7) };
    case "month":
      return { start: ago(30) };
    case "custom":
      return { ...(from ? { start: from } : {}), ...(to ? { end: to } : {}) };
    default:
      return {};
  }
}

/** A labelled select; `set` gets the chosen value. */
export function selectField<T extends string>(
  test: string,
  label: string,
  value: T,
  options: [T, string][],
  set: (value: T) => void,
) {
  return html`<label class="field"
    >${label}
    <select data-test=${test} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as T)}>
      ${options.map(([v, shown]) => html`<option value=${v} ?selected=${v === value}>${shown}</option>`)}
    </select></label
  >`;
}

/** A labelled date-and-time field (the home's time); `set` gets its value. */
export function dateField(test: string, label: string, value: string, set: (value: string) => void, required = false) {
  return html`<label class="field"
    >${label}
    <input
      type="datetime-local"
      data-test=${test}
      ?required=${required}
      .value=${value}
      @change=${(e: Event) => set((e.target as HTMLInputElement).value)}
  /></label>`;
}

/** A list as a table: its column headings, then its rows (`<tr>`s). */
export function table(headings: string[], rows: unknown) {
  return html`<div class="card table">
    <table>
      <thead>
        <tr>
          ${headings.map((heading) => html`<th scope="col">${heading}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export const listStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: end;
    margin-bottom: 16px;
  }
  .card.table {
    padding: 0;
    overflow-x: auto;
  }
  .cards {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .cards .card {
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
`;

/** A list of what happened, filtered by person, door and period; `Row` is one line of it. */
export class HkListView<Row> extends HkElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    people: { attribute: false },
    doors: { attribute: false },
    compact: { type: Boolean },
    /** bumped by the panel when something may have happened */
    generation: { type: Number },
    rows: { state: true },
    loading: { state: true },
    error: { state: true },
    person: { state: true },
    door: { state: true },
    period: { state: true },
    from: { state: true },
    to: { state: true },
  };

  declare api: Api;
  declare people: Person[];
  declare doors: Door[];
  declare compact: boolean;
  declare generation: number;
  declare rows: Row[];
  declare loading: boolean;
  declare error: string;
  declare person: string;
  declare door: string;
  declare period: Period;
  declare from: string;
  declare to: string;
  private asked = 0;

  constructor(period: Period) {
    super();
    this.people = [];
    this.doors = [];
    this.compact = false;
    this.generation = 0;
    this.rows = [];
    this.loading = false;
    this.error = "";
    this.person = "";
    this.door = "";
    this.period = period;
    this.from = "";
    this.to = "";
  }

  /** The start and end the period filter asks for. */
  protected range(): { start?: string; end?: string } {
    return periodRange(this.hass, this.period, this.from, this.to);
  }

  /** Ask the backend; only the newest question's answer is taken, its refusal shown. */
  protected async ask<T>(question: () => Promise<T>, take: (answer: T) => void): Promise<void> {
    const asked = ++this.asked;
    this.loading = true;
    try {
      const answer = await question();
      if (asked !== this.asked) return;
      take(answer);
      this.error = "";
    } catch (err) {
      if (asked === this.asked) this.error = errorMessage(err);
    } finally {
      if (asked === this.asked) this.loading = false;
    }
  }
}
