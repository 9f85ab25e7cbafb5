/** The base of every panel element: it gets `hass` and looks its words up in the translations. */
import { LitElement, type PropertyDeclarations } from "lit";
import { translate, type Values } from "./strings.js";
import type { Hass } from "./types.js";

export class HkElement extends LitElement {
  static override properties: PropertyDeclarations = { hass: { attribute: false } };

  declare hass: Hass;

  protected t(key: string, values?: Values): string {
    return translate(this.hass, key, values);
  }

  /**
   * Copy text to the clipboard; where the page may not (no secure context), select the
   * element `shown` instead, for the user to copy. Return whether it was copied.
   */
  protected async copyText(text: string, shown: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const element = this.renderRoot.querySelector<HTMLElement>(shown);
      if (element) getSelection()?.selectAllChildren(element);
      return false;
    }
  }

  /** Fire an event that leaves this element's shadow root. */
  protected emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
