"""Every action through the real integration: happy paths and bad inputs."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)

from custom_components.housekey.validation import FIELD_LABELS

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household


def codes(entry: MockConfigEntry, lock: str) -> dict[int, str]:
    return dict(entry.runtime_data.keypads[lock].codes)


async def test_add_person_puts_pin_on_every_lock(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    response = await call(hass, "add_person", {"name": "Alice", "pin": "482913", "role": "admin"})
    assert response == {"person_id": "p1"}
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: "482913"}
    assert codes(household, BACK) == {1: "482913"}
    assert events.of("housekey_admin") == [
        {
            "household": "Maple Street",
            "action": "person_added",
            "person_id": "p1",
            "person_name": "Alice",
            "actor": None,
        }
    ]
    state = hass.states.get("sensor.maple_street_alice")
    assert state.state == "active"
    assert state.attributes["role"] == "admin"


async def test_generated_pin_is_returned_once_and_fits_policy(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    response = await call(hass, "add_person", {"name": "Bob"})
    pin = response["pin"]
    assert pin.isdigit() and len(pin) == 6
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: pin}
    again = await call(hass, "set_pin", {"person": "bob"})
    assert again["pin"] != pin and len(again["pin"]) == 6
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: again["pin"]}


async def test_locks_subset_only_reaches_those_locks(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Carol", "pin": "519374", "locks": [FRONT]})
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: "519374"}
    assert codes(household, BACK) == {}
    await call(hass, "update_person", {"person": "Carol", "locks": [BACK]})
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {}
    assert codes(household, BACK) == {1: "519374"}


async def test_set_pin_changes_the_code_in_place(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(household.runtime_data)
    assert await call(hass, "set_pin", {"person": "p1", "pin": "604827"}) == {"person_id": "p1"}
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: "604827", 2: "739154"}
    assert events.of("housekey_admin")[-1]["action"] == "pin_changed"


async def test_suspend_and_resume(hass: HomeAssistant, household: MockConfigEntry) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(household.runtime_data)
    await call(hass, "suspend_person", {"person": "Alice"})
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {}
    assert hass.states.get("sensor.maple_street_alice").state == "suspended"
    await call(hass, "resume_person", {"person": "Alice"})
    await settle(household.runtime_data)
    assert codes(household, FRONT) == {1: "482913"}
    assert hass.states.get("sensor.maple_street_alice").state == "active"


async def test_offboard_clears_every_lock_and_the_code_stops_working(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(household.runtime_data)
    response = await call(hass, "offboard_person", {"person": "Bob"})
    assert response == {"person_id": "p2", "locks": {FRONT: "removed", BACK: "removed"}}
    assert codes(household, FRONT) == {1: "482913"}
    assert codes(household, BACK) == {1: "482913"}
    for lock in (FRONT, BACK):
        with pytest.raises(Exception, match="rejected"):
            await hass.services.async_call(
                "lock", "unlock", {"entity_id": lock, "code": "739154"}, blocking=True
            )
    assert [e["outcome"] for e in events.of("housekey_access")] == ["denied", "denied"]
    assert hass.states.get("sensor.maple_street_bob").state == "offboarded"
    # The code is erased from storage, not only from the locks.
    assert household.runtime_data.household.people["p2"].pin is None
    # An offboarded person cannot be changed any more, and their name is free again; their
    # PIN is not (the old Bob still knows it).
    with pytest.raises(ServiceValidationError):
        await call(hass, "resume_person", {"person": "p2"})
    with pytest.raises(ServiceValidationError, match="within the last 365 days"):
        await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    assert (await call(hass, "add_person", {"name": "Bob", "pin": "739155"}))["person_id"] == "p3"


async def test_offboard_reports_pending_for_an_unreachable_lock(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    runtime.keypads[BACK].set_unreachable(True)
    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 1})
    assert response["locks"] == {FRONT: "removed", BACK: "pending"}
    runtime.keypads[BACK].set_unreachable(False)
    await settle(runtime)
    assert codes(household, BACK) == {}


async def test_guest_gets_a_generated_pin_and_expires(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    runtime = household.runtime_data
    until = dt_util.utcnow() + timedelta(hours=2)
    response = await call(hass, "add_guest", {"name": "Dana", "valid_until": until.isoformat()})
    assert set(response) == {"person_id", "pin"}
    await settle(runtime)
    assert codes(household, FRONT) == {1: response["pin"]}
    assert hass.states.get("sensor.maple_street_dana").attributes["role"] == "guest"
    freezer.move_to(until + timedelta(seconds=1))
    async_fire_time_changed(hass, until + timedelta(seconds=1))
    await settle(runtime)
    assert codes(household, FRONT) == {}
    assert hass.states.get("sensor.maple_street_dana").state == "expired"


async def test_future_window_opens_at_the_exact_moment(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    runtime = household.runtime_data
    start = dt_util.utcnow() + timedelta(hours=1)
    await call(
        hass,
        "add_person",
        {"name": "Erin", "pin": "840271", "valid_from": start.isoformat(), "locks": [FRONT]},
    )
    await settle(runtime)
    assert codes(household, FRONT) == {}
    assert hass.states.get("sensor.maple_street_erin").state == "scheduled"
    freezer.move_to(start)
    async_fire_time_changed(hass, start)
    await settle(runtime)
    assert codes(household, FRONT) == {1: "840271"}


async def test_max_uses_removes_the_code_after_the_last_use(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Finn", "pin": "317529", "max_uses": 2})
    await settle(runtime)
    for _ in range(2):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FRONT, "code": "317529"}, blocking=True
        )
    await settle(runtime)
    assert codes(household, FRONT) == {}
    assert codes(household, BACK) == {}
    assert hass.states.get("sensor.maple_street_finn").state == "used_up"


async def test_duress_pin_opens_and_raises_a_silent_alert(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Gus", "pin": "482913", "duress_pin": "482914"})
    await settle(runtime)
    assert sorted(codes(household, FRONT).values()) == ["482913", "482914"]
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "482914"}, blocking=True
    )
    await hass.async_block_till_done()
    access = events.of("housekey_access")[-1]
    assert access["outcome"] == "granted" and access["person_id"] == "p1"
    alerts = events.of("housekey_alert")
    assert [(a["kind"], a["person_id"]) for a in alerts] == [("duress", "p1")]
    event_state = hass.states.get("event.front_door_access")
    assert event_state.attributes["event_type"] == "granted"
    assert "duress" not in str(event_state.attributes)


async def test_weekly_windows_are_accepted_and_shown(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    weekly = [{"days": ["mon", "thu"], "start": "09:00", "end": "12:00"}]
    await call(hass, "add_person", {"name": "Hana", "role": "service", "weekly": weekly})
    assert hass.states.get("sensor.maple_street_hana").attributes["weekly"] == weekly


async def test_sync_action_reports_states(hass: HomeAssistant, household: MockConfigEntry) -> None:
    assert await call(hass, "sync") == {FRONT: "in_sync", BACK: "in_sync"}
    assert await call(hass, "sync", {"locks": [FRONT]}) == {FRONT: "in_sync"}


@pytest.mark.parametrize(
    ("service", "data", "key", "field"),
    [
        ("add_person", {"name": "Zed", "pin": "12a456"}, "pin_not_digits", "pin"),
        ("add_person", {"name": "Zed", "pin": "48291"}, "pin_too_short", "pin"),
        ("add_person", {"name": "Zed", "pin": "482913571"}, "pin_too_long", "pin"),
        ("add_person", {"name": "Zed", "pin": "123456"}, "pin_trivial", "pin"),
        ("add_person", {"name": "Zed", "pin": "777777"}, "pin_trivial", "pin"),
        ("add_person", {"name": "Zed", "pin": "482913"}, "pin_duplicate", "pin"),
        # A number shorter than the policy may have lost leading zeros (YAML's 012345).
        ("add_person", {"name": "Zed", "pin": 48201}, "pin_not_text", "pin"),
        (
            "add_person",
            {"name": "zed", "pin": "593017", "duress_pin": "593017"},
            "pin_duplicate",
            "duress_pin",
        ),
        ("add_person", {"name": "ALICE"}, "name_taken", "name"),
        ("add_person", {"name": "  "}, "name_empty", "name"),
        ("add_person", {"name": "Zed", "locks": ["lock.nowhere"]}, "unknown_lock", "locks"),
        (
            "add_person",
            {
                "name": "Zed",
                "valid_from": "2030-01-02T00:00:00+00:00",
                "valid_until": "2030-01-01T00:00:00+00:00",
            },
            "end_before_start",
            "valid_until",
        ),
        ("add_person", {"name": "Zed", "role": "guest"}, "guest_needs_end", "valid_until"),
        (
            "add_person",
            {"name": "Zed", "weekly": [{"days": ["xyz"], "start": "09:00", "end": "10:00"}]},
            "bad_weekly",
            "weekly",
        ),
        (
            "add_person",
            {"name": "Zed", "weekly": [{"days": ["mon"], "start": "25:00", "end": "10:00"}]},
            "bad_weekly",
            "weekly",
        ),
        ("add_person", {"name": "Zed", "ha_user": "no-such-user"}, "unknown_user", "ha_user"),
        (
            "add_guest",
            {"name": "Zed", "valid_until": "2030-01-01T00:00:00+00:00", "sponsor": "nobody"},
            "unknown_person",
            "sponsor",
        ),
        ("update_person", {"person": "nobody", "role": "admin"}, "unknown_person", "person"),
        ("update_person", {"person": "Alice", "name": "Bob"}, "name_taken", "name"),
        (
            "update_person",
            {"person": "Alice", "duress_pin": "739154"},
            "pin_duplicate",
            "duress_pin",
        ),
        ("set_pin", {"person": "Alice", "pin": "739154"}, "pin_duplicate", "pin"),
        ("set_pin", {"person": "Alice", "pin": "98765"}, "pin_too_short", "pin"),
        ("set_pin", {"person": "Nobody"}, "unknown_person", "person"),
        ("suspend_person", {"person": "Nobody"}, "unknown_person", "person"),
        ("offboard_person", {"person": "Nobody"}, "unknown_person", "person"),
        ("sync", {"locks": ["lock.nowhere"]}, "unknown_lock", "locks"),
        (
            "add_person",
            {"name": "Zed", "config_entry_id": "nope"},
            "unknown_household",
            "config_entry_id",
        ),
    ],
)
async def test_bad_input_is_a_translated_error_naming_the_field_and_changes_nothing(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    service: str,
    data: dict,
    key: str,
    field: str,
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(runtime)
    before = runtime.household.to_dict()
    admin_events = len(events.of("housekey_admin"))
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, data)
    assert err.value.translation_key == key
    assert err.value.translation_placeholders["field"] == field
    assert FIELD_LABELS.get(field, field) in str(err.value)  # named as the form shows it
    assert runtime.household.to_dict() == before
    assert len(events.of("housekey_admin")) == admin_events
    assert codes(household, FRONT) == {1: "482913", 2: "739154"}


async def test_pin_must_fit_every_target_lock(hass: HomeAssistant) -> None:
    entry = await setup_household(hass, pin_min=4, pin_max=10)
    entry.runtime_data.keypads[BACK].pin_max = 6  # a lock that takes at most 6 digits
    await call(hass, "sync")
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_person", {"name": "Ida", "pin": "48291357"})
    assert err.value.translation_key == "pin_lock_range"
    # Fine when the person only opens the front door.
    await call(hass, "add_person", {"name": "Ida", "pin": "48291357", "locks": [FRONT]})
    # ...but the back door cannot be added to their locks while the PIN is too long for it.
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "update_person", {"person": "Ida", "locks": [FRONT, BACK]})
    assert err.value.translation_key == "pin_lock_range"


async def test_non_admin_users_are_refused_and_admins_are_recorded(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    hass_admin_user,
    hass_read_only_user,
) -> None:
    with pytest.raises(Unauthorized):
        await call(
            hass, "add_person", {"name": "Mallory"}, context=Context(user_id=hass_read_only_user.id)
        )
    assert household.runtime_data.household.people == {}
    await call(hass, "add_person", {"name": "Alice"}, context=Context(user_id=hass_admin_user.id))
    assert events.of("housekey_admin")[-1]["actor"] == hass_admin_user.id
    # No user (an automation) or an admin: served, response included; others: refused.
    served = await call(hass, "add_person", {"name": "Auto"})
    assert set(served) == {"person_id", "pin"}
    admin = Context(user_id=hass_admin_user.id)
    served = await call(
        hass, "add_guest", {"name": "Gus", "valid_until": "2099-01-01"}, context=admin
    )
    assert set(served) == {"person_id", "pin"}
    with pytest.raises(Unauthorized) as err:
        await call(
            hass, "set_pin", {"person": "Auto"}, context=Context(user_id=hass_read_only_user.id)
        )
    assert err.value.translation_key == "admin_required"
    # A user Home Assistant does not know is refused as its own admin-only actions refuse one.
    with pytest.raises(UnknownUser):
        await call(hass, "sync", {}, context=Context(user_id="no-such-user"))
    # Each refusal is on the record too, with the user and what they tried.
    actions = [(e["action"], e.get("refused")) for e in events.of("housekey_admin")]
    assert actions == [
        ("add_person", "admin_required"),
        ("person_added", None),
        ("person_added", None),
        ("guest_added", None),
        ("set_pin", "admin_required"),
    ]


async def test_an_unloaded_household_is_not_served(hass: HomeAssistant) -> None:
    first = await setup_household(hass, name="One", simulated=1)
    second = await setup_household(hass, name="Two", simulated=1)
    assert await hass.config_entries.async_unload(first.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_person", {"name": "Alice", "config_entry_id": first.entry_id})
    assert err.value.translation_key == "unknown_household"
    # The only loaded household is the one meant.
    await call(hass, "add_person", {"name": "Alice"})
    assert second.runtime_data.household.find("alice") is not None


async def test_several_households_need_an_entry_id(hass: HomeAssistant) -> None:
    first = await setup_household(hass, name="One", simulated=1)
    second = await setup_household(hass, name="Two", simulated=1)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_person", {"name": "Alice"})
    assert err.value.translation_key == "several_households"
    await call(hass, "add_person", {"name": "Alice", "config_entry_id": second.entry_id})
    assert not first.runtime_data.household.people
    assert second.runtime_data.household.find("alice") is not None


async def test_no_household(hass: HomeAssistant) -> None:
    from homeassistant.setup import async_setup_component

    assert await async_setup_component(hass, "housekey", {})
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_person", {"name": "Alice"})
    assert err.value.translation_key == "no_household"


async def test_no_pin_length_fits_policy_and_locks(hass: HomeAssistant) -> None:
    entry = await setup_household(hass)
    entry.runtime_data.keypads[BACK].pin_max = 5  # a lock that takes at most 5 digits
    await call(hass, "sync")
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_person", {"name": "Ida"})
    assert err.value.translation_key == "no_common_length"
    assert err.value.translation_placeholders["field"] == "locks"
    response = await call(hass, "add_person", {"name": "Ida", "locks": [FRONT]})
    assert len(response["pin"]) == 6


async def test_concurrent_adds_cannot_share_a_pin(
    hass: HomeAssistant, household: MockConfigEntry, hass_admin_user, monkeypatch
) -> None:
    get_user = hass.auth.async_get_user

    async def slow_get_user(user_id: str):
        await asyncio.sleep(0.01)  # an auth store that has to load lets other calls run
        return await get_user(user_id)

    monkeypatch.setattr(hass.auth, "async_get_user", slow_get_user)
    results = await asyncio.gather(
        call(hass, "add_person", {"name": "Ann", "pin": "482913", "ha_user": hass_admin_user.id}),
        call(hass, "add_person", {"name": "Ben", "pin": "482913", "ha_user": hass_admin_user.id}),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, ServiceValidationError)]
    assert len(errors) == 1
    assert errors[0].translation_key == "pin_duplicate"
    assert len(household.runtime_data.household.people) == 1


def test_action_texts_have_no_braces_for_the_message_formatter() -> None:
    """Braces in an action's text are ICU placeholders to the frontend: a literal one breaks it
    ("Translation error: INVALID_ARGUMENT_TYPE")."""
    package = Path(__file__).resolve().parents[1] / "custom_components" / "housekey"
    for path in (package / "strings.json", package / "translations" / "en.json"):
        actions = json.loads(path.read_text())["services"]
        texts = [
            text
            for action in actions.values()
            for text in [
                action.get("name", ""),
                action.get("description", ""),
                *(t for f in action.get("fields", {}).values() for t in f.values()),
            ]
        ]
        assert texts
        assert not [t for t in texts if "{" in t or "}" in t]


async def test_add_person_examples_together_are_a_valid_call(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The examples shown in the action form work as they are."""
    freezer.move_to("2026-12-01 12:00:00+00:00")
    package = Path(__file__).resolve().parents[1] / "custom_components" / "housekey"
    fields = load_yaml_dict(str(package / "services.yaml"))["add_person"]["fields"]
    examples = {k: f["example"] for k, f in fields.items() if k != "config_entry_id"}
    assert set(examples) == set(fields) - {"config_entry_id"}  # every field has one
    assert examples["name"] != "Alice"
    assert examples["pin"] != examples["duress_pin"]
    MockUser(id=examples["ha_user"]).add_to_hass(hass)
    examples["weekly"] = json.loads(examples["weekly"])
    answer = await call(hass, "add_person", examples)
    assert household.runtime_data.household.people[answer["person_id"]].name == "Carol"


async def test_a_dashboard_opening_goes_to_the_user_and_their_person(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder, hass_admin_user: Any
) -> None:
    await call(hass, "add_person", {"name": "Carol", "ha_user": hass_admin_user.id})
    await hass.services.async_call(
        "lock",
        "unlock",
        {"entity_id": FRONT},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    await hass.async_block_till_done()
    [access] = events.of("housekey_access")
    assert access["method"] == "remote"
    assert (access["person_name"], access["user_id"]) == ("Carol", hass_admin_user.id)
    await hass.services.async_call("lock", "unlock", {"entity_id": FRONT}, blocking=True)
    assert events.of("housekey_access")[1]["person_name"] is None  # an automation: nobody
