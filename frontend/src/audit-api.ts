/**
 * The Audit view's backend: a page of the journal, its verification (websocket commands, admin-only)
 * and an export, downloaded as Home Assistant's own panels download files: the export's path is
 * signed for the logged-in user (`auth/sign_path`) and the browser fetches it as a file.
 */
import type { Api } from "./api.js";
import type { Hass } from "./types.js";

export type KindGroup = "access" | "admin" | "alert" | "gap";
export const KIND_GROUPS: readonly KindGroup[] = ["access", "admin", "alert", "gap"];
export type ExportFormat = "csv" | "json";

/** One record of the journal, as it is in the file (nothing secret is ever in one). */
export interface JournalRecord {
  seq: number;
  time: string;
  kind: string;
  data: Record<string, unknown>;
  prev: string;
  recovered?: boolean;
}

export interface RecordPage {
  records: JournalRecord[];
  /** the seq to ask the next (older) page from; null: this was the last */
  next_before: number | null;
  head: { seq: number; hash: string };
}

export interface RecordFilter {
  kinds?: KindGroup[];
  person?: string;
  lock?: string;
  start?: string;
  end?: string;
}

export interface Verdict {
  ok: boolean;
  records: number;
  first_bad_seq: number | null;
  reason: string | null;
}

export interface HomeUser {
  id: string;
  name: string;
}

export class AuditApi {
  constructor(
    private readonly hass: Hass,
    private readonly api: Api,
  ) {}

  records(filter: RecordFilter, before?: number, limit = 50): Promise<RecordPage> {
    return this.hass.callWS({
      type: "housekey/journal/records",
      entry_id: this.api.entryId,
      ...filter,
      ...(before === undefined ? {} : { before }),
      limit,
    });
  }

  verify(): Promise<Verdict> {
    return this.hass.callWS({ type: "housekey/journal/verify", entry_id: this.api.entryId });
  }

  /** Home Assistant's users, to name who made an admin change (the panel is admin-only). */
  users(): Promise<HomeUser[]> {
    return this.hass.callWS({ type: "config/auth/list" });
  }

  /** Download a period's export; return the file name. A refusal is thrown, translated. */
  async download(start: string, end: string, format: ExportFormat): Promise<string> {
    const query = new URLSearchParams({ start, end, format });
    const path = `/api/housekey/journal/${this.api.entryId}/export?${query.toString()}`;
    const signed = await this.hass.callWS<{ path: string }>({ type: "auth/sign_path", path });
    // Fetched first (same origin, the signature is the credential): a refusal then reads as
    // its message in the panel rather than as a failed download in the browser's list.
    const response = await fetch(signed.path);
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      throw { code: "export_failed", message: body.message ?? response.statusText };
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `journal.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.style.display = "none";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return name;
  }
}
