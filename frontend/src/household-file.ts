/**
 * The household file in the panel: export it (a passphrase typed twice, then a download) or
 * import one (a file and its passphrase, after a warning), as the export_household and
 * import_household actions do with files on the server.
 */
import { css, html } from "lit";
import { errorMessage, type Api } from "./api.js";
import { AuditApi } from "./audit-api.js";
import { HkElement } from "./base.js";
import "./dialog.js";
import { shared } from "./styles.js";

/** the shortest passphrase the backend takes (MIN_PASSPHRASE_LENGTH) */
const MIN_PASSPHRASE = 12;
type Mode = "" | "export" | "import";

export class HkHouseholdFile extends HkElement {
  static override properties = {
    api: { attribute: false },
    mode: { state: true },
    passphrase: { state: true },
    again: { state: true },
    file: { state: true },
    working: { state: true },
    error: { state: true },
    done: { state: true },
  };

  declare api: Api;
  declare mode: Mode;
  declare passphrase: string;
  declare again: string;
  declare file: File | null;
  declare working: boolean;
  declare error: string;
  declare done: string;

  constructor() {
    super();
    this.mode = "";
    this.passphrase = "";
    this.again = "";
    this.file = null;
    this.working = false;
    this.error = "";
    this.done = "";
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .hint {
        font-size: 0.85rem;
        margin: 0;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
    `,
  ];

  private open(mode: Mode): void {
    this.mode = mode;
    this.passphrase = "";
    this.again = "";
    this.file = null;
    this.error = "";
    this.done = "";
  }

  private close(): void {
    this.mode = "";
    this.passphrase = "";
    this.again = "";
  }

  /** What keeps the form from being sent, said before asking the backend. */
  private problem(): string {
    if (this.passphrase.length < MIN_PASSPHRASE) return this.t("household.too_short", { min: MIN_PASSPHRASE });
    if (this.mode === "export" && this.again !== this.passphrase) return this.t("household.mismatch");
    if (this.mode === "import" && !this.file) return this.t("household.no_file");
    return "";
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.error = this.problem();
    if (this.error) return;
    const audit = new AuditApi(this.hass, this.api);
    this.working = true;
    try {
      if (this.mode === "export") {
        const name = await audit.exportHousehold(this.passphrase);
        this.done = this.t("household.downloaded", { name });
      } else if (this.file) {
        const count = await audit.importHousehold(this.file, this.passphrase);
        this.done = this.t("household.imported", { count });
      }
      this.close();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.working = false;
    }
  }

  private passphraseField(test: string, label: string, value: string, set: (v: string) => void) {
    return html`<label class="field"
      >${label}
      <input
        type="password"
        data-test=${test}
        autocomplete=${this.mode === "export" ? "new-password" : "current-password"}
        minlength=${MIN_PASSPHRASE}
        required
        .value=${value}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
    /></label>`;
  }

  private renderForm() {
    const exporting = this.mode === "export";
    return html`<form data-test="household-form" @submit=${(e: Event) => this.submit(e)}>
      ${exporting
        ? ""
        : html`<p class="hint">${this.t("household.import_warning")}</p>
            <label class="field"
              >${this.t("household.file")}
              <input
                type="file"
                accept=".hke"
                data-test="household-file"
                required
                @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
            /></label>`}
      ${this.passphraseField("household-passphrase", this.t("household.passphrase"), this.passphrase, (v) => (this.passphrase = v))}
      ${exporting
        ? html`${this.passphraseField("household-again", this.t("household.passphrase_again"), this.again, (v) => (this.again = v))}
            <p class="hint muted">${this.t("household.passphrase_hint", { min: MIN_PASSPHRASE })}</p>`
        : ""}
      ${this.error ? html`<div class="error" role="alert" data-test="household-error">${this.error}</div>` : ""}
      <div class="actions">
        <button type="button" data-test="cancel" @click=${() => this.close()}>${this.t("common.cancel")}</button>
        <button type="submit" class=${exporting ? "primary" : "primary danger"} data-test="household-submit" ?disabled=${this.working}>
          ${this.working ? this.t("household.working") : exporting ? this.t("household.download") : this.t("household.import_confirm")}
        </button>
      </div>
    </form>`;
  }

  protected override render() {
    return html`<h3>${this.t("household.title")}</h3>
      <p class="hint muted">${this.t("household.hint")}</p>
      <div class="row">
        <button data-test="household-export" @click=${() => this.open("export")}>${this.t("household.export")}</button>
        <button data-test="household-import" @click=${() => this.open("import")}>${this.t("household.import")}</button>
      </div>
      <div role="status" aria-live="polite">
        ${this.done ? html`<span class="chip good" data-test="household-done">${this.done}</span>` : ""}
      </div>
      <hk-dialog
        .hass=${this.hass}
        ?open=${this.mode !== ""}
        .heading=${this.mode === "import" ? this.t("household.import_title") : this.t("household.export_title")}
        @closed=${() => this.close()}
      >
        ${this.mode ? this.renderForm() : ""}
      </hk-dialog>`;
  }
}

customElements.define("hk-household-file", HkHouseholdFile);
