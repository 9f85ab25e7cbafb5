/**
 * The Housekey sidebar panel. Home Assistant sets `hass`, `narrow`, `route` and `panel`.
 * The path under /housekey/ keeps the tab, so reload and back work; the data follows the
 * household's subscription, never a poll.
 */
import { css, html, type PropertyValues } from "lit";
import { literal, html as staticHtml } from "lit/static-html.js";
import { Api, errorMessage, households } from "./api.js";
import "./activity-view.js";
import "./audit-view.js";
import { HkElement } from "./base.js";
import "./doors-view.js";
import "./people-view.js";
import { shared } from "./styles.js";
import type { Door, Household, Person, Route } from "./types.js";

const TABS = ["doors", "people", "activity", "audit"] as const;
type Tab = (typeof TABS)[number];
const CHOSEN = "housekey.household";
/** under this width, tables become cards */
const COMPACT_PX = 600;

export class HousekeyPanel extends HkElement {
  static override properties = {
    narrow: { type: Boolean },
    route: { attribute: false },
    panel: { attribute: false },
    households: { state: true },
    entryId: { state: true },
    people: { state: true },
    doors: { state: true },
    generation: { state: true },
    translated: { state: true },
    compact: { state: true },
    error: { state: true },
  };

  declare narrow: boolean;
  declare route: Route | undefined;
  declare panel: unknown;
  declare households: Household[];
  declare entryId: string;
  declare people: Person[];
  declare doors: Door[];
  declare generation: number;
  declare translated: boolean;
  declare compact: boolean;
  declare error: string;
  private api: Api | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;
  private resize = new ResizeObserver(([entry]) => {
    this.compact = (entry?.contentRect.width ?? COMPACT_PX) < COMPACT_PX;
  });
  private queued = new Set<"people" | "doors">();

