"""Codes checked at the door: PINs, authenticator codes (RFC 6238) and pre-issued code books.

A keypad that forwards what was typed lets Home Assistant decide, with no lock slot.
Three kinds of code can be typed there besides PINs and duress PINs:

- **Authenticator codes**: 6 digits from an app holding the person's secret, one per
  30-second step, accepted one step early or late (clock drift) and each only once: the
  last step used is kept with the person, so a code seen over a shoulder cannot be typed
  again, after a restart either.
- **Code-book codes**: one code per window, derived from the household's book key, the
  person, the book's generation and the window's start (HMAC-SHA256, cut to digits by
  HOTP's dynamic truncation, RFC 4226 5.3). Nothing is stored per code: a book printed
  weeks ago is checked by deriving the code of the window open now. A code works only
  inside its own window and only once; revoking a book moves the person to a new
  generation, so every printed code of the old one stops working.

Which code means whom, in this order: a PIN or duress PIN always means its holder (they
are unique in the household). A code that is nobody's PIN is looked up among the
authenticator and code-book codes valid now; if it is the code of two people at once (a
one in a million chance per step for two authenticators), it is refused as ambiguous
rather than guessed, since nobody can tell who typed it.

Codes are found by keyed digest, as `held.py` finds PINs: a look-up is one HMAC and one
dict probe however many people there are, and the final comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

import pyotp
import segno

from .held import HeldCodes
from .model import Household, Person, Status
from .policy import codes_equal
from .schedule import occurrences_on, status_at

#: authenticator codes: RFC 6238's defaults, which every authenticator app uses
OTP_DIGITS = 6
OTP_STEP = 30
#: steps early or late an authenticator code is still accepted (clock drift)
OTP_DRIFT = 1
#: the most code-book codes one issue returns, and how far ahead it looks
MAX_BOOK_CODES = 100
MAX_BOOK_DAYS = 366
#: bits HOTP's dynamic truncation keeps: 31, so codes of 10 digits are not all equally likely
_TRUNCATED = 0x7FFF_FFFF


class DoorCode(StrEnum):
    """What kind of code a typed one turned out to be."""

    PIN = "pin"
    DURESS = "duress"
    AUTHENTICATOR = "authenticator"
    CODE_BOOK = "code_book"


class Verdict(StrEnum):
    """What a typed code leads to."""

    GRANTED = "granted"
    #: nobody's code, or a code already used: counted against brute force
    WRONG = "wrong"
    #: someone's code, but they may not open this door now: no guess, not counted
    REFUSED = "refused"
    #: the current code of more than one person: refused, not counted
    AMBIGUOUS = "ambiguous"


# ---- authenticator codes ---------------------------------------------------------------------


def new_otp_secret() -> str:
    """Return a new authenticator secret: 32 base32 characters (160 bits) from `secrets`."""
    return pyotp.random_base32()


def otp_step(now: datetime) -> int:
    """Return the 30-second time step an instant falls in."""
    return int(now.timestamp()) // OTP_STEP


def otp_code(secret: str, step: int) -> str:
    """Return a person's authenticator code for one time step."""
    return pyotp.TOTP(secret, digits=OTP_DIGITS, interval=OTP_STEP).generate_otp(step)


def otp_uri(secret: str, account: str, issuer: str) -> str:
    """Return the `otpauth://` URI an authenticator app scans."""
    totp = pyotp.TOTP(secret, digits=OTP_DIGITS, interval=OTP_STEP)
    return totp.provisioning_uri(name=account, issuer_name=issuer)


def otp_qr(uri: str) -> str:
    """Return the QR code of an enrolment URI as a PNG data URI, for the app to scan."""
    return segno.make(uri, error="m").png_data_uri(scale=6, border=4)


# ---- code books ------------------------------------------------------------------------------


def new_book_key() -> str:
    """Return a new household book key (256 bits from `secrets`, as hex)."""
    return secrets.token_hex(32)


def book_code(key: str, person_id: str, generation: int, start: datetime, length: int) -> str:
    """Return the code of one window of one person's book (HOTP-style dynamic truncation).

    The window is named by its start, in whole UTC seconds; the generation makes a
    revoked book's codes differ from every later one.
    """
    message = f"{person_id}\x1f{generation}\x1f{int(start.timestamp())}".encode()
    digest = hmac.digest(bytes.fromhex(key), message, hashlib.sha256)
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & _TRUNCATED
    return str(value % 10**length).zfill(length)


@dataclass(frozen=True, slots=True)
class BookWindow:
    """One code's window: `start` names it; `valid_from`-`valid_until` is when the code works."""

    start: datetime
    end: datetime
    valid_from: datetime
    valid_until: datetime


