/**
 * A door's offline-readiness report: one line per test (opening, managing, record), each with
 * its verdict as an icon and the reason in words, and the facts behind it underneath.
 */
import { css, html } from "lit";
import { HkElement } from "./base.js";
import { formatMoment } from "./format.js";
import type { Readiness, ReadinessCheck, Verdict } from "./types.js";

const CHECKS: readonly ReadinessCheck[] = ["authentication", "management", "audit"];
const ICONS: Record<Verdict, string> = { pass: "✓", warn: "!", fail: "✕" };

export class HkReadiness extends HkElement {
  static override properties = { readiness: { attribute: false } };

  declare readiness: Readiness;

  static override styles = css`
    :host {
      display: block;
      border-top: 1px solid var(--divider-color);
      padding-top: 10px;
    }
    h4 {
      margin: 0 0 6px;
      font-size: 0.95rem;
      font-weight: 500;
    }
    .line {
      display: grid;
      grid-template-columns: 1.5em 5.5em 1fr;
      gap: 4px;
      align-items: baseline;
      margin: 4px 0;
    }
    .icon {
      display: inline-flex;
      justify-content: center;
      align-items: center;
      width: 1.3em;
      height: 1.3em;
      border-radius: 50%;
      font-size: 0.8rem;
      font-weight: 700;
      color: var(--text-primary-color, #fff);
    }
    .pass {
      background: var(--success-color, #43a047);
    }
    .warn {
      background: var(--warning-color, #ffa600);
    }
    .fail {
      background: var(--error-color, #db4437);
    }
    .check {
      font-weight: 500;
    }
    .facts {
      color: var(--secondary-text-color);
      font-size: 0.85rem;
      margin-top: 4px;
    }
  `;

  private reason(check: ReadinessCheck): string {
    const reason = this.readiness.reasons[check];
    return this.t(`readiness.reason.${reason}`, { count: this.readiness.hours_by_home_assistant });
  }

  private when(moment: string | null, found: string, none: string): string {
    return moment ? this.t(found, { when: formatMoment(this.hass, moment) }) : this.t(none);
  }

  private facts(): string[] {
    const r = this.readiness;
    const facts = [
      this.when(r.last_confirmed, "readiness.confirmed", "readiness.never_confirmed"),
      this.when(r.last_report, "readiness.last_report", "readiness.no_report"),
    ];
    if (r.methods.length) {
      facts.splice(1, 0, this.t("readiness.reports", { methods: r.methods.map((m) => this.t(`method.${m}`)).join(", ") }));
    }
    return facts;
  }

  protected override render() {
    const r = this.readiness;
    return html`<h4>${this.t("readiness.title")}</h4>
      ${CHECKS.map((check) => {
        const verdict = r.verdicts[check];
        return html`<div class="line" data-test="readiness-${check}" data-verdict=${verdict} data-reason=${r.reasons[check]}>
          <span class="icon ${verdict}" role="img" aria-label=${this.t(`readiness.verdict.${verdict}`)}>${ICONS[verdict]}</span>
          <span class="check">${this.t(`readiness.${check}`)}</span>
          <span>${this.reason(check)}</span>
        </div>`;
      })}
      <div class="facts">${this.facts().join(" · ")}</div>`;
  }
}

customElements.define("hk-readiness", HkReadiness);
