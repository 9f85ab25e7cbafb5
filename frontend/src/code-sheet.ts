/**
 * The printed code book: a plain page with the household, the person, their doors and each
 * code with its window, and none of Home Assistant's or the panel's chrome.
 *
 * Home Assistant's sidebar and toolbars live in shadow roots the panel cannot style, so the
 * sheet is not printed from inside the panel: while a book's codes are shown, this element
 * sits directly in <body> (hidden on screen), and a document-wide print stylesheet hides
 * everything else. It is removed, codes and all, when the book is closed.
 */
import { css, html, unsafeCSS } from "lit";
import { HkElement } from "./base.js";
import { bookWindow, formatMoment } from "./format.js";
import type { BookCode } from "./types.js";

const TAG = "hk-code-sheet";
/**
 * More codes than this print in two columns of smaller lines: four weeks of daily codes
 * print large, and the largest book (100 codes) still fits one A4 or Letter page.
 */
const ONE_COLUMN = 31;

/** The document-wide part: on paper, only the sheet. Adopted while a sheet is in the page. */
const PRINT_PAGE = css`
  @media print {
    @page {
      margin: 12mm;
    }
    html,
    body {
      height: auto !important;
      overflow: visible !important;
      background: #fff !important;
    }
    body > :not(${unsafeCSS(TAG)}) {
      display: none !important;
    }
  }
`.styleSheet;

export class HkCodeSheet extends HkElement {
  static override properties = {
    household: {},
    person: {},
    doors: { attribute: false },
    codes: { attribute: false },
  };

  declare household: string;
  declare person: string;
  /** the names of the doors the person may open */
  declare doors: string[];
  declare codes: BookCode[];

  constructor() {
    super();
    this.household = "";
    this.person = "";
    this.doors = [];
    this.codes = [];
  }

  static override styles = css`
    :host {
      display: none;
    }
    @media print {
      :host {
        display: block;
        color: #000;
        background: #fff;
        font: 11pt/1.4 var(--ha-font-family-body, Roboto, "DejaVu Sans", sans-serif);
      }
    }
    h1 {
      font-size: 18pt;
      font-weight: 600;
      margin: 0;
    }
    h2 {
      font-size: 14pt;
      font-weight: 500;
      margin: 2pt 0 10pt;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2pt 10pt;
      margin: 0 0 10pt;
    }
    dt {
      color: #444;
    }
    dd {
      margin: 0;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      border-top: 1pt solid #999;
    }
    .dense dl {
      display: flex;
      flex-wrap: wrap;
      gap: 0 6pt;
      font-size: 9pt;
    }
    .dense dd {
      margin-inline-end: 10pt;
    }
    .dense ol {
      column-count: 2;
      column-gap: 10mm;
    }
    .dense li {
      font-size: 8.5pt;
      line-height: 1.15;
      padding: 0.6pt 0;
      gap: 6pt;
    }
    .dense .code {
      font-size: 9.5pt;
    }
    li {
      display: grid;
      grid-template-columns: 2.2em max-content 1fr;
      gap: 10pt;
      align-items: baseline;
      padding: 3pt 0;
      border-bottom: 0.5pt solid #bbb;
      break-inside: avoid;
    }
    .number {
      color: #666;
      text-align: end;
    }
    .code {
      font: 600 13pt/1 "DejaVu Sans Mono", monospace;
      letter-spacing: 0.12em;
    }
    p {
      margin: 10pt 0 0;
      color: #333;
      font-size: 9.5pt;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    if (PRINT_PAGE && !document.adoptedStyleSheets.includes(PRINT_PAGE)) {
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, PRINT_PAGE];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== PRINT_PAGE);
  }

  protected override render() {
    const now = new Date().toISOString();
    return html`<div class=${this.codes.length > ONE_COLUMN ? "dense" : ""}>
      <h1>${this.household}</h1>
      <h2>${this.t("book.sheet_title", { name: this.person })}</h2>
      <dl>
        <dt>${this.t("book.sheet_doors")}</dt>
        <dd>${this.doors.join(", ")}</dd>
        <dt>${this.t("book.sheet_zone")}</dt>
        <dd>${this.hass.config.time_zone}</dd>
        <dt>${this.t("book.sheet_printed")}</dt>
        <dd>${formatMoment(this.hass, now)}</dd>
      </dl>
      <ol>
        ${this.codes.map((code, index) => {
          const window = bookWindow(this.hass, code.valid_from, code.valid_until);
          return html`<li>
            <span class="number">${index + 1}</span>
            <span class="code">${code.code}</span>
            <span>${this.t(window.key, window.values)}</span>
          </li>`;
        })}
      </ol>
      <p>${this.t("book.sheet_note")}</p>
    </div>`;
  }
}

customElements.define(TAG, HkCodeSheet);

/** Put a sheet directly in the document's body, for printing; the caller removes it. */
export function mountSheet(): HkCodeSheet {
  const sheet = document.createElement(TAG) as HkCodeSheet;
  document.body.append(sheet);
  return sheet;
}
