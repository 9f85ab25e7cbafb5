/** The Housekey websocket commands, for one household. Every one is admin-only on the backend. */
import type {
  Access,
  BookCode,
  BookPeriod,
  Door,
  Enrolment,
  Hass,
  Household,
  Offboarded,
  Outcome,
  Person,
  PersonFields,
  WsError,
} from "./types.js";

export interface ActivityFilter {
  person?: string;
  lock?: string;
  outcome?: Outcome;
  start?: string;
  end?: string;
}

export interface Added {
  person_id: string;
  /** only when Housekey generated it: shown once */
  pin?: string;
}

/** Return the message of a refused command (already translated by the backend). */
export function errorMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err) {
    const message = (err as WsError).message;
    if (typeof message === "string" && message) return message;
  }
  return String(err);
}

export function households(hass: Hass): Promise<Household[]> {
  return hass.callWS<Household[]>({ type: "housekey/households" });
}

export class Api {
  constructor(
    private readonly hass: Hass,
    readonly entryId: string,
  ) {}

  private call<T>(command: string, fields: object = {}): Promise<T> {
    return this.hass.callWS<T>({ type: `housekey/${command}`, entry_id: this.entryId, ...fields });
  }

  people(): Promise<Person[]> {
    return this.call("people");
  }

  doors(): Promise<Door[]> {
    return this.call("doors");
  }

  activity(filter: ActivityFilter): Promise<Access[]> {
    return this.call("activity", filter);
  }

  /** Follow the household: `onPush` gets "people" or "doors" whenever either changed. */
  subscribe(onPush: (kind: "people" | "doors") => void): Promise<() => Promise<void>> {
    return this.hass.connection.subscribeMessage<{ type: "people" | "doors" }>(
      (message) => onPush(message.type),
      { type: "housekey/subscribe", entry_id: this.entryId },
    );
  }

  add(fields: PersonFields): Promise<Added> {
    return this.call("person/add", fields);
  }

  update(person: string, fields: PersonFields): Promise<Added> {
    return this.call("person/update", { person, ...fields });
  }

  setPin(person: string, pin?: string): Promise<Added> {
    return this.call("person/set_pin", pin === undefined ? { person } : { person, pin });
  }

  /** Show an admin a person's PIN; the backend records that it was shown. */
  revealPin(person: string): Promise<{ person_id: string; pin: string }> {
    return this.call("person/reveal_pin", { person });
  }

  suspend(person: string): Promise<Added> {
    return this.call("person/suspend", { person });
  }

  resume(person: string): Promise<Added> {
    return this.call("person/resume", { person });
  }

  offboard(person: string): Promise<Offboarded> {
    return this.call("person/offboard", { person });
  }

  /** Give a person a new authenticator secret (any earlier one stops working): shown once. */
  enrolAuthenticator(person: string): Promise<Enrolment> {
    return this.call("person/enrol_authenticator", { person });
  }

  removeAuthenticator(person: string): Promise<Added> {
    return this.call("person/remove_authenticator", { person });
  }

  /** Return a person's code-book codes for a period (a book already active: the same codes). */
  issueCodeBook(person: string, period: BookPeriod): Promise<{ person_id: string; codes: BookCode[] }> {
    return this.call("person/issue_code_book", { person, ...period });
  }

  /** End a person's code book: every code issued from it stops working. */
  revokeCodeBook(person: string): Promise<Added> {
    return this.call("person/revoke_code_book", { person });
  }

  /** Clear foreign codes from a door: these slots, or every one. */
  clearForeign(lock: string, slots?: number[]): Promise<{ lock: string }> {
    return this.call("door/clear_foreign", slots ? { lock, slots } : { lock });
  }

  /** Turn a foreign code into a named person, who gets a new PIN on that door. */
  adoptForeign(lock: string, slot: number, fields: PersonFields): Promise<Added> {
    return this.call("door/adopt_foreign", { lock, slot, ...fields });
  }
}
