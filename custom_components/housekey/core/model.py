"""The intent: who lives here, with which credentials, allowed when and where."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from enum import StrEnum
from typing import Any, Self

from .held import HeldCodes, Taken
from .names import PERSON_ID, name_key
from .policy import RecentCodes, codes_equal, retired_digest

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Role(StrEnum):
    """What a person is to the household."""

    ADMIN = "admin"
    RESIDENT = "resident"
    GUEST = "guest"
    SERVICE = "service"


class Status(StrEnum):
    """Where a person stands right now. Derived from the person and the clock, never stored."""

    ACTIVE = "active"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"
    USED_UP = "used_up"
    SUSPENDED = "suspended"
    OFFBOARDED = "offboarded"


class CredentialKind(StrEnum):
    """A code a person can type at a keypad."""

    PIN = "pin"
    DURESS = "duress"


@dataclass(frozen=True, slots=True, order=True)
class CredentialRef:
    """Names one credential of one person without carrying its code."""

    person_id: str
    kind: CredentialKind

    def to_dict(self) -> dict[str, str]:
        """Serialize."""
        return {"person_id": self.person_id, "kind": self.kind.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize."""
        return cls(str(data["person_id"]), CredentialKind(data["kind"]))


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """Recurring hours on some weekdays, in the household's local time.

    An `end` at or before `start` runs past midnight into the next day.
    """

    days: frozenset[int]  # 0 = Monday
    start: time
    end: time

    def to_dict(self) -> dict[str, Any]:
        """Serialize in the action's own form."""
        return {
            "days": [WEEKDAYS[d] for d in sorted(self.days)],
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize; raises ValueError on a bad day or time, NoDays without a day."""
        days = data["days"]
        days = frozenset(_parse_day(d) for d in ([days] if isinstance(days, str) else days))
        window = cls(days, _parse_time(data["start"]), _parse_time(data["end"]))
        if not days:
            raise NoDays(window)
        return window


class NoDays(ValueError):
    """A weekly window that names no day; it carries the window, so a refusal can name it."""

    def __init__(self, window: WeeklyWindow) -> None:
        """Keep the day-less window."""
        super().__init__("no days")
        self.window = window


def _parse_day(value: Any) -> int:
    """Read a day name: exactly mon..sun or monday..sunday, in any case."""
    name = str(value).strip().lower() if isinstance(value, str) else ""
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    raise ValueError(f"not a day name: {value!r}")


def _parse_time(value: Any) -> time:
    """Read a wall-clock time; one with an offset is refused (windows are household time)."""
    if isinstance(value, time):
        parsed = value
    elif isinstance(value, str):
        parsed = time.fromisoformat(value.strip())
    else:
        raise ValueError("a time is text such as 09:00")
    if parsed.tzinfo is not None:
        raise ValueError("weekly times are household local time and carry no offset")
    return parsed.replace(second=0, microsecond=0)


def _dt(value: Any) -> datetime | None:
    """Read a stored instant (Housekey writes them aware; a bare one is taken as UTC)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed.astimezone(UTC)  # raises OverflowError at the edges of the calendar
    return parsed


def _code(value: Any) -> str | None:
    """Read a stored code: text of digits, or nothing."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.isdigit():
        raise ValueError("stored code is not digits")
    return value


def _count(value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError("stored count out of range")
    return int(value)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class CodeBook:
    """A person's pre-issued code book: which generation of codes is valid, and which were used.

    The codes themselves are never stored: each is derived from the household's book key,
    the person, the generation and its window. `used` keeps the windows (start, end) whose
    code opened a door, until those windows end.
    """

    generation: int
    length: int
    used: tuple[tuple[datetime, datetime], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Serialize for the Store."""
        return {
            "generation": self.generation,
            "length": self.length,
            "used": [[start.isoformat(), end.isoformat()] for start, end in self.used],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CodeBook:
        """Deserialize; raises ValueError (or KeyError, TypeError) on a bad record."""
        used = []
        for start, end in data.get("used", ()):
            first, last = _dt(start), _dt(end)
            if first is None or last is None:
                raise ValueError("a used window needs both ends")
            used.append((first, last))
        length = _count(data["length"], minimum=1)
        return cls(_count(data["generation"], minimum=1), length, tuple(used))


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the household with their access and credentials.

    Codes are excluded from repr so that a stray log line cannot carry them.
    """

    person_id: str
    name: str
    role: Role
    created_at: datetime
    pin: str | None = field(default=None, repr=False)
    pin_version: int = 0
    duress_pin: str | None = field(default=None, repr=False)
    duress_version: int = 0
    otp_secret: str | None = field(default=None, repr=False)
    #: the last time step whose authenticator code opened a door (each is accepted once)
    otp_step: int = 0
    book: CodeBook | None = None
    #: code books ever issued to this person, so a revoked book's codes never come back
    books_issued: int = 0
    locks: tuple[str, ...] | None = None  # None: every managed lock
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    weekly: tuple[WeeklyWindow, ...] = ()
    max_uses: int | None = None
    uses: int = 0
    suspended: bool = False
    offboarded_at: datetime | None = None
    ha_user: str | None = None
    sponsor: str | None = None
    last_access: datetime | None = None
    last_lock: str | None = None

    def code(self, kind: CredentialKind) -> str | None:
        """Return the code of one credential kind."""
        return self.pin if kind is CredentialKind.PIN else self.duress_pin

    def version(self, kind: CredentialKind) -> int:
        """Return the version of a credential; it grows with every change of its code."""
        return self.pin_version if kind is CredentialKind.PIN else self.duress_version

    def credentials(self) -> list[CredentialRef]:
        """Return the keypad credentials this person holds."""
        return [
            CredentialRef(self.person_id, kind)
            for kind in CredentialKind
            if self.code(kind) is not None
        ]

    def may_use(self, lock: str) -> bool:
        """Return whether this person's access covers a lock at all."""
        return self.locks is None or lock in self.locks

    def evolve(self, **changes: Any) -> Person:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Serialize for the Store (the only place codes are kept)."""
        return {
            "person_id": self.person_id,
            "name": self.name,
            "role": self.role.value,
            "created_at": self.created_at.isoformat(),
            "pin": self.pin,
            "pin_version": self.pin_version,
            "duress_pin": self.duress_pin,
            "duress_version": self.duress_version,
            "otp_secret": self.otp_secret,
            "otp_step": self.otp_step,
            "book": None if self.book is None else self.book.to_dict(),
            "books_issued": self.books_issued,
            "locks": None if self.locks is None else list(self.locks),
            "valid_from": _iso(self.valid_from),
            "valid_until": _iso(self.valid_until),
            "weekly": [w.to_dict() for w in self.weekly],
            "max_uses": self.max_uses,
            "uses": self.uses,
            "suspended": self.suspended,
            "offboarded_at": _iso(self.offboarded_at),
            "ha_user": self.ha_user,
            "sponsor": self.sponsor,
            "last_access": _iso(self.last_access),
            "last_lock": self.last_lock,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        """Deserialize."""
        locks = data.get("locks")
        max_uses = data.get("max_uses")
        if locks is not None and not all(isinstance(lock, str) for lock in locks):
            raise ValueError("stored locks are not entity ids")
        created = _dt(data.get("created_at"))
        if created is None:
            raise ValueError("created_at missing")
        otp_secret = data.get("otp_secret")
        if otp_secret is not None and not isinstance(otp_secret, str):
            raise ValueError("stored authenticator secret is not text")
        book = data.get("book")
        return cls(
            person_id=str(data["person_id"]),
            name=str(data["name"]),
            role=Role(data["role"]),
            created_at=created,
            pin=_code(data.get("pin")),
            pin_version=_count(data.get("pin_version", 0), minimum=0),
            duress_pin=_code(data.get("duress_pin")),
            duress_version=_count(data.get("duress_version", 0), minimum=0),
            otp_secret=otp_secret,
            otp_step=_count(data.get("otp_step", 0), minimum=0),
            book=None if book is None else CodeBook.from_dict(book),
            books_issued=_count(data.get("books_issued", 0), minimum=0),
            locks=None if locks is None else tuple(locks),
            valid_from=_dt(data.get("valid_from")),
            valid_until=_dt(data.get("valid_until")),
            weekly=tuple(WeeklyWindow.from_dict(w) for w in data.get("weekly", ())),
            max_uses=None if max_uses is None else _count(max_uses, minimum=1),
            uses=_count(data.get("uses", 0), minimum=0),
            suspended=bool(data.get("suspended", False)),
            offboarded_at=_dt(data.get("offboarded_at")),
            ha_user=data.get("ha_user"),
            sponsor=data.get("sponsor"),
            last_access=_dt(data.get("last_access")),
            last_lock=data.get("last_lock"),
        )


@dataclass(frozen=True, slots=True)
class RetiredCode:
    """A code someone held until `retired_at`, remembered only by its keyed digest.

    Kept to refuse the code to the next person (policy.retired_digest); never in clear.
    """

    digest: str
    retired_at: datetime

    def to_dict(self) -> dict[str, str]:
        """Serialize for the Store."""
        return {"digest": self.digest, "retired_at": self.retired_at.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any], key: bytes) -> RetiredCode:
        """Deserialize; a code stored in clear (by earlier versions) is turned into its digest."""
        retired_at = _dt(data["retired_at"])
        if retired_at is None:
            raise ValueError("retired_at missing")
        if "digest" in data:
            digest = str(data["digest"])
            if not _hex(digest, DIGEST_LENGTH):
                raise ValueError("not a digest")
            return cls(digest, retired_at)
        return cls(retired_digest(key, _code(data["code"]) or ""), retired_at)


#: the length of a retired code's digest (HMAC-SHA256, in hex)
DIGEST_LENGTH = 64


class People(dict[str, Person]):
    """The household's people by id, with current people indexed by name.

    A dict, so every reader stays as it is; every way of changing it keeps the index,
    so a name is found, or found taken, without a walk through the household.
    """

    __slots__ = ("_named", "codes")

    def __init__(self, people: Mapping[str, Person] | None = None) -> None:
        """Index the given people."""
        super().__init__()
        #: name key -> the ids of current people with that name, in the order they came
        self._named: dict[str, dict[str, None]] = {}
        #: the PINs and duress PINs of current people
        self.codes = HeldCodes()
        self.update(people or {})

    def named(self, name: str) -> list[str]:
        """Return the ids of current people with this name (two only in hand-edited data)."""
        return list(self._named.get(name_key(name), ()))

    def _index(self, person: Person, add: bool) -> None:
        if person.offboarded_at is not None:
            return
        for code in (person.pin, person.duress_pin):
            if code is not None:
                (self.codes.add if add else self.codes.remove)(code, person.person_id)
        key = name_key(person.name)
        ids = self._named.setdefault(key, {})
        if add:
            ids[person.person_id] = None
            return
        ids.pop(person.person_id, None)
        if not ids:
            del self._named[key]

    def __setitem__(self, person_id: str, person: Person) -> None:
        if (before := self.get(person_id)) is not None:
            self._index(before, add=False)
        super().__setitem__(person_id, person)
        self._index(person, add=True)

    def __delitem__(self, person_id: str) -> None:
        self._index(self[person_id], add=False)
        super().__delitem__(person_id)

    def pop(self, person_id: str, *default: Any) -> Any:
        """Remove a person and return them (or the default)."""
        if person_id in self:
            self._index(self[person_id], add=False)
        return super().pop(person_id, *default)

    def popitem(self) -> tuple[str, Person]:
        """Remove the last person added."""
        person_id, person = super().popitem()
        self._index(person, add=False)
        return person_id, person

    def clear(self) -> None:
        """Remove everyone."""
        super().clear()
        self._named.clear()
        self.codes.clear()

    def setdefault(self, person_id: str, person: Person) -> Person:
        """Add a person unless the id is there; return who has the id."""
        if person_id not in self:
            self[person_id] = person
        return self[person_id]

    def update(self, *others: Any, **people: Person) -> None:
        """Add or replace people, keeping the index."""
        for other in (*others, people):
            items = other.items() if isinstance(other, Mapping) else other
            for person_id, person in items:
                self[person_id] = person

    def __ior__(self, other: Any) -> Self:  # type: ignore[override,misc]
        self.update(other)
        return self


@dataclass(slots=True)
class Household:
    """Everyone Housekey knows, offboarded people included (their ids are never reused).

    `retired` remembers codes people held recently, so that an offboarded person's PIN is
    not handed to the next person while the old holder still knows it: by their digests
    under `reuse_key` (random, hex, made with the first code retired), never in clear.
    """

    people: dict[str, Person] = field(default_factory=People)
    next_number: int = 1
    retired: list[RetiredCode] = field(default_factory=list)
    #: stored people that could not be read, kept as they were so nothing is lost
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    #: the key code books are derived from (hex), made when the first book is issued
    book_key: str | None = field(default=None, repr=False)
    #: the key retired codes are remembered under (hex), made when the first is retired
    reuse_key: str | None = field(default=None, repr=False)
    #: people the access review is not to flag before these moments (a dismissal), by id
    review_snoozed: dict[str, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Keep the people indexed by name, whatever mapping they were given in."""
        self._indexed()

    def _indexed(self) -> People:
        """Return the people as an indexed `People` (indexing a plain dict assigned since)."""
        if not isinstance(self.people, People):
            self.people = People(self.people)
        return self.people

    def quarantined_ids(self) -> set[str]:
        """Return the person ids of stored people that could not be read."""
        return {str(q.get("person_id")) for q in self.quarantined if isinstance(q, dict)}

    def new_person_id(self) -> str:
        """Allocate a person id that was never used in this household."""
        quarantined = self.quarantined_ids()  # none, unless stored data was damaged
        while (person_id := f"p{self.next_number}") in self.people or person_id in quarantined:
            self.next_number += 1  # a stale counter (hand-edited or imported data)
        self.next_number += 1
        return person_id

    def current(self) -> list[Person]:
        """Return people who are not offboarded, in the order they were added."""
        return [p for p in self.people.values() if p.offboarded_at is None]

    def find(self, ref: str) -> Person | None:
        """Find a person by id, or by name among current people.

        A reference of the id shape is an id and nothing else, so it cannot name
        someone else as the household grows.
        """
        key = name_key(ref)
        if PERSON_ID.fullmatch(key):
            return self.people.get(key)
        named = self._indexed().named(key)
        if len(named) > 1:  # one name twice, from hand-edited data: the first one added
            return next(p for p in self.current() if name_key(p.name) == key)
        return self.people[named[0]] if named else None

    def name_taken(self, name: str, *, besides: str | None = None) -> bool:
        """Return whether a current person other than `besides` has this name."""
        return any(person_id != besides for person_id in self._indexed().named(name))

    def codes(self, *, besides: str | None = None) -> list[str]:
        """Return every PIN and duress PIN in use, except those of `besides`."""
        return [
            code
            for p in self.current()
            if p.person_id != besides
            for code in (p.pin, p.duress_pin)
            if code is not None
        ]

    def held(self) -> HeldCodes:
        """Return the PINs and duress PINs of current people, indexed by keyed digest."""
        return self._indexed().codes

    def taken(self, *, besides: str | None = None) -> Taken:
        """Return the codes in use, except those of `besides`, for a new code to avoid."""
        return Taken(self._indexed().codes, besides)

    def _reuse_key(self) -> bytes:
        if self.reuse_key is None:
            self.reuse_key = secrets.token_hex(32)
        return bytes.fromhex(self.reuse_key)

    def retire(self, codes: Iterable[str], at: datetime) -> None:
        """Remember codes their holder no longer has (by their keyed digests)."""
        key = self._reuse_key()
        self.retired.extend(RetiredCode(retired_digest(key, code), at) for code in codes)

    def recent(self, since: datetime) -> RecentCodes:
        """Return the codes retired since an instant, for a new code to avoid."""
        digests = tuple(r.digest for r in self.retired if r.retired_at >= since)
        return RecentCodes(self._reuse_key() if digests else b"", digests)

    def retire_taken(self, before: Person, after: Person, at: datetime) -> None:
        """Remember the codes a change takes from someone: replaced, removed or offboarded."""
        kept = [code for code in (after.pin, after.duress_pin) if code is not None]
        self.retire(
            (
                code
                for code in (before.pin, before.duress_pin)
                if code is not None and not any(codes_equal(code, k) for k in kept)
            ),
            at,
        )

    def forget_retired(self, before: datetime) -> None:
        """Forget codes retired before an instant."""
        self.retired = [r for r in self.retired if r.retired_at >= before]

    def to_dict(self, *, people: bool = True) -> dict[str, Any]:
        """Serialize (without the people: the household's small facts only)."""
        data: dict[str, Any] = {
            "next_number": self.next_number,
            "retired": [r.to_dict() for r in self.retired],
            "book_key": self.book_key,
            "reuse_key": self.reuse_key,
            "review_snoozed": {k: v.isoformat() for k, v in self.review_snoozed.items()},
        }
        if people:
            data["people"] = [p.to_dict() for p in self.people.values()] + self.quarantined
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Household:
        """Deserialize; a stored person or code that cannot be read is set aside, not fatal."""
        people: dict[str, Person] = {}
        quarantined: list[dict[str, Any]] = []
        for raw in data.get("people", []):
            try:
                person = Person.from_dict(raw)
                if person.person_id in people:
                    raise ValueError("duplicate person id")
            except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
                quarantined.append(raw if isinstance(raw, dict) else {"value": raw})
            else:
                people[person.person_id] = person
        stored_key = data.get("reuse_key")
        reuse_key = stored_key if _hex(stored_key, 64) else None
        if data.get("retired") and reuse_key is None:
            reuse_key = secrets.token_hex(32)  # codes kept in clear by earlier versions: hashed now
        retired: list[RetiredCode] = []
        for raw in data.get("retired", []):
            # A retired code that cannot be read only weakens the reuse rule: drop it.
            with suppress(KeyError, TypeError, ValueError, OverflowError, AttributeError):
                retired.append(RetiredCode.from_dict(raw, bytes.fromhex(reuse_key or "")))
        try:
            next_number = max(1, int(data.get("next_number", 1)))
        except (TypeError, ValueError, OverflowError):
            next_number = len(people) + len(quarantined) + 1
        book_key = data.get("book_key")
        return cls(
            people,
            next_number,
            retired,
            quarantined,
            book_key if isinstance(book_key, str) else None,
            reuse_key,
            _snoozed(data.get("review_snoozed")),
        )


def _hex(value: Any, length: int) -> bool:
    """Return whether a stored value is lowercase hex of this length (a key, a digest)."""
    return isinstance(value, str) and len(value) == length and set(value) <= set("0123456789abcdef")


def _snoozed(value: Any) -> dict[str, datetime]:
    """Read the review's dismissals; one that cannot be read only lets a flag come back."""
    snoozed: dict[str, datetime] = {}
    for person_id, moment in (value if isinstance(value, dict) else {}).items():
        with suppress(TypeError, ValueError, OverflowError, AttributeError):
            if (at := _dt(moment)) is not None:
                snoozed[str(person_id)] = at
    return snoozed
