"""The clock of a Matter lock: the Time Synchronization cluster, where the node has it.

Housekey → sync engine → Matter provider → Home Assistant's real matter integration →
the fake Matter server, whose node here also has Time Synchronization with the time
zone feature (`with_time_sync`): the commands are asserted as the server parsed them,
and the node's own UTCTime and LocalTime are what it answers when read. The lock's own
dump (and the real matter.js lock) has no such cluster: Matter can neither set nor read
that lock's clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chip.clusters import Objects as clusters
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

import custom_components.housekey.providers.matter as matter_provider
from custom_components.housekey.const import DOMAIN
from tests.conftest import call, settle, setup_household
from tests.providers.matter.conftest import LOCK, matter_entry
from tests.providers.matter.fake_matter_server import (
    FakeMatterServer,
    load_node_dump,
    with_time_sync,
)
from tests.providers.matter.test_housekey import household_on, in_sync, names

TS = clusters.TimeSynchronization
BERLIN = ZoneInfo("Europe/Berlin")
SENSOR = "sensor.mock_door_lock_code_sync"
MORNINGS = [{"days": ["mon", "wed"], "start": "08:00", "end": "12:00"}]


def epoch_us(moment: datetime) -> int:
    """Microseconds since 2000-01-01 UTC."""
    return (moment - datetime(2000, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def local_us(moment: datetime) -> int:
    """Microseconds since 2000-01-01 00:00 on Berlin's wall clock."""
    wall = moment.astimezone(BERLIN).replace(tzinfo=None)
    return (wall - datetime(2000, 1, 1)) // timedelta(microseconds=1)


def berlin_changes(after: datetime, count: int) -> list[datetime]:
    """Berlin's next changes: the last Sundays of March and October, at 01:00 UTC."""
    changes = []
    for year in range(after.year, after.year + 3):
        for month in (3, 10):
            last = datetime(year, month + 1, 1, 1, tzinfo=UTC) - timedelta(days=1)
            change = last - timedelta(days=(last.weekday() + 1) % 7)
            if change > after:
                changes.append(change)
    return changes[:count]


def summer(moment: datetime) -> bool:
    return bool(moment.astimezone(BERLIN).dst())


def time_commands(server: FakeMatterServer) -> list[tuple[str, Any, int | None]]:
    sent = server.time_commands()
    server.commands.clear()
    return [(c.name, c.command, c.timed_request_timeout_ms) for c in sent]


def clock_issue(hass: HomeAssistant, entry: MockConfigEntry) -> str | None:
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"lock_clock.{entry.entry_id}.{LOCK}")
    return None if issue is None else issue.translation_key


@pytest.fixture
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_update(time_zone="Europe/Berlin")


async def timed_server(node: dict[str, Any] | None = None, dst_max: int = 2) -> FakeMatterServer:
    server = FakeMatterServer(with_time_sync(node or load_node_dump(), dst_max=dst_max))
    await server.start()
    return server


@pytest.fixture
async def clock_server(socket_enabled: None) -> AsyncIterator[FakeMatterServer]:
    """The Matter server with a door lock node that has Time Synchronization (TZ)."""
    server = await timed_server()
    try:
        yield server
    finally:
        await server.stop()


async def with_cleo(hass: HomeAssistant, server: FakeMatterServer) -> MockConfigEntry:
    """Home Assistant on the server, a household on its lock, then Cleo's windows on it."""
    await matter_entry(hass, server.url)
    entry = await household_on(hass, LOCK)
    assert server.time_commands() == []  # nobody's windows yet: no clock command
    server.commands.clear()
    cleo = {"name": "Cleo", "role": "service", "pin": "482916", "weekly": MORNINGS}
    await call(hass, "add_person", cleo)
    await in_sync(entry, LOCK)
    return entry


async def later(hass: HomeAssistant, entry: MockConfigEntry, delta: timedelta) -> None:
    """Fire Home Assistant's timers `delta` from now and let the lock settle."""
    async_fire_time_changed(hass, dt_util.utcnow() + delta)
    await hass.async_block_till_done()
    await settle(entry.runtime_data)


def sent_at(command: Any, before: datetime, after: datetime) -> datetime:
    """Return when a SetUTCTime said it is (between `before` and `after`)."""
    assert epoch_us(before) <= command.UTCTime <= epoch_us(after)
    return datetime(2000, 1, 1, tzinfo=UTC) + command.UTCTime * timedelta(microseconds=1)


@pytest.mark.usefixtures("berlin")
async def test_the_clock_zone_and_offsets_go_on_before_the_windows_and_daily(
    hass: HomeAssistant, clock_server: FakeMatterServer
) -> None:
    before = dt_util.utcnow()
    entry = await with_cleo(hass, clock_server)
    after = dt_util.utcnow()
    order = names(clock_server)
    assert order.index("SetDSTOffset") < order.index("SetUser")  # before the windows
    (utc, zone, offsets) = time_commands(clock_server)
    now = sent_at(utc[1], before, after)
    assert utc == ("SetUTCTime", set_utc(now), None)
    assert zone == ("SetTimeZone", SET_ZONE, None)
    first, second = berlin_changes(now, 2)
    expected = [
        dst(3600 if summer(now) else 0, now, first),
        dst(0 if summer(now) else 3600, first, second),
    ]
    assert offsets == ("SetDSTOffset", TS.Commands.SetDSTOffset(DSTOffset=expected), None)
    assert clock_server.reads == ["0/56/0", "0/56/7"]  # UTCTime and LocalTime, read back
    node = clock_server.time_sync
    assert node is not None
    shown, wall = node.utc_time(), node.local_time()
    assert shown is not None
    assert wall is not None
    assert abs(wall - local_us(dt_util.utcnow())) < 2_000_000
    assert abs(shown - epoch_us(dt_util.utcnow())) < 2_000_000
    state = hass.states.get(SENSOR)
    assert (state.state, state.attributes["clock"], state.attributes["clock_drift"]) == (
        "in_sync",
        "set",
        0,
    )
    assert clock_issue(hass, entry) is None

    # A restart the same day sends nothing; a day on, the clock is set again.
    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    await later(hass, entry, timedelta(hours=5))
    assert time_commands(clock_server) == []
    await later(hass, entry, timedelta(days=1, seconds=1))
    assert [name for name, _, _ in time_commands(clock_server)] == [
        "SetUTCTime",
        "SetTimeZone",
        "SetDSTOffset",
    ]


