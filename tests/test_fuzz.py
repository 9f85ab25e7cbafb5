"""Property-based: every action, given anything in any of its fields, succeeds or refuses cleanly.

"Cleanly" means a ServiceValidationError whose translation key is in strings.json and whose
message renders, and a household, Store and locks exactly as before the call. Nothing else may
escape: no OverflowError, TypeError, untranslated voluptuous error or HomeAssistantError. A
success must leave a Store that loads back into the same household.

Hypothesis runs in a worker thread and hands each example to the event loop, so every example
is one real action call through Home Assistant. The household is reset between examples.
HOUSEKEY_FUZZ_EXAMPLES sets the examples per action (default 150).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
from collections import Counter
from collections.abc import AsyncGenerator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.model import Household
from custom_components.housekey.locks import lock_entity_id
from custom_components.housekey.runtime import Housekey

from .conftest import BACK, FRONT, call, settle, setup_household

EXAMPLES = int(os.environ.get("HOUSEKEY_FUZZ_EXAMPLES", "150"))
STRINGS = json.loads(
    (
        Path(__file__).resolve().parents[1] / "custom_components" / "housekey" / "strings.json"
    ).read_text()
)
TIME_ZONES = (
    "UTC",
    "US/Pacific",
    "Pacific/Kiritimati",  # UTC+14
    "Etc/GMT+12",  # UTC-12
    "Asia/Kathmandu",  # UTC+05:45
    "Australia/Lord_Howe",  # a half-hour DST shift
    "Europe/Dublin",  # negative DST in the tz database
    "America/Santiago",
)

# ---- strategies ---------------------------------------------------------------------------
# Each field draws a plausible value three times in four and anything at all otherwise, so that
# both successes and every kind of refusal come up.


def pick(*options: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from one of `options`, each as likely (one_of would flatten and weigh every branch)."""
    return st.integers(0, len(options) - 1).flatmap(lambda n: options[n])


