/**
 * A person's authenticator app, in the person editor: enrol (the QR code, the otpauth URI
 * and the secret are shown once, from the command's answer, and forgotten when dismissed),
 * enrol again and remove, each of the last two asked first. Every button acts at once,
 * apart from the editor's Save.
 */
import { css, html, type PropertyValues } from "lit";
import { errorMessage, type Api } from "./api.js";
import { HkElement } from "./base.js";
import { shared } from "./styles.js";
import type { Enrolment, Person } from "./types.js";

type Phase = "idle" | "confirm-enrol" | "confirm-remove" | "working" | "shown";

export class HkAuthenticator extends HkElement {
  static override properties = {
    api: { attribute: false },
    person: { attribute: false },
    enrolled: { state: true },
    phase: { state: true },
    enrolment: { state: true },
    copied: { state: true },
    error: { state: true },
  };

  declare api: Api;
  declare person: Person;
  /** whether the person has an authenticator: the person's view, then what this element did */
  declare enrolled: boolean;
  declare phase: Phase;
  /** the enrolment being shown: held only until it is dismissed */
  declare enrolment: Enrolment | null;
  declare copied: "" | "secret" | "uri";
  declare error: string;

  constructor() {
    super();
    this.enrolled = false;
    this.phase = "idle";
    this.enrolment = null;
    this.copied = "";
    this.error = "";
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .shown {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 12px 16px;
        align-items: start;
      }
      .qr {
        /* a light quiet zone in dark themes too: apps read dark modules on light */
        background: #fff;
        border-radius: 8px;
        padding: 4px;
        max-width: 100%;
        image-rendering: pixelated;
      }
      .details {
        display: flex;
        flex-direction: column;
        gap: 8px;
        min-width: 0;
      }
      code {
        display: block;
        font-family: var(--ha-font-family-code, monospace);
        word-break: break-all;
        padding: 6px 8px;
        border-radius: 6px;
        background: var(--secondary-background-color, var(--primary-background-color));
        user-select: all;
      }
      .secret {
        font-size: 1.1rem;
        letter-spacing: 0.08em;
      }
      .secret span {
        display: inline-block;
        margin-inline-end: 0.6em;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      @media (max-width: 600px) {
        .shown {
          grid-template-columns: 1fr;
          justify-items: center;
        }
        .details {
          width: 100%;
        }
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("person")) {
      this.enrolled = this.person.has_authenticator;
      this.phase = "idle";
      this.enrolment = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Keyboard users land on the safe choice of a question and on the shown enrolment
    // (which scrolls into view once its QR code has its size: see `shownLoaded`).
    if (changed.has("phase")) {
      const focus = this.renderRoot.querySelector<HTMLElement>("[data-focus]");
      focus?.focus({ preventScroll: true });
      if (this.phase !== "shown") focus?.scrollIntoView({ block: "nearest" });
    }
  }

  private async enrol(): Promise<void> {
    this.phase = "working";
    this.error = "";
    try {
      this.enrolment = await this.api.enrolAuthenticator(this.person.person_id);
      this.enrolled = true;
      this.copied = "";
      this.phase = "shown";
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = "idle";
    }
  }

  private async unenrol(): Promise<void> {
    this.phase = "working";
    this.error = "";
    try {
      await this.api.removeAuthenticator(this.person.person_id);
      this.enrolled = false;
    } catch (err) {
      this.error = errorMessage(err);
    }
    this.phase = "idle";
  }

  private async copy(what: "secret" | "uri"): Promise<void> {
    const text = this.enrolment?.[what] ?? "";
    if (await this.copyText(text, `[data-test='otp-${what}']`)) this.copied = what;
  }

  /** Show the enrolment from its top, the QR code first, once the image has its size. */
  private shownLoaded(): void {
    this.scrollIntoView({ block: "start" });
  }

  /** Forget the enrolment: it is not shown again. */
  private dismiss(): void {
    this.enrolment = null;
    this.phase = "idle";
  }

  private renderShown(enrolment: Enrolment) {
    const name = this.person.name;
    return html`<p>${this.t("authenticator.scan", { name })}</p>
      <div class="shown">
        <img
          class="qr"
          data-test="otp-qr"
          src=${enrolment.qr_code}
          alt=${this.t("authenticator.qr_alt", { name })}
          @load=${this.shownLoaded}
        />
        <div class="details">
          <span class="hint">${this.t("authenticator.secret")}</span>
          <code class="secret" data-test="otp-secret"
            >${groups(enrolment.secret).map((group) => html`<span>${group}</span>`)}</code
          >
          <span class="hint">${this.t("authenticator.uri")}</span>
          <code data-test="otp-uri">${enrolment.uri}</code>
        </div>
      </div>
      <p class="hint" role="note">${this.t("authenticator.not_again")}</p>
      <div class="actions">
        <button type="button" data-test="copy-secret" data-focus @click=${() => this.copy("secret")}>
          ${this.copied === "secret" ? this.t("editor.copied") : this.t("authenticator.copy_secret")}
        </button>
        <button type="button" data-test="copy-uri" @click=${() => this.copy("uri")}>
          ${this.copied === "uri" ? this.t("editor.copied") : this.t("authenticator.copy_uri")}
        </button>
        <span class="spacer"></span>
        <button type="button" class="primary" data-test="otp-done" @click=${this.dismiss}>
          ${this.t("common.done")}
        </button>
      </div>`;
  }

  private renderQuestion(remove: boolean) {
    const name = this.person.name;
    return html`<p role="alert">
        ${remove
          ? this.t("authenticator.remove_confirm", { name })
          : this.t("authenticator.enrol_again_confirm", { name })}
      </p>
      <div class="actions">
        <button type="button" data-test="otp-cancel" data-focus @click=${() => (this.phase = "idle")}>
          ${this.t("common.cancel")}
        </button>
        <button
          type="button"
          class="danger primary"
          data-test="otp-confirm"
          @click=${remove ? this.unenrol : this.enrol}
        >
          ${remove ? this.t("authenticator.remove") : this.t("authenticator.enrol_again")}
        </button>
      </div>`;
  }

  private renderIdle() {
    const working = this.phase === "working";
    return html`<p class="row">
        <span class="chip ${this.enrolled ? "good" : ""}" data-test="otp-state"
          >${this.enrolled ? this.t("authenticator.enrolled") : this.t("authenticator.not_enrolled")}</span
        >
      </p>
      <p class="hint">
        ${this.enrolled ? this.t("authenticator.enrolled_hint") : this.t("authenticator.not_enrolled_hint")}
      </p>
      <div class="actions">
        ${this.enrolled
          ? html`<button
                type="button"
                data-test="otp-enrol-again"
                ?disabled=${working}
                @click=${() => (this.phase = "confirm-enrol")}
              >
                ${this.t("authenticator.enrol_again")}
              </button>
              <button
                type="button"
                class="danger"
                data-test="otp-remove"
                ?disabled=${working}
                @click=${() => (this.phase = "confirm-remove")}
              >
                ${this.t("authenticator.remove")}
              </button>`
          : html`<button type="button" data-test="otp-enrol" ?disabled=${working} @click=${this.enrol}>
              ${working ? this.t("common.saving") : this.t("authenticator.enrol")}
            </button>`}
      </div>`;
  }

  protected override render() {
    const error = this.error
      ? html`<div class="error" role="alert" data-test="otp-error">${this.error}</div>`
      : "";
    if (this.phase === "shown" && this.enrolment) return html`${error}${this.renderShown(this.enrolment)}`;
    if (this.phase === "confirm-enrol" || this.phase === "confirm-remove") {
      return html`${error}${this.renderQuestion(this.phase === "confirm-remove")}`;
    }
    return html`${error}${this.renderIdle()}`;
  }
}

/** The secret in groups of four, as it is read out and typed (copied, it has no spaces). */
function groups(secret: string): string[] {
  return secret.match(/.{1,4}/g) ?? [secret];
}

customElements.define("hk-authenticator", HkAuthenticator);
