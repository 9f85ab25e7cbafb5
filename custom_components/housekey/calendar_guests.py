"""Guests and service people from the calendars a household follows.

The calendars are read through Home Assistant's calendar entities (any of them:
local, CalDAV, a remote ICS feed; once Home Assistant has the feed, reading it is
local). What each event should be is decided in `core/bookings.py`; this module
reads the events, keeps each booking's link to its person in its own Store, and
makes the changes through the household's ordinary actions, so every rule, the
sync and the record are the same as for a person added by hand. Every change is
recorded as `housekey_admin` with `source: calendar`.

The calendars are read when Home Assistant has started, whenever a followed
calendar entity writes its state (the calendar integrations write it after every
change of their events, and on their own refreshes), and by one timer: the next
moment a booking comes within the horizon or ends. Nothing polls.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.components.calendar import CalendarEntity
from homeassistant.components.calendar import CalendarEvent as HaCalendarEvent
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
    async_track_state_report_event,
)
from homeassistant.util import dt as dt_util

from . import validation
from .arguments import NewPersonArgs, UpdatePersonArgs
from .const import (
    DOMAIN,
)
from .core.bookings import (
    Booking,
    CalendarEvent,
    bookings,
    derived_pin,
    plan,
    resolve_doors,
    unique_name,
)
from .core.model import Person, Role
from .core.policy import fitting_length
from .store import HousekeyStore

if TYPE_CHECKING:
    from .runtime import Housekey

_LOGGER = logging.getLogger(__name__)

#: how far ahead a booking whose person exists is looked for when it left the horizon
FAR_AHEAD = timedelta(days=400)
#: the links' Store, after the household's entry id
STORE_SUFFIX = ".calendar"
#: repair issues: a booking no person could be made of, a hint that gave no PIN
REFUSED = "calendar_event_refused"
NO_DOOR = "calendar_event_no_door"
PIN_FALLBACK = "calendar_pin_fallback"


def _moment(value: date | datetime) -> datetime:
    """Return an event's start or end as an aware instant (an all-day date: local midnight)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt_util.get_default_time_zone())
        return dt_util.as_utc(value)
    return dt_util.as_utc(dt_util.start_of_local_day(value))


def _event(calendar: str, event: HaCalendarEvent) -> CalendarEvent:
    return CalendarEvent(
        calendar=calendar,
        uid=event.uid,
        recurrence_id=event.recurrence_id,
        summary=event.summary or "",
        description=event.description or "",
        start=_moment(event.start),
        end=_moment(event.end),
        rrule=event.rrule,
    )


def _readable_links(raw: Any) -> dict[str, dict[str, Any]]:
    """Return the links that say whom they made and from which calendar (Store or file)."""
    if not isinstance(raw, Mapping):
        return {}
    return {
        key: dict(link)
        for key, link in raw.items()
        if isinstance(key, str)
        and isinstance(link, Mapping)
        and isinstance(link.get("person_id"), str)
        and isinstance(link.get("calendar"), str)
    }


def _issue_id(kind: str, entry_id: str, key: str) -> str:
    """Name a booking's issue without its uid (which may be long or odd text)."""
    return f"{kind}.{entry_id}.{hashlib.sha256(key.encode()).hexdigest()[:16]}"


