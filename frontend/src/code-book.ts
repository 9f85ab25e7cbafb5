/**
 * A person's code book: issue codes for a period (from a day, for a number of days or
 * weeks), see them with their windows in the household's time zone, print them, revoke the
 * book (asked first). The codes live only in this element while they are shown, from the
 * issue command's answer: closing the book forgets them, and issuing again shows the same
 * codes (a reprint).
 */
import { css, html, type PropertyValues } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { mountSheet, type HkCodeSheet } from "./code-sheet.js";
import { addDays, bookWindow, today } from "./format.js";
import { shared } from "./styles.js";
import type { BookCode, Door, Person } from "./types.js";

type Phase = "form" | "working" | "shown" | "confirm" | "revoked";
type Unit = "days" | "weeks";

export class HkCodeBook extends HkElement {
  static override properties = {
    api: { attribute: false },
    person: { attribute: false },
    doors: { attribute: false },
    household: {},
    phase: { state: true },
    from: { state: true },
    length: { state: true },
    unit: { state: true },
    codes: { state: true },
    error: { state: true },
  };

  declare api: Api;
  declare person: Person;
  declare doors: Door[];
  declare household: string;
  declare phase: Phase;
  /** the first day, "YYYY-MM-DD" in the household's time zone */
  declare from: string;
  declare length: string;
  declare unit: Unit;
  declare codes: BookCode[];
  declare error: string;
  /** the printable copy of the codes shown, in the document's body while they are */
  private sheet: HkCodeSheet | null = null;
  /** where the question was asked from, to go back to */
  private asked: Phase = "form";

  constructor() {
    super();
    this.doors = [];
    this.household = "";
    this.phase = "form";
    this.from = "";
    this.length = "4";
    this.unit = "weeks";
    this.codes = [];
    this.error = "";
  }

  static override styles = [
    shared,
    css`
      :host,
      form {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      p {
        margin: 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
        gap: 12px;
      }
      .length {
        display: flex;
        gap: 8px;
      }
      .length input {
        width: 6em;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      .list {
        max-height: 50vh;
        overflow-y: auto;
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
      td.number {
        color: var(--secondary-text-color);
        text-align: end;
        width: 3em;
      }
      td.code {
        font-family: var(--ha-font-family-code, monospace);
        font-size: 1.1rem;
        letter-spacing: 0.1em;
        white-space: nowrap;
      }
      @media (max-width: 600px) {
        .list {
          max-height: none;
        }
      }
    `,
  ];

