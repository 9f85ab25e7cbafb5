"""The Store: private, versioned, and loading what older versions wrote."""

from __future__ import annotations

import json
from datetime import timedelta
from math import isqrt
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey import unique_ids
from custom_components.housekey.const import CONF_LOCKS, DOMAIN, STORAGE_MINOR_VERSION
from custom_components.housekey.locks import lock_key
from custom_components.housekey.store import HousekeyStore

from .conftest import BACK, FRONT, call, settle, setup_household


async def test_store_is_private_and_versioned(hass: HomeAssistant, hass_storage: dict) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    saved = hass_storage[f"housekey.{entry.entry_id}"]
    assert (saved["version"], saved["minor_version"]) == (1, STORAGE_MINOR_VERSION)
    assert saved["data"]["household"]["people"][0]["pin"] == "482913"
    store = HousekeyStore(hass, entry.entry_id)
    assert store._private is True
    assert store._atomic_writes is True


async def test_older_minor_version_loads(hass: HomeAssistant, hass_storage: dict) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await hass.config_entries.async_unload(entry.entry_id)
    key = f"housekey.{entry.entry_id}"
    hass_storage[key]["minor_version"] = 0
    reloaded = await setup_household(hass, entry=entry)
    assert reloaded.runtime_data.household.find("Alice") is not None
    assert reloaded.runtime_data.keypads[FRONT].codes == {1: "482913"}


async def test_newer_major_version_is_refused(hass: HomeAssistant) -> None:
    store = HousekeyStore(hass, "x")
    data: dict[str, Any] = {}
    with pytest.raises(NotImplementedError):
        await store._async_migrate_func(2, 0, data)


