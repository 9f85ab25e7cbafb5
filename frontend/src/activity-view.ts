/** Activity: who opened which door when, granted and denied, newest first, filtered. */
import { css, html, type PropertyValues } from "lit";
import { errorMessage, type ActivityFilter, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { formatMoment, startOfToday } from "./format.js";
import { shared, tone } from "./styles.js";
import type { Access, Door, Outcome, Person } from "./types.js";

type Period = "today" | "week" | "month" | "all" | "custom";
const PERIODS: readonly Period[] = ["today", "week", "month", "all", "custom"];
const DAY_MS = 86_400_000;

export class HkActivityView extends HkElement {
  static override properties = {
    api: { attribute: false },
    people: { attribute: false },
    doors: { attribute: false },
    compact: { type: Boolean },
    /** bumped by the panel when an access may have happened */
    generation: { type: Number },
    rows: { state: true },
    loading: { state: true },
    error: { state: true },
    person: { state: true },
    door: { state: true },
    outcome: { state: true },
    period: { state: true },
    from: { state: true },
    to: { state: true },
  };

  declare api: Api;
  declare people: Person[];
  declare doors: Door[];
  declare compact: boolean;
  declare generation: number;
  declare rows: Access[];
  declare loading: boolean;
  declare error: string;
  declare person: string;
  declare door: string;
  declare outcome: "" | Outcome;
  declare period: Period;
  declare from: string;
  declare to: string;
  private asked = 0;

  constructor() {
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
    this.outcome = "";
    this.period = "week";
    this.from = "";
    this.to = "";
  }

  static override styles = [
    shared,
    css`
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
    `,
  ];

  private filter(): ActivityFilter {
    const filter: ActivityFilter = {};
    if (this.person) filter.person = this.person;
    if (this.door) filter.lock = this.door;
    if (this.outcome) filter.outcome = this.outcome;
    const now = Date.now();
    if (this.period === "today") filter.start = startOfToday(this.hass);
    if (this.period === "week") filter.start = new Date(now - 7 * DAY_MS).toISOString();
    if (this.period === "month") filter.start = new Date(now - 30 * DAY_MS).toISOString();
    if (this.period === "custom") {
      if (this.from) filter.start = this.from;
      if (this.to) filter.end = this.to;
    }
    return filter;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ["api", "generation", "person", "door", "outcome", "period", "from", "to"] as const;
    if (this.api && keys.some((key) => changed.has(key))) void this.load();
  }

  /** Ask for the rows; only the newest question's answer is shown. */
  private async load(): Promise<void> {
    const asked = ++this.asked;
    this.loading = true;
    try {
      const rows = await this.api.activity(this.filter());
      if (asked !== this.asked) return;
      this.rows = rows;
      this.error = "";
    } catch (err) {
      if (asked === this.asked) this.error = errorMessage(err);
    } finally {
      if (asked === this.asked) this.loading = false;
    }
  }

  private doorName(lock: string): string {
    return this.doors.find((d) => d.entity_id === lock)?.name ?? lock;
  }

  private who(row: Access): string {
    return row.person_name ?? this.t("activity.unknown_person");
  }

  private select<T extends string>(
    test: string,
    label: string,
    value: T,
    options: [T, string][],
    set: (value: T) => void,
  ) {
    return html`<label class="field"
      >${label}
      <select data-test=${test} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as T)}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select></label
    >`;
  }

  private renderFilters() {
    const everyone: [string, string][] = [["", this.t("activity.everyone")]];
    const every: [string, string][] = [["", this.t("activity.every_door")]];
    return html`<div class="filters" role="search">
      ${this.select(
        "filter-person",
        this.t("activity.person"),
        this.person,
        everyone.concat(this.people.map((p) => [p.person_id, p.name])),
        (v) => (this.person = v),
      )}
      ${this.select(
        "filter-door",
        this.t("activity.door"),
        this.door,
        every.concat(this.doors.map((d) => [d.entity_id, d.name])),
        (v) => (this.door = v),
      )}
      ${this.select<"" | Outcome>(
        "filter-outcome",
        this.t("activity.outcome"),
        this.outcome,
        [
          ["", this.t("activity.any_outcome")],
          ["granted", this.t("outcome.granted")],
          ["denied", this.t("outcome.denied")],
        ],
        (v) => (this.outcome = v),
      )}
      ${this.select<Period>(
        "filter-period",
        this.t("activity.period"),
        this.period,
        PERIODS.map((p) => [p, this.t(`period.${p}`)]),
        (v) => (this.period = v),
      )}
      ${this.period === "custom"
        ? html`<label class="field"
              >${this.t("activity.from")}
              <input
                type="datetime-local"
                data-test="filter-from"
                .value=${this.from}
                @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)}
            /></label>
            <label class="field"
              >${this.t("activity.to")}
              <input
                type="datetime-local"
                data-test="filter-to"
                .value=${this.to}
                @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)}
            /></label>`
        : ""}
    </div>`;
  }

  private attrs(row: Access) {
    return { person: row.person_id ?? "", door: row.lock, outcome: row.outcome };
  }

  private outcomeChip(row: Access) {
    return html`<span class="chip ${tone(row.outcome)}">${this.t(`outcome.${row.outcome}`)}</span>`;
  }

  private renderRows() {
    if (this.compact) {
      return html`<div class="cards">
        ${this.rows.map((row) => {
          const a = this.attrs(row);
          return html`<div class="card" data-test="activity-row" data-person=${a.person} data-door=${a.door} data-outcome=${a.outcome}>
            <div class="row"><strong>${this.who(row)}</strong><span class="spacer"></span>${this.outcomeChip(row)}</div>
            <span>${this.doorName(row.lock)} · ${this.t(`method.${row.method}`)}</span>
            <span class="muted">${formatMoment(this.hass, row.time)}</span>
          </div>`;
        })}
      </div>`;
    }
    return html`<div class="card table">
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t("activity.when")}</th>
            <th scope="col">${this.t("activity.person")}</th>
            <th scope="col">${this.t("activity.door")}</th>
            <th scope="col">${this.t("activity.outcome")}</th>
            <th scope="col">${this.t("activity.method")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map((row) => {
            const a = this.attrs(row);
            return html`<tr data-test="activity-row" data-person=${a.person} data-door=${a.door} data-outcome=${a.outcome}>
              <td>${formatMoment(this.hass, row.time)}</td>
              <td>${this.who(row)}</td>
              <td>${this.doorName(row.lock)}</td>
              <td>${this.outcomeChip(row)}</td>
              <td>${this.t(`method.${row.method}`)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  protected override render() {
    return html`<h2>${this.t("activity.title")}</h2>
      ${this.renderFilters()}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
      ${this.rows.length
        ? this.renderRows()
        : html`<div class="card empty" aria-live="polite">
            ${this.loading ? this.t("common.loading") : this.t("activity.empty")}
          </div>`}`;
  }
}

customElements.define("hk-activity-view", HkActivityView);
