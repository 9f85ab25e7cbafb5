/** The shapes the Housekey websocket commands return, and the part of `hass` the panel uses. */

export type Role = "admin" | "resident" | "guest" | "service";
export type Status = "active" | "scheduled" | "expired" | "used_up" | "suspended" | "offboarded";
export type SyncState = "in_sync" | "syncing" | "pending" | "failed" | "unreachable";
export type Day = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export type Outcome = "granted" | "denied";
export type Removal = "removed" | "pending" | "failed";

export const DAYS: readonly Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const ROLES: readonly Role[] = ["resident", "guest", "service", "admin"];

export interface Household {
  entry_id: string;
  name: string;
}

export interface WeeklyWindow {
  days: Day[];
  start: string;
  end: string;
}

export interface Person {
  person_id: string;
  name: string;
  role: Role;
  status: Status;
  valid_from: string | null;
  valid_until: string | null;
  weekly: WeeklyWindow[];
  /** null: every door of the household */
  locks: string[] | null;
  uses: number;
  max_uses: number | null;
  last_access: string | null;
  last_lock: string | null;
  sponsor: string | null;
  has_duress: boolean;
}

export interface Door {
  entity_id: string;
  name: string;
  backend: string;
  sync_state: SyncState;
  pending_changes: number;
  managed_slots: number;
  foreign_slots: number;
  /** the slot numbers holding a code Housekey did not write (newer backends) */
  foreign?: number[];
  /** slots neither managed nor foreign, when the lock's capacity is known */
  free_slots?: number | null;
  /** the last access attempt since Home Assistant started */
  last_access: LastAccess | null;
  /** alerts waiting for an admin, when the backend reports them */
  alerts?: { kind: string; detail?: string | null }[];
}

export interface LastAccess {
  outcome: Outcome;
  person_name: string | null;
  method: string;
}

export interface Access {
  time: string | null;
  lock: string;
  outcome: Outcome;
  person_id: string | null;
  person_name: string | null;
  role: Role | null;
  method: string;
  slot: number | null;
}

/** The fields person/add and person/update take (a null clears an access limit). */
export interface PersonFields {
  name?: string;
  role?: Role;
  locks?: string[] | null;
  valid_from?: string | null;
  valid_until?: string | null;
  weekly?: WeeklyWindow[];
  max_uses?: number | null;
  pin?: string;
  duress_pin?: string;
}

export interface Offboarded {
  person_id: string;
  locks: Record<string, Removal>;
}

export interface WsError {
  code: string;
  message: string;
}

export interface Connection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    message: Record<string, unknown>,
  ): Promise<() => Promise<void>>;
}

export type Localize = (key: string, values?: Record<string, string | number>) => string;

/** What the panel reads of Home Assistant's `hass` object. */
export interface Hass {
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  connection: Connection;
  localize: Localize;
  loadBackendTranslation(category: string, integration?: string): Promise<Localize>;
  language: string;
  locale?: { language: string };
  config: { time_zone: string };
  themes?: { darkMode?: boolean };
}

export interface Route {
  prefix: string;
  path: string;
}
