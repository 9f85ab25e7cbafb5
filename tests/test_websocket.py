"""The panel's admin websocket API, driven through Home Assistant's websocket client."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import DATA_DISPATCHER
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.housekey.const import signal_household
from custom_components.housekey.websocket_api import MUTATIONS

from .conftest import BACK, FRONT, call, settle, setup_household
from .conftest import Recorder as Events
from .test_privacy import (  # the real recorder on an SQLite file, as there
    auto_enable_custom_integrations,  # noqa: F401
    database_bytes,
    persistent_database,  # noqa: F401
)

PIN, DURESS, NEW_PIN = "482913", "739154", "519374"

#: every command, with fields that are valid once Alice exists
COMMANDS: dict[str, dict[str, Any]] = {
    "households": {},
    "people": {},
    "doors": {},
    "subscribe": {},
    "activity": {},
    "person/add": {"name": "Bob"},
    "person/add_guest": {"name": "Gus", "valid_until": "2099-01-01 12:00:00"},
    "person/update": {"person": "Alice", "name": "Alicia"},
    "person/suspend": {"person": "Alice"},
    "person/resume": {"person": "Alice"},
    "person/offboard": {"person": "Alice", "timeout": 5},
    "person/set_pin": {"person": "Alice"},
    "person/reveal_pin": {"person": "Alice"},
    "door/clear_foreign": {"lock": FRONT},
    "door/adopt_foreign": {"lock": FRONT, "slot": 5, "name": "Eve"},
    "person/enrol_authenticator": {"person": "Alice"},
    "person/remove_authenticator": {"person": "Alice"},
    "person/issue_code_book": {"person": "Alice", "count": 2},
    "person/revoke_code_book": {"person": "Alice"},
    "journal/records": {},
    "journal/verify": {},
    "household/export": {"passphrase": "lantern orchard maple 1987"},
    "household/import": {"content": "AAAA", "passphrase": "lantern orchard maple 1987"},
}


class Client:
    """A websocket client that sends Housekey commands for one household."""

    def __init__(self, ws: Any, entry_id: str) -> None:
        self.ws = ws
        self.entry_id = entry_id
        #: the subscription's pushes, as they arrived
        self.pushed: list[str] = []

    async def send(self, command: str, **fields: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"type": f"housekey/{command}", **fields}
        if command != "households":
            message.setdefault("entry_id", self.entry_id)
        await self.ws.send_json_auto_id(message)
        while (reply := await self.ws.receive_json())["type"] == "event":
            self.pushed.append(reply["event"]["type"])
        return dict(reply)

    async def result(self, command: str, **fields: Any) -> Any:
        reply = await self.send(command, **fields)
        assert reply["success"], reply
        return reply["result"]


@pytest.fixture
async def entry(hass: HomeAssistant) -> MockConfigEntry:
    """A household of two simulated locks, with Alice in it."""
    household = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": PIN, "duress_pin": DURESS})
    await settle(household.runtime_data)
    return household


@pytest.fixture
async def admin(hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: Any) -> Client:
    """An admin's client."""
    return Client(await hass_ws_client(hass), entry.entry_id)


async def test_households_lists_the_loaded_households(
    admin: Client, entry: MockConfigEntry
) -> None:
    assert await admin.result("households") == [
        {"entry_id": entry.entry_id, "name": "Maple Street"}
    ]


async def test_people_shows_access_and_whether_a_duress_pin_exists_never_a_code(
    hass: HomeAssistant, admin: Client
) -> None:
    until = dt_util.utcnow() + timedelta(days=2)
    await call(hass, "add_guest", {"name": "Gus", "valid_until": until, "locks": [BACK]})
    people = await admin.result("people")
    assert [p["name"] for p in people] == ["Alice", "Gus"]
    alice, gus = people
    assert alice["has_duress"] is True and gus["has_duress"] is False
    assert alice["role"] == "resident" and alice["status"] == "active"
    assert alice["locks"] is None and gus["locks"] == [BACK]
    assert gus["valid_until"] == until.isoformat()
    assert {"uses", "max_uses", "weekly", "last_access", "sponsor"} <= alice.keys()
    assert PIN not in json.dumps(people) and DURESS not in json.dumps(people)


