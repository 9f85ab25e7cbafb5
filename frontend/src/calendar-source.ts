/**
 * Which calendar event made a person: a line under their name, so an admin who sees a guest
 * they did not add knows where they came from (and which event to change to move or end them;
 * editing the person by hand is undone at the calendar's next change).
 */
import { css, html, nothing } from "lit";
import { HkElement } from "./base.js";
import { formatMoment } from "./format.js";
import type { CalendarSource } from "./types.js";

export class HkCalendarSource extends HkElement {
  static override properties = { source: { attribute: false } };

  declare source: CalendarSource | null;

  static override styles = css`
    :host {
      display: block;
      color: var(--secondary-text-color);
      font-size: 0.85rem;
    }
  `;

  protected override render() {
    const source = this.source;
    if (!source) return nothing;
    return html`<span data-test="calendar-source" data-calendar=${source.calendar}
      >${this.t("calendar.source", {
        calendar: source.calendar_name,
        title: source.title,
        start: formatMoment(this.hass, source.start),
        end: formatMoment(this.hass, source.end),
      })}</span
    >`;
  }
}

customElements.define("hk-calendar-source", HkCalendarSource);
