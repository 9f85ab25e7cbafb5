"""Guests from calendars, against Home Assistant's real local_calendar and remote_calendar.

Events are made, moved and deleted through the calendar's own websocket commands, as
the calendar card does; time moves with the freezer and Home Assistant's timers.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.housekey import household_transfer
from custom_components.housekey.const import (
    CONF_AHEAD_DAYS,
    CONF_CALENDARS,
    CONF_CHECKIN_MINUTES,
    CONF_CHECKOUT_MINUTES,
    CONF_DERIVE_PIN,
    CONF_DOORS_FROM_EVENT,
    CONF_SERVICE_KEYWORD,
    DOMAIN,
)
from custom_components.housekey.core.model import Person, Role, WeeklyWindow

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household
from .test_brute_force import type_code

CALENDAR = "calendar.rentals"
PASSPHRASE = "lantern orchard maple 1987"
#: Monday 1 June 2026, 10:00 in the household's time zone (set in `tz`)
MONDAY = datetime.fromisoformat("2026-06-01T10:00:00+02:00")
OPTIONS = {
    CONF_CALENDARS: [CALENDAR],
    CONF_CHECKIN_MINUTES: 30,
    CONF_CHECKOUT_MINUTES: 30,
    CONF_AHEAD_DAYS: 7,
    CONF_SERVICE_KEYWORD: "cleaning",
}


@pytest.fixture(autouse=True)
async def tz(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Berlin time, Monday morning."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(MONDAY)


async def local_calendar(hass: HomeAssistant, name: str = "Rentals") -> MockConfigEntry:
    """Set up Home Assistant's local calendar, empty."""
    entry = MockConfigEntry(domain="local_calendar", data={"calendar_name": name}, title=name)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def household(hass: HomeAssistant, **options: Any) -> MockConfigEntry:
    entry = await setup_household(hass, options={**OPTIONS, **options})
    await idle(hass)
    return entry


def local(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=dt_util.get_default_time_zone())


class Calendar:
    """Makes, moves and deletes events through the local calendar entity's own API.

    The API the calendar card's websocket commands call; a websocket's login would not
    outlive the days the clock jumps here.
    """

    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.entity: Any = hass.data["calendar"].get_entity(CALENDAR)

    async def create(self, summary: str, start: str, end: str, **more: str) -> str:
        await self.entity.async_create_event(
            summary=summary, dtstart=local(start), dtend=local(end), **more
        )
        await idle(self.hass)
        return self.uid(summary)

    def uid(self, summary: str) -> str:
        return str(next(e.uid for e in self.entity._calendar.events if e.summary == summary))

    async def update(self, uid: str, summary: str, start: str, end: str) -> None:
        event = {"summary": summary, "dtstart": local(start), "dtend": local(end)}
        await self.entity.async_update_event(uid, event)
        await idle(self.hass)

    async def delete(self, uid: str) -> None:
        await self.entity.async_delete_event(uid)
        await idle(self.hass)


@pytest.fixture
async def calendar(hass: HomeAssistant) -> Calendar:
    await local_calendar(hass)
    return Calendar(hass)


async def idle(hass: HomeAssistant) -> None:
    """Wait until every household has read its calendars and its locks have settled."""
    await hass.async_block_till_done()
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        await entry.runtime_data.calendar.async_idle()
        await settle(entry.runtime_data)


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: str) -> None:
    """Move the clock to a local moment and let every timer due by then run."""
    freezer.move_to(local(moment))
    async_fire_time_changed(hass, dt_util.utcnow())
    await idle(hass)


def people(entry: MockConfigEntry) -> list[Person]:
    return entry.runtime_data.household.current()


def person(entry: MockConfigEntry, name: str) -> Person:
    found = entry.runtime_data.household.find(name)
    assert found is not None, name
    return found


def calendar_changes(events: Recorder) -> list[tuple[str, str | None]]:
    return [
        (e["action"], e["person_name"])
        for e in events.of("housekey_admin")
        if e.get("source") == "calendar"
    ]


