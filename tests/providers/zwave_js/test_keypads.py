"""Z-Wave Entry Control keypads bound to a door, end to end on the real Z-Wave JS stack.

Two keypads with the Ring Keypad v2's identity (mock_keypad.cjs) sit beside the mock lock.
A code typed at the bound one travels as the keypad's Entry Control Notification through
the real zwave-js driver and @zwave-js/server to Home Assistant's zwave_js, which fires its
`zwave_js_notification`; Housekey checks the code and opens the lock through zwave_js, and
the keypad gets its "code accepted" / "code not accepted" indicator back over the same
stack. The lock's state and the indicators are read from the mock's side.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.housekey.const import DOMAIN, EVENT_ACCESS, EVENT_ALERT
from tests.conftest import Recorder, call, settle

from .conftest import wait_for
from .harness import ARM_AWAY, CANCEL, DISARM_ALL, KEYPAD_NODE_ID, ZwaveStack
from .test_housekey import household_on

PIN = "246813"
WRONG = "135792"
ACCEPTED = {"indicatorId": 8, "propertyId": 1, "value": 99}
NOT_ACCEPTED = {"indicatorId": 9, "propertyId": 1, "value": 99}
OTHER_KEYPAD = KEYPAD_NODE_ID + 1

#: the mock lock with two Entry Control keypads beside it
pytestmark = pytest.mark.parametrize("zwave_stack", [{"keypads": 2}], indirect=True)


@pytest.fixture
async def keypads(
    hass: HomeAssistant, zwave_entry: MockConfigEntry, zwave_lock: str
) -> dict[int, str]:
    """The keypads' device ids by node id, once the driver has interviewed them."""
    driver = zwave_entry.runtime_data.client.driver
    await wait_for(lambda: all(node.ready for node in driver.controller.nodes.values()), 60)
    registry = dr.async_get(hass)
    home = driver.controller.home_id
    found = {
        node: registry.async_get_device_by_identifier(
            ("zwave_js", f"{home}-{node}"), zwave_entry.entry_id
        )
        for node in (KEYPAD_NODE_ID, OTHER_KEYPAD)
    }
    return {node: device.id for node, device in found.items() if device is not None}