def _windows_on(person: Person, day: date, tz: tzinfo) -> list[tuple[datetime, datetime]]:
    """Return a person's code windows that start on a local day, in UTC.

    With weekly hours, one per occurrence; without, the whole local day.
    """
    if person.weekly:
        found = occurrences_on(person.weekly, day, tz)
    else:
        found = [
            (datetime.combine(day, time(0), tz), datetime.combine(day + timedelta(1), time(0), tz))
        ]
    return [(start.astimezone(UTC), end.astimezone(UTC)) for start, end in found]


def _clipped(person: Person, start: datetime, end: datetime) -> BookWindow | None:
    opens = max(start, person.valid_from) if person.valid_from else start
    closes = min(end, person.valid_until) if person.valid_until else end
    return BookWindow(start, end, opens, closes) if opens < closes else None


def book_windows(
    person: Person,
    since: datetime,
    tz: tzinfo,
    *,
    until: datetime | None = None,
    count: int = MAX_BOOK_CODES,
) -> list[BookWindow]:
    """Return the windows of a person's book that end after `since`, earliest first.

    At most `count` (and MAX_BOOK_CODES), none starting at or after `until`, none past
    MAX_BOOK_DAYS ahead, each inside the person's dates.
    """
    since = since.astimezone(UTC)
    horizon = since + timedelta(days=MAX_BOOK_DAYS)
    until = horizon if until is None else min(until.astimezone(UTC), horizon)
    if person.valid_until is not None:
        until = min(until, person.valid_until)
    found: list[BookWindow] = []
    day = since.astimezone(tz).date() - timedelta(days=1)  # a window open since yesterday
    while len(found) < min(count, MAX_BOOK_CODES) and datetime.combine(day, time(0), tz) < until:
        for start, end in _windows_on(person, day, tz):
            window = _clipped(person, start, end)
            if window is not None and window.valid_until > since and start < until:
                found.append(window)
        day += timedelta(days=1)
    return found[: min(count, MAX_BOOK_CODES)]


def book_window_at(person: Person, now: datetime, tz: tzinfo) -> BookWindow | None:
    """Return the window of a person's book open at an instant, if one is."""
    now = now.astimezone(UTC)
    today = now.astimezone(tz).date()
    for day in (today - timedelta(days=1), today):
        for start, end in _windows_on(person, day, tz):
            window = _clipped(person, start, end)
            if window is not None and window.valid_from <= now < window.valid_until:
                return window
    return None


def _next_book_edge(person: Person, now: datetime, tz: tzinfo) -> datetime:
    """Return when the window of a person's book open now (or the next one) changes."""
    current = book_window_at(person, now, tz)
    if current is not None:
        return current.valid_until
    upcoming = book_windows(person, now, tz, count=1)
    return upcoming[0].valid_from if upcoming else now + timedelta(days=MAX_BOOK_DAYS)


# ---- finding a typed code --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A credential a typed code is: whose, which kind, and which step or window."""

    person_id: str
    kind: DoorCode
    code: str = field(repr=False, compare=False)
    step: int = 0
    window: BookWindow | None = None


class CodeIndex:
    """The authenticator and code-book codes valid around now, by keyed digest.

    Built lazily: the authenticator part for the current time step (the codes of the
    steps before and after it too), the code-book part until the next edge of anyone's
    window. A change to anyone's credentials (`invalidate`) rebuilds both at the next
    look-up, so adding many people costs nothing until a code is typed.
    """

    def __init__(self) -> None:
        """Start empty, with a digest key that exists only in this process."""
        self._key = secrets.token_bytes(32)
        self._otp: dict[bytes, list[Match]] = {}
        self._otp_step: int | None = None
        self._book: dict[bytes, list[Match]] = {}
        self._book_until: datetime | None = None

    def _digest(self, code: str) -> bytes:
        return hmac.digest(self._key, code.encode(), hashlib.sha256)

    def invalidate(self) -> None:
        """Forget every code: someone's credentials or windows changed."""
        self._otp_step = None
        self._book_until = None

    def find(
        self,
        code: str,
        people: Mapping[str, Person],
        book_key: str | None,
        now: datetime,
        tz: tzinfo,
    ) -> list[Match]:
        """Return the authenticator and code-book credentials a code is, at an instant."""
        self._refresh(people, book_key, now.astimezone(UTC), tz)
        digest = self._digest(code)
        found = [*self._otp.get(digest, ()), *self._book.get(digest, ())]
        return [m for m in found if codes_equal(code, m.code)]

    def _refresh(
        self, people: Mapping[str, Person], book_key: str | None, now: datetime, tz: tzinfo
    ) -> None:
        step = otp_step(now)
        if step != self._otp_step:
            self._otp = {}
            for person in _current(people):
                if person.otp_secret is not None:
                    self._add_otp(person.person_id, person.otp_secret, step)
            self._otp_step = step
        if self._book_until is None or now >= self._book_until:
            self._book = {}
            edges = [now + timedelta(days=MAX_BOOK_DAYS)]
            for person in _current(people):
                if person.book is not None and book_key is not None:
                    edges.append(self._add_book(person, book_key, now, tz))
            self._book_until = min(edges)

    def _add_otp(self, person_id: str, secret: str, step: int) -> None:
        for at in range(step - OTP_DRIFT, step + OTP_DRIFT + 1):
            code = otp_code(secret, at)
            match = Match(person_id, DoorCode.AUTHENTICATOR, code, step=at)
            self._otp.setdefault(self._digest(code), []).append(match)

    def _add_book(self, person: Person, key: str, now: datetime, tz: tzinfo) -> datetime:
        """Index the code of a person's window open now; return when that changes."""
        assert person.book is not None
        window = book_window_at(person, now, tz)
        if window is not None:
            book = person.book
            code = book_code(key, person.person_id, book.generation, window.start, book.length)
            match = Match(person.person_id, DoorCode.CODE_BOOK, code, window=window)
            self._book.setdefault(self._digest(code), []).append(match)
        return _next_book_edge(person, now, tz)


