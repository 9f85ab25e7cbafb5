/**
 * Audit: the journal's records, newest first, a page at a time, filtered; gaps shown as gaps
 * (Home Assistant down, a lock out of reach) and what a lock's own log gave back marked as
 * recovered; Verify checks the whole chain; Export downloads a period as CSV or JSON.
 */
import { css, html, type PropertyValues } from "lit";
import { errorMessage } from "./api.js";
import {
  AuditApi,
  KIND_GROUPS,
  type ExportFormat,
  type JournalRecord,
  type KindGroup,
  type RecordFilter,
  type Verdict,
} from "./audit-api.js";
import "./household-file.js";
import { DAY_MS, dateField, HkListView, listStyles, PERIODS, selectField, table, type Period } from "./list-view.js";
import { formatMoment, toLocalInput } from "./format.js";
import { shared, tone } from "./styles.js";

const PAGE = 50;
/** the journal's own records, shown as the gaps they tell of */
const GAP_KINDS = new Set(["gap", "unreachable", "recovery", "stop", "checkpoint"]);

function text(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

export class AuditView extends HkListView<JournalRecord> {
  static override properties = {
    next: { state: true },
    kind: { state: true },
    verdict: { state: true },
    verifying: { state: true },
    exportFrom: { state: true },
    exportTo: { state: true },
    format: { state: true },
    exporting: { state: true },
    exported: { state: true },
    exportError: { state: true },
    users: { state: true },
  };

  /** the seq the next (older) page starts below; null: the last page is shown */
  declare next: number | null;
  declare kind: "" | KindGroup;
  declare verdict: Verdict | null;
  declare verifying: boolean;
  declare exportFrom: string;
  declare exportTo: string;
  declare format: ExportFormat;
  declare exporting: boolean;
  declare exported: string;
  declare exportError: string;
  /** Home Assistant's users by id: who made an admin change */
  declare users: Map<string, string>;

  constructor() {
    super("all");
    this.next = null;
    this.kind = "";
    this.verdict = null;
    this.verifying = false;
    this.exportFrom = "";
    this.exportTo = "";
    this.format = "csv";
    this.exporting = false;
    this.exported = "";
    this.exportError = "";
    this.users = new Map();
  }

  static override styles = [
    shared,
    listStyles,
    css`
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        margin-bottom: 16px;
        align-items: start;
      }
      .tools > .card {
        flex: 1 1 320px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .tools form .row {
        align-items: end;
      }
      .verdict {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .verdict .chip {
        white-space: normal;
      }
      .hint {
        font-size: 0.85rem;
        margin: 0;
      }
      tr.gap td,
      .cards .card.gap {
        background: color-mix(in srgb, var(--warning-color, #ffa600) 10%, transparent);
      }
      tr.gap td:first-child,
      .cards .card.gap {
        border-inline-start: 4px dashed var(--warning-color, #ffa600);
      }
      tr.bad td {
        background: color-mix(in srgb, var(--error-color, #db4437) 12%, transparent);
      }
      td.seq {
        color: var(--secondary-text-color);
        font-variant-numeric: tabular-nums;
      }
      .more {
        display: flex;
        justify-content: center;
        align-items: center;
        gap: 12px;
        margin-top: 12px;
      }
    `,
  ];

  private get audit(): AuditApi {
    return new AuditApi(this.hass, this.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.exportTo) {
      this.exportFrom = toLocalInput(this.hass, new Date(Date.now() - 30 * DAY_MS).toISOString());
      this.exportTo = toLocalInput(this.hass, new Date(Date.now() + 60_000).toISOString());
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ["api", "generation", "kind", "person", "door", "period", "from", "to"] as const;
    if (this.api && keys.some((key) => changed.has(key))) void this.load();
    if (changed.has("api") && this.api) void this.loadUsers();
  }

  private filter(): RecordFilter {
    return {
      ...(this.kind ? { kinds: [this.kind] } : {}),
      ...(this.person ? { person: this.person } : {}),
      ...(this.door ? { lock: this.door } : {}),
      ...this.range(),
    };
  }

  /** Load the first page again, or (`more`) the page after the last one shown. */
  private async load(more = false): Promise<void> {
    const before = more ? (this.next ?? undefined) : undefined;
    await this.ask(
      () => this.audit.records(this.filter(), before, PAGE),
      (page) => {
        this.rows = more ? [...this.rows, ...page.records] : page.records;
        this.next = page.next_before;
      },
    );
  }

  private async loadUsers(): Promise<void> {
    try {
      const users = await this.audit.users();
      this.users = new Map(users.map((u) => [u.id, u.name]));
    } catch {
      // the names of who made a change are a help, not a need: ids are shown instead
    }
  }

  private async verify(): Promise<void> {
    this.verifying = true;
    try {
      this.verdict = await this.audit.verify();
      this.error = "";
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.verifying = false;
      void this.load(); // the verification is on the record itself
    }
  }

  private async export(e: Event): Promise<void> {
    e.preventDefault();
    this.exporting = true;
    this.exported = "";
    this.exportError = "";
    try {
      const name = await this.audit.download(this.exportFrom, this.exportTo, this.format);
      this.exported = this.t("audit.exported", { name });
    } catch (err) {
      this.exportError = errorMessage(err);
    } finally {
      this.exporting = false;
      void this.load();
    }
  }

  // ---- what a record says ---------------------------------------------------------------

  private doorName(lock: unknown): string {
    const id = text(lock);
    return this.doors.find((d) => d.entity_id === id)?.name ?? id;
  }

  private when(iso: unknown): string {
    return formatMoment(this.hass, text(iso) || null);
  }

  private describe(record: JournalRecord): string {
    const d = record.data;
    const door = this.doorName(d["lock"] ?? d["entity_id"]);
    const span = { from: this.when(d["from"]), to: this.when(d["to"]), door };
    switch (record.kind) {
      case "access":
        return this.t("audit.describe.access", {
          outcome: this.t(`outcome.${text(d["outcome"])}`),
          method: this.t(`method.${text(d["method"])}`),
        });
      case "admin":
        return this.describeAdmin(d);
      case "alert":
        return this.t("audit.describe.alert", { alert: this.t(`alert.${text(d["kind"])}`) });
      case "gap":
        if (d["cause"] === "lock_unreachable") return this.t("audit.describe.gap_lock", span);
        if (d["cause"] === "reload") return this.t("audit.describe.gap_reload", span);
        return this.t("audit.describe.gap_down", span);
      case "unreachable":
        return this.t("audit.describe.unreachable", { door });
      case "recovery":
        return d["ok"]
          ? this.t("audit.describe.recovery_ok", { ...span, count: Number(d["records"] ?? 0) })
          : this.t("audit.describe.recovery_failed", { door });
      case "stop":
        return this.t(d["reason"] === "reload" ? "audit.describe.stop_reload" : "audit.describe.stop");
      case "checkpoint":
        return this.t("audit.describe.checkpoint", { first: text(d["first_seq"]), last: text(d["last_seq"]) });
      case "lock_event":
        return this.t("audit.describe.lock_event", { event: text(d["event"]) });
      default:
        return record.kind;
    }
  }

  private describeAdmin(d: Record<string, unknown>): string {
    if (d["action"] === "journal_verified") {
      return d["ok"]
        ? this.t("audit.describe.verified_ok", { records: Number(d["records"] ?? 0) })
        : this.t("audit.describe.verified_bad", { seq: text(d["first_bad_seq"]) });
    }
    if (d["action"] === "journal_exported") {
      return this.t("audit.describe.exported", {
        format: text(d["format"]).toUpperCase(),
        records: Number(d["records"] ?? 0),
      });
    }
    const action = this.t(`audit.actions.${text(d["action"])}`);
    const actor = text(d["actor"]);
    if (!actor) return this.t("audit.describe.admin_nobody", { action });
    return this.t("audit.describe.admin", { action, actor: this.users.get(actor) ?? actor });
  }

  private who(record: JournalRecord): string {
    const name = text(record.data["person_name"]);
    if (name) return name;
    return record.kind === "access" ? this.t("activity.unknown_person") : "";
  }

  private kindChip(record: JournalRecord) {
    const group = GAP_KINDS.has(record.kind) ? "gap" : record.kind;
    const look =
      group === "gap" ? "warn" : group === "alert" ? "bad" : record.kind === "access" ? tone(text(record.data["outcome"])) : "";
    return html`<span class="chip ${look}">${this.t(`audit.kind_label.${record.kind}`)}</span>${record.recovered
        ? html` <span class="chip" title=${this.t("audit.recovered_hint")} data-test="recovered"
            >${this.t("audit.recovered")}</span
          >`
        : ""}`;
  }

  private attrs(record: JournalRecord) {
    return {
      seq: String(record.seq),
      kind: record.kind,
      person: text(record.data["person_id"]),
      door: text(record.data["lock"] ?? record.data["entity_id"]),
      cls: [
        GAP_KINDS.has(record.kind) ? "gap" : "",
        this.verdict && !this.verdict.ok && this.verdict.first_bad_seq === record.seq ? "bad" : "",
      ].join(" "),
    };
  }

  // ---- rendering --------------------------------------------------------------------------

  private renderVerdict() {
    const v = this.verdict;
    if (!v) return "";
    const reason = this.t(`audit.reason.${v.reason ?? "altered"}`);
    const said = v.ok
      ? this.t("audit.verify_ok", { records: v.records })
      : v.first_bad_seq === null
        ? this.t("audit.verify_bad_no_seq", { reason })
        : this.t("audit.verify_bad", { seq: v.first_bad_seq, reason, records: v.records });
    return html`<span
      class="chip ${v.ok ? "good" : "bad"}"
      data-test="verdict"
      data-ok=${v.ok ? "true" : "false"}
      data-seq=${v.first_bad_seq ?? ""}
      >${said}</span
    >`;
  }

  private renderTools() {
    return html`<div class="tools">
      <div class="card">
        <h3>${this.t("audit.verify")}</h3>
        <p class="hint muted">${this.t("audit.verify_hint")}</p>
        <div class="verdict" role="status" aria-live="polite">
          <button class="primary" data-test="verify" ?disabled=${this.verifying} @click=${() => this.verify()}>
            ${this.verifying ? this.t("audit.verifying") : this.t("audit.verify")}
          </button>
          ${this.renderVerdict()}
        </div>
      </div>
      <form class="card" data-test="export-form" @submit=${(e: Event) => this.export(e)}>
        <h3>${this.t("audit.export_title")}</h3>
        <div class="row">
          ${dateField("export-from", this.t("audit.from"), this.exportFrom, (v) => (this.exportFrom = v), true)}
          ${dateField("export-to", this.t("audit.to"), this.exportTo, (v) => (this.exportTo = v), true)}
          ${selectField<ExportFormat>("export-format", this.t("audit.format"), this.format, [["csv", "CSV"], ["json", "JSON"]], (v) => (this.format = v))}
          <button class="primary" type="submit" data-test="export" ?disabled=${this.exporting}>
            ${this.exporting ? this.t("audit.exporting") : this.t("audit.export")}
          </button>
        </div>
        <p class="hint muted">${this.t("audit.export_hint")}</p>
        <div role="status" aria-live="polite">
          ${this.exported ? html`<span class="chip good" data-test="exported">${this.exported}</span>` : ""}
        </div>
        ${this.exportError ? html`<div class="error" role="alert" data-test="export-error">${this.exportError}</div>` : ""}
      </form>
      <hk-household-file class="card" .hass=${this.hass} .api=${this.api}></hk-household-file>
    </div>`;
  }

  private renderFilters() {
    return html`<div class="filters" role="search">
      ${selectField<"" | KindGroup>(
        "audit-kind",
        this.t("audit.kind"),
        this.kind,
        [["", this.t("audit.any_kind")], ...KIND_GROUPS.map((k): [KindGroup, string] => [k, this.t(`audit.kinds.${k}`)])],
        (v) => (this.kind = v),
      )}
      ${selectField(
        "audit-person",
        this.t("audit.person"),
        this.person,
        [["", this.t("audit.everyone")], ...this.people.map((p): [string, string] => [p.person_id, p.name])],
        (v) => (this.person = v),
      )}
      ${selectField(
        "audit-door",
        this.t("audit.door"),
        this.door,
        [["", this.t("audit.every_door")], ...this.doors.map((d): [string, string] => [d.entity_id, d.name])],
        (v) => (this.door = v),
      )}
      ${selectField<Period>(
        "audit-period",
        this.t("audit.period"),
        this.period,
        PERIODS.map((p): [Period, string] => [p, this.t(`period.${p}`)]),
        (v) => (this.period = v),
      )}
      ${this.period === "custom"
        ? html`${dateField("audit-from", this.t("audit.from"), this.from, (v) => (this.from = v))}
          ${dateField("audit-to", this.t("audit.to"), this.to, (v) => (this.to = v))}`
        : ""}
    </div>`;
  }

  private renderRows() {
    if (this.compact) {
      return html`<div class="cards">
        ${this.rows.map((r) => {
          const a = this.attrs(r);
          return html`<div class="card ${a.cls}" data-test="audit-row" data-seq=${a.seq} data-kind=${a.kind} data-person=${a.person} data-door=${a.door}>
            <div class="row"><span>${this.kindChip(r)}</span><span class="spacer"></span><span class="muted">#${r.seq}</span></div>
            <span>${this.describe(r)}</span>
            ${this.who(r) || a.door
              ? html`<span>${[this.who(r), a.door ? this.doorName(a.door) : ""].filter(Boolean).join(" · ")}</span>`
              : ""}
            <span class="muted">${this.when(r.time)}</span>
          </div>`;
        })}
      </div>`;
    }
    const headings = ["when", "kind", "what", "person", "door"].map((h) => this.t(`audit.${h}`));
    return table(
      ["#", ...headings],
      this.rows.map((r) => {
        const a = this.attrs(r);
        return html`<tr class=${a.cls} data-test="audit-row" data-seq=${a.seq} data-kind=${a.kind} data-person=${a.person} data-door=${a.door}>
          <td class="seq">${r.seq}</td>
          <td>${this.when(r.time)}</td>
          <td>${this.kindChip(r)}</td>
          <td>${this.describe(r)}</td>
          <td>${this.who(r)}</td>
          <td>${a.door ? this.doorName(a.door) : ""}</td>
        </tr>`;
      }),
    );
  }

  protected override render() {
    return html`<h2>${this.t("audit.title")}</h2>
      <p class="muted">${this.t("audit.intro")}</p>
      ${this.renderTools()} ${this.renderFilters()}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
      ${this.rows.length
        ? html`${this.renderRows()}
            <div class="more">
              <span class="muted" data-test="shown">${this.t("audit.shown", { count: this.rows.length })}</span>
              ${this.next !== null
                ? html`<button data-test="more" ?disabled=${this.loading} @click=${() => this.load(true)}>
                    ${this.t("audit.more")}
                  </button>`
                : ""}
            </div>`
        : html`<div class="card empty" aria-live="polite">
            ${this.loading ? this.t("common.loading") : this.t("audit.empty")}
          </div>`}`;
  }
}

customElements.define("hk-audit-view", AuditView);
