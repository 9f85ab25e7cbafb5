"""Export and import of the whole household through the real integration.

A round trip lands on a second, fresh Home Assistant; the refusals are checked to change
nothing at all (the Store, the household, the locks) and to name the field.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import os
import stat
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from homeassistant import loader
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_homeassistant_custom_component.common import (
    async_test_home_assistant,
)

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.household_file import (
    HEADER_SIZE,
    HouseholdContent,
    KdfParameters,
    write_household_file,
)
from custom_components.housekey.core.model import Household
from custom_components.housekey.providers.base import Capabilities, Readback, SlotRead, SlotState
from custom_components.housekey.providers.simulated import SimulatedProvider
from custom_components.housekey.runtime import Housekey

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household

PASSPHRASE = "lantern orchard maple 1987"
WEEKLY = [{"days": ["mon", "thu"], "start": "09:00", "end": "12:00"}]


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A configuration directory of this test's own: exports are written into it."""
    return hass_tmp_config_dir


async def populate(hass: HomeAssistant) -> None:
    """Every kind of person: an admin with a duress PIN, hours, a guest, someone who left."""
    alice = {"name": "Alice", "role": "admin", "pin": "482913", "duress_pin": "739164"}
    await call(hass, "add_person", alice)
    bob = {"name": "Bob", "pin": "519374", "locks": [FRONT], "weekly": WEEKLY}
    await call(hass, "add_person", bob)
    guest = {"name": "Gus", "valid_until": "2099-01-01 12:00:00", "sponsor": "Alice"}
    await call(hass, "add_guest", {**guest, "max_uses": 5})
    await call(hass, "add_person", {"name": "Eve", "pin": "604827"})
    await call(hass, "offboard_person", {"person": "Eve", "timeout": 5})


def people(runtime: Housekey) -> list[dict[str, Any]]:
    return [p.to_dict() for p in runtime.household.people.values()]


def lock_codes(runtime: Housekey) -> dict[str, list[str]]:
    """The codes each lock holds, in slot order."""
    return {lock: [c for _, c in sorted(k.codes.items())] for lock, k in runtime.keypads.items()}


def commands(runtime: Housekey) -> dict[str, tuple[int, int, int]]:
    """What each simulated keypad was sent: writes, clears, reads."""
    return {
        lock: (k.counters.writes, k.counters.clears, k.counters.reads)
        for lock, k in runtime.keypads.items()
    }


async def export(hass: HomeAssistant, **context: Any) -> Path:
    response = await call(hass, "export_household", {"passphrase": PASSPHRASE}, **context)
    return Path(response["path"])


@asynccontextmanager
async def fresh_home_assistant(config_dir: Path) -> AsyncIterator[HomeAssistant]:
    """A second Home Assistant: empty registries, no config entries, its own directory."""
    config_dir.mkdir()
    async with async_test_home_assistant(config_dir=str(config_dir)) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)  # Housekey is a custom integration
        try:
            yield hass
        finally:
            await stop(hass)


async def stop(hass: HomeAssistant) -> None:
    """Unload every household (their timers go with them), then stop Home Assistant."""
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_stop(force=True)


