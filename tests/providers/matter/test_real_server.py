"""Housekey on a real Matter stack: python-matter-server and a matter.js door lock.

Housekey actions → sync engine → Matter provider → Home Assistant's real matter integration
→ websocket → python-matter-server (the CHIP SDK) → Matter over IPv6 on a veth pair → the
matter.js lock's Door Lock cluster; and the lock's own events all the way back. What the lock
holds is read from the lock's own store through its control socket, never from Housekey; what
happens at the keypad is done at the lock, which decides itself whether a code opens it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN, EVENT_ACCESS, EVENT_ALERT
from custom_components.housekey.providers.matter import async_get_matter_target
from custom_components.housekey.sync import SyncState
from tests.conftest import Recorder, call, setup_household
from tests.providers.matter.fake_matter_server import wait_for
from tests.providers.matter.real_stack import LOCK_TIME_ZONE, MatterStack

#: The Matter real stack adds a veth pair to the tests' network namespace, which Chromium
#: sees as a network change (it drops requests in flight): the two never run side by side.
pytestmark = pytest.mark.xdist_group("network_namespace")

#: Round trips through the real stack take longer than through the fake.
TIMEOUT = 20.0
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HALF_HOUR = timedelta(minutes=30)


async def household_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    await in_sync(entry, lock)
    return entry


async def in_sync(entry: MockConfigEntry, lock: str) -> None:
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: not sync.working and sync.state is SyncState.IN_SYNC, TIMEOUT)


async def test_person_pin_lands_on_the_lock_and_leaves_with_them(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str, events: Recorder
) -> None:
    """add_person → a user and PIN credential in the lock's own tables; set_pin → the new
    PIN replaces the old one there; offboard_person → user and credential gone."""
    entry = await household_on(hass, real_matter_lock)
    caps = entry.runtime_data.locks[real_matter_lock].capabilities
    assert caps is not None
    assert (caps.slots, caps.pin_min, caps.pin_max) == (10, 4, 8)

    await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    index = held.index_of("246813")
    assert index is not None
    user = held.user_of(index)
    assert user is not None
    assert held.users[user]["name"] == "housekey"
    assert held.users[user]["status"] == 1  # occupied, enabled
    assert held.pins == {index: "246813"}

    await call(hass, "set_pin", {"person": "Alice", "pin": "975318"})
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    assert held.pins == {index: "975318"}
    assert held.user_of(index) == user

    result = await call(hass, "offboard_person", {"person": "Alice", "timeout": 10})
    assert result["locks"] == {real_matter_lock: "removed"}
    held = await real_matter.held()
    assert held.pins == {}
    assert held.users == {}
    assert not any(pin in str(e.data) for e in events.events for pin in ("246813", "975318"))


async def test_keypad_opening_is_an_access_by_the_person(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str, events: Recorder
) -> None:
    """The lock checks a typed PIN against its own credentials and reports the opening
    with the user index; Housekey names the person. A suspended person's PIN is gone from
    the lock, which refuses it itself."""
    entry = await household_on(hass, real_matter_lock)
    added = await call(hass, "add_person", {"name": "Bob", "pin": "135792"})
    await in_sync(entry, real_matter_lock)
    index = (await real_matter.held()).index_of("135792")

    opened = await real_matter.keypad("135792")
    assert opened["granted"] is True
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)), TIMEOUT)
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["person_id"], access["person_name"], access["role"]) == (
        added["person_id"],
        "Bob",
        "resident",
    )
    assert (access["outcome"], access["method"], access["slot"], access["lock"]) == (
        "granted",
        "keypad",
        index,
        real_matter_lock,
    )
    # the lock's own state, as its attribute report brings it
    await wait_for(lambda: hass.states.get(real_matter_lock).state == "unlocked", TIMEOUT)

    # a report with the user index alone (no credential) names Bob too, also after a
    # restart, when Housekey asks the lock (GetUser) which PIN that user holds
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    entry = await setup_household(hass, entry=entry)
    await in_sync(entry, real_matter_lock)
    assert (await real_matter.keypad("135792", credential=False))["granted"] is True
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 2, TIMEOUT)
    by_user = events.of(EVENT_ACCESS)[-1]
    assert (by_user["person_id"], by_user["slot"]) == (added["person_id"], index)

    await call(hass, "suspend_person", {"person": "Bob"})
    await in_sync(entry, real_matter_lock)
    assert (await real_matter.held()).pins == {}
    refused = await real_matter.keypad("135792")
    assert refused["granted"] is False
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 3, TIMEOUT)
    denied = events.of(EVENT_ACCESS)[-1]
    assert (denied["outcome"], denied["person_id"]) == ("denied", None)
    assert "135792" not in str(events.events)


async def test_wrong_codes_are_denied_and_the_locks_own_limit_alerts(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str, events: Recorder
) -> None:
    """A wrong code typed at the lock → a denied access; Housekey set the lock's own
    wrong-code limit on adoption, and the lock's alarm when it is reached → brute_force."""
    entry = await household_on(hass, real_matter_lock)
    guard = entry.runtime_data.guard
    await wait_for(lambda: real_matter_lock in guard.hardened, TIMEOUT)
    held = await real_matter.held()
    # Housekey wrote its burst window (the lock's factory values are 3 and 10 s)
    assert (held.wrong_code_entry_limit, held.user_code_temporary_disable_time) == (5, 30)

    await real_matter.keypad("999999")
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)), TIMEOUT)
    denied = events.of(EVENT_ACCESS)[-1]
    assert (denied["outcome"], denied["method"], denied["person_id"], denied["lock"]) == (
        "denied",
        "keypad",
        None,
        real_matter_lock,
    )
    for _ in range(4):  # the fifth wrong code: the lock's own limit
        await real_matter.keypad("999999")
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 5, TIMEOUT)
    await wait_for(lambda: bool(events.of(EVENT_ALERT)), TIMEOUT)
    assert [(a["kind"], a["lock"]) for a in events.of(EVENT_ALERT)] == [
        ("brute_force", real_matter_lock)
    ]

    # the lock shut its keypad for the 30 s Housekey set: even a valid PIN is refused now
    await call(hass, "add_person", {"name": "Dana", "pin": "591357"})
    await in_sync(entry, real_matter_lock)
    assert (await real_matter.keypad("591357"))["granted"] is False
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 6, TIMEOUT)
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"


