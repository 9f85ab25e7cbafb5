/**
 * The Audit view's backend: a page of the journal, its verification (websocket commands, admin-only)
 * and an export, downloaded as Home Assistant's own panels download files: the export's path is
 * signed for the logged-in user (`auth/sign_path`) and the browser fetches it as a file. The
 * household's encrypted file travels in websocket messages instead (its passphrase must never be
 * in a URL).
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
    saveFile(await response.blob(), name);
    return name;
  }

  /** Download the household's encrypted file (the passphrase goes only in this message). */
  async exportHousehold(passphrase: string): Promise<string> {
    const file = await this.hass.callWS<{ name: string; content: string }>({
      type: "housekey/household/export",
      entry_id: this.api.entryId,
      passphrase,
    });
    const bytes = Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0));
    saveFile(new Blob([bytes], { type: "application/octet-stream" }), file.name);
    return file.name;
  }

  /** Put the household of a picked file in place; return how many people it holds. */
  async importHousehold(file: Blob, passphrase: string): Promise<number> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    const result = await this.hass.callWS<{ people: number }>({
      type: "housekey/household/import",
      entry_id: this.api.entryId,
      content: btoa(binary),
      passphrase,
    });
    return result.people;
  }
}

/** Hand a file to the browser as a download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