@pytest.mark.parametrize("locks_hold", ["nothing", "the exported codes"])
async def test_a_household_moves_to_a_fresh_home_assistant_exactly(
    hass: HomeAssistant, tmp_path: Path, events: Recorder, locks_hold: str
) -> None:
    """Restore after a lost host: people, hours and codes come back; the locks get them.

    Locks that still hold the codes (a physical lock outlives the host) are recognised by
    their read-back and are sent nothing; empty ones are written by the ordinary sync.
    """
    entry = await setup_household(hass)
    await populate(hass)
    await settle(entry.runtime_data)
    path = await export(hass)
    assert events.of("housekey_admin")[-1]["action"] == "exported"
    before_people, before = people(entry.runtime_data), entry.runtime_data.household
    before_codes = lock_codes(entry.runtime_data)
    held = {lock: dict(k.codes) for lock, k in entry.runtime_data.keypads.items()}
    assert before_codes[FRONT] and before_codes[BACK]
    await stop(hass)

    async with fresh_home_assistant(tmp_path / "second") as second:
        target = Path(second.config.path("housekey_exports"))
        target.mkdir()
        (target / path.name).write_bytes(path.read_bytes())
        fresh = await setup_household(second)
        runtime = fresh.runtime_data
        if locks_hold != "nothing":
            for lock, codes in held.items():
                for slot, code in codes.items():
                    runtime.keypads[lock].program(slot, code)  # what the lock kept
            await settle(runtime)
            assert all(s.record.foreign for s in runtime.locks.values())  # nobody's, here
        sent = commands(runtime)

        response = await call(
            second, "import_household", {"path": f"housekey_exports/{path.name}", **KEY}
        )
        await settle(runtime)
        assert response == {"people": 3}
        assert people(runtime) == before_people
        assert runtime.household.next_number == before.next_number
        assert runtime.household.retired == before.retired  # Eve's PIN stays barred
        assert lock_codes(runtime) == before_codes
        assert all(s.view().state.value == "in_sync" for s in runtime.locks.values())
        after = commands(runtime)
        if locks_hold == "nothing":
            assert all(after[lock][0] > sent[lock][0] for lock in after)  # written by the sync
        else:
            assert {lock: after[lock][:2] for lock in after} == {
                lock: sent[lock][:2] for lock in sent
            }  # read back, never written nor cleared
            assert not any(s.record.foreign for s in runtime.locks.values())
            assert not [i for (d, i) in ir.async_get(second).issues if d == DOMAIN]
        state = second.states.get("sensor.maple_street_alice")
        assert state is not None and state.attributes["role"] == "admin"
        assert second.states.get("sensor.maple_street_bob").attributes["weekly"] == WEEKLY
        opened = runtime.keypads[FRONT].enter_code("482913")
        assert opened


KEY = {"passphrase": PASSPHRASE}