async def test_code_programmed_at_the_lock_raises_the_foreign_code_issue(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str, events: Recorder
) -> None:
    """A PIN programmed at the lock's keypad: the lock's LockUserChange → Housekey reads that
    credential → foreign_code alert and repair issue, and the code stays on the lock."""
    entry = await household_on(hass, real_matter_lock)
    await call(hass, "add_person", {"name": "Carol", "pin": "357913"})
    await in_sync(entry, real_matter_lock)
    carol = (await real_matter.held()).index_of("357913")

    await real_matter.program(5, "555123")
    issue_id = f"foreign_code.{entry.entry_id}.{real_matter_lock}"
    issues = ir.async_get(hass)
    await wait_for(lambda: issues.async_get_issue(DOMAIN, issue_id) is not None, TIMEOUT)
    sync = entry.runtime_data.locks[real_matter_lock]
    assert sync.record.foreign == {5}
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert [(a["lock"], a["detail"]) for a in alerts] == [(real_matter_lock, "slots 5")]
    held = await real_matter.held()
    assert held.pins == {carol: "357913", 5: "555123"}  # reported, never deleted
    assert "555123" not in str(events.events)
    assert "555123" not in str(issues.async_get_issue(DOMAIN, issue_id))

    # cleared at the keypad again: the issue goes away
    await real_matter.program(5, None)
    await wait_for(lambda: issues.async_get_issue(DOMAIN, issue_id) is None, TIMEOUT)
    assert sync.record.foreign == set()


async def test_the_lock_keeps_windows_itself_on_its_own_clock(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str
) -> None:
    """Weekly windows and a date range go onto the matter.js lock as schedule-restricted
    users with week-day and year-day entries; the lock admits and refuses them itself, on
    its own clock (the household's time zone), with the stay converted to local time."""
    await hass.config.async_update(time_zone=LOCK_TIME_ZONE)
    entry = await household_on(hass, real_matter_lock)
    state = hass.states.get(f"sensor.{real_matter_lock.split('.', 1)[1]}_code_sync")
    assert state is not None
    assert state.attributes["enforcement"] == "lock"
    now = dt_util.now()
    today, tomorrow = (DAYS[now.weekday()], DAYS[(now.weekday() + 1) % 7])
    all_day = {"start": "00:00", "end": "23:59"}
    people = {
        "Cleo": ("135792", {"weekly": [{"days": [today], **all_day}]}),
        "Dana": ("246813", {"weekly": [{"days": [tomorrow], **all_day}]}),
        # a stay of an hour around now, and one starting in half an hour: a lock whose
        # clock were an hour off (UTC) would refuse Gina and admit Hugo
        "Gina": ("357913", {"valid_from": now - HALF_HOUR, "valid_until": now + HALF_HOUR}),
        "Hugo": ("468024", {"valid_from": now + HALF_HOUR, "valid_until": now + 3 * HALF_HOUR}),
    }
    for name, (pin, access) in people.items():
        role = "guest" if "valid_until" in access else "service"
        data = {"name": name, "role": role, "pin": pin, **access}
        await call(
            hass, "add_person", {k: str(v) if k.startswith("valid") else v for k, v in data.items()}
        )
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    assert len(held.pins) == 4  # all on the lock, out of their windows too
    restricted = 8  # UserTypeEnum.kScheduleRestrictedUser
    assert {u["type"] for u in held.users.values()} == {restricted}
    assert len(held.week_day_schedules) == 2
    assert len(held.year_day_schedules) == 2
    # Home Assistant's part is over: the lock decides by itself
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    opened = {name: (await real_matter.keypad(pin))["granted"] for name, (pin, _) in people.items()}
    assert opened == {"Cleo": True, "Dana": False, "Gina": True, "Hugo": False}


