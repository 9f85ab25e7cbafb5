/**
 * Offboarding: a confirmation, then each door's progress until its codes are removed. The
 * command waits for the doors; meanwhile the subscription's pushes refresh each door's
 * sync state, which says why a door is still pending.
 */
import { css, html } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { shared, tone } from "./styles.js";
import type { Door, Person, Removal } from "./types.js";

type Phase = "confirm" | "running" | "done";

export class HkOffboard extends HkElement {
  static override properties = {
    api: { attribute: false },
    person: { attribute: false },
    doors: { attribute: false },
    phase: { state: true },
    result: { state: true },
    error: { state: true },
  };

  declare api: Api;
  declare person: Person;
  declare doors: Door[];
  declare phase: Phase;
  declare result: Record<string, Removal>;
  declare error: string;

  constructor() {
    super();
    this.doors = [];
    this.phase = "confirm";
    this.result = {};
    this.error = "";
  }

  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 12px 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        padding: 8px 12px;
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
      .why {
        width: 100%;
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
    `,
  ];

  /** The doors the person had codes on. */
  private get affected(): Door[] {
    const locks = this.person.locks;
    return locks === null ? this.doors : this.doors.filter((d) => locks.includes(d.entity_id));
  }

  private async run(): Promise<void> {
    this.phase = "running";
    this.error = "";
    try {
      this.result = (await this.api.offboard(this.person.person_id)).locks;
      this.phase = "done";
      this.emit("offboarded", this.person.person_id);
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = "confirm";
    }
  }

  private renderDoor(door: Door) {
    const state: Removal = this.result[door.entity_id] ?? "pending";
    const waiting = state !== "removed";
    const why =
      waiting && this.phase === "done"
        ? this.t("offboard.why", {
            state: this.t(`sync.${door.sync_state}`),
            pending: door.pending_changes,
          })
        : "";
    const label =
      this.phase === "running" ? this.t("offboard.removing") : this.t(`removal.${state}`);
    return html`<li data-test="progress-${door.entity_id}" data-state=${state}>
      <strong>${door.name}</strong>
      <span class="spacer"></span>
      ${this.phase === "running"
        ? html`<span class="chip ${tone(door.sync_state)}">${this.t(`sync.${door.sync_state}`)}</span>`
        : ""}
      <span class="chip ${this.phase === "running" ? "warn" : tone(state)}">${label}</span>
      ${why ? html`<span class="why">${why}</span>` : ""}
    </li>`;
  }

  protected override render() {
    const name = this.person.name;
    const pending = this.affected.filter((d) => this.result[d.entity_id] !== "removed");
    return html`${this.phase === "confirm"
        ? html`<p>${this.t("offboard.confirm", { name })}</p>`
        : this.phase === "running"
          ? html`<p aria-live="polite">${this.t("offboard.running", { name })}</p>`
          : html`<p aria-live="polite" data-test="offboard-summary">
              ${pending.length
                ? this.t("offboard.still_pending", { count: pending.length })
                : this.t("offboard.done", { name })}
            </p>`}
      ${this.error ? html`<div class="error" role="alert" data-test="form-error">${this.error}</div>` : ""}
      ${this.phase === "confirm" ? "" : html`<ul>${this.affected.map((d) => this.renderDoor(d))}</ul>`}
      <div class="actions">
        ${this.phase === "confirm"
          ? html`<button data-test="cancel" autofocus @click=${() => this.emit("cancelled")}>
                ${this.t("common.cancel")}
              </button>
              <button class="danger primary" data-test="offboard-confirm" @click=${this.run}>
                ${this.t("offboard.action")}
              </button>`
          : html`<button
              class="primary"
              data-test="offboard-close"
              ?disabled=${this.phase === "running"}
              @click=${() => this.emit("cancelled")}
            >
              ${this.t("common.close")}
            </button>`}
      </div>`;
  }
}

customElements.define("hk-offboard", HkOffboard);