def set_utc(moment: datetime) -> Any:
    return TS.Commands.SetUTCTime(
        UTCTime=epoch_us(moment), granularity=TS.Enums.GranularityEnum.kSecondsGranularity
    )


SET_ZONE = TS.Commands.SetTimeZone(
    timeZone=[TS.Structs.TimeZoneStruct(offset=3600, validAt=0, name="Europe/Berlin")]
)


def dst(offset: int, start: datetime, until: datetime | None) -> Any:
    return TS.Structs.DSTOffsetStruct(
        offset=offset,
        validStarting=epoch_us(start),
        validUntil=clusters.NullValue if until is None else epoch_us(until),
    )


@pytest.mark.usefixtures("berlin")
async def test_a_node_with_room_for_one_offset_gets_it_until_the_next_change(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """The node shows no local time past its last entry: the set just after each change
    (tests/test_lock_clock.py) sends the next one."""
    server = await timed_server(dst_max=1)
    try:
        before = dt_util.utcnow()
        entry = await with_cleo(hass, server)
        after = dt_util.utcnow()
        (utc, _zone, offsets) = time_commands(server)
        now = sent_at(utc[1], before, after)
        (change,) = berlin_changes(now, 1)
        only = dst(3600 if summer(now) else 0, now, change)
        assert offsets == ("SetDSTOffset", TS.Commands.SetDSTOffset(DSTOffset=[only]), None)
        assert server.time_sync is not None
        assert server.time_sync.dst == [(only.offset, only.validStarting, only.validUntil)]
        server.time_sync.off_by((change - dt_util.utcnow()).total_seconds() + 1)
        assert server.time_sync.local_time() is None
        await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await server.stop()


@pytest.mark.usefixtures("berlin")
async def test_a_node_that_refuses_the_time_gets_the_repair_until_it_takes_it(
    hass: HomeAssistant, clock_server: FakeMatterServer
) -> None:
    assert clock_server.time_sync is not None
    clock_server.time_sync.refuse = True
    entry = await with_cleo(hass, clock_server)
    assert [name for name, _, _ in time_commands(clock_server)] == ["SetUTCTime"]
    assert clock_issue(hass, entry) == "lock_clock_failed"
    assert clock_server.lock.user_of_pin("482916") == 1  # the clock holds up no code
    clock_server.time_sync.refuse = False
    await later(hass, entry, timedelta(minutes=30))
    assert time_commands(clock_server) == []  # not before the hour
    await later(hass, entry, timedelta(hours=1, seconds=1))
    assert len(time_commands(clock_server)) == 3
    assert clock_issue(hass, entry) is None


@pytest.mark.usefixtures("berlin")
async def test_a_node_that_does_not_answer_gets_the_repair_and_its_codes(
    hass: HomeAssistant, clock_server: FakeMatterServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matter_provider, "COMMAND_TIMEOUT", 0.2)
    assert clock_server.time_sync is not None
    clock_server.time_sync.silent = True
    entry = await with_cleo(hass, clock_server)
    assert clock_issue(hass, entry) == "lock_clock_failed"
    assert clock_server.lock.user_of_pin("482916") == 1
    assert hass.states.get(SENSOR).state == "in_sync"
    clock_server.time_sync.silent = False
    await later(hass, entry, timedelta(hours=1, seconds=1))
    assert clock_issue(hass, entry) is None


@pytest.mark.usefixtures("berlin")
async def test_a_lock_without_time_synchronization_is_reported_and_sent_nothing(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    entry = await household_on(hass, matter_lock)
    cleo = {"name": "Cleo", "role": "service", "pin": "482916", "weekly": MORNINGS}
    await call(hass, "add_person", cleo)
    await in_sync(entry, matter_lock)
    assert matter_server.time_commands() == []
    assert matter_server.reads == []
    assert clock_issue(hass, entry) == "lock_clock_unsupported"
    assert hass.states.get(SENSOR).attributes["clock"] == "unsupported"


@pytest.mark.usefixtures("berlin")
async def test_a_lock_whose_windows_home_assistant_enforces_gets_no_clock_command(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    node = load_node_dump()
    node["attributes"]["1/257/65532"] = 0x103  # PIN, RFID, USR; no WDSCH/YDSCH
    server = await timed_server(node)
    try:
        entry = await with_cleo(hass, server)
        await later(hass, entry, timedelta(days=2))
        await call(hass, "sync", {})
        assert server.time_commands() == []
        assert server.reads == []
        assert hass.states.get(SENSOR).attributes["enforcement"] == "home_assistant"
        assert clock_issue(hass, entry) is None
        await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await server.stop()
