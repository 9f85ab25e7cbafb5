"""Z-Wave locks Housekey must not take for granted, on the real stack.

A lock without User Code and User Credential command classes is refused, also where Home
Assistant registers its Z-Wave credential actions (every supported release does); a lock
without Notification CC reports no accesses: it is accepted, and its readiness report fails
the audit test, with a repair issue saying so.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from custom_components.housekey import unique_ids
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.door_readiness import describe
from custom_components.housekey.providers.zwave_js import ZwaveJsProvider, zwave_node
from custom_components.housekey.unique_ids import LockEntityKind
from tests.conftest import call, settle

from .test_housekey import household_on


@pytest.mark.parametrize("zwave_lock_args", [("--no-codes",)])
async def test_a_lock_without_codes_is_refused_beside_the_credential_actions(
    hass: HomeAssistant, zwave_lock: str
) -> None:
    """Neither User Code nor User Credential: refused, in the config flow too, though
    zwave_js offers set_user / delete_user (accepted, it would stay pending for ever)."""
    assert hass.services.has_service("zwave_js", "set_user")
    assert hass.services.has_service("zwave_js", "delete_user")
    node = zwave_node(hass, zwave_lock)
    assert node is not None
    assert node.ready
    assert {cc.id for cc in node.command_classes}.isdisjoint({0x63, 0x83})
    assert ZwaveJsProvider.refusal(hass, zwave_lock) == "no_user_codes"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"name": "Elm", "locks": [zwave_lock], "simulated_locks": 0, "pin_min": 6, "pin_max": 8},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"locks": "no_user_codes"}


@pytest.mark.parametrize("zwave_lock_args", [("--user-credential",)])
async def test_a_user_credential_lock_is_accepted_beside_the_credential_actions(
    hass: HomeAssistant, zwave_lock: str
) -> None:
    """User Credential CC and Home Assistant's credential actions: managed through them."""
    node = zwave_node(hass, zwave_lock)
    assert node is not None
    assert 0x83 in {cc.id for cc in node.command_classes}
    assert ZwaveJsProvider.refusal(hass, zwave_lock) is None


@pytest.mark.parametrize("zwave_lock_args", [("--no-notifications",)])
async def test_a_lock_without_notifications_fails_the_audit(
    hass: HomeAssistant, zwave_lock: str
) -> None:
    """No Notification CC: accepted and managed, but it reports no accesses. The report
    says so on the sensor, in diagnostics and as a repair issue; its hours are Home
    Assistant's (it holds no schedules), and it keeps its own log (Door Lock Logging)."""
    assert ZwaveJsProvider.refusal(hass, zwave_lock) is None
    entry = await household_on(hass, zwave_lock)
    runtime = entry.runtime_data
    caps = runtime.locks[zwave_lock].capabilities
    assert caps is not None
    assert caps.methods == frozenset()
    await call(
        hass,
        "add_guest",
        {"name": "Gina", "valid_until": (dt_util.utcnow() + timedelta(days=2)).isoformat()},
    )
    await settle(runtime, timeout=20)
    sensor = er.async_get(hass).async_get_entity_id(
        "sensor",
        DOMAIN,
        unique_ids.lock_entity(entry.entry_id, zwave_lock, LockEntityKind.SYNC),
    )
    assert sensor is not None
    attrs = hass.states.get(sensor).attributes
    assert attrs["readiness"] == {"authentication": "warn", "management": "pass", "audit": "fail"}
    assert attrs["readiness_reasons"] == {
        "authentication": "hours_need_home_assistant",
        "management": "local_and_reachable",
        "audit": "no_access_reports",
    }
    report = describe(runtime, zwave_lock)
    assert report["methods"] == []
    assert report["keeps_log"] is True
    assert report["hours_by_home_assistant"] == 1
    assert report["last_confirmed"] is not None
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"readiness.{entry.entry_id}.{zwave_lock}.audit"
    )
    assert issue is not None
    assert issue.translation_key == "readiness_no_access_reports"
    for test in ("authentication", "management"):
        issue_id = f"readiness.{entry.entry_id}.{zwave_lock}.{test}"
        assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_the_full_lock_passes_the_audit(hass: HomeAssistant, zwave_lock: str) -> None:
    """The mock lock as it comes reports keypad, manual and RF openings and keeps its log."""
    entry = await household_on(hass, zwave_lock)
    report = describe(entry.runtime_data, zwave_lock)
    assert report["verdicts"] == {"authentication": "pass", "management": "pass", "audit": "pass"}
    assert report["methods"] == ["keypad", "manual", "rf"]
    assert report["reasons"]["audit"] == "reports_and_log"
