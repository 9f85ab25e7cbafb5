/**
 * Add, edit or adopt a person: who, which doors, when, how often, and the PIN. A PIN
 * Housekey generated is shown once, after saving, with a Copy button.
 */
import { css, html, type PropertyValues } from "lit";
import { errorMessage, type Added, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { toLocalInput } from "./format.js";
import { shared } from "./styles.js";
import { ROLES, type Door, type Person, type PersonFields, type Role, type WeeklyWindow } from "./types.js";
import "./authenticator.js";
import "./weekly-editor.js";

type PinMode = "keep" | "generate" | "type";

/** Where a new person comes from: a foreign code on one door, or nowhere. */
export interface Adoption {
  lock: string;
  slot: number;
}

export class HkPersonEditor extends HkElement {
  static override properties = {
    api: { attribute: false },
    person: { attribute: false },
    doors: { attribute: false },
    adopt: { attribute: false },
    error: { state: true },
    saving: { state: true },
    shownPin: { state: true },
    copied: { state: true },
    revealed: { state: true },
    draft: { state: true },
  };

  declare api: Api;
  declare person: Person | null;
  declare doors: Door[];
  declare adopt: Adoption | null;
  declare error: string;
  declare saving: boolean;
  declare shownPin: string;
  declare copied: boolean;
  /** the current PIN, once an admin asked to see it */
  declare revealed: string;
  declare draft: Draft;

  constructor() {
    super();
    this.person = null;
    this.doors = [];
    this.adopt = null;
    this.error = "";
    this.saving = false;
    this.shownPin = "";
    this.copied = false;
    this.revealed = "";
    this.draft = emptyDraft();
  }

  static override styles = [
    shared,
    css`
      form {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: 12px;
      }
      fieldset {
        border: 1px solid var(--divider-color);
        border-radius: 8px;
        padding: 8px 12px 12px;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      legend {
        padding: 0 4px;
        font-weight: 500;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
      }
      .pin {
        font-family: var(--ha-font-family-code, monospace);
        font-size: 2rem;
        letter-spacing: 0.3em;
        text-align: center;
        padding: 16px;
        border-radius: 8px;
        background: var(--secondary-background-color, var(--primary-background-color));
        user-select: all;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("person") || changed.has("adopt")) {
      this.draft = this.person ? draftOf(this.hass, this.person) : emptyDraft(this.adopt);
      this.error = "";
      this.shownPin = "";
      this.copied = false;
      this.revealed = "";
    }
  }

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  private value(e: Event): string {
    return (e.target as HTMLInputElement).value;
  }

  private toggleDoor(lock: string, on: boolean): void {
    const doors = new Set(this.draft.doors);
    if (on) doors.add(lock);
    else doors.delete(lock);
    this.set({ doors: [...doors] });
  }

  /** The fields to send: on an edit, an emptied limit is sent as null (cleared). */
  private fields(): PersonFields {
    const d = this.draft;
    const clear = this.person ? null : undefined;
    const fields: PersonFields = { name: d.name, role: d.role, weekly: d.weekly };
    const optional = {
      locks: d.allDoors ? clear : d.doors,
      valid_from: d.validFrom || clear,
      valid_until: d.validUntil || clear,
      max_uses: d.maxUses ? Number(d.maxUses) : clear,
    };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) Object.assign(fields, { [key]: value });
    }
    if (d.duress) fields.duress_pin = d.duress;
    return fields;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    if (this.saving) return;
    this.saving = true;
    this.error = "";
    const d = this.draft;
    try {
      const fields = this.fields();
      let added: Added;
      if (this.person) {
        added = await this.api.update(this.person.person_id, fields);
        if (d.pinMode !== "keep") {
          added = await this.api.setPin(added.person_id, d.pinMode === "type" ? d.pin : undefined);
        }
      } else {
        if (d.pinMode === "type") fields.pin = d.pin;
        added = this.adopt
          ? await this.api.adoptForeign(this.adopt.lock, this.adopt.slot, fields)
          : await this.api.add(fields);
      }
      if (added.pin) this.shownPin = added.pin;
      else this.emit("saved", added);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.saving = false;
    }
  }

  private async reveal(): Promise<void> {
    if (!this.person) return;
    this.error = "";
    try {
      this.revealed = (await this.api.revealPin(this.person.person_id)).pin;
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async copy(): Promise<void> {
    this.copied = await this.copyText(this.shownPin, "[data-test='generated-pin']");
  }

  private done(): void {
    this.shownPin = "";
    this.emit("saved", {});
  }

  private renderPinShown() {
    return html`<div class="column">
      <p>${this.t("editor.pin_once", { name: this.draft.name })}</p>
      <div class="pin" data-test="generated-pin" aria-live="polite">${this.shownPin}</div>
      <p class="hint">${this.t("editor.pin_not_again")}</p>
      <div class="actions">
        <button type="button" data-test="copy-pin" @click=${this.copy}>
          ${this.copied ? this.t("editor.copied") : this.t("editor.copy")}
        </button>
        <button type="button" class="primary" data-test="pin-done" autofocus @click=${this.done}>
          ${this.t("common.done")}
        </button>
      </div>
    </div>`;
  }

  private renderPin() {
    const d = this.draft;
    const modes: PinMode[] = this.person ? ["keep", "generate", "type"] : ["generate", "type"];
    return html`<fieldset>
      <legend>${this.t("editor.pin")}</legend>
      ${modes.map(
        (mode) =>
          html`<label class="check"
            ><input
              type="radio"
              name="pin-mode"
              data-test="field-pin-${mode}"
              .checked=${d.pinMode === mode}
              @change=${() => this.set({ pinMode: mode })}
            />${this.t(`editor.pin_${mode}`)}</label
          >`,
      )}
      ${this.person
        ? html`<div class="row">
            ${this.revealed
              ? html`<span class="chip" data-test="revealed-pin">${this.revealed}</span>`
              : html`<button type="button" data-test="reveal-pin" @click=${this.reveal}>
                  ${this.t("editor.reveal")}
                </button>`}
            <span class="hint">${this.t("editor.reveal_hint")}</span>
          </div>`
        : ""}
      ${d.pinMode === "type"
        ? html`<label class="field"
            >${this.t("editor.pin_new")}
            <input
              type="password"
              inputmode="numeric"
              autocomplete="new-password"
              data-test="field-pin"
              .value=${d.pin}
              @input=${(e: Event) => this.set({ pin: this.value(e) })}
          /></label>`
        : ""}
      <label class="field"
        >${this.t("editor.duress")}
        <input
          type="password"
          inputmode="numeric"
          autocomplete="new-password"
          data-test="field-duress-pin"
          placeholder=${this.person?.has_duress ? this.t("editor.duress_kept") : ""}
          .value=${d.duress}
          @input=${(e: Event) => this.set({ duress: this.value(e) })}
        />
        <span class="hint">${this.t("editor.duress_hint")}</span></label
      >
    </fieldset>`;
  }

  private renderDoors() {
    const d = this.draft;
    return html`<fieldset>
      <legend>${this.t("editor.doors")}</legend>
      <label class="check"
        ><input
          type="checkbox"
          data-test="field-all-doors"
          .checked=${d.allDoors}
          @change=${(e: Event) => this.set({ allDoors: (e.target as HTMLInputElement).checked })}
        />${this.t("editor.all_doors")}</label
      >
      ${this.doors.map(
        (door) =>
          html`<label class="check"
            ><input
              type="checkbox"
              data-test="field-door-${door.entity_id}"
              .checked=${d.allDoors || d.doors.includes(door.entity_id)}
              ?disabled=${d.allDoors}
              @change=${(e: Event) =>
                this.toggleDoor(door.entity_id, (e.target as HTMLInputElement).checked)}
            />${door.name}</label
          >`,
      )}
    </fieldset>`;
  }

  protected override render() {
    if (this.shownPin) return this.renderPinShown();
    const d = this.draft;
    return html`<form @submit=${this.save} novalidate>
      ${this.error
        ? html`<div class="error" role="alert" data-test="form-error">${this.error}</div>`
        : ""}
      <div class="grid">
        <label class="field"
          >${this.t("editor.name")}
          <input
            data-test="field-name"
            autocomplete="off"
            autofocus
            required
            .value=${d.name}
            @input=${(e: Event) => this.set({ name: this.value(e) })}
        /></label>
        <label class="field"
          >${this.t("editor.role")}
          <select
            data-test="field-role"
            @change=${(e: Event) => this.set({ role: this.value(e) as Role })}
          >
            ${ROLES.map(
              (role) =>
                html`<option value=${role} ?selected=${d.role === role}>
                  ${this.t(`role.${role}`)}
                </option>`,
            )}
          </select></label
        >
      </div>
      ${this.renderDoors()}
      <fieldset>
        <legend>${this.t("editor.when")}</legend>
        <div class="grid">
          <label class="field"
            >${this.t("editor.valid_from")}
            <input
              type="datetime-local"
              data-test="field-valid-from"
              .value=${d.validFrom}
              @change=${(e: Event) => this.set({ validFrom: this.value(e) })}
          /></label>
          <label class="field"
            >${this.t("editor.valid_until")}
            <input
              type="datetime-local"
              data-test="field-valid-until"
              .value=${d.validUntil}
              @change=${(e: Event) => this.set({ validUntil: this.value(e) })}
          /></label>
          <label class="field"
            >${this.t("editor.max_uses")}
            <input
              type="number"
              min="1"
              step="1"
              inputmode="numeric"
              data-test="field-max-uses"
              placeholder=${this.t("editor.no_limit")}
              .value=${d.maxUses}
              @input=${(e: Event) => this.set({ maxUses: this.value(e) })}
          /></label>
        </div>
        <span class="hint">${this.t("editor.weekly")}</span>
        <hk-weekly-editor
          .hass=${this.hass}
          .windows=${d.weekly}
          @windows-changed=${(e: CustomEvent<WeeklyWindow[]>) => this.set({ weekly: e.detail })}
        ></hk-weekly-editor>
      </fieldset>
      ${this.renderPin()}
      <fieldset data-test="authenticator">
        <legend>${this.t("authenticator.title")}</legend>
        ${this.person
          ? html`<hk-authenticator .hass=${this.hass} .api=${this.api} .person=${this.person}></hk-authenticator>`
          : html`<span class="hint">${this.t("authenticator.after_saving")}</span>`}
      </fieldset>
      <div class="actions">
        <button type="button" data-test="cancel" @click=${() => this.emit("cancelled")}>
          ${this.t("common.cancel")}
        </button>
        <button type="submit" class="primary" data-test="save" ?disabled=${this.saving}>
          ${this.saving ? this.t("common.saving") : this.t("common.save")}
        </button>
      </div>
    </form>`;
  }
}

/** The form's values, as the inputs hold them. */
interface Draft {
  name: string;
  role: Role;
  allDoors: boolean;
  doors: string[];
  validFrom: string;
  validUntil: string;
  maxUses: string;
  weekly: WeeklyWindow[];
  pinMode: PinMode;
  pin: string;
  duress: string;
}

function emptyDraft(adopt: Adoption | null = null): Draft {
  return {
    name: "",
    role: "resident",
    allDoors: adopt === null,
    doors: adopt ? [adopt.lock] : [],
    validFrom: "",
    validUntil: "",
    maxUses: "",
    weekly: [],
    pinMode: "generate",
    pin: "",
    duress: "",
  };
}

function draftOf(hass: HkElement["hass"], person: Person): Draft {
  return {
    name: person.name,
    role: person.role,
    allDoors: person.locks === null,
    doors: person.locks ?? [],
    validFrom: toLocalInput(hass, person.valid_from),
    validUntil: toLocalInput(hass, person.valid_until),
    maxUses: person.max_uses === null ? "" : String(person.max_uses),
    weekly: person.weekly.map((w) => ({ ...w, days: [...w.days] })),
    pinMode: "keep",
    pin: "",
    duress: "",
  };
}

customElements.define("hk-person-editor", HkPersonEditor);
