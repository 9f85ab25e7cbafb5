"""Calendar events as people: which person each booking should be, and when that changes.

Pure rules, no Home Assistant: the glue (calendar_guests.py) reads the events and
applies what these functions decide. An event becomes a guest (or a service person)
whose window is the event's, widened by the check-in and check-out buffers. A
weekly recurring event becomes one person with weekly hours; any other event, and
each occurrence of any other series, one person each.

The link between a booking and its person is the booking's key: the calendar, the
event's uid and, for one occurrence of a series, its recurrence id. A key outlives
restarts and moves of the event, so the same booking never makes a second person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from .model import WEEKDAYS, Role, WeeklyWindow
from .names import MAX_NAME_LENGTH, clean_name, looks_like_id, name_key

#: the name a booking without a usable title gets
UNTITLED = "Calendar guest"
#: a series is looked for at least this far ahead, so a weekly one is always seen
SERIES_SPAN = timedelta(days=8)
#: `doors: Front door, Garage` on a line of the event's description
_DOORS_LINE = re.compile(r"^[ \t]*doors[ \t]*:(?P<doors>.*)$", re.IGNORECASE | re.MULTILINE)
#: `PIN hint: 0171 234 4711` on a line of the event's description
_HINT_LINE = re.compile(r"^[ \t]*pin[ \t]+hint[ \t]*:(?P<hint>.*)$", re.IGNORECASE | re.MULTILINE)
_RRULE_DAYS = {day[:2].upper(): index for index, day in enumerate(WEEKDAYS)}
#: the parts of a weekly RRULE a person's weekly hours can say; any other part (BYMONTH,
#: BYSETPOS, INTERVAL=2...) makes the series a list of occurrences instead
_WEEKLY_PARTS = frozenset({"FREQ", "BYDAY", "UNTIL", "COUNT", "WKST", "INTERVAL"})


@dataclass(frozen=True, slots=True)
class BookingRules:
    """The household's options for the calendars it follows."""

    calendars: tuple[str, ...] = ()
    #: calendars whose events are service people (cleaners, contractors)
    service_calendars: tuple[str, ...] = ()
    #: a word in an event's title that makes it a service person (empty: none)
    service_keyword: str = ""
    #: whether a `doors:` line in an event's description picks its doors
    doors_from_event: bool = False
    checkin: timedelta = timedelta(minutes=30)
    checkout: timedelta = timedelta(minutes=30)
    #: how long before its window opens a booking's person is created
    ahead: timedelta = timedelta(days=7)
    #: whether a `PIN hint:` line gives the PIN's digits
    derive_pin: bool = False

    def followed(self) -> tuple[str, ...]:
        """Return every calendar whose events become people, each once."""
        return tuple(dict.fromkeys((*self.calendars, *self.service_calendars)))

    def role(self, calendar: str, title: str) -> Role:
        """Return who an event's person is: a service person by calendar or keyword."""
        keyword = self.service_keyword.strip().casefold()
        if calendar in self.service_calendars or (keyword and keyword in title.casefold()):
            return Role.SERVICE
        return Role.GUEST

    def span(self) -> timedelta:
        """Return how far ahead the calendars are read: past the horizon, to see what comes."""
        return self.ahead + max(self.ahead, SERIES_SPAN) + self.checkin


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event as a calendar gives it (an occurrence, for a recurring event)."""

    calendar: str
    uid: str | None
    recurrence_id: str | None
    summary: str
    description: str
    start: datetime
    end: datetime
    rrule: str | None = None


@dataclass(frozen=True, slots=True)
class Booking:
    """The person one booking should be: its key, role, window and doors."""

    key: str
    calendar: str
    uid: str | None
    recurrence_id: str | None
    title: str
    role: Role
    #: when the event starts and ends (the window is wider by the buffers)
    start: datetime
    end: datetime
    valid_from: datetime | None
    valid_until: datetime | None
    weekly: tuple[WeeklyWindow, ...] = ()
    #: doors as the event names them (None: every door)
    doors: tuple[str, ...] | None = None
    #: the digits of the event's PIN hint; a secret, never shown
    hint: str | None = field(default=None, repr=False)

    def creates_at(self, rules: BookingRules) -> datetime:
        """Return when this booking's person is created: the horizon ahead of its window."""
        opens = self.valid_from if self.valid_from is not None else self.start
        return opens - rules.ahead

    def fingerprint(self) -> dict[str, Any]:
        """Return what the person is made from, as stored: a change of it updates them."""
        return {
            "title": self.title,
            "role": self.role.value,
            "valid_from": _iso(self.valid_from),
            "valid_until": _iso(self.valid_until),
            "weekly": [w.to_dict() for w in self.weekly],
            "doors": None if self.doors is None else list(self.doors),
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def booking_key(calendar: str, event: CalendarEvent, *, series: bool) -> str:
    """Return the stable key of a booking (a whole weekly series, or one event).

    An event without a uid (rare: a calendar that gives none) is keyed by its title and
    start, so moving it reads as a new booking in place of the old one.
    """
    if event.uid is None:
        return f"{calendar}\n\n{event.summary}\n{event.start.isoformat()}"
    if series or event.recurrence_id is None:
        return f"{calendar}\n{event.uid}"
    return f"{calendar}\n{event.uid}\n{event.recurrence_id}"


def event_doors(description: str) -> tuple[str, ...] | None:
    """Return the doors a `doors:` line names, as written (None: no such line)."""
    match = _DOORS_LINE.search(description)
    if match is None:
        return None
    return tuple(d for part in match["doors"].split(",") if (d := clean_name(part)))


def pin_hint(description: str) -> str | None:
    """Return the digits of a `PIN hint:` line (None: no line, or no digit on it)."""
    match = _HINT_LINE.search(description)
    digits = "".join(c for c in match["hint"] if c.isascii() and c.isdigit()) if match else ""
    return digits or None


def derived_pin(hint: str | None, length: int | None) -> str | None:
    """Return the PIN a hint gives: its last `length` digits (None: too few, or no hint)."""
    if hint is None or length is None or len(hint) < length:
        return None
    return hint[-length:]


def resolve_doors(
    written: tuple[str, ...] | None, doors: Mapping[str, str]
) -> tuple[str, ...] | None:
    """Return the lock entities an event's doors name (by name or entity id).

    None: every door. A name that matches no door is left out, so a `doors:` line that
    names no door at all gives an empty tuple: the booking is refused, never widened.
    """
    if written is None:
        return None
    by_name = {name_key(name): lock for lock, name in doors.items()}
    by_name |= {lock.casefold(): lock for lock in doors}
    found = (by_name.get(name_key(name)) or by_name.get(name.casefold()) for name in written)
    return tuple(dict.fromkeys(lock for lock in found if lock is not None))


def unique_name(title: str, taken: Callable[[str], bool]) -> str:
    """Return a person's name from an event title: written form, not id-shaped, unique.

    Two bookings named alike get `Title`, `Title (2)`, `Title (3)`.
    """
    base = clean_name(title)[: MAX_NAME_LENGTH - 5].strip() or UNTITLED
    if looks_like_id(base):
        base = f"{UNTITLED} {base}"
    name, number = base, 1
    while taken(name):
        number += 1
        name = f"{base} ({number})"
    return name


def weekly_rule(rrule: str | None) -> tuple[frozenset[int] | None, bool] | None:
    """Read a weekly RRULE: its BYDAY days (None: the start's day) and whether it is bounded.

    None: not a rule weekly hours can say (another frequency, every second week...).
    """
    if not rrule:
        return None
    parts = dict(
        p.split("=", 1) for p in rrule.upper().removeprefix("RRULE:").split(";") if "=" in p
    )
    if parts.get("FREQ") != "WEEKLY" or not parts.keys() <= _WEEKLY_PARTS:
        return None
    if parts.get("INTERVAL", "1") != "1":
        return None
    days: frozenset[int] | None = None
    if "BYDAY" in parts:
        names = parts["BYDAY"].split(",")
        if not all(n in _RRULE_DAYS for n in names):  # `1MO` and the like: monthly in disguise
            return None
        days = frozenset(_RRULE_DAYS[n] for n in names)
    return days, "UNTIL" in parts or "COUNT" in parts


def _weekly_window(
    event: CalendarEvent, rules: BookingRules, days: frozenset[int] | None, tz: tzinfo
) -> WeeklyWindow | None:
    """Return the weekly hours of a series' occurrence (buffers included), if under a day."""
    start, end = event.start - rules.checkin, event.end + rules.checkout
    if end - start >= timedelta(days=1):
        return None
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    event_day = event.start.astimezone(tz).weekday()
    # A buffer that moves the start before midnight moves every day back by one.
    shift = (local_start.weekday() - event_day) % 7
    chosen = days if days is not None else frozenset({event_day})
    return WeeklyWindow(
        frozenset((d + shift) % 7 for d in chosen),
        local_start.time().replace(second=0, microsecond=0),
        local_end.time().replace(second=0, microsecond=0),
    )


def bookings(
    events: Iterable[CalendarEvent], rules: BookingRules, tz: tzinfo
) -> dict[str, Booking]:
    """Return the bookings a calendar's events make, by key.

    The occurrences of one weekly series make one booking with weekly hours (its
    window from the first occurrence seen to the last, the end open for a service
    person of an unbounded series); any other event makes one booking per occurrence.
    """
    found: dict[str, Booking] = {}
    #: each weekly series' rule (its uid's, as its first occurrence read gives it) and events
    series: dict[str, tuple[tuple[frozenset[int] | None, bool], list[CalendarEvent]]] = {}
    for event in events:
        rule = weekly_rule(event.rrule) if event.uid is not None else None
        if rule is not None:
            key = booking_key(event.calendar, event, series=True)
            series.setdefault(key, (rule, []))[1].append(event)
            continue
        single = _single(event, rules)
        found[single.key] = single
    for key, (rule, occurrences) in series.items():
        weekly = _series(key, rule, occurrences, rules, tz)
        if weekly is None:  # occurrences too long for weekly hours: one booking each
            for event in occurrences:
                single = _single(event, rules)
                found[single.key] = single
        else:
            found[key] = weekly
    return found


def _single(event: CalendarEvent, rules: BookingRules) -> Booking:
    return Booking(
        key=booking_key(event.calendar, event, series=False),
        calendar=event.calendar,
        uid=event.uid,
        recurrence_id=event.recurrence_id,
        title=event.summary,
        role=rules.role(event.calendar, event.summary),
        start=event.start,
        end=event.end,
        valid_from=event.start - rules.checkin,
        valid_until=event.end + rules.checkout,
        doors=event_doors(event.description) if rules.doors_from_event else None,
        hint=pin_hint(event.description) if rules.derive_pin else None,
    )


def _series(
    key: str,
    rule: tuple[frozenset[int] | None, bool],
    occurrences: list[CalendarEvent],
    rules: BookingRules,
    tz: tzinfo,
) -> Booking | None:
    occurrences.sort(key=lambda e: e.start)
    first, last = occurrences[0], occurrences[-1]
    days, bounded = rule
    window = _weekly_window(first, rules, days, tz)
    if window is None:
        return None
    role = rules.role(first.calendar, first.summary)
    open_end = role is Role.SERVICE and not bounded
    return Booking(
        key=key,
        calendar=first.calendar,
        uid=first.uid,
        recurrence_id=None,
        title=first.summary,
        role=role,
        start=first.start,
        end=last.end,
        valid_from=first.start - rules.checkin,
        valid_until=None if open_end else last.end + rules.checkout,
        weekly=(window,),
        doors=event_doors(first.description) if rules.doors_from_event else None,
        hint=pin_hint(first.description) if rules.derive_pin else None,
    )


def settled(booking: Booking, linked_from: datetime | None, now: datetime) -> Booking:
    """Keep the start of a running series where it was.

    The calendars are read from now on, so a series' first occurrence seen moves on
    every week; once its person's window has opened, that start stays.
    """
    if booking.weekly and linked_from is not None and linked_from <= now:
        return replace(booking, valid_from=linked_from)
    return booking


@dataclass(frozen=True, slots=True)
class Plan:
    """What one reconcile does: people to create, update and end, and when to look again."""

    create: list[Booking]
    update: list[Booking]
    #: keys of linked bookings whose person ends (event gone, cancelled or over)
    end: list[str]
    #: the next moment the calendars need reading again without a change (None: never)
    wake: datetime | None


def plan(
    wanted: Mapping[str, Booking],
    linked: Mapping[str, Mapping[str, Any]],
    read: Iterable[str],
    rules: BookingRules,
    now: datetime,
) -> Plan:
    """Decide what a reconcile does, from the bookings read and the links stored.

    `linked` maps keys to their stored links (with `fingerprint` and `valid_from`);
    `read` names the calendars that could be read now: a link of a calendar that could
    not be read is left as it is, so a calendar gone offline never ends its guests.
    """
    readable = set(read)
    create: list[Booking] = []
    update: list[Booking] = []
    end: list[str] = []
    wakes: list[datetime] = [now + rules.span() - rules.ahead - rules.checkin]
    for key, booking in wanted.items():
        link = linked.get(key)
        if booking.valid_until is not None and booking.valid_until <= now:
            if link is not None:
                end.append(key)
            continue
        if booking.valid_until is not None:
            wakes.append(booking.valid_until)
        if link is None:
            if booking.creates_at(rules) <= now:
                create.append(booking)
            else:
                wakes.append(booking.creates_at(rules))
            continue
        running = settled(booking, _stored_moment(link.get("valid_from")), now)
        if running.fingerprint() != link.get("fingerprint"):
            update.append(running)
    for key, link in linked.items():
        if key not in wanted and link.get("calendar") in readable:
            end.append(key)
    return Plan(create, update, end, min(wakes) if wakes else None)


def _stored_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
