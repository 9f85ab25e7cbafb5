/** Doors: each lock's sync, its slots, its last access, and the foreign codes found on it. */
import { css, html } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import "./dialog.js";
import type { Adoption } from "./person-editor.js";
import "./person-editor.js";
import "./readiness-block.js";
import { formatMoment } from "./format.js";
import { shared, tone } from "./styles.js";
import type { Door } from "./types.js";

export class HkDoorsView extends HkElement {
  static override properties = {
    api: { attribute: false },
    doors: { attribute: false },
    adopting: { state: true },
    clearing: { state: true },
    clearSlots: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare api: Api;
  declare doors: Door[];
  declare adopting: Adoption | null;
  declare clearing: Door | null;
  /** the slots the clear dialog is about: undefined for every foreign code */
  declare clearSlots: number[] | undefined;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.doors = [];
    this.adopting = null;
    this.clearing = null;
    this.error = "";
    this.busy = false;
  }

  static override styles = [
    shared,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
        gap: 16px;
      }
      .card {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 8px;
        text-align: center;
      }
      .count {
        border-radius: 8px;
        padding: 8px 4px;
        background: var(--secondary-background-color, var(--primary-background-color));
      }
      .count strong {
        display: block;
        font-size: 1.4rem;
      }
      .count.foreign strong {
        color: var(--warning-color, #ffa600);
      }
      .foreign-list {
        display: flex;
        flex-direction: column;
        gap: 8px;
        border-top: 1px solid var(--divider-color);
        padding-top: 10px;
      }
      .alert {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
        margin-top: 12px;
      }
    `,
  ];

  private lastAccess(door: Door): string {
    const last = door.last_access;
    if (!last) return this.t("doors.never");
    return this.t("doors.last_access", {
      when: formatMoment(this.hass, last.at),
      name: last.person_name ?? this.t("doors.unknown_person"),
      outcome: this.t(`outcome.${last.outcome}`),
      method: this.t(`method.${last.method}`),
    });
  }

  private async clear(): Promise<void> {
    const door = this.clearing;
    if (!door) return;
    this.busy = true;
    this.error = "";
    try {
      await this.api.clearForeign(door.entity_id, this.clearSlots);
      this.clearing = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  /** The door's open repairs; its foreign codes have a section of their own. */
  private shownAlerts(door: Door): string[] {
    return door.alerts.filter((kind) => !(kind === "foreign_code" && door.foreign.length));
  }

  private askClear(door: Door, slots?: number[]): void {
    this.error = "";
    this.clearSlots = slots;
    this.clearing = door;
  }

  private renderForeign(door: Door) {
    if (!door.foreign_slots) return "";
    const slots = door.foreign;
    return html`<div class="foreign-list" data-test="foreign-${door.entity_id}">
      <span class="alert">${this.t("doors.foreign_found", { count: door.foreign_slots })}</span>
      ${slots.map(
        (slot) => html`<div class="row" data-test="foreign-slot" data-slot=${slot}>
          <span>${this.t("doors.slot", { slot })}</span>
          <span class="spacer"></span>
          <button
            data-test="adopt-${door.entity_id}-${slot}"
            @click=${() => (this.adopting = { lock: door.entity_id, slot })}
          >
            ${this.t("doors.adopt")}
          </button>
          <button
            class="danger"
            data-test="clear-${door.entity_id}-${slot}"
            aria-label=${this.t("doors.clear_slot", { slot })}
            @click=${() => this.askClear(door, [slot])}
          >
            ${this.t("doors.clear")}
          </button>
        </div>`,
      )}
      <div class="row">
        <span class="muted">${this.t("doors.clear_hint")}</span>
        <span class="spacer"></span>
        <button class="danger" data-test="clear-${door.entity_id}" @click=${() => this.askClear(door)}>
          ${this.t("doors.clear_all")}
        </button>
      </div>
    </div>`;
  }

  private renderDoor(door: Door) {
    return html`<section class="card" data-test="door" data-door=${door.entity_id} aria-label=${door.name}>
      <div class="row">
        <h3>${door.name}</h3>
        <span class="spacer"></span>
        <span class="chip ${tone(door.sync_state)}" data-test="sync-state">${this.t(`sync.${door.sync_state}`)}</span>
      </div>
      <div class="row muted">
        <span class="chip">${this.t(`backend.${door.backend}`)}</span>
        <span>${door.entity_id}</span>
      </div>
      <div class="counts">
        <div class="count"><strong>${door.managed_slots}</strong>${this.t("doors.managed")}</div>
        <div class="count"><strong>${door.free_slots ?? "–"}</strong>${this.t("doors.free")}</div>
        <div class="count ${door.foreign_slots ? "foreign" : ""}"><strong>${door.foreign_slots}</strong>${this.t("doors.foreign")}</div>
      </div>
      <div>
        ${door.pending_changes
          ? html`<span class="chip warn">${this.t("doors.pending", { count: door.pending_changes })}</span>`
          : html`<span class="muted">${this.t("doors.nothing_pending")}</span>`}
      </div>
      <div class="muted" data-test="enforcement" data-mode=${door.enforcement}>
        ${this.t(`doors.enforcement_${door.enforcement}`)}
        ${door.fallback.length
          ? html`<div class="alert">${this.t("doors.fallback", { count: door.fallback.length })}</div>`
          : ""}
      </div>
      <div class="muted">${this.lastAccess(door)}</div>
      ${this.shownAlerts(door).map(
        (kind) => html`<div class="alert" role="status" data-test="alert-${kind}">${this.t(`alert.${kind}`)}</div>`,
      )}
      ${this.renderForeign(door)}
      <hk-readiness .hass=${this.hass} .readiness=${door.readiness} data-test="readiness"></hk-readiness>
    </section>`;
  }

  protected override render() {
    const clearing = this.clearing;
    return html`<h2>${this.t("doors.title")}</h2>
      ${this.error && !clearing ? html`<div class="error" role="alert">${this.error}</div>` : ""}
      ${this.doors.length
        ? html`<div class="grid">${this.doors.map((d) => this.renderDoor(d))}</div>`
        : html`<div class="card empty">${this.t("doors.empty")}</div>`}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${this.adopting !== null}
        .heading=${this.t("doors.adopt_title")}
        @closed=${() => (this.adopting = null)}
      >
        ${this.adopting
          ? html`<hk-person-editor
              .hass=${this.hass}
              .api=${this.api}
              .doors=${this.doors}
              .adopt=${this.adopting}
              @saved=${() => (this.adopting = null)}
              @cancelled=${() => (this.adopting = null)}
            ></hk-person-editor>`
          : ""}
      </hk-dialog>
      <hk-dialog
        .hass=${this.hass}
        ?open=${clearing !== null}
        .heading=${this.t("doors.clear_title", { name: clearing?.name ?? "" })}
        @closed=${() => (this.clearing = null)}
      >
        ${clearing
          ? html`<div>
              <p>
                ${this.clearSlots
                  ? this.t("doors.clear_slot_confirm", { slot: this.clearSlots.join(", "), name: clearing.name })
                  : this.t("doors.clear_confirm", { count: clearing.foreign_slots, name: clearing.name })}
              </p>
              ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
              <div class="actions">
                <button data-test="cancel" autofocus @click=${() => (this.clearing = null)}>
                  ${this.t("common.cancel")}
                </button>
                <button class="danger primary" data-test="clear-confirm" ?disabled=${this.busy} @click=${this.clear}>
                  ${this.t("doors.clear")}
                </button>
              </div>
            </div>`
          : ""}
      </hk-dialog>`;
  }
}

customElements.define("hk-doors-view", HkDoorsView);
