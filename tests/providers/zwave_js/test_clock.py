"""The clock of a Z-Wave lock on the real stack: Time Parameters CC and Clock CC.

Home Assistant's zwave_js → @zwave-js/server → the zwave-js driver → the mock lock,
whose Time Parameters / Clock behaviour (stack/mock_lock.cjs) records every Set it
receives with its arguments and answers Get from its own running clock. The lock's
side is always read from the mock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from custom_components.housekey import unique_ids
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.clock import ClockSet, LockTime
from custom_components.housekey.providers.base import ProviderError
from custom_components.housekey.providers.zwave_js import ZwaveJsProvider
from custom_components.housekey.providers.zwave_js_clock import clock_wall
from custom_components.housekey.unique_ids import LockEntityKind
from tests.conftest import call

from .conftest import wait_for
from .harness import ZwaveStack
from .test_housekey import household_on

BERLIN = ZoneInfo("Europe/Berlin")
TIME_PARAMETERS = {"clock": "time-parameters"}
MORNINGS = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "12:00"}]


def wall(moment: datetime, zone: ZoneInfo) -> str:
    """Return the wall-clock fields a lock keeps for `moment` in `zone`, as the mock says them."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def drift(read: LockTime | None) -> timedelta:
    assert read is not None
    found = read.drift(dt_util.utcnow(), dt_util.get_default_time_zone())
    assert found is not None
    return found


async def sets_since(stack: ZwaveStack, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return (await stack.clock_sets())[len(before) :]


@pytest.mark.parametrize(
    "zwave_stack",
    [TIME_PARAMETERS, {**TIME_PARAMETERS, "server_tz": "Europe/Berlin"}],
    indirect=True,
    ids=["driver-in-utc", "driver-in-berlin"],
)
async def test_time_parameters_are_set_by_the_driver_and_read_back(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """The driver takes the instant and writes the lock's fields in its own host's local time
    (the mock lock has no Time CC v2, so zwave-js uses local time); Get reads the instant.
    A dead lock fails the set."""
    provider = ZwaveJsProvider(hass, zwave_lock)
    interview = await zwave_stack.clock_sets()
    assert [s["cc"] for s in interview] == ["Time Parameters"]  # the driver's own, at interview
    now = dt_util.utcnow().replace(microsecond=0)
    await zwave_stack.lock("reset_frames")
    assert await provider.async_set_clock(now) is ClockSet.SET
    assert await sets_since(zwave_stack, interview) == [
        {"cc": "Time Parameters", "dateAndTime": wall(now, ZoneInfo(zwave_stack.server_tz))}
    ]
    read = await provider.async_read_clock()
    assert await zwave_stack.frames() == {"Time Parameters": 2}  # one Set, one Get
    assert read is not None
    assert read.local is None
    assert abs(drift(read)) < timedelta(seconds=3)

    # The lock's clock falls ten minutes behind: the reading says so, a set corrects it.
    await zwave_stack.lock("clock_fault", off_s=-600)
    assert abs(drift(await provider.async_read_clock()) + timedelta(minutes=10)) < timedelta(
        seconds=3
    )
    assert await provider.async_set_clock(dt_util.utcnow()) is ClockSet.SET
    assert abs(drift(await provider.async_read_clock())) < timedelta(seconds=3)

    # zwave-js reports a set that did not reach the lock as not done: the check fails.
    await zwave_stack.lock("dead")
    with pytest.raises(ProviderError):
        await provider.async_set_clock(dt_util.utcnow())


@pytest.mark.parametrize("zwave_stack", [{"clock": "clock"}], indirect=True)
async def test_clock_cc_is_set_in_home_assistants_local_time(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Clock Set carries Home Assistant's weekday, hour and minute (not the driver host's,
    which is UTC here); Clock Get reads them back as the nearest such wall-clock moment."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    provider = ZwaveJsProvider(hass, zwave_lock)
    assert await zwave_stack.clock_sets() == []  # Clock CC's interview only reads it
    now = dt_util.utcnow()
    await zwave_stack.lock("reset_frames")
    assert await provider.async_set_clock(now) is ClockSet.SET
    local = now.astimezone(BERLIN)
    (received,) = await zwave_stack.clock_sets()
    assert received == {
        "cc": "Clock",
        "weekday": local.isoweekday(),
        "hour": local.hour,
        "minute": local.minute,
    }
    read = await provider.async_read_clock()
    assert await zwave_stack.frames() == {"Clock": 2}  # one Set, one Get
    assert read is not None
    assert read.utc is None
    # Clock CC keeps minutes: a right clock reads up to a minute behind.
    assert timedelta(seconds=-62) < drift(read) <= timedelta(seconds=1)


async def test_a_lock_without_a_clock_cc_is_not_sent_anything(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    provider = ZwaveJsProvider(hass, zwave_lock)
    await zwave_stack.lock("reset_frames")
    assert await provider.async_set_clock(dt_util.utcnow()) is ClockSet.NOT_SUPPORTED
    assert await provider.async_read_clock() is None
    assert await zwave_stack.frames() == {}


@pytest.mark.parametrize("zwave_stack", [TIME_PARAMETERS], indirect=True)
async def test_a_lock_whose_windows_home_assistant_enforces_gets_no_clock_command(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Z-Wave locks hold no schedules yet: their codes are written and cleared at the
    window's edges, so a person's weekly hours put nothing on the lock's clock."""
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    before = await zwave_stack.clock_sets()
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "weekly": MORNINGS})
    await call(hass, "sync", {"locks": [zwave_lock]})
    await wait_for(lambda: not sync.working)
    assert await zwave_stack.clock_sets() == before
    assert sync.counters.clock_sets == sync.counters.clock_reads == 0
    unique_id = unique_ids.lock_entity(entry.entry_id, zwave_lock, LockEntityKind.SYNC)
    sensor = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, unique_id)
    assert sensor is not None
    assert hass.states.get(sensor).attributes["clock"] is None


def test_a_clock_reading_is_the_nearest_moment_with_that_weekday_and_time() -> None:
    now = datetime(2026, 6, 1, 0, 0, 30, tzinfo=BERLIN)  # Monday, just after midnight
    assert clock_wall(7, 23, 59, now) == datetime(2026, 5, 31, 23, 59)  # Sunday, a minute ago
    assert clock_wall(1, 0, 0, now) == datetime(2026, 6, 1, 0, 0)
    assert clock_wall(3, 12, 0, now) == datetime(2026, 6, 3, 12, 0)  # Wednesday ahead
    assert clock_wall(0, 23, 58, now) == datetime(2026, 5, 31, 23, 58)  # weekday unknown
