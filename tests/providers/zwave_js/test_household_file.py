"""A household restored onto a lock that outlived its Home Assistant, on the real Z-Wave JS stack.

The household is exported, then deleted (its Store goes, the codes stay on the lock, as
when a host dies), and a new household is set up on the same lock: it finds every code
foreign. The import reads each of those slots back through the driver, recognises the
exported person's code in it, and takes the slot back without writing anything.
"""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.departure import Leftovers
from custom_components.housekey.records import SyncState
from tests.conftest import call

from .conftest import wait_for
from .harness import ZwaveStack
from .test_housekey import household_on, lock_holds

PASSPHRASE = "porch light orchard 2026"


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A configuration directory of this test's own: the export is written into it."""
    return hass_tmp_config_dir


async def test_a_restored_household_takes_its_codes_back_without_writing(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = await household_on(hass, zwave_lock)
    await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await call(hass, "add_person", {"name": "Bob", "pin": "135792", "duress_pin": "975318"})
    for code in ("246813", "135792", "975318"):
        assert await lock_holds(zwave_stack, code) is not None
    held = await zwave_stack.codes()
    path = (await call(hass, "export_household", {"passphrase": PASSPHRASE}))["path"]

    # The host is gone: a dead host never clears its codes as a household's removal does.
    async def host_died(self: Leftovers, entry: object) -> dict[str, list[int]]:
        return {}

    monkeypatch.setattr(Leftovers, "async_clear", host_died)
    assert await hass.config_entries.async_remove(entry.entry_id)
    assert await zwave_stack.codes() == held  # and the lock still holds every code
    fresh = await household_on(hass, zwave_lock)
    sync = fresh.runtime_data.locks[zwave_lock]
    # nobody's, to the new household (a code written last may be reported by the driver's own
    # verification read, seconds after the scan)
    await wait_for(lambda: sync.record.foreign == set(held))
    assert not sync.record.applied

    assert await call(hass, "import_household", {"path": path, "passphrase": PASSPHRASE}) == {
        "people": 2
    }
    await wait_for(lambda: not sync.record.foreign and sync.state is SyncState.IN_SYNC)
    await wait_for(lambda: not sync.working)
    assert await zwave_stack.codes() == held  # the same codes, in the same slots
    assert (sync.counters.writes, sync.counters.clears) == (0, 0)
    assert {slot: a.ref.person_id for slot, a in sync.record.applied.items()} == {
        slot: ("p1" if code == "246813" else "p2") for slot, code in held.items()
    }
    assert not [key for key in ir.async_get(hass).issues if key[0] == DOMAIN]
