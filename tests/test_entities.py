"""Entities, devices, diagnostics, logbook, and that no PIN leaks anywhere."""

from __future__ import annotations

import contextlib
import json
import logging

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.housekey import unique_ids
from custom_components.housekey.unique_ids import LockEntityKind

from .conftest import BACK, FRONT, Recorder, call, logged, settle, setup_household

PINS = ("482913", "739154", "519374", "604827")


async def test_entity_budget(hass: HomeAssistant) -> None:
    entry = await setup_household(hass, simulated=2)
    for i in range(10):
        await call(hass, "add_person", {"name": f"Person {i}"})
    await hass.async_block_till_done()
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    by_domain: dict[str, int] = {}
    for entity in entities:
        by_domain[entity.domain] = by_domain.get(entity.domain, 0) + 1
    # 10 person sensors + 2 per lock sensors x 2 + 1 household sensor; 2 event; 2 simulated locks.
    assert by_domain == {"sensor": 15, "event": 2, "lock": 2}
    assert len(entities) - by_domain["lock"] <= 10 + 3 * 2 + 2


async def test_entities_have_the_unique_ids_the_clean_up_keeps(hass: HomeAssistant) -> None:
    entry = await setup_household(hass, simulated=2)
    await call(hass, "add_person", {"name": "Alice"})
    await hass.async_block_till_done()
    runtime = entry.runtime_data
    registered = {
        e.unique_id for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    kept = unique_ids.expected(
        entry.entry_id, runtime.household.people, runtime.locks, runtime.factory.keypad_keys()
    )
    assert registered == kept
    assert unique_ids.lock_entity(entry.entry_id, FRONT, LockEntityKind.SYNC) in registered


async def test_devices(hass: HomeAssistant, household: MockConfigEntry) -> None:
    registry = dr.async_get(hass)
    devices = dr.async_entries_for_config_entry(registry, household.entry_id)
    assert sorted(d.name for d in devices) == ["Back door", "Front door", "Maple Street"]
    entity = er.async_get(hass).async_get("sensor.front_door_code_sync")
    lock = er.async_get(hass).async_get(FRONT)
    assert entity.device_id == lock.device_id


async def test_household_count_and_lock_attributes(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await call(hass, "add_person", {"name": "Bob", "pin": PINS[1]})
    await call(hass, "suspend_person", {"person": "Bob"})
    await settle(household.runtime_data)
    assert hass.states.get("sensor.maple_street_people_with_access").state == "1"
    attrs = hass.states.get("sensor.back_door_code_sync").attributes
    assert attrs["managed_slots"] == 1
    assert "free_slots" not in attrs  # would tell who has a duress PIN
    assert attrs["pending_changes"] == 0
    assert attrs["backend"] == "simulated"


async def test_event_entity_and_last_opener(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await settle(household.runtime_data)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": BACK, "code": PINS[0]}, blocking=True
    )
    state = hass.states.get("event.back_door_access")
    assert state.attributes["event_type"] == "granted"
    assert state.attributes["person_name"] == "Alice"
    assert state.attributes["method"] == "keypad"
    assert hass.states.get("sensor.back_door_last_opened_by").state == "Alice"
    assert hass.states.get(BACK).state == "unlocked"
    with pytest.raises(Exception, match="rejected"):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": BACK, "code": "000000"}, blocking=True
        )
    assert hass.states.get("event.back_door_access").attributes["event_type"] == "denied"
    # Denied attempts do not change who last opened the door.
    assert hass.states.get("sensor.back_door_last_opened_by").state == "Alice"


async def test_remote_unlock_is_recorded(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    await hass.services.async_call("lock", "unlock", {"entity_id": FRONT}, blocking=True)
    access = events.of("housekey_access")[-1]
    assert (access["outcome"], access["method"], access["person_id"]) == ("granted", "remote", None)
    await hass.services.async_call("lock", "lock", {"entity_id": FRONT}, blocking=True)
    assert hass.states.get(FRONT).state == "locked"


async def test_last_opener_survives_a_restart(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await settle(household.runtime_data)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": PINS[0]}, blocking=True
    )
    assert await hass.config_entries.async_reload(household.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.front_door_last_opened_by").state == "Alice"
    person = hass.states.get("sensor.maple_street_alice")
    assert person.attributes["uses"] == 1
    assert person.attributes["last_lock"] == FRONT


async def test_brute_force_alert(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    for _ in range(5):
        with pytest.raises(Exception, match="rejected"):
            await hass.services.async_call(
                "lock", "unlock", {"entity_id": FRONT, "code": "000000"}, blocking=True
            )
    alerts = events.of("housekey_alert")
    assert [(a["kind"], a["lock"]) for a in alerts] == [("brute_force", FRONT)]


async def test_logbook_describes_events(hass: HomeAssistant) -> None:
    from homeassistant.core import Event

    from custom_components.housekey.logbook import async_describe_events

    described = {}
    async_describe_events(hass, lambda domain, kind, fn: described.setdefault(kind, fn))
    access = {
        "household": "Maple Street",
        "person_name": "Alice",
        "outcome": "granted",
        "lock": FRONT,
        "method": "keypad",
    }
    result = described["housekey_access"](Event("housekey_access", access))
    assert result == {
        "name": "Housekey Maple Street",
        "message": f"Alice opened {FRONT} (keypad)",
        "entity_id": FRONT,
    }
    denied = described["housekey_access"](
        Event("housekey_access", {**access, "outcome": "denied", "person_name": None})
    )
    assert denied["message"] == f"an unknown code was refused at {FRONT} (keypad)"
    admin = described["housekey_admin"](
        Event(
            "housekey_admin", {"action": "pin_changed", "person_id": "p1", "person_name": "Alice"}
        )
    )
    assert admin["message"] == "pin changed: Alice"
    # Alerts get logbook entries of their own, except a duress alert (see below).
    assert "housekey_alert" not in described


async def test_alerts_but_duress_get_a_logbook_entry(hass: HomeAssistant) -> None:
    from custom_components.housekey.audit import fire_alert

    entries = async_capture_events(hass, "logbook_entry")
    alerts = async_capture_events(hass, "housekey_alert")
    fire_alert(hass, "Maple Street", "brute_force", FRONT)
    fire_alert(hass, "Maple Street", "duress", FRONT, "p1")
    await hass.async_block_till_done()
    assert [a.data["kind"] for a in alerts] == ["brute_force", "duress"]
    assert [dict(e.data) for e in entries] == [
        {
            "name": "Housekey Maple Street",
            "message": f"alert brute force at {FRONT}",
            "domain": "housekey",
        }
    ]


async def test_no_pin_in_logs_states_events_or_diagnostics(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    caplog: pytest.LogCaptureFixture,
    hass_client,
) -> None:
    caplog.set_level(logging.DEBUG)
    runtime = household.runtime_data
    generated = (await call(hass, "add_person", {"name": "Alice", "duress_pin": PINS[3]}))["pin"]
    await call(hass, "add_person", {"name": "Bob", "pin": PINS[1]})
    await call(hass, "set_pin", {"person": "Bob", "pin": PINS[2]})
    await settle(runtime)
    runtime.keypads[BACK].set_unreachable(True)
    await call(hass, "offboard_person", {"person": "Bob", "timeout": 0})
    runtime.keypads[BACK].set_unreachable(False)
    await settle(runtime)
    for code in (generated, PINS[3], "000000"):
        with contextlib.suppress(HomeAssistantError):
            await hass.services.async_call(
                "lock", "unlock", {"entity_id": FRONT, "code": code}, blocking=True
            )
    await hass.async_block_till_done()
    secrets = [generated, *PINS]
    states = json.dumps([s.as_dict() for s in hass.states.async_all()], default=str)
    bus = json.dumps([e.as_dict() for e in events.events], default=str)
    diagnostics = json.dumps(await get_diagnostics_for_config_entry(hass, hass_client, household))
    logs = logged(caplog)
    for secret in secrets:
        assert secret not in states
        assert secret not in bus
        assert secret not in diagnostics
        assert secret not in logs
    assert "Alice" not in diagnostics  # names are personal data too
    assert '"pin": "**REDACTED**"' in diagnostics


async def test_renamed_person_keeps_the_entity(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await call(hass, "update_person", {"person": "Alice", "name": "Alicia"})
    state = hass.states.get("sensor.maple_street_alice")
    assert state.attributes["friendly_name"] == "Maple Street Alicia"


async def test_lock_sensors_do_not_tell_who_has_a_duress_pin(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await call(hass, "add_person", {"name": "Bob", "pin": PINS[1]})
    await settle(household.runtime_data)
    before = dict(hass.states.get("sensor.front_door_code_sync").attributes)
    await call(hass, "update_person", {"person": "Bob", "duress_pin": PINS[2]})
    await settle(household.runtime_data)
    assert sorted(household.runtime_data.keypads[FRONT].codes.values()) == sorted(PINS[:3])
    assert dict(hass.states.get("sensor.front_door_code_sync").attributes) == before
    assert before["managed_slots"] == 2  # one per person


async def test_an_access_at_one_lock_refreshes_no_other_locks_entities(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": PINS[0]})
    await settle(household.runtime_data)
    back = [
        "sensor.back_door_code_sync",
        "sensor.back_door_last_opened_by",
        "event.back_door_access",
        BACK,
    ]

    def reported() -> dict[str, object]:
        return {entity_id: hass.states.get(entity_id).last_reported for entity_id in back}

    before = reported()
    front_event = hass.states.get("event.front_door_access").last_reported
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": PINS[0]}, blocking=True
    )
    # A refusal soon after a write makes the front door re-read its fresh codes and
    # re-plan the household: still nothing of the back door's is written again.
    with pytest.raises(HomeAssistantError, match="rejected"):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FRONT, "code": "000000"}, blocking=True
        )
    await settle(household.runtime_data)
    assert hass.states.get("event.front_door_access").last_reported != front_event
    assert reported() == before


async def test_a_person_without_limits_has_no_limit_attributes(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    """No end and no use cap mean "no limit": the attribute is left out, not shown "Unknown"."""
    await call(hass, "add_person", {"name": "Carol"})
    await call(
        hass,
        "add_person",
        {"name": "Dana", "valid_until": "2099-01-01 10:00:00", "max_uses": 3},
    )
    await hass.async_block_till_done()
    carol = hass.states.get("sensor.maple_street_carol").attributes
    dana = hass.states.get("sensor.maple_street_dana").attributes
    assert not {"valid_from", "valid_until", "max_uses"} & set(carol)
    assert carol["uses"] == 0
    assert dana["max_uses"] == 3 and dana["valid_until"].startswith("2099-01-01")