async def options(hass: HomeAssistant, entry: MockConfigEntry, **keypads: Any) -> dict[str, Any]:
    """Submit the household's options as they are, with a change to its keypads."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    answer = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "locks": entry.options["locks"],
            "simulated_locks": 0,
            "pin_min": 6,
            "pin_max": 8,
            **({"keypads": keypads} if keypads else {}),
        },
    )
    if answer["type"] is FlowResultType.CREATE_ENTRY:
        await hass.async_block_till_done()
        await settle(entry.runtime_data)
    return answer


def section(result: dict[str, Any]) -> dict[str, Any]:
    """Return the options form's keypads section: field -> its selector's choices."""
    schema = result["data_schema"].schema
    keypads = next(v for k, v in schema.items() if str(k) == "keypads").schema.schema
    return {
        str(key): [o["value"] for o in selector.config["options"]]
        for key, selector in keypads.items()
    }


async def wait_for_indicators(stack: ZwaveStack, count: int) -> None:
    """Wait until the keypad received `count` Indicator Sets."""
    for _ in range(200):
        if len(await stack.indicators()) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the keypad did not get {count} indicator sets")


async def test_a_code_typed_at_the_bound_keypad_opens_its_door_and_the_keypad_says_so(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    keypads: dict[int, str],
    events: Recorder,
    caplog: pytest.LogCaptureFixture,
    hass_client: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    hass.bus.async_fire("logging_changed")  # the bus logs each event from now on
    entry = await household_on(hass, zwave_lock)
    hall, other = keypads[KEYPAD_NODE_ID], keypads[OTHER_KEYPAD]

    # The options offer both Entry Control keypads (not the lock) and the household's door.
    form = await hass.config_entries.options.async_init(entry.entry_id)
    assert section(form) == {"bind": sorted([hall, other]), "door": [zwave_lock]}
    hass.config_entries.options.async_abort(form["flow_id"])
    assert (await options(hass, entry, bind=hall))["errors"] == {"keypads": "keypad_door_missing"}
    result = await options(hass, entry, bind=hall, door=zwave_lock)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["keypads"] == {hall: {"lock": zwave_lock, "name": "Keypad v2"}}

    added = await call(hass, "add_person", {"name": "Alice", "pin": PIN})
    await settle(entry.runtime_data)

    # The right code opens the door, recorded as a keypad opening by Alice.
    await zwave_stack.type_at_keypad(PIN)
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["outcome"], access["method"]) == ("granted", "keypad")
    assert access["lock"] == zwave_lock
    assert (access["person_id"], access["person_name"]) == (added["person_id"], "Alice")
    await wait_for(lambda: hass.states.get(zwave_lock).state == "unlocked")
    await wait_for_indicators(zwave_stack, 1)
    assert await zwave_stack.indicators() == [ACCEPTED]
    await hass.services.async_call("lock", "lock", {"entity_id": zwave_lock}, blocking=True)
    await wait_for(lambda: hass.states.get(zwave_lock).state == "locked")

    # A wrong code opens nothing, counts against brute force and gets the red light.
    await zwave_stack.type_at_keypad(WRONG)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 2)
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"
    assert events.of(EVENT_ACCESS)[-1]["method"] == "keypad"
    assert len(entry.runtime_data.guard.attempts[zwave_lock].recent) == 1
    await wait_for_indicators(zwave_stack, 2)
    assert (await zwave_stack.indicators())[-1] == NOT_ACCEPTED
    assert hass.states.get(zwave_lock).state == "locked"

    # Disarm carries a code too; cancel, arming and the unbound keypad are not listened to.
    await zwave_stack.type_at_keypad(PIN, event=DISARM_ALL)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 3)
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "granted"
    await wait_for_indicators(zwave_stack, 3)
    await hass.services.async_call("lock", "lock", {"entity_id": zwave_lock}, blocking=True)
    for event in (CANCEL, ARM_AWAY):
        await zwave_stack.type_at_keypad(PIN, event=event)
    await zwave_stack.type_at_keypad(PIN, node=OTHER_KEYPAD)
    await zwave_stack.type_at_keypad(WRONG, node=OTHER_KEYPAD)
    notifications: list[Any] = []
    hass.bus.async_listen("zwave_js_notification", notifications.append)
    await zwave_stack.type_at_keypad("", event=CANCEL)  # the last one, to know all arrived
    await wait_for(lambda: bool(notifications))
    await hass.async_block_till_done()
    assert len(events.of(EVENT_ACCESS)) == 3
    assert len(entry.runtime_data.guard.attempts[zwave_lock].recent) == 1
    assert await zwave_stack.indicators(OTHER_KEYPAD) == []
    assert len(await zwave_stack.indicators()) == 3
    await wait_for(lambda: hass.states.get(zwave_lock).state == "locked")

    # Five wrong codes in a minute: one brute_force alert, and the right code is refused
    # unread while the keypad is locked out.
    for _ in range(5):
        await zwave_stack.type_at_keypad(WRONG)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 8)
    await wait_for(lambda: bool(events.of(EVENT_ALERT)))
    assert [a["kind"] for a in events.of(EVENT_ALERT)] == ["brute_force"]
    await zwave_stack.type_at_keypad(PIN)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 9)
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"
    await wait_for_indicators(zwave_stack, 9)
    assert (await zwave_stack.indicators())[-1] == NOT_ACCEPTED
    assert hass.states.get(zwave_lock).state == "locked"

    # No typed code is kept by Housekey (its log records, its events, the states, its
    # diagnostics), nor in the debug lines of Home Assistant's bus or zwave_js_server that
    # carried the keypad's notification. Left out: the test harness's in-memory Store, and
    # zwave_js_server's lines of the lock's User Code values (the PIN as Housekey wrote it
    # to the lock; see the README's "left to the stacks").
    logs = [
        r.getMessage()
        for r in caplog.records
        if not r.name.startswith("pytest_homeassistant_custom_component")
    ]
    assert any("Bus:Handling <Event zwave_js_notification" in line for line in logs)
    assert any('"eventData":"**REDACTED**"' in line for line in logs)
    assert any("EntryControlCCNotification" in line for line in logs)  # the driver's log
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["keypads"] == {
        hall: {"lock": zwave_lock, "device": "present", "door_managed": True}
    }
    places = {
        "logs": "\n".join(line for line in logs if "userCode" not in line),
        "events": json.dumps([e.as_dict() for e in events.events], default=str),
        "states": json.dumps([s.as_dict() for s in hass.states.async_all()], default=str),
        "diagnostics": json.dumps(diagnostics),
    }
    assert {place for place, text in places.items() if PIN in text or WRONG in text} == set()
    assert "keypad Keypad v2" in places["logs"]  # the door names the keypad a code came from


async def test_unbinding_a_keypad_and_a_keypad_that_is_gone(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    keypads: dict[int, str],
    events: Recorder,
    hass_client: Any,
) -> None:
    entry = await household_on(hass, zwave_lock)
    hall, other = keypads[KEYPAD_NODE_ID], keypads[OTHER_KEYPAD]
    await options(hass, entry, bind=hall, door=zwave_lock)
    await options(hass, entry, bind=other, door=zwave_lock)
    assert set(entry.options["keypads"]) == {hall, other}
    await call(hass, "add_person", {"name": "Alice", "pin": PIN})
    await settle(entry.runtime_data)

    # The door cannot leave the household while keypads open it.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert section(result)["unbind"] == sorted([hall, other])
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"locks": [], "simulated_locks": 1, "pin_min": 6, "pin_max": 8}
    )
    assert result["errors"] == {"locks": "keypad_door_removed"}
    assert result["description_placeholders"]["door"] == zwave_lock

    # Unbound, a keypad's codes open nothing; the other keypad still opens the door.
    await options(hass, entry, unbind=[hall])
    assert set(entry.options["keypads"]) == {other}
    await zwave_stack.type_at_keypad(PIN)
    await zwave_stack.type_at_keypad(PIN, node=OTHER_KEYPAD)
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    await hass.async_block_till_done()
    assert len(events.of(EVENT_ACCESS)) == 1
    assert await zwave_stack.indicators() == []
    assert await zwave_stack.indicators(OTHER_KEYPAD) == [ACCEPTED]

    # A bound keypad removed from Home Assistant raises a repair naming it and its door,
    # and diagnostics show it missing.
    dr.async_get(hass).async_remove_device(other)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"keypad_missing.{entry.entry_id}.{other}")
    assert issue is not None
    assert issue.translation_placeholders == {"keypad": "Keypad v2", "door": zwave_lock}
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["keypads"][other]["device"] == "missing"

    # Unbinding it withdraws the repair.
    await options(hass, entry, unbind=[other])
    assert "keypads" not in entry.options
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue.issue_id) is None