  constructor() {
    super();
    this.narrow = false;
    this.households = [];
    this.entryId = "";
    this.people = [];
    this.doors = [];
    this.generation = 0;
    this.translated = false;
    this.compact = false;
    this.error = "";
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color);
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: var(--header-height, 56px);
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .title {
        font-size: 1.25rem;
        font-weight: 400;
        flex: 1;
        margin-inline-start: 12px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .menu {
        border: none;
        color: inherit;
        font-size: 1.4rem;
        padding: 4px 10px;
      }
      .toolbar select {
        max-width: 45vw;
        background: transparent;
        color: inherit;
        border-color: currentColor;
      }
      .toolbar select option {
        color: var(--primary-text-color);
        background: var(--card-background-color);
      }
      [role="tablist"] {
        display: flex;
        gap: 4px;
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        position: sticky;
        top: var(--header-height, 56px);
        z-index: 2;
      }
      [role="tab"] {
        border: none;
        border-radius: 0;
        border-bottom: 3px solid transparent;
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        opacity: 0.75;
        padding: 10px 16px;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        font-size: 0.9rem;
      }
      [role="tab"][aria-selected="true"] {
        opacity: 1;
        border-bottom-color: var(--app-header-text-color, var(--text-primary-color, #fff));
      }
      [role="tab"]:focus-visible {
        outline-color: var(--app-header-text-color, #fff);
        outline-offset: -4px;
      }
      main {
        padding: 16px;
        max-width: 1200px;
        margin: 0 auto;
      }
      :host([compact]) main {
        padding: 12px 8px;
      }
    `,
  ];

  get tab(): Tab {
    const path = this.route?.path.split("/")[1] ?? "";
    return (TABS as readonly string[]).includes(path) ? (path as Tab) : "doors";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
    if (this.api) void this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    void this.unfollow();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass && !changed.get("hass")) void this.start();
    if (changed.has("compact")) this.toggleAttribute("compact", this.compact);
  }

  /** Load the words, then the households, once `hass` first arrives. */
  private async start(): Promise<void> {
    try {
      await this.hass.loadBackendTranslation("panel", "housekey");
    } finally {
      this.translated = true;
    }
    try {
      this.households = await households(this.hass);
    } catch (err) {
      this.error = errorMessage(err);
      return;
    }
    const chosen = localStorage.getItem(CHOSEN);
    const found = this.households.find((h) => h.entry_id === chosen) ?? this.households[0];
    if (found) await this.choose(found.entry_id);
  }

  private async choose(entryId: string): Promise<void> {
    await this.unfollow();
    localStorage.setItem(CHOSEN, entryId);
    this.entryId = entryId;
    this.api = new Api(this.hass, entryId);
    this.people = [];
    this.doors = [];
    await Promise.all([this.refresh("people"), this.refresh("doors"), this.follow()]);
  }

  private async follow(): Promise<void> {
    const api = this.api;
    if (!api || this.unsubscribe) return;
    try {
      this.unsubscribe = await api.subscribe((kind) => this.pushed(kind));
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async unfollow(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    try {
      await unsubscribe?.();
    } catch {
      // the connection is gone already: so is the subscription
    }
  }

  /** Coalesce a burst of pushes (a sync writes many slots) into one refresh per kind. */
  private pushed(kind: "people" | "doors"): void {
    if (this.queued.has(kind)) return;
    this.queued.add(kind);
    setTimeout(() => {
      this.queued.delete(kind);
      void this.refresh(kind);
      if (kind === "doors") this.generation += 1;
    }, 150);
  }

  private async refresh(kind: "people" | "doors"): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      if (kind === "people") {
        const people = await api.people();
        if (api === this.api) this.people = people;
      } else {
        const doors = await api.doors();
        if (api === this.api) this.doors = doors;
      }
      this.error = "";
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private go(tab: Tab): void {
    const url = `/${this.route?.prefix.replace(/^\//, "") ?? "housekey"}/${tab}`;
    history.pushState(null, "", url);
    window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
  }

  /** Arrow keys move between tabs, as in any tab list. */
  private tabKey(e: KeyboardEvent): void {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length] ?? "doors";
    this.go(next);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-test="tab-${next}"]`)?.focus(),
    );
  }

  private renderMenu() {
    if (!this.narrow) return "";
    if (customElements.get("ha-menu-button")) {
      return html`<ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>`;
    }
    return html`<button
      class="menu"
      aria-label=${this.t("common.menu")}
      @click=${() => this.emit("hass-toggle-menu")}
    >
      ☰
    </button>`;
  }

  private renderTab() {
    const api = this.api;
    if (!api) return html`<div class="card empty">${this.t("common.no_household")}</div>`;
    switch (this.tab) {
      case "people":
        return html`<hk-people-view
          .hass=${this.hass}
          .api=${api}
          .people=${this.people}
          .doors=${this.doors}
          .household=${this.households.find((h) => h.entry_id === this.entryId)?.name ?? ""}
          ?compact=${this.compact}
        ></hk-people-view>`;
      case "activity":
      case "audit": {
        // The two lists of what happened take the same properties.
        const list = this.tab === "audit" ? literal`hk-audit-view` : literal`hk-activity-view`;
        return staticHtml`<${list}
          .hass=${this.hass}
          .api=${api}
          .people=${this.people}
          .doors=${this.doors}
          .generation=${this.generation}
          ?compact=${this.compact}
        ></${list}>`;
      }
      default:
        return html`<hk-doors-view .hass=${this.hass} .api=${api} .doors=${this.doors}></hk-doors-view>`;
    }
  }

  protected override render() {
    if (!this.hass || !this.translated) return html``;
    return html`<div class="toolbar">
        ${this.renderMenu()}
        <div class="title">${this.t("title")}</div>
        ${this.households.length > 1
          ? html`<label class="sr-only" for="household">${this.t("common.household")}</label>
              <select
                id="household"
                data-test="household"
                @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value)}
              >
                ${this.households.map(
                  (h) =>
                    html`<option value=${h.entry_id} ?selected=${h.entry_id === this.entryId}>
                      ${h.name}
                    </option>`,
                )}
              </select>`
          : ""}
      </div>
      <div role="tablist" aria-label=${this.t("title")} @keydown=${this.tabKey}>
        ${TABS.map(
          (tab) =>
            html`<button
              role="tab"
              data-test="tab-${tab}"
              aria-selected=${this.tab === tab ? "true" : "false"}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => this.go(tab)}
            >
              ${this.t(`tabs.${tab}`)}
            </button>`,
        )}
      </div>
      <main role="tabpanel">
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
        ${this.renderTab()}
      </main>`;
  }
}

customElements.define("housekey-panel", HousekeyPanel);