#: every half hour of the week of Monday 2027-01-04, on the lock's own clock
WEEK = tuple(
    datetime(2027, 1, 4, tzinfo=ZoneInfo(LOCK_TIME_ZONE)) + timedelta(minutes=30 * n)
    for n in range(7 * 48)
)
#: the commands that change what the lock holds for a user
CHANGING = {
    "SetUser",
    "SetCredential",
    "SetWeekDaySchedule",
    "ClearWeekDaySchedule",
    "SetYearDaySchedule",
    "ClearYearDaySchedule",
}


async def opens(stack: MatterStack, user: int) -> frozenset[datetime]:
    """Return the half hours of the week in which the lock opens for the user's PIN."""
    granted = await stack.admits(user, WEEK)
    return frozenset(moment for moment, yes in zip(WEEK, granted, strict=True) if yes)


TWO_WINDOWS = [
    {"days": ["mon"], "start": "08:00", "end": "12:00"},
    {"days": ["sat", "sun"], "start": "10:00", "end": "14:30"},
]
AFTERNOONS = [{"days": ["tue", "thu"], "start": "14:00", "end": "18:00"}]
STAY = {"valid_from": "2027-01-05 10:00:00", "valid_until": "2027-01-06 12:00:00"}


@pytest.mark.parametrize(
    ("before", "after", "restarted", "commands"),
    [
        # known entries: the stay's entry first, then the weekly ones cleared, the PIN
        ({"weekly": TWO_WINDOWS}, {"weekly": [], **STAY}, False, 3),
        # unknown after a restart: disabled, cleared, set, enabled again, the PIN
        ({"weekly": TWO_WINDOWS}, {"weekly": AFTERNOONS}, True, 6),
    ],
    ids=["hours to a stay", "other hours after a restart"],
)
async def test_a_change_never_opens_the_real_lock_outside_the_old_and_new_windows(
    hass: HomeAssistant,
    real_matter: MatterStack,
    real_matter_lock: str,
    monkeypatch: pytest.MonkeyPatch,
    before: dict[str, Any],
    after: dict[str, Any],
    restarted: bool,
    commands: int,
) -> None:
    """After each command that reaches the matter.js lock, the lock itself (its own
    schedule check, on its own clock) opens only inside the old or the new windows,
    though it admits a schedule user left without entries at all hours."""
    await hass.config.async_update(time_zone=LOCK_TIME_ZONE)
    entry = await household_on(hass, real_matter_lock)
    pin = "135792"
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "pin": pin, **before})
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    user = held.user_of(held.index_of(pin) or 0)
    assert user is not None
    old = await opens(real_matter, user)
    assert old and len(old) < len(WEEK)
    if restarted:  # what the lock holds is no longer known to Housekey
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        entry = await setup_household(hass, entry=entry)
        await in_sync(entry, real_matter_lock)

    target = async_get_matter_target(hass, real_matter_lock)
    assert target is not None
    client = target.client
    send = client.send_device_command
    seen: list[tuple[str, frozenset[datetime]]] = []

    async def watched(*args: Any, **kwargs: Any) -> Any:
        result = await send(*args, **kwargs)
        name = type(kwargs["command"]).__name__
        if name in CHANGING:
            seen.append((name, await opens(real_matter, user)))
        return result

    monkeypatch.setattr(client, "send_device_command", watched)
    await call(hass, "update_person", {"person": "Cleo", **after})
    await in_sync(entry, real_matter_lock)
    new = await opens(real_matter, user)
    assert new and new != old
    assert [name for name, _ in seen][-1] == "SetCredential"
    assert len(seen) == commands
    for name, moments in seen:
        assert moments <= old | new, f"after {name} the lock opens outside both windows"
