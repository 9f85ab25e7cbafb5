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
  /** whether an authenticator app is enrolled (its secret is never sent again) */
  has_authenticator: boolean;
  /** whether a code book is active (its codes are sent only when one is issued) */
  has_code_book: boolean;
}

export interface Door {
  entity_id: string;
  name: string;
  backend: string;
  sync_state: SyncState;
  pending_changes: number;
  managed_slots: number;
  foreign_slots: number;
  /** the slot numbers holding a code Housekey did not write */
  foreign: number[];
  /** slots neither managed nor foreign; null before the lock's capacity was read */
  free_slots: number | null;
  /** the people with a credential on the lock */
  holders: string[];
  /** the last access attempt since Home Assistant started */
  last_access: LastAccess | null;
  /** the kinds of repair issue open for the lock ("foreign_code", "sync_failed") */
  alerts: string[];
  /** who keeps the hours: the lock itself, or Home Assistant writing and clearing codes */
  enforcement: "lock" | "home_assistant";
  /** on a lock that keeps hours itself, the people whose hours it cannot hold */
  fallback: string[];
  /** the door's offline-readiness report (readiness-block.ts) */
  readiness: Readiness;
}

export type Verdict = "pass" | "warn" | "fail";
export type ReadinessCheck = "authentication" | "management" | "audit";

export interface Readiness {
  verdicts: Record<ReadinessCheck, Verdict>;
  /** translation keys under `readiness.reason` */
  reasons: Record<ReadinessCheck, string>;
  /** the access methods the lock reports */
  methods: string[];
  keeps_log: boolean;
  last_report: string | null;
  last_confirmed: string | null;
  hours_by_home_assistant: number;
  forwarding_keypads: number;
}

export interface LastAccess {
  /** when the lock reported it */
  at: string | null;
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

/** An authenticator's enrolment: sent once, in answer to the enrol command. */
export interface Enrolment {
  person_id: string;
  /** the otpauth:// URI the QR code carries */
  uri: string;
  /** the secret, for typing into an app by hand */
  secret: string;
  /** the QR code, a PNG as a data URI */
  qr_code: string;
}

/** One code of a code book and the window it opens in (moments in the household's time). */
export interface BookCode {
  code: string;
  valid_from: string;
  valid_until: string;
}

/** What issue_code_book takes: `from` defaults to now. */
export interface BookPeriod {
  from?: string;
  until: string;
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
