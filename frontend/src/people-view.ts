/**
 * People: who has access, when and where, and with which door codes; add, edit (with the
 * authenticator), code book, suspend / resume and offboard.
 */
import { css, html } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import "./calendar-source.js";
import "./code-book.js";
import "./dialog.js";
import { endsNextDay, formatMoment } from "./format.js";
import "./offboard-dialog.js";
import "./person-editor.js";
import { shared, tone } from "./styles.js";
import { DAYS, type Door, type Person, type WeeklyWindow } from "./types.js";

export class HkPeopleView extends HkElement {
  static override properties = {
    api: { attribute: false },
    people: { attribute: false },
    doors: { attribute: false },
    household: {},
    compact: { type: Boolean },
    editing: { state: true },
    booking: { state: true },
    offboarding: { state: true },
    error: { state: true },
  };

  declare api: Api;
  declare people: Person[];
  declare doors: Door[];
  /** the household's name, printed on code books */
  declare household: string;
  declare compact: boolean;
  /** the person in the editor: "new" for someone new, null when it is closed */
  declare editing: Person | "new" | null;
  declare offboarding: Person | null;
  /** whose code book is open (an id: the person shown is always the current one) */
  declare booking: string | null;
  declare error: string;

  constructor() {
    super();
    this.people = [];
    this.doors = [];
    this.household = "";
    this.booking = null;
    this.compact = false;
    this.editing = null;
    this.offboarding = null;
    this.error = "";
  }

  static override styles = [
    shared,
    css`
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .cards .card {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 4px 0;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .card.table {
        padding: 0;
        overflow-x: auto;
      }
      td.actions {
        display: table-cell;
        white-space: nowrap;
      }
      td.actions button {
        margin: 2px;
      }
      .codes {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
    `,
  ];

  /** "Mon, Thu 09:00–12:00" per window, "any time" without any. */
  private windowSummary(person: Person): string {
    const parts: string[] = [];
    if (person.valid_from) parts.push(this.t("people.from", { when: formatMoment(this.hass, person.valid_from) }));
    if (person.valid_until) parts.push(this.t("people.until", { when: formatMoment(this.hass, person.valid_until) }));
    parts.push(...person.weekly.map((w) => this.weeklySummary(w)));
    return parts.join(" · ") || this.t("people.any_time");
  }

  private weeklySummary(window: WeeklyWindow): string {
    const days = DAYS.filter((d) => window.days.includes(d)).map((d) => this.t(`days.${d}`));
    const next = endsNextDay(window.start, window.end) ? ` ${this.t("people.next_day")}` : "";
    return `${days.join(", ")} ${window.start}–${window.end}${next}`;
  }

  private doorNames(person: Person): string {
    if (person.locks === null) return this.t("people.all_doors");
    const names = person.locks.map((id) => this.doors.find((d) => d.entity_id === id)?.name ?? id);
    return names.join(", ") || this.t("people.no_doors");
  }

  private uses(person: Person): string {
    return person.max_uses === null
      ? String(person.uses)
      : this.t("people.uses_of", { uses: person.uses, max: person.max_uses });
  }

  private lastAccess(person: Person): string {
    if (!person.last_access) return this.t("people.never");
    const door = this.doors.find((d) => d.entity_id === person.last_lock)?.name ?? person.last_lock ?? "";
    return this.t("people.last_access", { when: formatMoment(this.hass, person.last_access), door });
  }

  /** Chips for the door codes a person has besides their PIN; never a code itself. */
  private codes(person: Person) {
    const chips = [];
    if (person.has_authenticator) {
      chips.push(html`<span class="chip" data-test="has-authenticator">${this.t("people.authenticator")}</span>`);
    }
    if (person.has_code_book) {
      chips.push(html`<span class="chip" data-test="has-code-book">${this.t("people.code_book")}</span>`);
    }
    return chips.length ? html`<span class="codes">${chips}</span>` : this.t("people.pin_only");
  }