async def test_a_booking_makes_a_guest_whose_code_opens_only_inside_the_buffered_window(
    hass: HomeAssistant,
    calendar: Calendar,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
) -> None:
    entry = await household(hass)
    await calendar.create("Anna Berg", "2026-06-03T15:00:00", "2026-06-05T11:00:00")
    await settle(entry.runtime_data)
    anna = person(entry, "Anna Berg")
    assert anna.role is Role.GUEST
    assert anna.valid_from == datetime.fromisoformat("2026-06-03T14:30:00+02:00")
    assert anna.valid_until == datetime.fromisoformat("2026-06-05T11:30:00+02:00")
    assert anna.pin is not None
    assert calendar_changes(events) == [("guest_added", "Anna Berg")]
    added = events.of("housekey_admin")[-1]
    assert (added["calendar"], added["actor"]) == (CALENDAR, None)

    # The panel shows which event made her.
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "housekey/people", "entry_id": entry.entry_id})
    shown = (await ws.receive_json())["result"]
    assert shown[0]["calendar"]["title"] == "Anna Berg"
    assert shown[0]["calendar"]["calendar"] == CALENDAR
    assert shown[0]["calendar"]["calendar_name"] == "Rentals"
    assert shown[0]["calendar"]["start"] == "2026-06-03T13:00:00+00:00"  # the event's, unbuffered

    assert await type_code(hass, anna.pin) != "opened"
    await at(hass, freezer, "2026-06-03T14:29:00")
    assert await type_code(hass, anna.pin) != "opened"
    await at(hass, freezer, "2026-06-03T14:30:00")
    assert await type_code(hass, anna.pin) == "opened"
    assert await type_code(hass, anna.pin, BACK) == "opened"
    await at(hass, freezer, "2026-06-05T11:29:00")
    assert await type_code(hass, anna.pin) == "opened"
    # The window's end ends her: the calendar's timer offboards her, her code is gone.
    await at(hass, freezer, "2026-06-05T11:30:00")
    assert await type_code(hass, anna.pin) != "opened"
    assert people(entry) == []
    assert calendar_changes(events)[-1] == ("offboarded", "Anna Berg")


