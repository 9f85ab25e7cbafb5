/** Activity: who opened which door when, granted and denied, newest first, filtered. */
import { html, type PropertyValues } from "lit";
import type { ActivityFilter } from "./api.js";
import { dateField, HkListView, listStyles, PERIODS, selectField, table, type Period } from "./list-view.js";
import { formatMoment } from "./format.js";
import { shared, tone } from "./styles.js";
import type { Access, Outcome } from "./types.js";

export class HkActivityView extends HkListView<Access> {
  static override properties = { outcome: { state: true } };

  declare outcome: "" | Outcome;

  constructor() {
    super("week");
    this.outcome = "";
  }

  static override styles = [shared, listStyles];

  private filter(): ActivityFilter {
    const filter: ActivityFilter = {};
    if (this.person) filter.person = this.person;
    if (this.door) filter.lock = this.door;
    if (this.outcome) filter.outcome = this.outcome;
    return { ...filter, ...this.range() };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ["api", "generation", "person", "door", "outcome", "period", "from", "to"] as const;
    if (this.api && keys.some((key) => changed.has(key))) void this.load();
  }

  /** Ask for the rows; only the newest question's answer is shown. */
  private async load(): Promise<void> {
    await this.ask(
      () => this.api.activity(this.filter()),
      (rows) => (this.rows = rows),
    );
  }

  private doorName(lock: string): string {
    return this.doors.find((d) => d.entity_id === lock)?.name ?? lock;
  }

  private who(row: Access): string {
    return row.person_name ?? this.t("activity.unknown_person");
  }

  private renderFilters() {
    const everyone: [string, string][] = [["", this.t("activity.everyone")]];
    const every: [string, string][] = [["", this.t("activity.every_door")]];
    return html`<div class="filters" role="search">
      ${selectField(
        "filter-person",
        this.t("activity.person"),
        this.person,
        everyone.concat(this.people.map((p) => [p.person_id, p.name])),
        (v) => (this.person = v),
      )}
      ${selectField(
        "filter-door",
        this.t("activity.door"),
        this.door,
        every.concat(this.doors.map((d) => [d.entity_id, d.name])),
        (v) => (this.door = v),
      )}
      ${selectField<"" | Outcome>(
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
      ${selectField<Period>(
        "filter-period",
        this.t("activity.period"),
        this.period,
        PERIODS.map((p) => [p, this.t(`period.${p}`)]),
        (v) => (this.period = v),
      )}
      ${this.period === "custom"
        ? html`${dateField("filter-from", this.t("activity.from"), this.from, (v) => (this.from = v))}
          ${dateField("filter-to", this.t("activity.to"), this.to, (v) => (this.to = v))}`
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
    const headings = ["when", "person", "door", "outcome", "method"].map((h) => this.t(`activity.${h}`));
    return table(
      headings,
      this.rows.map((row) => {
        const a = this.attrs(row);
        return html`<tr data-test="activity-row" data-person=${a.person} data-door=${a.door} data-outcome=${a.outcome}>
          <td>${formatMoment(this.hass, row.time)}</td>
          <td>${this.who(row)}</td>
          <td>${this.doorName(row.lock)}</td>
          <td>${this.outcomeChip(row)}</td>
          <td>${this.t(`method.${row.method}`)}</td>
        </tr>`;
      }),
    );
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