async def test_doors_shows_each_locks_sync_and_slots(admin: Client) -> None:
    doors = await admin.result("doors")
    assert [d["entity_id"] for d in doors] == [FRONT, BACK]
    front = doors[0]
    assert front["backend"] == "simulated" and front["sync_state"] == "in_sync"
    assert front["pending_changes"] == 0 and front["foreign_slots"] == 0
    assert front["managed_slots"] == 1  # Alice, counted once for her PIN and duress PIN
    assert front["name"] == "Front door" and front["last_access"] is None


async def test_a_doors_last_access_says_who_how_and_when(
    hass: HomeAssistant, admin: Client, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-12-01 09:30:00+00:00")
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": PIN}, blocking=True
    )
    [front, _] = await admin.result("doors")
    last = front["last_access"]
    assert (last["person_name"], last["outcome"], last["method"]) == ("Alice", "granted", "keypad")
    assert dt_util.parse_datetime(last["at"]) == dt_util.parse_datetime("2026-12-01T09:30:00Z")


async def test_doors_show_who_enforces_windows_and_who_falls_back(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    household = await setup_household(hass, schedules=True)
    five = [
        {"days": [day], "start": "08:00", "end": f"1{n}:00"}
        for n, day in enumerate(("mon", "tue", "wed", "thu", "fri"))
    ]
    await call(hass, "add_person", {"name": "Cleo", "pin": PIN, "weekly": five, "locks": [FRONT]})
    await settle(household.runtime_data)
    client = Client(await hass_ws_client(hass), household.entry_id)
    front, back = await client.result("doors")
    cleo = household.runtime_data.household.find("Cleo")
    assert cleo is not None
    assert (front["enforcement"], front["fallback"]) == ("lock", [cleo.person_id])
    assert (back["enforcement"], back["fallback"]) == ("lock", [])


async def test_doors_of_locks_without_schedules_are_home_assistants(admin: Client) -> None:
    doors = await admin.result("doors")
    assert [(d["enforcement"], d["fallback"]) for d in doors] == [("home_assistant", [])] * 2


async def test_subscription_pushes_people_and_doors_changes(
    hass: HomeAssistant, admin: Client
) -> None:
    assert (await admin.send("subscribe"))["success"]
    assert admin.pushed == []
    await admin.result("person/add", name="Bob")
    while not {"doors", "people"} <= set(admin.pushed):
        admin.pushed.append((await admin.ws.receive_json())["event"]["type"])
    signal = signal_household(admin.entry_id)
    following = len(hass.data[DATA_DISPATCHER][signal])
    await admin.ws.close()
    await hass.async_block_till_done()
    assert len(hass.data[DATA_DISPATCHER][signal]) == following - 1  # unsubscribed


async def test_add_returns_a_generated_pin_once_and_update_changes_the_person(
    hass: HomeAssistant, admin: Client, entry: MockConfigEntry
) -> None:
    added = await admin.result("person/add", name="Bob", role="guest", valid_until="2099-01-01")
    assert added["pin"].isdigit()
    bob = entry.runtime_data.household.people[added["person_id"]]
    assert bob.pin == added["pin"] and bob.role.value == "guest"
    updated = await admin.result("person/update", person="Bob", name="Robert", max_uses=3)
    assert updated == {"person_id": bob.person_id}
    assert entry.runtime_data.household.people[bob.person_id].max_uses == 3


async def test_suspend_resume_and_offboard(
    hass: HomeAssistant, admin: Client, events: Events, hass_admin_user: Any
) -> None:
    alice = (await admin.result("person/suspend", person="Alice"))["person_id"]
    assert hass.states.get("sensor.maple_street_alice").state == "suspended"
    await admin.result("person/resume", person="Alice")
    assert hass.states.get("sensor.maple_street_alice").state == "active"
    offboarded = await admin.result("person/offboard", person="Alice", timeout=5)
    assert offboarded == {"person_id": alice, "locks": {FRONT: "removed", BACK: "removed"}}
    actions = [(e["action"], e["actor"]) for e in events.of("housekey_admin")]
    user = hass_admin_user.id
    assert actions == [("suspended", user), ("resumed", user), ("offboarded", user)]


async def test_set_pin_generates_one_or_takes_the_given_one(
    admin: Client, entry: MockConfigEntry
) -> None:
    generated = await admin.result("person/set_pin", person="Alice")
    alice = entry.runtime_data.household.people[generated["person_id"]]
    assert generated["pin"] == alice.pin and alice.pin != PIN
    given = await admin.result("person/set_pin", person="Alice", pin=NEW_PIN)
    assert "pin" not in given
    assert entry.runtime_data.household.people[alice.person_id].pin == NEW_PIN


async def test_reveal_pin_returns_it_and_records_who_saw_it(
    admin: Client, events: Events, hass_admin_user: Any
) -> None:
    revealed = await admin.result("person/reveal_pin", person="Alice")
    assert revealed["pin"] == PIN
    (event,) = events.of("housekey_admin")
    assert event["action"] == "pin_revealed" and event["person_id"] == revealed["person_id"]
    assert event["actor"] == hass_admin_user.id
    assert PIN not in json.dumps(event) and DURESS not in json.dumps(event)


async def test_clear_foreign_clears_a_locks_foreign_codes(
    hass: HomeAssistant, admin: Client, entry: MockConfigEntry
) -> None:
    entry.runtime_data.keypads[FRONT].codes[5] = "555123"
    await call(hass, "sync")
    assert (await admin.result("doors"))[0]["foreign_slots"] == 1
    assert await admin.result("door/clear_foreign", lock=FRONT) == {"lock": FRONT}
    await settle(entry.runtime_data)
    assert 5 not in entry.runtime_data.keypads[FRONT].codes
    assert (await admin.result("doors"))[0]["foreign_slots"] == 0
    refused = await admin.send("door/clear_foreign", lock="lock.garage")
    assert refused["error"]["code"] == "unknown_lock"


async def test_activity_reads_accesses_from_the_recorder_newest_first_filtered(
    hass: HomeAssistant, admin: Client, recorder_mock: Recorder
) -> None:
    for lock, code in ((FRONT, PIN), (BACK, PIN), (FRONT, "000000")):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": lock, "code": code}, blocking=False
        )
        await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    every = await admin.result("activity")
    assert [(a["lock"], a["outcome"]) for a in every] == [
        (FRONT, "denied"),
        (BACK, "granted"),
        (FRONT, "granted"),
    ]
    assert every[1]["person_name"] == "Alice" and every[1]["time"]
    assert len(await admin.result("activity", person="Alice")) == 2
    assert len(await admin.result("activity", lock=FRONT, outcome="granted")) == 1
    later = (dt_util.utcnow() + timedelta(minutes=1)).isoformat()
    assert await admin.result("activity", start=later) == []
    assert len(await admin.result("activity", end=later)) == 3


