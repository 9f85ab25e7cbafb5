/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (so
 * Tab stays inside), Escape closes it, and focus returns to where it was.
 */
import { css, html, type PropertyValues } from "lit";
import { HkElement } from "./base.js";
import { shared } from "./styles.js";

const FOCUSABLE = "button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";

function deepActive(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

export class HkDialog extends HkElement {
  static override properties = {
    open: { type: Boolean },
    heading: {},
    wide: { type: Boolean },
  };

  declare open: boolean;
  declare heading: string;
  declare wide: boolean;
  private returnFocus: HTMLElement | null = null;

  constructor() {
    super();
    this.open = false;
    this.heading = "";
    this.wide = false;
  }

  static override styles = [
    shared,
    css`
      dialog {
        border: none;
        padding: 0;
        border-radius: var(--ha-dialog-border-radius, 24px);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color);
        width: min(480px, calc(100vw - 24px));
        max-height: calc(100vh - 48px);
        box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
      }
      dialog.wide {
        width: min(760px, calc(100vw - 24px));
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 20px 24px 8px;
      }
      header h2 {
        flex: 1;
        margin: 0;
      }
      .close {
        border: none;
        font-size: 1.4rem;
        line-height: 1;
        padding: 4px 10px;
        color: var(--secondary-text-color);
      }
      .body {
        padding: 8px 24px 24px;
      }
      @media (max-width: 600px) {
        dialog,
        dialog.wide {
          width: 100vw;
          max-width: 100vw;
          max-height: 100vh;
          height: 100%;
          border-radius: 0;
        }
      }
    `,
  ];

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector("dialog");
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.dialog;
    if (!changed.has("open") || !dialog) return;
    if (this.open && !dialog.open) {
      this.returnFocus = deepActive();
      dialog.showModal();
      void this.focusFirst();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  /** Focus the first `[autofocus]` or focusable element of the content, shadow roots included. */
  private async focusFirst(): Promise<void> {
    const slotted = this.renderRoot.querySelector("slot")?.assignedElements({ flatten: true }) ?? [];
    for (const element of slotted) {
      if (element instanceof HkElement) await element.updateComplete;
      const root = element.shadowRoot ?? element;
      const target =
        root.querySelector<HTMLElement>("[autofocus]") ??
        (element.matches(FOCUSABLE) ? (element as HTMLElement) : null) ??
        root.querySelector<HTMLElement>(FOCUSABLE);
      if (target) {
        target.focus();
        return;
      }
    }
  }

  /** Close on request (Escape, the close button): the owner decides by listening to `closed`. */
  private onCancel(event: Event): void {
    event.preventDefault();
    this.emit("closed");
  }

  private onClose(): void {
    this.returnFocus?.focus();
    this.returnFocus = null;
    if (this.open) this.emit("closed");
  }

  protected override render() {
    return html`<dialog
      class=${this.wide ? "wide" : ""}
      aria-labelledby="title"
      @cancel=${this.onCancel}
      @close=${this.onClose}
    >
      <header>
        <h2 id="title">${this.heading}</h2>
        <button
          class="close"
          data-test="dialog-close"
          aria-label=${this.t("common.close")}
          @click=${this.onCancel}
        >
          ×
        </button>
      </header>
      <div class="body"><slot></slot></div>
    </dialog>`;
  }
}

customElements.define("hk-dialog", HkDialog);