async def test_deleting_the_household_deletes_its_codes(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert f"housekey.{entry.entry_id}" in hass_storage
    assert f"housekey.{entry.entry_id}.simulated" in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert f"housekey.{entry.entry_id}" not in hass_storage
    assert f"housekey.{entry.entry_id}.journal" not in hass_storage
    assert f"housekey.{entry.entry_id}.simulated" not in hass_storage


# ---- the journal: an action saves what it changed -------------------------------------


async def _household_of(hass: HomeAssistant, people: int) -> MockConfigEntry:
    entry = await setup_household(hass, simulated=1)
    entry.runtime_data.keypads[FRONT].slot_count = people + 1
    await call(hass, "sync")
    for n in range(people):
        await call(hass, "add_person", {"name": f"Person {n}", "pin": f"{482900 + n * 7}"})
    await settle(entry.runtime_data)
    return entry


async def _restart_from(
    hass: HomeAssistant, entry: MockConfigEntry, hass_storage: dict, saved: dict[str, Any]
) -> Any:
    """Unload, put `saved` on disk in place of what is there, and load again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    hass_storage.clear()
    hass_storage.update(saved)
    return (await setup_household(hass, entry=entry)).runtime_data


def _names(data: dict[str, Any]) -> set[str]:
    return {p["name"] for p in data["household"]["people"]}


async def test_an_action_in_a_large_household_writes_the_journal_not_everyone(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 40)
    key = f"housekey.{entry.entry_id}"
    await call(hass, "set_pin", {"person": "Person 3", "pin": "915372"})
    journal = hass_storage[f"{key}.journal"]["data"]
    assert journal["generation"] == hass_storage[key]["data"]["generation"]
    assert 1 <= len(journal["people"]) <= 40 // 8  # the people changed since the snapshot
    changed = {p["name"]: p["pin"] for p in journal["people"].values()}
    assert changed["Person 3"] == "915372"
    assert "915372" not in json.dumps(hass_storage[key])  # the snapshot is not rewritten


async def test_a_restart_without_unloading_loads_the_snapshot_and_its_journal(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 40)
    key = f"housekey.{entry.entry_id}"
    await call(hass, "suspend_person", {"person": "Person 5"})
    await call(hass, "add_person", {"name": "Zoe", "pin": "640281"})
    await settle(entry.runtime_data)
    # Home Assistant stops abruptly: what is on disk is what was saved durably.
    crashed = {k: json.loads(json.dumps(v)) for k, v in hass_storage.items()}
    assert "Zoe" not in _names(crashed[key]["data"])
    assert await hass.config_entries.async_unload(entry.entry_id)
    hass_storage.clear()
    hass_storage.update(crashed)
    reloaded = (await setup_household(hass, entry=entry)).runtime_data
    assert reloaded.household.find("Zoe") is not None
    assert reloaded.household.find("Person 5").suspended
    assert len(reloaded.household.people) == 41
    codes = set(reloaded.keypads[FRONT].codes.values())
    assert "640281" in codes and f"{482900 + 5 * 7}" not in codes


async def test_a_journal_older_than_its_snapshot_is_ignored(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 40)
    key = f"housekey.{entry.entry_id}"
    await call(hass, "set_pin", {"person": "Person 3", "pin": "915372"})
    assert await hass.config_entries.async_unload(entry.entry_id)  # a snapshot on unload
    stale = hass_storage[f"{key}.journal"]["data"]
    assert stale["generation"] < hass_storage[key]["data"]["generation"]
    for person in stale["people"].values():
        person["pin"] = "111111"  # what an older generation said
    reloaded = (await setup_household(hass, entry=entry)).runtime_data
    assert reloaded.household.find("Person 3").pin == "915372"


@pytest.mark.parametrize("lost", [".journal", ".journal.rollup"])
async def test_a_lost_journal_is_not_taken_for_no_changes(
    hass: HomeAssistant, hass_storage: dict, lost: str
) -> None:
    entry = await _household_of(hass, 40)
    assert await hass.config_entries.async_unload(entry.entry_id)
    del hass_storage[f"housekey.{entry.entry_id}{lost}"]
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"store_unreadable.{entry.entry_id}")


async def test_the_journal_stays_small_while_a_roll_up_keeps_the_rest(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    """Each action writes about the square root of what changed since the snapshot, and
    a restart from what was on disk finds every change."""
    entry = await _household_of(hass, 200)
    key = f"housekey.{entry.entry_id}"
    pins = {f"Person {n}": f"{600000 + n * 13}" for n in range(0, 40, 2)}
    for name, pin in pins.items():
        await call(hass, "set_pin", {"person": name, "pin": pin})
        assert len(hass_storage[f"{key}.journal"]["data"]["people"]) <= 1 + isqrt(200 // 8)
    rollup = hass_storage[f"{key}.journal.rollup"]["data"]
    assert rollup["generation"] == hass_storage[key]["data"]["generation"]
    assert rollup["people"]  # what left the journal since the snapshot
    await settle(entry.runtime_data)
    crashed = json.loads(json.dumps(hass_storage))
    reloaded = await _restart_from(hass, entry, hass_storage, crashed)
    assert {name: reloaded.household.find(name).pin for name in pins} == pins
    assert len(reloaded.household.people) == 200


async def test_a_journal_older_than_its_roll_up_is_ignored(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 200)
    key = f"housekey.{entry.entry_id}"
    for n in range(8):  # enough for a roll-up
        await call(hass, "set_pin", {"person": f"Person {n}", "pin": f"{600000 + n * 13}"})
    journal = hass_storage[f"{key}.journal"]["data"]
    rollup = hass_storage[f"{key}.journal.rollup"]["data"]
    assert journal["sequence"] == rollup["sequence"] > 0
    crashed = json.loads(json.dumps(hass_storage))
    crashed[f"{key}.journal"]["data"]["sequence"] -= 1  # written before the roll-up
    for person in crashed[f"{key}.journal"]["data"]["people"].values():
        person["pin"] = "111111"  # what the older journal said
    reloaded = await _restart_from(hass, entry, hass_storage, crashed)
    assert all(p.pin != "111111" for p in reloaded.household.people.values())


async def test_a_journal_written_before_roll_ups_existed_still_loads(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 40)
    key = f"housekey.{entry.entry_id}"
    await call(hass, "set_pin", {"person": "Person 3", "pin": "915372"})
    older = json.loads(json.dumps(hass_storage))
    del older[f"{key}.journal.rollup"]
    del older[key]["data"]["rolled"]
    del older[f"{key}.journal"]["data"]["sequence"]
    reloaded = await _restart_from(hass, entry, hass_storage, older)
    assert reloaded.household.find("Person 3").pin == "915372"
    await call(hass, "set_pin", {"person": "Person 4", "pin": "640281"})
    assert hass_storage[key]["data"]["rolled"] is True  # from then on, with a roll-up


async def test_deleting_the_household_deletes_the_roll_up_too(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_of(hass, 2)
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert f"housekey.{entry.entry_id}.journal.rollup" in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert not [key for key in hass_storage if entry.entry_id in key]


# ---- a Store that cannot be read ------------------------------------------------------


@pytest.fixture
def disk_store(hass: HomeAssistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Load Housekey's Store from a real file, through Home Assistant's own reading."""
    hass.config.config_dir = str(tmp_path)
    (tmp_path / ".storage").mkdir()
    monkeypatch.setattr(HousekeyStore, "_async_load", Store._async_load_data)
    return tmp_path / ".storage"


async def _household_with_alice(hass: HomeAssistant) -> MockConfigEntry:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_a_truncated_store_loads_nothing_and_names_the_copy(
    hass: HomeAssistant, hass_storage: dict, disk_store: Path
) -> None:
    entry = await _household_with_alice(hass)
    keypads = hass_storage[f"housekey.{entry.entry_id}.simulated"]["data"]["keypads"]
    text = json.dumps(hass_storage[f"housekey.{entry.entry_id}"])
    (disk_store / f"housekey.{entry.entry_id}").write_text(text[: len(text) // 2])

    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, f"store_unreadable.{entry.entry_id}")
    assert issue is not None
    backup = issue.translation_placeholders["backup"]
    assert ".corrupt." in backup and Path(backup).exists()
    # Nothing was sent, nothing written over, and no code is offered for clearing.
    assert hass_storage[f"housekey.{entry.entry_id}.simulated"]["data"]["keypads"] == keypads
    assert not (disk_store / f"housekey.{entry.entry_id}").exists()
    assert not [i for i in issues.issues.values() if i.domain == DOMAIN and "foreign" in i.issue_id]


async def test_a_lost_store_is_not_taken_for_a_new_household(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_with_alice(hass)
    del hass_storage[f"housekey.{entry.entry_id}"]  # the file is gone
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert f"housekey.{entry.entry_id}" not in hass_storage
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"store_unreadable.{entry.entry_id}")


async def test_a_new_household_saves_its_store_at_once(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    assert f"housekey.{entry.entry_id}" in hass_storage
    assert entry.data["stored"] is True


async def test_a_bad_stored_person_is_set_aside_and_the_rest_loads(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(entry.runtime_data)
    assert await hass.config_entries.async_unload(entry.entry_id)
    people = hass_storage[f"housekey.{entry.entry_id}"]["data"]["household"]["people"]
    people[0]["valid_until"] = "9999-12-31T23:00:00-08:00"  # cannot be turned into UTC

    reloaded = await setup_household(hass, entry=entry)
    runtime = reloaded.runtime_data
    assert reloaded.state is ConfigEntryState.LOADED
    assert runtime.household.find("Bob") is not None
    assert runtime.household.find("Alice") is None
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"stored_data_invalid.{entry.entry_id}")
    assert issue is not None and issue.translation_placeholders["people"] == "p1"
    # Alice's code is left on the lock as it was, and her record is kept, not dropped.
    assert runtime.keypads[FRONT].codes == {1: "482913", 2: "739154"}
    await call(hass, "add_person", {"name": "Carol", "pin": "615243"})
    await settle(runtime)
    assert runtime.keypads[FRONT].codes[1] == "482913"
    assert runtime.household.find("Carol").person_id == "p3"
    await hass.async_block_till_done()
    saved = hass_storage[f"housekey.{entry.entry_id}"]["data"]["household"]["people"]
    assert any(p["valid_until"] == "9999-12-31T23:00:00-08:00" for p in saved)


async def test_a_bad_lock_record_leaves_that_lock_alone(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    assert await hass.config_entries.async_unload(entry.entry_id)
    locks = hass_storage[f"housekey.{entry.entry_id}.locks"]["data"]["locks"]
    locks[lock_key(hass, FRONT)]["applied"]["1"]["version"] = "not a number"

    reloaded = await setup_household(hass, entry=entry)
    runtime = reloaded.runtime_data
    assert FRONT not in runtime.locks and BACK in runtime.locks
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"stored_data_invalid.{entry.entry_id}")
    assert issue is not None and issue.translation_placeholders["locks"] == FRONT
    assert runtime.keypads[FRONT].codes == {1: "482913"}  # nothing was sent to it


async def test_a_store_of_version_1_1_moves_the_lock_records_out(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_with_alice(hass)
    people_key, slots_key = f"housekey.{entry.entry_id}", f"housekey.{entry.entry_id}.locks"
    # What version 1.1 wrote: one Store, the lock records beside the people.
    hass_storage[people_key]["minor_version"] = 1
    hass_storage[people_key]["data"]["locks"] = hass_storage.pop(slots_key)["data"]["locks"]
    reloaded = await setup_household(hass, entry=entry)
    assert reloaded.runtime_data.keypads[FRONT].counters.writes == 0  # nothing to send
    assert (
        reloaded.runtime_data.locks[FRONT].record.slot_of(
            reloaded.runtime_data.locks[FRONT].record.applied[1].ref
        )
        == 1
    )
    assert "locks" not in hass_storage[people_key]["data"]
    assert lock_key(hass, FRONT) in hass_storage[slots_key]["data"]["locks"]


async def test_a_lost_lock_record_store_is_not_taken_for_empty_locks(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_with_alice(hass)
    del hass_storage[f"housekey.{entry.entry_id}.locks"]
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR


# ---- locks are stored by registry id ----------------------------------------------------


async def test_a_renamed_lock_stays_in_the_household_with_its_slots_and_history(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913", "locks": [FRONT]})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(entry.runtime_data)
    registry = er.async_get(hass)
    sync_kind = unique_ids.LockEntityKind.SYNC
    sync_id = unique_ids.lock_entity(entry.entry_id, FRONT, sync_kind)
    sync_sensor = registry.async_get_entity_id("sensor", DOMAIN, sync_id)
    assert sync_sensor is not None

    registry.async_update_entity(FRONT, new_entity_id="lock.entrance")
    await hass.async_block_till_done()
    runtime = entry.runtime_data
    await settle(runtime)
    assert "lock.entrance" in runtime.locks and FRONT not in runtime.locks
    keypad = runtime.keypads["lock.entrance"]
    assert keypad.codes == {1: "482913", 2: "739154"}
    assert keypad.counters.writes == 0  # its slots were kept: nothing to send again
    assert runtime.household.find("Alice").locks == ("lock.entrance",)
    # The lock's entities are the same entities, so their history stays theirs.
    renamed = unique_ids.lock_entity(entry.entry_id, "lock.entrance", sync_kind)
    assert registry.async_get_entity_id("sensor", DOMAIN, renamed) == sync_sensor
    assert hass.states.get(sync_sensor).state == "in_sync"
    # The Stores name the lock by its registry id, which the rename kept.
    stored = hass_storage[f"housekey.{entry.entry_id}.locks"]["data"]["locks"]
    assert registry.async_get("lock.entrance").id in stored and FRONT not in stored
    # And the household still acts on it.
    response = await call(hass, "offboard_person", {"person": "Alice"})
    assert response["locks"]["lock.entrance"] == "removed"
    assert keypad.codes == {2: "739154"}


async def test_a_store_naming_locks_by_entity_id_loads_by_registry_id(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await _household_with_alice(hass)
    key = lock_key(hass, FRONT)
    slots = hass_storage[f"housekey.{entry.entry_id}.locks"]
    # What version 1.2 wrote: locks named by entity id.
    slots["minor_version"] = 2
    slots["data"]["locks"] = {
        (FRONT if k == key else k): v for k, v in slots["data"]["locks"].items()
    }
    reloaded = (await setup_household(hass, entry=entry)).runtime_data
    await settle(reloaded)
    assert reloaded.keypads[FRONT].counters.writes == 0  # the record was found
    assert reloaded.keypads[FRONT].codes == {1: "482913"}
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert key in hass_storage[f"housekey.{entry.entry_id}.locks"]["data"]["locks"]


async def test_a_renamed_lock_of_another_integration_is_followed_in_the_options(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    registry = er.async_get(hass)
    door = registry.async_get_or_create(
        "lock", "mqtt", "zigbee2mqtt_0x00158d0001a2b3c4", suggested_object_id="porch"
    )
    entry = await setup_household(hass, simulated=1, locks=[door.entity_id])
    assert door.entity_id in entry.runtime_data.locks
    registry.async_update_entity(door.entity_id, new_entity_id="lock.porch_door")
    await hass.async_block_till_done()
    assert entry.options[CONF_LOCKS] == ["lock.porch_door"]
    assert "lock.porch_door" in entry.runtime_data.locks
    assert door.entity_id not in entry.runtime_data.locks


async def test_facts_that_may_lag_are_written_soon_and_at_the_final_write(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    """A use count is saved within the delay, under the journal's lock, or at shutdown."""
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    key = f"housekey.{entry.entry_id}"

    def uses() -> int:
        return int(hass_storage[key]["data"]["household"]["people"][0]["uses"])

    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "482913"}, blocking=True
    )
    assert uses() == 0  # not yet: it may lag
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2))
    await hass.async_block_till_done()
    assert uses() == 1
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "482913"}, blocking=True
    )
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    assert uses() == 2


async def test_records_saved_before_schedules_load_and_send_nothing(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    assert await hass.config_entries.async_unload(entry.entry_id)
    slots = hass_storage[f"housekey.{entry.entry_id}.locks"]
    # What version 1.3 wrote: no schedule with what was applied.
    slots["minor_version"] = 3
    for record in slots["data"]["locks"].values():
        for applied in record["applied"].values():
            del applied["schedule"]
    reloaded = (await setup_household(hass, entry=entry)).runtime_data
    await settle(reloaded)
    assert reloaded.keypads[FRONT].counters.writes == 0
    assert reloaded.locks[FRONT].record.applied[1].schedule is None
    assert await hass.config_entries.async_unload(entry.entry_id)
    saved = hass_storage[f"housekey.{entry.entry_id}.locks"]
    assert saved["minor_version"] == STORAGE_MINOR_VERSION


async def test_one_change_on_many_locks_writes_their_records_once(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every lock woken by one change saves its write-ahead in one write, not one each.

    Each write holds every lock's record: one per lock would cost people x locks x slots
    over a household's setup.
    """
    locks = 6
    entry = await setup_household(hass, simulated=locks)
    key = f"housekey.{entry.entry_id}.locks"
    writes: list[str] = []
    save = HousekeyStore.async_save

    async def counted(self: HousekeyStore, data: Any) -> None:
        writes.append(self.key)
        await save(self, data)

    monkeypatch.setattr(HousekeyStore, "async_save", counted)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    pads = entry.runtime_data.keypads.values()
    assert sum(pad.counters.writes for pad in pads) == locks  # every lock was written
    assert writes.count(key) == 1
