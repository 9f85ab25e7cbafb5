/** Weekly hours: several windows, each some weekdays from a start time to an end time. */
import { css, html } from "lit";
import { HkElement } from "./base.js";
import { endsNextDay } from "./format.js";
import { shared } from "./styles.js";
import { DAYS, type Day, type WeeklyWindow } from "./types.js";

export class HkWeeklyEditor extends HkElement {
  static override properties = { windows: { attribute: false } };

  declare windows: WeeklyWindow[];

  constructor() {
    super();
    this.windows = [];
  }

  static override styles = [
    shared,
    css`
      .window {
        border: 1px solid var(--divider-color);
        border-radius: 8px;
        padding: 12px;
        margin-bottom: 8px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .day {
        min-width: 48px;
        padding: 4px 8px;
        color: var(--primary-text-color);
      }
      .day[aria-pressed="true"] {
        background: var(--primary-color);
        border-color: var(--primary-color);
        color: var(--text-primary-color, #fff);
      }
      .times {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 12px;
      }
      .overnight {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .none {
        margin: 0 0 8px;
      }
    `,
  ];

  private change(windows: WeeklyWindow[]): void {
    this.windows = windows;
    this.emit("windows-changed", windows);
  }

  private edit(index: number, patch: Partial<WeeklyWindow>): void {
    this.change(this.windows.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  }

  private toggle(index: number, day: Day): void {
    const days = this.windows[index]?.days ?? [];
    const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
    this.edit(index, { days: DAYS.filter((d) => next.includes(d)) });
  }

  private add(): void {
    const days: Day[] = ["mon", "tue", "wed", "thu", "fri"];
    this.change([...this.windows, { days, start: "09:00", end: "17:00" }]);
  }

  private removeWindow(index: number): void {
    this.change(this.windows.filter((_, i) => i !== index));
  }

  private renderWindow(window: WeeklyWindow, index: number) {
    const label = this.t("weekly.window", { number: index + 1 });
    return html`<fieldset class="window" data-test="window-${index}">
      <legend class="sr-only">${label}</legend>
      <div class="days" role="group" aria-label=${this.t("weekly.days")}>
        ${DAYS.map(
          (day) =>
            html`<button
              type="button"
              class="day"
              data-test="day-${day}${index ? `-${index}` : ""}"
              aria-pressed=${window.days.includes(day) ? "true" : "false"}
              @click=${() => this.toggle(index, day)}
            >
              ${this.t(`days.${day}`)}
            </button>`,
        )}
      </div>
      <div class="times">
        <label class="field"
          >${this.t("weekly.start")}
          <input
            type="time"
            data-test="window-${index}-start"
            .value=${window.start}
            @change=${(e: Event) => this.edit(index, { start: (e.target as HTMLInputElement).value })}
        /></label>
        <label class="field"
          >${this.t("weekly.end")}
          <input
            type="time"
            data-test="window-${index}-end"
            .value=${window.end}
            @change=${(e: Event) => this.edit(index, { end: (e.target as HTMLInputElement).value })}
        /></label>
        ${endsNextDay(window.start, window.end)
          ? html`<span class="overnight" data-test="window-${index}-overnight"
              >${this.t("weekly.next_day")}</span
            >`
          : ""}
        <span class="spacer"></span>
        <button
          type="button"
          class="danger"
          data-test="window-${index}-remove"
          aria-label=${this.t("weekly.remove_named", { number: index + 1 })}
          @click=${() => this.removeWindow(index)}
        >
          ${this.t("weekly.remove")}
        </button>
      </div>
      ${window.days.length
        ? ""
        : html`<span class="error">${this.t("weekly.no_days")}</span>`}
    </fieldset>`;
  }

  protected override render() {
    return html`${this.windows.length
        ? this.windows.map((w, i) => this.renderWindow(w, i))
        : html`<p class="muted none">${this.t("weekly.any_time")}</p>`}
      <button type="button" data-test="window-add" @click=${this.add}>
        ${this.t("weekly.add")}
      </button>`;
  }
}

customElements.define("hk-weekly-editor", HkWeeklyEditor);