  private async toggleSuspend(person: Person): Promise<void> {
    this.error = "";
    try {
      if (person.status === "suspended") await this.api.resume(person.person_id);
      else await this.api.suspend(person.person_id);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private renderActions(person: Person) {
    const suspended = person.status === "suspended";
    return html`<button data-test="edit-${person.person_id}" @click=${() => (this.editing = person)}>
        ${this.t("people.edit")}
      </button>
      <button data-test="book-${person.person_id}" @click=${() => (this.booking = person.person_id)}>
        ${this.t("people.code_book")}
      </button>
      <button data-test="${suspended ? "resume" : "suspend"}-${person.person_id}" @click=${() => this.toggleSuspend(person)}>
        ${suspended ? this.t("people.resume") : this.t("people.suspend")}
      </button>
      <button class="danger" data-test="offboard-${person.person_id}" @click=${() => (this.offboarding = person)}>
        ${this.t("people.offboard")}
      </button>`;
  }

  private status(person: Person) {
    return html`<span class="chip ${tone(person.status)}" data-test="status">${this.t(`status.${person.status}`)}</span>`;
  }

  private renderTable() {
    return html`<div class="card table">
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t("people.name")}</th>
            <th scope="col">${this.t("people.role")}</th>
            <th scope="col">${this.t("people.status")}</th>
            <th scope="col">${this.t("people.window")}</th>
            <th scope="col">${this.t("people.doors")}</th>
            <th scope="col">${this.t("people.codes")}</th>
            <th scope="col">${this.t("people.uses")}</th>
            <th scope="col">${this.t("people.last")}</th>
            <th scope="col"><span class="sr-only">${this.t("people.actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.people.map(
            (p) => html`<tr data-test="person-row" data-person=${p.person_id}>
              <td>
                <strong>${p.name}</strong>
                <hk-calendar-source .hass=${this.hass} .source=${p.calendar}></hk-calendar-source>
              </td>
              <td>${this.t(`role.${p.role}`)}</td>
              <td>${this.status(p)}</td>
              <td>${this.windowSummary(p)}</td>
              <td>${this.doorNames(p)}</td>
              <td>${this.codes(p)}</td>
              <td>${this.uses(p)}</td>
              <td>${this.lastAccess(p)}</td>
              <td class="actions">${this.renderActions(p)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCards() {
    return html`<div class="cards">
      ${this.people.map(
        (p) => html`<div class="card" data-test="person-row" data-person=${p.person_id}>
          <div class="row"><h3>${p.name}</h3><span class="spacer"></span>${this.status(p)}</div>
          <hk-calendar-source .hass=${this.hass} .source=${p.calendar}></hk-calendar-source>
          <dl>
            <dt>${this.t("people.role")}</dt><dd>${this.t(`role.${p.role}`)}</dd>
            <dt>${this.t("people.window")}</dt><dd>${this.windowSummary(p)}</dd>
            <dt>${this.t("people.doors")}</dt><dd>${this.doorNames(p)}</dd>
            <dt>${this.t("people.codes")}</dt><dd>${this.codes(p)}</dd>
            <dt>${this.t("people.uses")}</dt><dd>${this.uses(p)}</dd>
            <dt>${this.t("people.last")}</dt><dd>${this.lastAccess(p)}</dd>
          </dl>
          <div class="actions">${this.renderActions(p)}</div>
        </div>`,
      )}
    </div>`;
  }

  protected override render() {
    const editing = this.editing;
    const booking = this.people.find((p) => p.person_id === this.booking) ?? null;
    return html`<div class="bar">
        <h2>${this.t("people.title")}</h2>
        <span class="spacer"></span>
        <button class="primary" data-test="add-person" @click=${() => (this.editing = "new")}>
          ${this.t("people.add")}
        </button>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
      ${this.people.length === 0
        ? html`<div class="card empty">${this.t("people.empty")}</div>`
        : this.compact
          ? this.renderCards()
          : this.renderTable()}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${editing !== null}
        .heading=${editing === "new" || editing === null
          ? this.t("editor.add_title")
          : this.t("editor.edit_title", { name: editing.name })}
        @closed=${() => (this.editing = null)}
      >
        ${editing === null
          ? ""
          : html`<hk-person-editor
              .hass=${this.hass}
              .api=${this.api}
              .person=${editing === "new" ? null : editing}
              .doors=${this.doors}
              @saved=${() => (this.editing = null)}
              @cancelled=${() => (this.editing = null)}
            ></hk-person-editor>`}
      </hk-dialog>
      <hk-dialog
        .hass=${this.hass}
        ?open=${booking !== null}
        .heading=${this.t("book.title", { name: booking?.name ?? "" })}
        @closed=${() => (this.booking = null)}
      >
        ${booking
          ? html`<hk-code-book
              .hass=${this.hass}
              .api=${this.api}
              .person=${booking}
              .doors=${this.doors}
              .household=${this.household}
            ></hk-code-book>`
          : ""}
      </hk-dialog>
      <hk-dialog
        .hass=${this.hass}
        ?open=${this.offboarding !== null}
        .heading=${this.t("offboard.title", { name: this.offboarding?.name ?? "" })}
        @closed=${() => (this.offboarding = null)}
      >
        ${this.offboarding
          ? html`<hk-offboard
              .hass=${this.hass}
              .api=${this.api}
              .person=${this.offboarding}
              .doors=${this.doors}
              @cancelled=${() => (this.offboarding = null)}
            ></hk-offboard>`
          : ""}
      </hk-dialog>`;
  }
}

customElements.define("hk-people-view", HkPeopleView);