def mostly(
    valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Draw from `valid` three times in four."""
    return pick(valid, valid, valid, invalid)


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
tricky_text = st.text(
    st.characters(categories=("L", "N", "P", "S", "Z", "M", "Cc", "Cf", "Co")), max_size=80
)
names = mostly(
    st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=30),
    st.one_of(
        st.sampled_from(
            [
                "Alice",
                "ALICE",
                "\uff21lice",
                "Alice\u200b",
                "A\u200elice",
                " alice\x00",
                "\u200b",
                "\x00",
                "\u3164",
                "p1",
                "P2",
                "p99",
                "\uff504",
                "x" * 65,
                "y" * 64,
            ]
        ),
        tricky_text,
        anything,
    ),
)
people = mostly(
    st.sampled_from(
        ["Alice", "alice", "BOB", "p1", "P2", "p3", "Carol", "\uff21lice", "Bob\u200b"]
    ),
    st.one_of(st.just("p99"), tricky_text, anything),
)
pins = pick(
    st.one_of(
        st.none(),
        st.text("0123456789", min_size=6, max_size=8),
        st.integers(min_value=100_000, max_value=99_999_999),
    ),
    st.one_of(st.none(), st.text("0123456789", min_size=6, max_size=8)),
    # codes held now or recently, trivial ones, lost leading zeros, wrong lengths
    st.sampled_from(
        [
            *("482913", "739154", "739155", "519374", "123456", "000000", "0604827"),
            *("48291", 48291, "482913571", 4829135, 10**8),
        ]
    ),
    st.one_of(
        st.text("0123456789", max_size=12),
        st.text(max_size=12),
        st.integers(min_value=-10, max_value=10**12),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    ),
)
naive = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
moments = mostly(
    st.one_of(
        st.none(),
        st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1)).map(str),
        st.datetimes(
            min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.timezones()
        ),
    ),
    st.one_of(
        naive,
        st.datetimes(
            min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
        ),
        naive.map(lambda d: d.isoformat(sep=" ")),
        st.datetimes(timezones=st.timezones()).map(datetime.isoformat),
        st.sampled_from(
            [
                "9999-12-31 23:00",
                "0001-01-01 00:00",
                "2100-12-31T23:59:59-12:00",
                "2000-01-01T00:00:00+14:00",
                "2030-03-10 02:30",  # inside a DST gap in US/Pacific
                "2030-13-45 10:00",
                "2030-01-01T00:00:00+25:00",
                "tomorrow",
            ]
        ),
        anything,
    ),
)
clock = mostly(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.one_of(
        st.times().map(time.isoformat),
        st.times(timezones=st.timezones()),
        st.times(timezones=st.timezones()).map(time.isoformat),
        st.sampled_from(["9:00", "24:00", "09:00Z", "09:00+02:00", "noon", "", "0900", "09"]),
        anything,
    ),
)
days = mostly(
    st.sampled_from(["mon", "Monday", "SUN", "tuesday", "Wed", "thu", "FRIDAY", "sat"]),
    st.one_of(st.sampled_from(["monkey", "mo", "", "sundays"]), st.text(max_size=10), anything),
)
window = mostly(
    st.fixed_dictionaries(
        {"days": st.lists(days, min_size=1, max_size=8), "start": clock, "end": clock}
    ),
    st.one_of(
        st.fixed_dictionaries({"days": days, "start": clock, "end": clock}),
        st.fixed_dictionaries({}, optional={"days": st.lists(days, max_size=3), "start": clock}),
        anything,
    ),
)
weeklies = mostly(
    st.one_of(st.none(), st.lists(window, max_size=3)),
    st.one_of(st.lists(window, min_size=25, max_size=30), window, anything),
)
uses = mostly(
    st.one_of(st.none(), st.integers(min_value=1, max_value=10_000)),
    st.one_of(
        st.integers(),
        st.floats(),
        st.booleans(),
        st.sampled_from(["1e400", "inf", "nan", "5", " 7 ", "0x10", "3.0", "-1"]),
        st.text(max_size=10),
        st.lists(st.integers(), max_size=2),
    ),
)
lock_ids = mostly(
    st.one_of(st.none(), st.lists(st.sampled_from([FRONT, BACK]), max_size=3)),
    st.one_of(
        st.lists(
            st.one_of(
                st.sampled_from(["lock.nowhere", "LOCK.FRONT_DOOR", " lock.back_door ", ""]),
                anything,
            ),
            max_size=4,
        ),
        anything,
    ),
)
roles = mostly(
    st.sampled_from(["admin", "resident", "guest", "service"]),
    st.one_of(st.sampled_from(["ADMIN", " guest ", "owner"]), anything),
)
timeouts = mostly(
    st.floats(min_value=0, max_value=2),
    st.one_of(st.floats(), st.integers(), st.text(max_size=5), anything),
)
users = mostly(st.none(), anything)
entry_ids = mostly(st.none(), st.one_of(st.just("no-such-household"), anything))

ACCESS = {
    "locks": lock_ids,
    "valid_from": moments,
    "valid_until": moments,
    "weekly": weeklies,
    "max_uses": uses,
    "config_entry_id": entry_ids,
}
PERSON = {**ACCESS, "role": roles, "duress_pin": pins, "ha_user": users}
ACTIONS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "add_person": st.fixed_dictionaries({"name": names}, optional={**PERSON, "pin": pins}),
    "add_guest": st.fixed_dictionaries(
        {"name": names, "valid_until": moments},
        optional={**{k: v for k, v in ACCESS.items() if k != "valid_until"}, "sponsor": people},
    ),
    "update_person": st.fixed_dictionaries({"person": people}, optional={**PERSON, "name": names}),
    "set_pin": st.fixed_dictionaries({"person": people}, optional={"pin": pins}),
    "suspend_person": st.fixed_dictionaries({"person": people}),
    "resume_person": st.fixed_dictionaries({"person": people}),
    "offboard_person": st.fixed_dictionaries({"person": people}, optional={"timeout": timeouts}),
    "sync": st.fixed_dictionaries({}, optional={"locks": lock_ids}),
}


# ---- the household under test ----------------------------------------------------------------


class Harness(logging.Handler):
    """One household; snapshots of everything an action may change, and a reset.

    It also collects every traceback logged while it runs: an exception in an entity
    update or a timer is a failure as much as one raised to the caller.
    """

    def __init__(self, hass: HomeAssistant, entry: MockConfigEntry, storage: dict[str, Any]):
        super().__init__(logging.ERROR)
        self.hass, self.entry, self.storage = hass, entry, storage
        self.keys = (f"housekey.{entry.entry_id}", f"housekey.{entry.entry_id}.simulated")
        self.baseline = {key: copy.deepcopy(storage[key]) for key in self.keys}
        self.outcomes: Counter[str] = Counter()
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.tracebacks.append(f"{record.name}: {record.getMessage()} {record.exc_info[1]!r}")

    @property
    def runtime(self) -> Housekey:
        return self.entry.runtime_data

    def snapshot(self) -> tuple[Any, ...]:
        return (
            copy.deepcopy([self.storage.get(key) for key in self.keys]),
            self.runtime.household.to_dict(),
            {lock: dict(k.codes) for lock, k in self.runtime.keypads.items()},
        )

    async def quiet(self) -> None:
        await settle(self.runtime)
        await self.hass.async_block_till_done()

    async def reset(self) -> None:
        """Reload the household from the Store it started with."""
        assert await self.hass.config_entries.async_unload(self.entry.entry_id)
        for key, data in self.baseline.items():
            self.storage[key] = copy.deepcopy(data)
        assert await self.hass.config_entries.async_setup(self.entry.entry_id)
        await self.quiet()

    def by_entity_id(self, stored: dict[str, Any]) -> dict[str, Any]:
        """Name the stored people's locks by entity id, as the household loads them."""
        people = [
            {**p, "locks": [lock_entity_id(self.hass, k) for k in p["locks"]]}
            if isinstance(p.get("locks"), list)
            else p
            for p in stored["people"]
        ]
        return {**stored, "people": people}

    async def example(self, service: str, data: dict[str, Any], tz: str) -> None:
        await self.hass.config.async_set_time_zone(tz)
        await self.quiet()
        before = self.snapshot()
        refusal: ServiceValidationError | None = None
        try:
            await call(self.hass, service, data)
        except ServiceValidationError as err:
            refusal = err
        await self.quiet()
        if refusal is None:
            stored = self.storage[self.keys[0]]["data"]["household"]
            assert Household.from_dict(self.by_entity_id(stored)) == self.runtime.household
            self.outcomes["ok"] += 1
            await self.reset()
            return
        assert refusal.translation_domain in ("housekey", "homeassistant"), refusal
        assert refusal.translation_key in STRINGS["exceptions"], refusal.translation_key
        assert str(refusal)  # the translated message renders with its placeholders
        assert self.snapshot() == before, f"{service} {data!r} was refused but changed state"
        self.outcomes[f"refused:{refusal.translation_key}"] += 1


@pytest.fixture
async def harness(
    hass: HomeAssistant, hass_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> AsyncGenerator[Harness]:
    """Alice and Bob (Bob with a duress PIN), and Carol who left: her PIN is retired."""
    monkeypatch.setattr(
        "custom_components.housekey.household_data.SAVE_DELAY", 0
    )  # no save in flight
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913", "role": "admin"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154", "duress_pin": "739155"})
    await call(hass, "add_person", {"name": "Carol", "pin": "519374"})
    await call(hass, "offboard_person", {"person": "Carol"})
    await settle(entry.runtime_data)
    await hass.async_block_till_done()
    harness = Harness(hass, entry, hass_storage)
    logging.getLogger().addHandler(harness)
    yield harness
    logging.getLogger().removeHandler(harness)


@pytest.mark.parametrize("service", list(ACTIONS))
async def test_any_input_succeeds_or_is_refused_cleanly(harness: Harness, service: str) -> None:
    loop = asyncio.get_running_loop()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=ACTIONS[service], tz=st.sampled_from(TIME_ZONES))
    def run(data: dict[str, Any], tz: str) -> None:
        asyncio.run_coroutine_threadsafe(harness.example(service, data, tz), loop).result()

    await loop.run_in_executor(None, run)
    outcomes = dict(sorted(harness.outcomes.items()))
    print(f"fuzz {service}: {sum(outcomes.values())} examples {outcomes}")
    assert harness.tracebacks == []
    assert harness.outcomes["ok"] > 0
    assert sum(n for k, n in outcomes.items() if k.startswith("refused")) > 0