  protected override willUpdate(): void {
    if (!this.from && this.hass) this.from = today(this.hass);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("phase")) {
      const focus = this.renderRoot.querySelector<HTMLElement>("[data-focus]");
      focus?.focus();
    }
    this.followSheet();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropSheet();
  }

  /** Keep the printable sheet in the page exactly while codes are shown. */
  private followSheet(): void {
    if (this.phase !== "shown") {
      this.dropSheet();
      return;
    }
    const sheet = (this.sheet ??= mountSheet());
    sheet.hass = this.hass;
    sheet.household = this.household;
    sheet.person = this.person.name;
    sheet.doors = this.doorNames();
    sheet.codes = this.codes;
  }

  private dropSheet(): void {
    this.sheet?.remove();
    this.sheet = null;
  }

  private doorNames(): string[] {
    const locks = this.person.locks;
    const doors = locks === null ? this.doors : this.doors.filter((d) => locks.includes(d.entity_id));
    return doors.map((d) => d.name);
  }

  /** The period to send: from now when it starts today (no window already over), else its midnight. */
  private period(): { from?: string; until: string } {
    const days = Number(this.length) * (this.unit === "weeks" ? 7 : 1);
    const until = `${addDays(this.from, Number.isFinite(days) ? days : 0)}T00:00`;
    return this.from === today(this.hass) ? { until } : { from: `${this.from}T00:00`, until };
  }

  private async issue(e: Event): Promise<void> {
    e.preventDefault();
    this.phase = "working";
    this.error = "";
    try {
      this.codes = (await this.api.issueCodeBook(this.person.person_id, this.period())).codes;
      this.phase = "shown";
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = "form";
    }
  }

  private async revoke(): Promise<void> {
    this.error = "";
    try {
      await this.api.revokeCodeBook(this.person.person_id);
      this.codes = [];
      this.phase = "revoked";
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = this.asked;
    }
  }

  private ask(): void {
    this.asked = this.phase;
    this.phase = "confirm";
  }

  private close(): void {
    this.codes = [];
    this.emit("closed");
  }

  private renderForm() {
    const active = this.person.has_code_book;
    const working = this.phase === "working";
    return html`<p>${this.t("book.intro", { name: this.person.name })}</p>
      <p class="row">
        <span class="chip ${active ? "good" : ""}" data-test="book-state"
          >${active ? this.t("book.active") : this.t("book.none")}</span
        >
        ${active ? html`<span class="hint">${this.t("book.reprint_hint")}</span>` : ""}
      </p>
      <form @submit=${this.issue}>
        <div class="grid">
          <label class="field"
            >${this.t("book.from")}
            <input
              type="date"
              data-test="book-from"
              data-focus
              required
              min=${today(this.hass)}
              .value=${this.from}
              @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)}
          /></label>
          <label class="field"
            >${this.t("book.length")}
            <div class="length">
              <input
                type="number"
                min="1"
                step="1"
                inputmode="numeric"
                data-test="book-length"
                .value=${this.length}
                @input=${(e: Event) => (this.length = (e.target as HTMLInputElement).value)}
              />
              <select
                data-test="book-unit"
                aria-label=${this.t("book.unit")}
                @change=${(e: Event) => (this.unit = (e.target as HTMLSelectElement).value as Unit)}
              >
                ${(["days", "weeks"] as const).map(
                  (unit) =>
                    html`<option value=${unit} ?selected=${this.unit === unit}>${this.t(`book.${unit}`)}</option>`,
                )}
              </select>
            </div></label
          >
        </div>
        <p class="hint">${this.t("book.zone", { zone: this.hass.config.time_zone })}</p>
        <div class="actions">
          ${active
            ? html`<button type="button" class="danger" data-test="book-revoke" @click=${this.ask}>
                ${this.t("book.revoke")}
              </button>`
            : ""}
          <span class="spacer"></span>
          <button type="button" data-test="book-close" @click=${this.close}>${this.t("common.cancel")}</button>
          <button type="submit" class="primary" data-test="book-issue" ?disabled=${working}>
            ${working ? this.t("book.issuing") : active ? this.t("book.reissue") : this.t("book.issue")}
          </button>
        </div>
      </form>`;
  }

  private renderCodes() {
    return html`<p aria-live="polite" data-test="book-summary">
        ${this.t("book.issued", { count: this.codes.length, name: this.person.name })}
      </p>
      <div class="list">
        <table>
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">${this.t("book.number")}</span></th>
              <th scope="col">${this.t("book.code")}</th>
              <th scope="col">${this.t("book.window")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.codes.map((code, index) => {
              const window = bookWindow(this.hass, code.valid_from, code.valid_until);
              return html`<tr data-test="book-row">
                <td class="number">${index + 1}</td>
                <td class="code" data-test="book-code">${code.code}</td>
                <td data-test="book-window">${this.t(window.key, window.values)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">${this.t("book.shown_hint", { zone: this.hass.config.time_zone })}</p>
      <div class="actions">
        <button type="button" class="danger" data-test="book-revoke" @click=${this.ask}>
          ${this.t("book.revoke")}
        </button>
        <span class="spacer"></span>
        <button type="button" data-test="book-print" data-focus @click=${() => print()}>
          ${this.t("book.print")}
        </button>
        <button type="button" class="primary" data-test="book-done" @click=${this.close}>
          ${this.t("common.done")}
        </button>
      </div>`;
  }

  protected override render() {
    const error = this.error
      ? html`<div class="error" role="alert" data-test="form-error">${this.error}</div>`
      : "";
    switch (this.phase) {
      case "shown":
        return html`${error}${this.renderCodes()}`;
      case "confirm":
        return html`${error}
          <p role="alert">${this.t("book.revoke_confirm", { name: this.person.name })}</p>
          <div class="actions">
            <button type="button" data-test="book-cancel" data-focus @click=${() => (this.phase = this.asked)}>
              ${this.t("common.cancel")}
            </button>
            <button type="button" class="danger primary" data-test="book-revoke-confirm" @click=${this.revoke}>
              ${this.t("book.revoke")}
            </button>
          </div>`;
      case "revoked":
        return html`<p aria-live="polite" data-test="book-revoked">
            ${this.t("book.revoked", { name: this.person.name })}
          </p>
          <div class="actions">
            <button type="button" class="primary" data-test="book-close" data-focus @click=${this.close}>
              ${this.t("common.close")}
            </button>
          </div>`;
      default:
        return html`${error}${this.renderForm()}`;
    }
  }
}

customElements.define("hk-code-book", HkCodeBook);