class CalendarGuests:
    """One household's people from its calendars: the links, the reading, the changes."""

    def __init__(self, hk: Housekey) -> None:
        """Prepare; nothing is read until Home Assistant has started."""
        self._hk = hk
        self.hass: HomeAssistant = hk.hass
        self.rules = hk.options.bookings
        self._store = HousekeyStore(hk.hass, f"{hk.entry.entry_id}{STORE_SUFFIX}")
        #: booking key -> link: person_id, calendar, uid, recurrence_id, title, start,
        #: end, valid_from, fingerprint (what the person was made from; no code)
        self.links: dict[str, dict[str, Any]] = {}
        #: person_id -> the key of the booking that made them
        self._made: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._timer: CALLBACK_TYPE | None = None
        #: when the timer reads the calendars again without a change (None: no timer)
        self._wake: datetime | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        #: following (started and not stopped), a reading asked for, the reading running
        self._following = False
        self._again = False
        self._running: asyncio.Task[None] | None = None
        #: the last reconcile's counts (bench and diagnostics)
        self.last: dict[str, int] = {}

    @property
    def _entry_id(self) -> str:
        return self._hk.entry.entry_id

    async def async_load(self) -> None:
        """Read the links: after a restart, each booking finds the person it made."""
        data = await self._store.async_load() or {}
        self.links = _readable_links(data.get("links") if isinstance(data, dict) else None)
        self._made = {v["person_id"]: k for k, v in self.links.items()}

    async def async_adopt(self, links: Mapping[str, Any]) -> None:
        """Take the links of an imported household, for the people it has, and read again.

        The links this household had go: their people were replaced by the import.
        """
        async with self._lock:
            people = self._hk.household.people
            readable = _readable_links(links)
            self.links = {k: v for k, v in readable.items() if v["person_id"] in people}
            await self._save()
        if self._following:
            self._ask()

    def describe(self) -> dict[str, Any]:
        """Return what diagnostics show: the calendars followed and the last reading's counts.

        Counts only: no event's title, description or PIN hint, no person's name.
        """
        return {
            "calendars": list(self.rules.followed()),
            "following": self._following,
            "next_reading": None if self._wake is None else self._wake.isoformat(),
            "last_reading": dict(self.last),
        }

    def source(self, person_id: str) -> dict[str, str] | None:
        """Return which calendar event made a person, as the panel shows it (None: none).

        The event's title, start and end as last read (not the buffered window), and the
        calendar by entity id and by the name Home Assistant shows for it.
        """
        key = self._made.get(person_id)
        link = None if key is None else self.links.get(key)
        if link is None:
            return None
        calendar = str(link["calendar"])
        state = self.hass.states.get(calendar)
        return {
            "calendar": calendar,
            "calendar_name": state.name if state is not None else calendar,
            **{k: str(link[k]) for k in ("title", "start", "end") if k in link},
        }

    @callback
    def start(self, _hass: HomeAssistant | None = None) -> None:
        """Follow the calendars: read them now, on each write of their state, and on time."""
        followed = self.rules.followed()
        if not followed:
            return
        self._following = True
        self._unsubs.append(async_track_state_change_event(self.hass, followed, self._written))
        self._unsubs.append(async_track_state_report_event(self.hass, followed, self._written))
        self._ask()

    @callback
    def _written(self, _event: Event[Any]) -> None:
        self._ask()

    @callback
    def _ask(self) -> None:
        """Read the calendars now, or once more after the reading that runs.

        A burst of writes (an import of many events) costs at most one more reading.
        """
        self._again = True
        if self._following and (self._running is None or self._running.done()):
            self._running = self._hk.entry.async_create_background_task(
                self.hass, self._readings(), "housekey calendar guests"
            )

    async def async_idle(self) -> None:
        """Wait until no reading is running or asked for (tests, the bench)."""
        while self._running is not None and not self._running.done():
            await asyncio.shield(self._running)

    async def _readings(self) -> None:
        while self._again and self._following:
            self._again = False
            await self.async_reconcile()

    async def async_stop(self) -> None:
        """Stop following; the links are saved with every change already."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        if self._timer is not None:
            self._timer()
            self._timer = None
        self._wake = None
        self._following = False

    # ---- reading ---------------------------------------------------------------------------

    async def _read(
        self, calendars: tuple[str, ...], start: datetime, end: datetime
    ) -> tuple[list[CalendarEvent], set[str]]:
        """Return the events of the calendars that can be read, and which could be."""
        component = self.hass.data.get(DATA_COMPONENT)
        events: list[CalendarEvent] = []
        read: set[str] = set()
        tz = self._hk.tz
        for calendar in calendars:
            entity = component.get_entity(calendar) if component is not None else None
            state = self.hass.states.get(calendar)
            if not isinstance(entity, CalendarEntity) or state is None:
                continue
            if state.state == STATE_UNAVAILABLE:
                continue  # its last copy is not offered: its people stay as they are
            try:
                found = await entity.async_get_events(
                    self.hass, start.astimezone(tz), end.astimezone(tz)
                )
            except HomeAssistantError as err:
                _LOGGER.warning("Calendar %s could not be read (%s)", calendar, type(err).__name__)
                continue
            read.add(calendar)
            events.extend(_event(calendar, e) for e in found)
        return events, read

    async def async_reconcile(self) -> None:
        """Make the people match the bookings: create, move and end them."""
        async with self._lock:
            await self._reconcile()

    async def _reconcile(self) -> None:
        started = time.perf_counter()
        rules = self.rules
        now = dt_util.utcnow()
        since = now - rules.checkout - timedelta(minutes=1)
        events, read = await self._read(rules.followed(), since, now + rules.span())
        wanted = bookings(events, rules, self._hk.tz)
        missing = {k for k, v in self.links.items() if v["calendar"] in read and k not in wanted}
        if missing:  # moved past the horizon, or gone: look further before ending anyone
            calendars = tuple(sorted({self.links[k]["calendar"] for k in missing}))
            far, _ = await self._read(calendars, now + rules.span(), now + FAR_AHEAD)
            wanted |= {k: b for k, b in bookings(far, rules, self._hk.tz).items() if k in missing}
        todo = plan(wanted, self.links, read, rules, now)
        for key in todo.end:
            await self._end(key)
        for booking in todo.update:
            await self._update(booking)
        for booking in todo.create:
            await self._create(booking)
        for key in wanted.keys() - self.links.keys() - {b.key for b in todo.create}:
            self._clear_refusal(key)  # not due yet: any earlier refusal waits with it
        self.last = {
            "events": len(events),
            "calendars_read": len(read),
            "created": len(todo.create),
            "updated": len(todo.update),
            "ended": len(todo.end),
            "links": len(self.links),
            "duration_ms": round((time.perf_counter() - started) * 1000),
        }
        self._schedule(todo.wake)

    def _schedule(self, wake: datetime | None) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        self._wake = wake if self._following else None
        if self._wake is not None:
            self._timer = async_track_point_in_utc_time(self.hass, self._on_time, self._wake)

    @callback
    def _on_time(self, _now: datetime) -> None:
        self._timer = None
        self._wake = None
        self._ask()

    # ---- changes ---------------------------------------------------------------------------

    def _detail(self, booking_calendar: str) -> dict[str, Any]:
        return {"source": "calendar", "calendar": booking_calendar}

    def _doors(self, booking: Booking) -> tuple[str, ...] | None:
        names = {
            lock: state.name if (state := self.hass.states.get(lock)) else lock
            for lock in self._hk.locks
        }
        return resolve_doors(booking.doors, names)

    def _pin_from_hint(self, booking: Booking, doors: tuple[str, ...] | None) -> str | None:
        """Return the PIN an event's hint gives, when it passes every PIN rule; else None."""
        hk = self._hk
        ranges = validation.pin_ranges(hk.locks, doors)
        pin = derived_pin(booking.hint, fitting_length(hk.policy, ranges))
        if pin is None:
            return None
        try:
            return validation.code_rules(hk.household, hk.policy, hk.reuse_days).check(
                pin, "pin", hk.household.taken(), ranges
            )
        except ServiceValidationError:
            return None

    async def _create(self, booking: Booking) -> None:
        hk = self._hk
        doors = self._doors(booking)
        if doors == ():
            self._refuse(booking, NO_DOOR)
            return
        fields: NewPersonArgs = {
            "name": unique_name(booking.title, hk.household.name_taken),
            "role": booking.role,
            "valid_from": booking.valid_from,
            "valid_until": booking.valid_until,
            "weekly": list(booking.weekly),
            "locks": None if doors is None else list(doors),
        }
        fallback = False
        if booking.hint is not None:
            pin = self._pin_from_hint(booking, doors)
            fallback = pin is None
            if pin is not None:
                fields["pin"] = pin
        action = "guest_added" if booking.role is Role.GUEST else "person_added"
        try:
            person, _ = await hk.async_add_person(
                fields, None, action=action, detail=self._detail(booking.calendar)
            )
        except HomeAssistantError as err:
            _LOGGER.warning(
                "A calendar booking could not be made a person (%s)",
                getattr(err, "translation_key", None) or type(err).__name__,
            )
            self._refuse(booking, REFUSED)
            return
        await self._link(booking, person)
        self._clear_refusal(booking.key)
        if fallback:
            self._pin_fallback(booking, person)

    async def _update(self, booking: Booking) -> None:
        hk = self._hk
        link = self.links[booking.key]
        person = hk.household.people.get(link["person_id"])
        if person is None or person.offboarded_at is not None:
            await self._link(booking, person)  # ended by hand: the booking does not bring them back
            return
        doors = self._doors(booking)
        if doors == ():
            self._refuse(booking, NO_DOOR)
            return
        fields: UpdatePersonArgs = {
            "person": person.person_id,
            "role": booking.role,
            "valid_from": booking.valid_from,
            "valid_until": booking.valid_until,
            "weekly": list(booking.weekly),
            "locks": None if doors is None else list(doors),
        }
        if booking.title != link.get("title"):
            person_id = person.person_id
            fields["name"] = unique_name(
                booking.title, lambda n: hk.household.name_taken(n, besides=person_id)
            )
        try:
            person = await hk.async_update_person(fields, None, self._detail(booking.calendar))
        except HomeAssistantError as err:
            _LOGGER.warning(
                "A calendar booking's change could not be applied (%s)",
                getattr(err, "translation_key", None) or type(err).__name__,
            )
            self._refuse(booking, REFUSED)
            return
        await self._link(booking, person)
        self._clear_refusal(booking.key)

    async def _end(self, key: str) -> None:
        link = self.links.pop(key)
        person = self._hk.household.people.get(link["person_id"])
        if person is not None and person.offboarded_at is None:
            try:
                await self._hk.async_offboard(
                    person.person_id, 0, None, self._detail(link["calendar"])
                )
            except HomeAssistantError as err:
                _LOGGER.warning("A calendar guest could not be ended (%s)", type(err).__name__)
                self.links[key] = link  # tried again at the next reading
                return
        await self._save()
        self._clear_refusal(key)
        ir.async_delete_issue(self.hass, DOMAIN, _issue_id(PIN_FALLBACK, self._entry_id, key))

    async def _link(self, booking: Booking, person: Person | None) -> None:
        previous = self.links.get(booking.key, {})
        self.links[booking.key] = {
            "person_id": person.person_id if person else previous.get("person_id"),
            "calendar": booking.calendar,
            "uid": booking.uid,
            "recurrence_id": booking.recurrence_id,
            "title": booking.title,
            "start": booking.start.isoformat(),
            "end": booking.end.isoformat(),
            "valid_from": None if booking.valid_from is None else booking.valid_from.isoformat(),
            "fingerprint": booking.fingerprint(),
        }
        await self._save()  # before anything else: a restart finds the person made

    async def _save(self) -> None:
        self._made = {v["person_id"]: k for k, v in self.links.items()}
        await self._store.async_save({"links": self.links})

    # ---- repair notes ----------------------------------------------------------------------

    def _refuse(self, booking: Booking, kind: str) -> None:
        """Tell admins a booking made no person (or no change), naming the event, not its text."""
        for other in (REFUSED, NO_DOOR):
            if other != kind:
                ir.async_delete_issue(
                    self.hass, DOMAIN, _issue_id(other, self._entry_id, booking.key)
                )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            _issue_id(kind, self._entry_id, booking.key),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=kind,
            translation_placeholders=self._placeholders(booking),
        )

    def _clear_refusal(self, key: str) -> None:
        for kind in (REFUSED, NO_DOOR):
            ir.async_delete_issue(self.hass, DOMAIN, _issue_id(kind, self._entry_id, key))

    def _pin_fallback(self, booking: Booking, person: Person) -> None:
        """Tell admins the hint gave no usable PIN: the person has a generated one instead."""
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            _issue_id(PIN_FALLBACK, self._entry_id, booking.key),
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=PIN_FALLBACK,
            translation_placeholders={**self._placeholders(booking), "person": person.name},
        )

    def _placeholders(self, booking: Booking) -> dict[str, str]:
        start = dt_util.as_local(booking.start).strftime("%Y-%m-%d %H:%M")
        return {
            "title": validation.shown(booking.title),
            "calendar": booking.calendar,
            "start": start,
        }