async def test_codes_a_masked_lock_holds_stay_foreign_and_are_never_cleared(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock that hides its codes cannot prove one is the person's: nothing is taken back.

    The simulated keypad reads codes in full; here it is made to read them masked, as a
    Schlage BE469 does (a behaviour no simulated keypad has otherwise).
    """
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    path = await export(hass)
    held = {lock: dict(k.codes) for lock, k in entry.runtime_data.keypads.items()}
    assert await hass.config_entries.async_remove(entry.entry_id)

    def masked(self: SimulatedProvider) -> Capabilities:
        return dataclasses.replace(unmasked(self), readback=Readback.MASKED)

    async def read_masked(self: SimulatedProvider, slot: int) -> SlotRead:
        read = await read_in_full(self, slot)
        return SlotRead(SlotState.MASKED) if read.occupied else read

    unmasked, read_in_full = SimulatedProvider.known_capabilities, SimulatedProvider.async_read_slot
    monkeypatch.setattr(SimulatedProvider, "known_capabilities", masked)
    monkeypatch.setattr(SimulatedProvider, "async_read_slot", read_masked)
    fresh = await setup_household(hass)
    runtime = fresh.runtime_data
    for lock, codes in held.items():
        for slot, code in codes.items():
            runtime.keypads[lock].program(slot, code)
    await settle(runtime)
    await call(hass, "import_household", {"path": str(path), **KEY})
    await settle(runtime)
    for lock, sync in runtime.locks.items():
        assert sync.record.foreign == set(held[lock])  # still foreign, still reported
        keypad = runtime.keypads[lock]
        assert all(keypad.codes[slot] == code for slot, code in held[lock].items())  # kept
        assert sorted(keypad.codes.values()) == ["482913", "482913"]  # and written anew


async def test_an_export_is_private_named_by_household_and_never_overwritten(
    hass: HomeAssistant, hass_admin_user: Any, events: Recorder
) -> None:
    entry = await setup_household(hass)
    await populate(hass)
    admin = Context(user_id=hass_admin_user.id)
    first, second = await export(hass, context=admin), await export(hass, context=admin)
    directory = Path(hass.config.path("housekey_exports"))
    assert first.parent == second.parent == directory
    assert first.name.startswith("maple_street-") and first.suffix == ".hke"
    assert second.name == f"{first.stem}-2.hke"
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert first.read_bytes()[:8] == b"HOUSEKEY" and first.read_bytes() != second.read_bytes()
    assert b"482913" not in first.read_bytes()
    exported = [e for e in events.of("housekey_admin") if e["action"] == "exported"]
    assert (
        exported
        == [
            {
                "household": "Maple Street",
                "action": "exported",
                "person_id": None,
                "person_name": None,
                "actor": hass_admin_user.id,
            }
        ]
        * 2
    )
    assert entry.runtime_data.household.people  # nothing of the household changed


async def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    hass: HomeAssistant, events: Recorder
) -> None:
    await setup_household(hass)
    Path(hass.config.path("housekey_exports")).write_text("a file where the folder goes")
    with pytest.raises(HomeAssistantError) as failed:
        await export(hass)
    assert failed.value.translation_key == "export_failed"
    assert "File exists" in str(failed.value)
    assert not [e for e in events.of("housekey_admin") if e["action"] == "exported"]


@pytest.mark.parametrize("service", ["export_household", "import_household"])
async def test_only_admins_export_and_import(
    hass: HomeAssistant, hass_read_only_user: Any, service: str
) -> None:
    await setup_household(hass)
    data = {"passphrase": PASSPHRASE, "path": "housekey_exports/x.hke"}
    if service == "export_household":
        del data["path"]
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, service, data, context=Context(user_id=hass_read_only_user.id))
    assert refused.value.translation_key == "admin_required"
    assert not Path(hass.config.path("housekey_exports")).exists()


class Unchanged:
    """Everything an import could change, taken before it, to compare after a refusal."""

    def __init__(self, hass: HomeAssistant, runtime: Housekey, storage: dict[str, Any]) -> None:
        self.hass, self.runtime, self.storage = hass, runtime, storage
        self.before = self.take()

    def take(self) -> tuple[Any, ...]:
        stored = {k: v for k, v in self.storage.items() if k.startswith(f"{DOMAIN}.")}
        return (
            copy.deepcopy(stored),
            self.runtime.household.to_dict(),
            {lock: dict(k.codes) for lock, k in self.runtime.keypads.items()},
            commands(self.runtime),
            sorted(
                e.entity_id
                for e in er.async_entries_for_config_entry(
                    er.async_get(self.hass), self.runtime.entry.entry_id
                )
            ),
        )

    async def assert_refused(
        self, data: dict[str, Any], key: str, field: str, events: Recorder
    ) -> ServiceValidationError:
        admin_events = len(events.of("housekey_admin"))
        with pytest.raises(ServiceValidationError) as refused:
            await call(self.hass, "import_household", data)
        await settle(self.runtime)
        assert refused.value.translation_key == key, refused.value.translation_placeholders
        assert (refused.value.translation_placeholders or {}).get("field") == field
        assert str(refused.value)  # the message renders with its placeholders
        assert PASSPHRASE not in str(refused.value)
        assert self.take() == self.before
        assert len(events.of("housekey_admin")) == admin_events
        return refused.value


@pytest.fixture
async def exported(
    hass: HomeAssistant, hass_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Unchanged]:
    """An export of the household, after which the household changed: Zed moved in."""
    monkeypatch.setattr("custom_components.housekey.household_data.SAVE_DELAY", 0)
    entry = await setup_household(hass)
    await populate(hass)
    path = await export(hass)
    await call(hass, "add_person", {"name": "Zed", "pin": "951357"})
    await settle(entry.runtime_data)
    await hass.async_block_till_done()
    return path, Unchanged(hass, entry.runtime_data, hass_storage)


def damaged(path: Path, data: bytes, name: str = "damaged.hke") -> str:
    (path.parent / name).write_bytes(data)
    return str(path.parent / name)


async def test_a_wrong_passphrase_changes_nothing(
    exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    path, unchanged = exported
    data = {"path": str(path), "passphrase": "lantern orchard maple 1988"}
    await unchanged.assert_refused(data, "file_wrong_passphrase", "passphrase", events)


async def test_a_short_passphrase_is_refused_by_name(
    hass: HomeAssistant, exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    path, unchanged = exported
    refused = await unchanged.assert_refused(
        {"path": str(path), "passphrase": "eleven char"},
        "passphrase_too_short",
        "passphrase",
        events,
    )
    assert refused.translation_placeholders["min"] == "12"
    with pytest.raises(ServiceValidationError) as export_refused:
        await call(hass, "export_household", {"passphrase": "short"})
    assert export_refused.value.translation_key == "passphrase_too_short"


async def test_a_truncated_file_changes_nothing(
    exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    path, unchanged = exported
    whole = path.read_bytes()
    for cut, key in (
        (HEADER_SIZE - 3, "file_truncated"),
        (len(whole) - 1, "file_wrong_passphrase"),
    ):
        data = {"path": damaged(path, whole[:cut]), **KEY}
        field = "path" if key == "file_truncated" else "passphrase"
        await unchanged.assert_refused(data, key, field, events)


async def test_a_file_of_a_newer_format_changes_nothing(
    exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    path, unchanged = exported
    whole = path.read_bytes()
    newer = whole[:8] + struct.pack(">H", 2) + whole[10:]
    refused = await unchanged.assert_refused(
        {"path": damaged(path, newer), **KEY}, "file_newer_version", "path", events
    )
    assert refused.translation_placeholders["version"] == "2"


async def test_one_flipped_byte_anywhere_changes_nothing(
    exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    """Hypothesis draws the byte and its new value; each example is one real import call."""
    path, unchanged = exported
    whole = path.read_bytes()
    loop = asyncio.get_running_loop()
    keys: set[str] = set()

    async def example(position: int, flip: int) -> None:
        data = bytearray(whole)
        data[position] ^= flip
        name = f"flipped-{position}-{flip}.hke"
        with pytest.raises(ServiceValidationError) as refused:
            await call(
                unchanged.hass,
                "import_household",
                {"path": damaged(path, bytes(data), name), **KEY},
            )
        keys.add(refused.value.translation_key)
        assert unchanged.take() == unchanged.before

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(position=st.integers(0, len(whole) - 1), flip=st.integers(1, 255))
    def run(position: int, flip: int) -> None:
        asyncio.run_coroutine_threadsafe(example(position, flip), loop).result()

    await loop.run_in_executor(None, run)
    assert keys <= {
        "file_not_household",
        "file_newer_version",
        "file_damaged",
        "file_wrong_passphrase",
    }
    assert "file_wrong_passphrase" in keys
    assert not [e for e in events.of("housekey_admin") if e["action"] == "imported"]


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("/etc/hostname", "file_outside_config"),
        ("../outside.hke", "file_outside_config"),
        ("housekey_exports/none-such.hke", "file_not_found"),
        ("housekey_exports", "file_not_found"),
        ("housekey_exports/\x00.hke", "file_not_found"),
    ],
)
async def test_only_files_inside_the_configuration_directory_are_read(
    exported: tuple[Path, Unchanged], events: Recorder, given: str, key: str
) -> None:
    _path, unchanged = exported
    await unchanged.assert_refused({"path": given, **KEY}, key, "path", events)


async def test_a_link_out_of_the_configuration_directory_is_not_followed(
    exported: tuple[Path, Unchanged], events: Recorder, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, unchanged = exported
    outside = tmp_path_factory.mktemp("elsewhere") / "elsewhere.hke"
    outside.write_bytes(path.read_bytes())
    (path.parent / "link.hke").symlink_to(outside)
    data = {"path": str(path.parent / "link.hke"), **KEY}
    await unchanged.assert_refused(data, "file_outside_config", "path", events)


async def test_something_else_is_not_imported(
    exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    path, unchanged = exported
    data = {"path": damaged(path, b'{"people": []}' * 10), **KEY}
    await unchanged.assert_refused(data, "file_not_household", "path", events)


def _file_with(path: Path, household: Household, name: str) -> str:
    """Write a household file of a household no action would have accepted."""
    content = HouseholdContent("Maple Street", household.people["p1"].created_at, household)
    sealed = write_household_file(content, PASSPHRASE, KdfParameters(14))
    return damaged(path, sealed, name)


BAD_PEOPLE: dict[str, tuple[dict[str, Any], str, str]] = {
    # a change to Bob (p2) in the file: what it breaks, and the field of his that names it
    "trivial PIN": ({"pin": "123456"}, "pin_trivial", "PIN"),
    # a clash is named at the first of the two in the file: Alice
    "PIN of someone else": ({"pin": "482913"}, "pin_duplicate", "Alice, PIN"),
    "duress PIN of someone else": ({"duress_pin": "739164"}, "pin_duplicate", "Alice, Duress PIN"),
    "too short for the policy": ({"pin": "5193"}, "pin_too_short", "PIN"),
    "unknown lock": ({"locks": ["lock.garage"]}, "unknown_lock", "Locks"),
    "a name taken": ({"name": "alice"}, "name_taken", "Name"),
    "a name like an id": ({"name": "p7"}, "name_like_id", "Name"),
    "a guest without an end": (
        {"role": "guest", "valid_until": None},
        "guest_needs_end",
        "Valid until",
    ),
    "overlapping hours": (
        {"weekly": [*WEEKLY, {"days": ["thu"], "start": "11:00", "end": "13:00"}]},
        "weekly_overlap",
        "Weekly hours",
    ),
    "hours of no time": (
        {"weekly": [{"days": ["mon"], "start": "09:00", "end": "09:00"}]},
        "weekly_zero_length",
        "Weekly hours",
    ),
    "hours outside the dates": (
        {
            "weekly": [{"days": ["mon"], "start": "09:00", "end": "10:00"}],
            "valid_from": "2030-01-01T12:00:00+00:00",  # a Tuesday
            "valid_until": "2030-01-02T12:00:00+00:00",
        },
        "weekly_outside_dates",
        "Weekly hours",
    ),
    "too many uses": ({"max_uses": 20_000}, "bad_max_uses", "Maximum uses"),
    "an unknown sponsor": ({"sponsor": "p99"}, "unknown_person", "Sponsor"),
}


@pytest.mark.parametrize("case", list(BAD_PEOPLE))
async def test_a_person_no_action_would_accept_is_refused_by_name(
    exported: tuple[Path, Unchanged], events: Recorder, case: str
) -> None:
    path, unchanged = exported
    changes, key, label = BAD_PEOPLE[case]
    stored = unchanged.runtime.household.to_dict()
    raw = {p["person_id"]: p for p in stored["people"]}
    raw["p2"] = {**raw["p2"], **changes}
    household = Household.from_dict({**stored, "people": list(raw.values())})
    assert not household.quarantined
    data = {"path": _file_with(path, household, f"{case}.hke"), **KEY}
    refused = await unchanged.assert_refused(data, key, "path", events)
    where = label if ", " in label else f"{household.people['p2'].name}, {label}"
    assert refused.translation_placeholders["label"] == f"File ({where})"
    assert str(refused).startswith(f"File ({where}): ")


async def test_an_import_over_a_changed_household_brings_every_lock_back(
    hass: HomeAssistant, exported: tuple[Path, Unchanged], events: Recorder
) -> None:
    """Going back to an export: who came since leaves, changed codes return, foreign ones stay."""
    path, unchanged = exported
    runtime = unchanged.runtime
    await call(hass, "set_pin", {"person": "Alice", "pin": "864209"})
    runtime.keypads[BACK].program(9, "97305826")  # someone's code, set at the keypad
    await settle(runtime)
    assert "97305826" in runtime.keypads[BACK].codes.values()
    zed = runtime.household.find("Zed")
    assert zed is not None and hass.states.get("sensor.maple_street_zed") is not None

    assert await call(hass, "import_household", {"path": str(path), **KEY}) == {"people": 3}
    await settle(runtime)
    await hass.async_block_till_done()

    assert [e["action"] for e in events.of("housekey_admin")][-1] == "imported"
    assert runtime.household.find("Zed") is None
    assert hass.states.get("sensor.maple_street_zed") is None  # its entity is gone too
    assert runtime.household.find("Alice").pin == "482913"
    for lock, keypad in runtime.keypads.items():
        assert "951357" not in keypad.codes.values()  # Zed's code left every lock
        assert "864209" not in keypad.codes.values()  # so did Alice's newer one
        assert keypad.enter_code("482913"), lock  # and her exported PIN opens again
    assert runtime.keypads[BACK].codes[9] == "97305826"  # a foreign code is never cleared
    # The codes taken away stay barred, and the ids and versions continue.
    with pytest.raises(ServiceValidationError) as reuse:
        await call(hass, "add_person", {"name": "Yan", "pin": "951357"})
    assert reuse.value.translation_key == "pin_recently_used"
    added = await call(hass, "add_person", {"name": "Yan"})
    assert added["person_id"] == "p6"  # Zed was p5, and p5 is never handed out again
    await call(hass, "set_pin", {"person": "Alice", "pin": "318642"})
    await settle(runtime)
    assert all(k.enter_code("318642") for k in runtime.keypads.values())


async def test_an_import_of_the_same_household_sends_nothing(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await setup_household(hass)
    await populate(hass)
    await settle(entry.runtime_data)
    path = await export(hass)
    before, sent = people(entry.runtime_data), commands(entry.runtime_data)
    assert await call(hass, "import_household", {"path": str(path), **KEY}) == {"people": 3}
    await settle(entry.runtime_data)
    assert people(entry.runtime_data) == before
    assert commands(entry.runtime_data) == sent
    # The import was saved: a restart loads the same household.
    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    assert people(entry.runtime_data) == before
