"""The offline-readiness report of simulated doors, through the real integration.

Shown on the lock's sync sensor, in diagnostics and in the panel's `doors` command; a
door failing a test raises a repair issue per test, which goes when it passes again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.diagnostics import async_get_config_entry_diagnostics
from custom_components.housekey.sync import LockSync

from .conftest import FRONT, call, settle

SYNC_SENSOR = "sensor.front_door_code_sync"


def readiness_issues(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str | None]:
    """Return the open readiness issues of the household: test -> translation key."""
    prefix = f"readiness.{entry.entry_id}.{FRONT}."
    return {
        issue_id.removeprefix(prefix): issue.translation_key
        for (domain, issue_id), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and issue_id.startswith(prefix)
    }


async def test_a_simulated_door_is_judged_as_home_assistant_itself(
    hass: HomeAssistant, household: MockConfigEntry, hass_ws_client: Any
) -> None:
    """A simulated keypad is Home Assistant: it opens only while it runs, and records
    every opening. The sensor, diagnostics and the panel tell the same report."""
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(household.runtime_data)
    attrs = hass.states.get(SYNC_SENSOR).attributes
    assert attrs["readiness"] == {"authentication": "warn", "management": "pass", "audit": "pass"}
    assert attrs["readiness_reasons"] == {
        "authentication": "lock_is_home_assistant",
        "management": "local_and_reachable",
        "audit": "recorded_by_home_assistant",
    }
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "housekey/doors", "entry_id": household.entry_id})
    doors = (await client.receive_json())["result"]
    assert doors[0]["readiness"]["reasons"] == attrs["readiness_reasons"]
    dump = await async_get_config_entry_diagnostics(hass, household)
    front = dump["locks"][FRONT]["readiness"]
    assert front["verdicts"] == attrs["readiness"]
    assert front["methods"] == ["keypad"]
    assert front["keeps_log"] is False
    assert front["last_report"] is None
    assert front["last_confirmed"] is not None  # Alice's code, written and read back
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "482913"}, blocking=True
    )
    await hass.async_block_till_done()
    dump = await async_get_config_entry_diagnostics(hass, household)
    assert dump["locks"][FRONT]["readiness"]["last_report"] is not None
    assert readiness_issues(hass, household) == {}


async def test_a_door_out_of_reach_raises_issues_that_go_when_it_is_back(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A lock that cannot be reached with a change waiting fails two tests: people may be
    let in or kept out wrongly, and it cannot be managed. An issue each; both go once the
    lock is back and holds the change."""
    runtime = household.runtime_data
    pad = runtime.keypads[FRONT]
    pad.unreachable = True
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    attrs = hass.states.get(SYNC_SENSOR).attributes
    assert attrs["readiness"] == {"authentication": "fail", "management": "fail", "audit": "pass"}
    assert readiness_issues(hass, household) == {
        "authentication": "readiness_codes_stuck",
        "management": "readiness_lock_unreachable",
    }
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"readiness.{household.entry_id}.{FRONT}.management"
    )
    assert issue is not None
    assert issue.translation_placeholders == {"lock": FRONT}
    pad.unreachable = False
    freezer.tick(timedelta(seconds=LockSync.RETRY_CAP))
    async_fire_time_changed(hass)
    await settle(runtime)
    assert pad.codes == {1: "482913"}
    assert hass.states.get(SYNC_SENSOR).attributes["readiness"]["management"] == "pass"
    assert readiness_issues(hass, household) == {}


async def test_a_door_that_cannot_hold_everyone_fails_authentication(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    """People whose PIN found no slot cannot open the door: an issue until they can."""
    runtime = household.runtime_data
    runtime.keypads[FRONT].slot_count = 1
    await call(hass, "sync", {"locks": [FRONT]})
    await settle(runtime)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(runtime)
    assert hass.states.get(SYNC_SENSOR).attributes["readiness_reasons"]["authentication"] == (
        "codes_not_placed"
    )
    assert readiness_issues(hass, household) == {"authentication": "readiness_codes_not_placed"}
    await call(hass, "offboard_person", {"person": "Bob"})
    await settle(runtime)
    assert readiness_issues(hass, household) == {}


async def test_each_door_counts_the_people_whose_hours_home_assistant_keeps(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    """Counted per door from the plan, and again after every change of the people: a
    guest with an end on the front door only, a resident with a number of uses on every
    door, and a resident with neither (who changes nothing by themselves)."""
    runtime = household.runtime_data
    back = "lock.back_door"

    async def counts() -> tuple[int, int]:
        await settle(runtime)
        dump = await async_get_config_entry_diagnostics(hass, household)
        return tuple(  # type: ignore[return-value]
            dump["locks"][lock]["readiness"]["hours_by_home_assistant"] for lock in (FRONT, back)
        )

    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    assert await counts() == (0, 0)
    until = (dt_util.now() + timedelta(days=2)).isoformat()
    await call(hass, "add_guest", {"name": "Gus", "valid_until": until, "locks": [FRONT]})
    assert await counts() == (1, 0)
    await call(hass, "add_person", {"name": "Uma", "pin": "739154", "max_uses": 5})
    assert await counts() == (2, 1)
    await call(hass, "update_person", {"person": "Gus", "locks": [FRONT, back]})
    assert await counts() == (2, 2)
    await call(hass, "offboard_person", {"person": "Uma"})
    assert await counts() == (1, 1)