async def test_activity_without_the_recorder_says_so(hass: HomeAssistant, admin: Client) -> None:
    hass.config.components.remove("recorder")  # as when the recorder failed to start
    reply = await admin.send("activity")
    assert reply["error"]["code"] == "no_recorder" and reply["error"]["message"]
    hass.config.components.add("recorder")


async def test_a_pin_set_over_the_websocket_reaches_no_recorder_table(
    hass: HomeAssistant, admin: Client, recorder_mock: Recorder
) -> None:
    await admin.result("person/set_pin", person="Alice", pin=NEW_PIN)
    generated = (await admin.result("person/add", name="Bob"))["pin"]
    await admin.result("person/reveal_pin", person="Bob")
    await async_wait_recording_done(hass)
    stored = database_bytes(recorder_mock)
    assert b"pin_revealed" in stored  # the record is there, the codes are not
    for code in (NEW_PIN, generated):
        assert code.encode() not in stored


async def test_bad_input_is_refused_with_the_translation_key_and_message(
    admin: Client, entry: MockConfigEntry
) -> None:
    reply = await admin.send("person/add", name="Bob", pin="111111")
    assert reply["error"]["code"] == "pin_trivial"
    assert reply["error"]["message"] and "111111" not in json.dumps(reply)
    reply = await admin.send("person/suspend", person="Nobody")
    assert reply["error"]["code"] == "unknown_person"
    reply = await admin.send("person/add", name="Bob", colour="red")
    assert reply["error"]["code"] == "invalid_format"
    assert len(entry.runtime_data.household.people) == 1


@pytest.mark.parametrize("command", COMMANDS)
async def test_every_command_refuses_a_user_who_is_not_an_admin(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_ws_client: Any,
    hass_read_only_access_token: str,
    command: str,
) -> None:
    client = Client(await hass_ws_client(hass, hass_read_only_access_token), entry.entry_id)
    reply = await client.send(command, **COMMANDS[command])
    # Changes to people follow the actions' rule, and say why they are refused.
    delegated = command.removeprefix("person/") in MUTATIONS
    assert reply["error"]["code"] == ("admin_required" if delegated else "unauthorized")
    assert [p.name for p in entry.runtime_data.household.people.values()] == ["Alice"]


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "households"])
async def test_every_command_refuses_an_unknown_household(admin: Client, command: str) -> None:
    reply = await admin.send(command, **COMMANDS[command], entry_id="not-a-household")
    assert reply["error"]["code"] == "unknown_household"
    assert reply["error"]["message"]