def _current(people: Mapping[str, Person]) -> Iterator[Person]:
    return (p for p in people.values() if p.offboarded_at is None)


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of one typed code: the verdict, and whose code it was (if anyone's)."""

    verdict: Verdict
    match: Match | None = None


def used(person: Person, match: Match) -> bool:
    """Return whether a one-time code was used already (an older step, a used window)."""
    if match.kind is DoorCode.AUTHENTICATOR:
        return match.step <= person.otp_step
    if match.kind is DoorCode.CODE_BOOK and match.window is not None:
        spent = person.book.used if person.book is not None else ()
        return any(start == match.window.start for start, _end in spent)
    return False


def check_code(
    code: str, lock_id: str, household: Household, index: CodeIndex, now: datetime, tz: tzinfo
) -> Checked:
    """Decide a code typed at a lock's keypad, in the order the module docstring gives."""
    people = household.people
    match = _pin_match(code, people, household.held())
    if match is None:
        found = index.find(code, people, household.book_key, now, tz)
        if len({m.person_id for m in found}) > 1:
            return Checked(Verdict.AMBIGUOUS)
        fresh = [m for m in found if not used(people[m.person_id], m)]
        if not fresh:
            return Checked(Verdict.WRONG)  # nobody's code, or a code typed before
        # The latest step first: it moves the replay mark furthest.
        match = max(fresh, key=lambda m: (m.kind is DoorCode.AUTHENTICATOR, m.step))
    allowed = may_open(people[match.person_id], lock_id, now, tz)
    return Checked(Verdict.GRANTED if allowed else Verdict.REFUSED, match)


def may_open(person: Person | None, lock_id: str, now: datetime, tz: tzinfo) -> bool:
    """Return whether a person may open a lock at an instant (active, and that lock is theirs)."""
    if person is None or not person.may_use(lock_id):
        return False
    return status_at(person, now, tz) is Status.ACTIVE


def _pin_match(code: str, people: Mapping[str, Person], pins: HeldCodes) -> Match | None:
    """Return the PIN or duress PIN a code is (one holder: codes are unique), if any."""
    for person_id in pins.holders(code):
        person = people[person_id]
        if person.pin is not None and codes_equal(code, person.pin):
            return Match(person_id, DoorCode.PIN, code)
        if person.duress_pin is not None and codes_equal(code, person.duress_pin):
            return Match(person_id, DoorCode.DURESS, code)
    return None


def spend(person: Person, match: Match, now: datetime) -> Person:
    """Return the person with a one-time code marked used (and spent windows that ended dropped)."""
    if match.kind is DoorCode.AUTHENTICATOR:
        return person.evolve(otp_step=max(person.otp_step, match.step))
    if match.kind is DoorCode.CODE_BOOK and match.window is not None and person.book is not None:
        kept = tuple((s, e) for s, e in person.book.used if e > now)
        spent = (*kept, (match.window.start, match.window.end))
        return person.evolve(book=replace(person.book, used=spent))
    return person


def unspend(person: Person, match: Match) -> Person:
    """Return the person with a code-book window usable again (the door did not open).

    An authenticator step stays used: the app shows a fresh code within 30 seconds.
    """
    window, book = match.window, person.book
    if match.kind is not DoorCode.CODE_BOOK or window is None or book is None:
        return person
    return person.evolve(
        book=replace(book, used=tuple(u for u in book.used if u[0] != window.start))
    )
