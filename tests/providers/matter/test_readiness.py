"""The offline-readiness report of a Matter lock, through Home Assistant's real matter."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.door_readiness import describe
from tests.providers.matter.fake_matter_server import FakeMatterServer

from .test_housekey import household_on


async def test_a_matter_lock_reports_accesses_but_keeps_no_log_of_its_own(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """A Matter lock holds its users' codes and reports keypad, NFC and remote operations as
    events; Housekey reads no event log from it, so a gap (Home Assistant down) stays
    a gap: the audit is a warning, not a failure, and raises no issue."""
    entry = await household_on(hass, matter_lock)
    report = describe(entry.runtime_data, matter_lock)
    assert report["verdicts"] == {"authentication": "pass", "management": "pass", "audit": "warn"}
    assert report["reasons"] == {
        "authentication": "codes_on_lock",
        "management": "local_and_reachable",
        "audit": "no_own_log",
    }
    assert report["methods"] == ["keypad", "nfc", "remote"]
    assert report["keeps_log"] is False
    issues = [i for (d, i) in ir.async_get(hass).issues if d == DOMAIN]
    assert not [i for i in issues if i.startswith("readiness.")]