async def test_adopting_a_foreign_code_names_its_person_and_clears_only_that_slot(
    hass: HomeAssistant, admin: Client, entry: MockConfigEntry, events: Events
) -> None:
    keypad = entry.runtime_data.keypads[FRONT]
    keypad.codes[5] = "555123"
    keypad.codes[6] = "666123"
    await call(hass, "sync")
    [front] = [d for d in await admin.result("doors") if d["entity_id"] == FRONT]
    assert front["foreign"] == [5, 6] and front["alerts"] == ["foreign_code"]
    slots = entry.runtime_data.locks[FRONT].view().capabilities.slots  # type: ignore[union-attr]
    # Alice's PIN and duress PIN, and the two foreign codes.
    assert front["free_slots"] == slots - 4

    adopted = await admin.result("door/adopt_foreign", lock=FRONT, slot=5, name="Eve")
    await settle(entry.runtime_data)
    # Eve has a new PIN of her own, on this door only; slot 5's unknown code is gone.
    assert len(adopted["pin"]) >= 4 and adopted["pin"] not in ("555123", "666123")
    assert "555123" not in keypad.codes.values()
    assert adopted["pin"] in keypad.codes.values()
    assert keypad.codes.get(6) == "666123"
    [eve] = [p for p in await admin.result("people") if p["name"] == "Eve"]
    assert eve["locks"] == [FRONT]
    [front] = [d for d in await admin.result("doors") if d["entity_id"] == FRONT]
    assert front["foreign"] == [6] and front["alerts"] == ["foreign_code"]
    assert eve["person_id"] in front["holders"]
    (event,) = [e for e in events.of("housekey_admin") if e["action"] == "foreign_adopted"]
    assert event["person_name"] == "Eve" and adopted["pin"] not in json.dumps(event)

    # Clearing the last one withdraws the repair.
    await admin.result("door/clear_foreign", lock=FRONT, slots=[6])
    await settle(entry.runtime_data)
    [front] = [d for d in await admin.result("doors") if d["entity_id"] == FRONT]
    assert front["foreign"] == [] and front["alerts"] == []
    assert 6 not in keypad.codes


async def test_adopting_refuses_a_slot_without_a_foreign_code_and_a_bad_person(
    hass: HomeAssistant, admin: Client, entry: MockConfigEntry
) -> None:
    keypad = entry.runtime_data.keypads[FRONT]
    keypad.codes[5] = "555123"
    await call(hass, "sync")
    refused = await admin.send("door/adopt_foreign", lock=FRONT, slot=7, name="Eve")
    assert refused["error"]["code"] == "not_foreign"
    # A person the household refuses (the name is taken) clears nothing.
    refused = await admin.send("door/adopt_foreign", lock=FRONT, slot=5, name="Alice")
    assert refused["error"]["code"] == "name_taken"
    await settle(entry.runtime_data)
    assert keypad.codes[5] == "555123"
    assert [p["name"] for p in await admin.result("people")] == ["Alice"]


# ---- door codes ------------------------------------------------------------------------


async def submit(hass: HomeAssistant, code: str) -> bool:
    """Type a code at the front door's forwarding keypad; return whether it opened."""
    granted: bool = (await call(hass, "submit_code", {"lock": FRONT, "code": code}))["granted"]
    await hass.services.async_call("lock", "lock", {"entity_id": FRONT}, blocking=True)
    return granted