async def test_a_booking_far_ahead_waits_for_the_horizon_with_one_timer(
    hass: HomeAssistant, calendar: Calendar, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household(hass)
    await calendar.create("Late Guest", "2026-06-20T15:00:00", "2026-06-22T11:00:00")
    assert people(entry) == []
    # Seven days before the buffered window opens (20 June 14:30), the guest is made.
    await at(hass, freezer, "2026-06-13T14:29:00")
    assert people(entry) == []
    await at(hass, freezer, "2026-06-13T14:30:00")
    assert [p.name for p in people(entry)] == ["Late Guest"]


async def test_moving_the_event_moves_the_window_and_deleting_it_ends_the_guest(
    hass: HomeAssistant, calendar: Calendar, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household(hass)
    uid = await calendar.create("Bo Lind", "2026-06-03T15:00:00", "2026-06-05T11:00:00")
    bo = person(entry, "Bo Lind")
    await calendar.update(uid, "Bo Lind", "2026-06-04T16:00:00", "2026-06-06T10:00:00")
    moved = person(entry, "Bo Lind")
    assert moved.person_id == bo.person_id
    assert moved.pin == bo.pin  # the code sent to the guest stays theirs
    assert moved.valid_from == datetime.fromisoformat("2026-06-04T15:30:00+02:00")
    assert moved.valid_until == datetime.fromisoformat("2026-06-06T10:30:00+02:00")
    assert bo.pin is not None
    await at(hass, freezer, "2026-06-04T15:00:00")  # inside the old window, not the new
    assert await type_code(hass, bo.pin) != "opened"
    await at(hass, freezer, "2026-06-04T15:31:00")
    assert await type_code(hass, bo.pin) == "opened"

    await calendar.delete(uid)
    await settle(entry.runtime_data)
    assert people(entry) == []
    assert await type_code(hass, bo.pin) != "opened"
    assert calendar_changes(events) == [
        ("guest_added", "Bo Lind"),
        ("person_updated", "Bo Lind"),
        ("offboarded", "Bo Lind"),
    ]


async def test_a_restart_in_between_creates_no_duplicate(
    hass: HomeAssistant, calendar: Calendar, events: Recorder
) -> None:
    entry = await household(hass)
    uid = await calendar.create("Cy Moss", "2026-06-03T15:00:00", "2026-06-05T11:00:00")
    cy = person(entry, "Cy Moss")
    assert await hass.config_entries.async_unload(entry.entry_id)
    # Moved while Housekey was not running: the restart moves the same guest.
    await calendar.update(uid, "Cy Moss", "2026-06-03T17:00:00", "2026-06-05T11:00:00")
    await setup_household(hass, entry=entry)
    await hass.async_block_till_done()
    again = entry.runtime_data.household.current()
    assert [(p.person_id, p.name) for p in again] == [(cy.person_id, "Cy Moss")]
    assert again[0].valid_from == datetime.fromisoformat("2026-06-03T16:30:00+02:00")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(people(entry)) == 1
    assert [a for a, _ in calendar_changes(events)] == ["guest_added", "person_updated"]


async def test_a_weekly_cleaner_becomes_one_service_person_with_weekly_hours(
    hass: HomeAssistant, calendar: Calendar, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household(hass)
    await calendar.create(
        "Cleaning (Maria)", "2026-06-02T09:00:00", "2026-06-02T12:00:00", rrule="FREQ=WEEKLY"
    )
    [maria] = people(entry)
    assert (maria.name, maria.role) == ("Cleaning (Maria)", Role.SERVICE)
    tuesday = frozenset({1})
    assert maria.weekly == (
        WeeklyWindow(tuesday, *(datetime.strptime(t, "%H:%M").time() for t in ("08:30", "12:30"))),
    )
    assert maria.valid_until is None  # a series without end: a service person without end
    assert maria.pin is not None
    await at(hass, freezer, "2026-06-02T08:29:00")
    assert await type_code(hass, maria.pin) != "opened"
    await at(hass, freezer, "2026-06-02T08:31:00")
    assert await type_code(hass, maria.pin) == "opened"
    await at(hass, freezer, "2026-06-02T12:31:00")
    assert await type_code(hass, maria.pin) != "opened"
    # A week on, the same person: the series is one booking, read again and again.
    await at(hass, freezer, "2026-06-09T09:00:00")
    assert [p.person_id for p in people(entry)] == [maria.person_id]
    assert person(entry, "Cleaning (Maria)").valid_from == maria.valid_from
    assert await type_code(hass, maria.pin) == "opened"


async def test_two_overlapping_bookings_get_two_guests_with_distinct_names_and_codes(
    hass: HomeAssistant, calendar: Calendar, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household(hass)
    await calendar.create("Airbnb guest", "2026-06-03T15:00:00", "2026-06-06T11:00:00")
    await calendar.create("Airbnb guest", "2026-06-05T15:00:00", "2026-06-08T11:00:00")
    first, second = sorted(people(entry), key=lambda p: p.valid_from or MONDAY)
    assert (first.name, second.name) == ("Airbnb guest", "Airbnb guest (2)")
    assert first.pin and second.pin and first.pin != second.pin
    await at(hass, freezer, "2026-06-05T16:00:00")
    assert await type_code(hass, first.pin) == "opened"
    assert await type_code(hass, second.pin) == "opened"


async def test_a_doors_line_picks_the_doors_and_one_naming_none_is_refused_with_a_note(
    hass: HomeAssistant, calendar: Calendar, issue_registry: ir.IssueRegistry
) -> None:
    entry = await household(hass, **{CONF_DOORS_FROM_EVENT: True})
    front = hass.states.get(FRONT)
    assert front is not None
    await calendar.create(
        "Dee", "2026-06-03T15:00:00", "2026-06-04T11:00:00", description=f"doors: {front.name}"
    )
    assert person(entry, "Dee").locks == (FRONT,)
    await calendar.create(
        "Eve", "2026-06-03T15:00:00", "2026-06-04T11:00:00", description="doors: Garage"
    )
    assert entry.runtime_data.household.find("Eve") is None
    [issue] = [i for i in issue_registry.issues.values() if i.domain == DOMAIN]
    assert issue.translation_key == "calendar_event_no_door"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["title"] == "Eve"


async def test_removing_the_household_removes_its_calendar_links_and_notes(
    hass: HomeAssistant,
    calendar: Calendar,
    issue_registry: ir.IssueRegistry,
    hass_storage: dict[str, Any],
) -> None:
    """The links hold the guests' names and bookings, the notes name events: neither
    outlives the household (its codes are cleared from the locks first)."""
    entry = await household(hass, **{CONF_DOORS_FROM_EVENT: True})
    await calendar.create("Ann", "2026-06-03T15:00:00", "2026-06-04T11:00:00")
    await calendar.create(
        "Eve", "2026-06-03T15:00:00", "2026-06-04T11:00:00", description="doors: Garage"
    )
    assert [i.translation_key for i in issue_registry.issues.values() if i.domain == DOMAIN] == [
        "calendar_event_no_door"
    ]
    assert f"{DOMAIN}.{entry.entry_id}.calendar" in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert not [key for key in hass_storage if entry.entry_id in key]
    assert not [i for i in issue_registry.issues.values() if i.domain == DOMAIN]


async def test_a_household_moved_by_its_file_keeps_its_calendar_guests_linked(
    hass: HomeAssistant, calendar: Calendar, events: Recorder
) -> None:
    """Exported, the household removed, a new one following the same calendar made (it
    makes the booking's guest at once), then the file imported: one guest, the imported
    one with the code that was sent, who still ends when the booking is deleted, and
    nobody else does."""
    first = await household(hass)
    await call(hass, "add_person", {"name": "Resident", "pin": "582047"})
    uid = await calendar.create("Ann Berg", "2026-06-03T15:00:00", "2026-06-05T11:00:00")
    sent = person(first, "Ann Berg")
    _, data = await household_transfer.async_export_file(first.runtime_data, PASSPHRASE, None)
    await hass.config_entries.async_remove(first.entry_id)
    await hass.async_block_till_done()

    second = await household(hass)
    assert [p.name for p in people(second)] == ["Ann Berg"]
    await household_transfer.async_import_file(second.runtime_data, data, PASSPHRASE, None)
    await idle(hass)
    # The new household's own guest had the first person number, the Resident's in the file.
    assert {(p.person_id, p.name, p.pin) for p in people(second)} == {
        (sent.person_id, "Ann Berg", sent.pin),
        (person(second, "Resident").person_id, "Resident", "582047"),
    }
    await calendar.delete(uid)
    await settle(second.runtime_data)
    assert [p.name for p in people(second)] == ["Resident"]
    assert calendar_changes(events)[-1] == ("offboarded", "Ann Berg")


async def test_a_pin_hint_gives_the_pin_and_a_weak_or_taken_one_falls_back_with_a_note(
    hass: HomeAssistant, calendar: Calendar, issue_registry: ir.IssueRegistry, events: Recorder
) -> None:
    entry = await household(hass, **{CONF_DERIVE_PIN: True})
    await call(hass, "add_person", {"name": "Resident", "pin": "582047"})
    await calendar.create(
        "Fay",
        "2026-06-03T15:00:00",
        "2026-06-04T11:00:00",
        description="Phone +49 170\nPIN hint: +49 170 5829 4713",
    )
    assert person(entry, "Fay").pin == "294713"  # its last six digits, the doors' length
    await calendar.create(
        "Gus", "2026-06-03T15:00:00", "2026-06-04T11:00:00", description="PIN hint: 123456"
    )
    await calendar.create(
        "Hal", "2026-06-03T15:00:00", "2026-06-04T11:00:00", description="pin hint: 0049 582047"
    )
    gus, hal = person(entry, "Gus"), person(entry, "Hal")
    assert gus.pin not in (None, "123456")
    assert hal.pin not in (None, "582047")
    notes = sorted(
        (i for i in issue_registry.issues.values() if i.domain == DOMAIN),
        key=lambda i: (i.translation_placeholders or {}).get("title", ""),
    )
    assert [i.translation_key for i in notes] == ["calendar_pin_fallback"] * 2
    assert [(i.translation_placeholders or {})["person"] for i in notes] == ["Gus", "Hal"]
    # Neither the notes nor the record say the digits.
    said = repr([i.translation_placeholders for i in notes]) + repr(events.of("housekey_admin"))
    for digits in ("123456", "582047", "294713", gus.pin, hal.pin):
        assert str(digits) not in said


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Housekey tests//EN
{events}END:VCALENDAR
"""
BOOKING = """BEGIN:VEVENT
UID:booking-42@example.test
DTSTAMP:20260501T000000Z
DTSTART:20260603T130000Z
DTEND:20260605T090000Z
SUMMARY:Ines Kaur
END:VEVENT
"""


async def test_a_remote_ics_feed_on_a_loopback_port_makes_and_ends_a_guest(
    hass: HomeAssistant, events: Recorder, freezer: FrozenDateTimeFactory, socket_enabled: None
) -> None:
    served = {"events": BOOKING}

    async def feed(_request: web.Request) -> web.Response:
        return web.Response(text=ICS.format(**served), content_type="text/calendar")

    app = web.Application()
    app.router.add_get("/bookings.ics", feed)
    # No access log: it reads the local time zone, which the frozen clock lacks.
    server = TestServer(app, host="127.0.0.1", access_log=None)
    await server.start_server()
    try:
        remote = MockConfigEntry(
            domain="remote_calendar",
            title="Bookings",
            data={
                "calendar_name": "Bookings",
                "url": str(server.make_url("/bookings.ics")),
                "verify_ssl": False,
            },
        )
        remote.add_to_hass(hass)
        assert await hass.config_entries.async_setup(remote.entry_id)
        await hass.async_block_till_done()
        entry = await household(hass, **{CONF_CALENDARS: ["calendar.bookings"]})
        [ines] = people(entry)
        assert (ines.name, ines.valid_from) == (
            "Ines Kaur",
            datetime.fromisoformat("2026-06-03T14:30:00+02:00"),
        )
        # The booking leaves the feed; the calendar's next refresh ends the guest. (A feed
        # that keeps it as STATUS:CANCELLED ends it only where Home Assistant drops such
        # events: 2026.10 does, 2026.8 still returns them; see the README.)
        served["events"] = ""
        await at(hass, freezer, "2026-06-02T10:01:00")
        assert await async_setup_component(hass, "homeassistant", {})
        await hass.services.async_call(
            "homeassistant", "update_entity", {"entity_id": "calendar.bookings"}, blocking=True
        )
        for _ in range(200):  # the feed is read over the loopback socket, in real time
            if not people(entry):
                break
            # The frozen clock stops asyncio.sleep; a thread's sleep lets the socket work.
            await hass.async_add_executor_job(time.sleep, 0.01)
            await idle(hass)
        assert calendar_changes(events) == [
            ("guest_added", "Ines Kaur"),
            ("offboarded", "Ines Kaur"),
        ]
    finally:
        await server.close()


async def test_a_calendar_that_cannot_be_read_keeps_its_guests(
    hass: HomeAssistant, calendar: Calendar
) -> None:
    entry = await household(hass)
    await calendar.create("Jo", "2026-06-03T15:00:00", "2026-06-04T11:00:00")
    [calendar_entry] = hass.config_entries.async_entries("local_calendar")
    assert await hass.config_entries.async_unload(calendar_entry.entry_id)
    await hass.async_block_till_done()
    await entry.runtime_data.calendar.async_reconcile()
    assert [p.name for p in people(entry)] == ["Jo"]


def test_rules_read_from_the_options_the_form_saves() -> None:
    from custom_components.housekey.options import HouseholdOptions

    rules = HouseholdOptions.of({**OPTIONS, CONF_AHEAD_DAYS: 3}).bookings
    assert rules.followed() == (CALENDAR,)
    assert rules.ahead == timedelta(days=3)
    assert rules.role(CALENDAR, "Deep CLEANING") is Role.SERVICE


async def test_diagnostics_show_the_last_reading_counts_and_no_event_text(
    hass: HomeAssistant, calendar: Calendar, hass_client: ClientSessionGenerator
) -> None:
    entry = await household(hass, **{CONF_DERIVE_PIN: True})
    await calendar.create(
        "Kim Secretname",
        "2026-06-03T15:00:00",
        "2026-06-04T11:00:00",
        description="PIN hint: 0170 7395 2816",
    )
    await calendar.create("Far Later", "2026-07-03T15:00:00", "2026-07-04T11:00:00")
    kim = person(entry, "Kim Secretname")
    shown = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert shown["calendar"]["calendars"] == [CALENDAR]
    assert shown["calendar"]["following"] is True
    last = shown["calendar"]["last_reading"]
    assert {k: last[k] for k in ("calendars_read", "links", "ended")} == {
        "calendars_read": 1,
        "links": 1,
        "ended": 0,
    }
    assert isinstance(last["duration_ms"], int)
    # The next reading: when Kim's window ends (4 June 11:30, before "Far Later" is due).
    assert shown["calendar"]["next_reading"] == "2026-06-04T09:30:00+00:00"
    dumped = json.dumps(shown)
    for secret in ("Secretname", "Far Later", "7395", "952816", str(kim.pin)):
        assert secret not in dumped


async def test_the_options_form_starts_following_a_calendar(
    hass: HomeAssistant, calendar: Calendar, events: Recorder
) -> None:
    entry = await setup_household(hass)
    await calendar.create("Lee", "2026-06-03T15:00:00", "2026-06-04T11:00:00")
    assert people(entry) == []  # not followed yet
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 8}
    chosen = {
        CONF_CALENDARS: [CALENDAR, CALENDAR],
        CONF_SERVICE_KEYWORD: " cleaning ",
        CONF_AHEAD_DAYS: 3,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, "calendar": chosen}
    )
    assert result["type"] == "create_entry"
    assert entry.options[CONF_CALENDARS] == [CALENDAR]
    assert entry.options[CONF_SERVICE_KEYWORD] == "cleaning"
    await idle(hass)
    assert [p.name for p in people(entry)] == ["Lee"]
    assert calendar_changes(events) == [("guest_added", "Lee")]
