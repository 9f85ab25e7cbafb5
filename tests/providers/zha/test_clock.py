"""The clock of a ZHA lock: Zigbee locks read it from the coordinator, so nothing is sent.

Home Assistant's real ZHA with zigpy and a simulated Yale lock that holds schedules:
a person's weekly hours go on the lock, and not one frame to the lock's Time cluster
(or any other) is about its clock. zigpy's coordinator serves the lock its time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from zigpy.zcl.clusters.general import Time

from custom_components.housekey.const import DOMAIN
from tests.conftest import settle
from tests.providers.zha.test_schedules import (
    MON_TUE,
    add,
    household,
    no_pacing,  # noqa: F401 (a fixture)
)
from tests.providers.zha.zha_stack import ZhaStack


@pytest.mark.usefixtures("no_pacing")
async def test_a_zigbee_lock_holding_windows_is_sent_no_clock_command(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    sync = entry.runtime_data.locks[stack.entity_id]
    assert sync.view().enforcement == "lock"
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(days=1, seconds=1))
    await hass.async_block_till_done()
    await settle(entry.runtime_data, timeout=15)
    assert not [r for r in stack.lock.received if r.cluster_id == Time.cluster_id]
    assert (sync.counters.clock_sets, sync.counters.clock_reads) == (0, 0)
    clock = sync.view().clock
    assert clock is not None
    assert clock.state == "by_stack"
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"lock_clock.{entry.entry_id}.{stack.entity_id}"
    )
    assert issue is None