async def test_enrolment_returns_the_qr_code_uri_and_secret_once_and_people_show_only_that(
    hass: HomeAssistant, admin: Client, entry: MockConfigEntry, events: Events, hass_admin_user: Any
) -> None:
    [before] = await admin.result("people")
    assert before["has_authenticator"] is False
    enrolled = await admin.result("person/enrol_authenticator", person="Alice")
    secret = enrolled["secret"]
    assert pyotp.parse_uri(enrolled["uri"]).secret == secret
    png = base64.b64decode(enrolled["qr_code"].removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert await submit(hass, pyotp.TOTP(secret).now())  # the app's code opens the door

    [alice] = await admin.result("people")
    assert alice["has_authenticator"] is True
    shown = json.dumps(await admin.result("people"))
    assert secret not in shown and "otpauth" not in shown
    (event,) = [e for e in events.of("housekey_admin") if e["action"] == "authenticator_enrolled"]
    assert event["actor"] == hass_admin_user.id and secret not in json.dumps(event)

    # Enrolling again replaces the secret; removing takes it away; twice is refused.
    again = await admin.result("person/enrol_authenticator", person="Alice")
    assert again["secret"] != secret
    assert await admin.result("person/remove_authenticator", person="Alice") == {
        "person_id": alice["person_id"]
    }
    assert entry.runtime_data.household.people[alice["person_id"]].otp_secret is None
    [alice] = await admin.result("people")
    assert alice["has_authenticator"] is False
    refused = await admin.send("person/remove_authenticator", person="Alice")
    assert refused["error"]["code"] == "no_authenticator" and refused["error"]["message"]


async def test_a_code_book_is_issued_in_household_time_reprinted_and_revoked(
    hass: HomeAssistant, admin: Client, events: Events, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-12-07 10:00:00-08:00")  # a Monday morning, household time
    [alice] = await admin.result("people")
    assert alice["has_code_book"] is False
    issued = await admin.result(
        "person/issue_code_book",
        person="Alice",
        **{"from": "2026-12-07T00:00", "until": "2026-12-10T00:00"},
    )
    codes = issued["codes"]
    # One code a day (Alice has no weekly hours), midnight to midnight in US/Pacific.
    assert [(c["valid_from"], c["valid_until"]) for c in codes] == [
        (f"2026-12-{day:02}T00:00:00-08:00", f"2026-12-{day + 1:02}T00:00:00-08:00")
        for day in (7, 8, 9)
    ]
    assert all(len(c["code"]) == 8 for c in codes)
    [alice] = await admin.result("people")
    assert alice["has_code_book"] is True
    assert not any(c["code"] in json.dumps(alice) for c in codes)
    again = await admin.result("person/issue_code_book", person="Alice", count=3)
    assert again["codes"] == codes  # a reprint: the same codes
    assert await submit(hass, codes[0]["code"])

    await admin.result("person/revoke_code_book", person="Alice")
    freezer.move_to("2026-12-08 10:00:00-08:00")
    assert not await submit(hass, codes[1]["code"])
    [alice] = await admin.result("people")
    assert alice["has_code_book"] is False
    actions = [e["action"] for e in events.of("housekey_admin")]
    assert actions == ["code_book_issued", "code_book_issued", "code_book_revoked"]


@pytest.mark.parametrize(
    ("command", "fields", "key"),
    [
        ("issue_code_book", {"person": "Alice", "count": 0}, "bad_count"),
        (
            "issue_code_book",
            {"person": "Alice", "from": "2026-12-10T00:00", "until": "2026-12-09T00:00"},
            "end_before_start",
        ),
        ("issue_code_book", {"person": "Alice", "from": "soon"}, "bad_datetime"),
        ("issue_code_book", {"person": "Nobody"}, "unknown_person"),
        ("revoke_code_book", {"person": "Alice"}, "no_code_book"),
        ("enrol_authenticator", {"person": "Alice", "secret": "JBSWY3DP"}, "invalid_format"),
    ],
)
async def test_door_code_commands_refuse_bad_input_as_the_actions_do(
    admin: Client, entry: MockConfigEntry, command: str, fields: dict[str, Any], key: str
) -> None:
    reply = await admin.send(f"person/{command}", **fields)
    assert reply["error"]["code"] == key and reply["error"]["message"]
    [alice] = entry.runtime_data.household.people.values()
    assert alice.book is None and alice.otp_secret is None


async def test_enrolment_and_book_codes_over_the_websocket_reach_no_recorder_table(
    hass: HomeAssistant, admin: Client, recorder_mock: Recorder
) -> None:
    enrolled = await admin.result("person/enrol_authenticator", person="Alice")
    codes = (await admin.result("person/issue_code_book", person="Alice", count=5))["codes"]
    await async_wait_recording_done(hass)
    stored = database_bytes(recorder_mock)
    assert b"authenticator_enrolled" in stored and b"code_book_issued" in stored
    secret = enrolled["secret"]
    for value in (secret, enrolled["uri"], enrolled["qr_code"][30:90], *(c["code"] for c in codes)):
        assert value.encode() not in stored, value
