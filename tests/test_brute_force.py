"""Brute force through Home Assistant: wrong codes at the simulated keypads, one alert per
episode, a growing lockout at the keypad, and counters that survive a reload."""

from __future__ import annotations

import inspect
import json
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import api
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.core.attempts import AttemptPolicy
from custom_components.housekey.keypad_guard import policy_from_options
from custom_components.housekey.providers.base import (
    AccessEvent,
    AlarmKind,
    LockAlarm,
    Method,
    Outcome,
)

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household

PIN = "482913"
WRONG = "000000"


async def type_code(hass: HomeAssistant, code: str, lock: str = FRONT) -> str:
    """Type a code at a simulated keypad; return "opened" or the refusal's translation key."""
    try:
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": lock, "code": code}, blocking=True
        )
    except HomeAssistantError as err:
        return str(err.translation_key)
    return "opened"


async def guess(hass: HomeAssistant, times: int) -> list[str]:
    """Type `times` wrong codes at the front door; return the answers."""
    return [await type_code(hass, WRONG) for _ in range(times)]


async def reload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await settle(entry.runtime_data)


def brute_force(events: Recorder) -> list[dict]:
    return [a for a in events.of("housekey_alert") if a["kind"] == "brute_force"]


def stored_size(entry: MockConfigEntry) -> int:
    return len(json.dumps(entry.runtime_data.data.snapshot()))


@pytest.fixture
async def alice(hass: HomeAssistant, household: MockConfigEntry) -> MockConfigEntry:
    """The household with Alice's PIN on both keypads."""
    await call(hass, "add_person", {"name": "Alice", "pin": PIN})
    await settle(household.runtime_data)
    return household


async def test_two_thousand_wrong_codes_in_two_and_a_half_seconds(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    before = stored_size(alice)
    started = time.monotonic()
    answers = []
    for _ in range(2000):
        answers.append(await type_code(hass, WRONG))
        freezer.tick(timedelta(seconds=2.5 / 2000))
    elapsed = time.monotonic() - started
    alerts = brute_force(events)
    assert len(alerts) == 1
    assert alerts[0]["lock"] == FRONT
    assert alerts[0]["detail"] == (
        "burst window: 5 wrong codes within 1 min; keypad locked out for 30 s"
    )
    # the fifth wrong code locks the keypad out; from then on it refuses unread
    assert answers[:4] == ["code_rejected"] * 4
    assert set(answers[4:]) == {"keypad_locked_out"}
    assert await type_code(hass, PIN) == "keypad_locked_out"  # even the right code
    assert hass.states.get(FRONT).state == "locked"
    # every attempt is on the record, and the record of them stays small
    denied = [a for a in events.of("housekey_access") if a["outcome"] == "denied"]
    assert len(denied) == 2001
    assert stored_size(alice) - before < 500
    # the other door is not affected
    assert await type_code(hass, PIN, BACK) == "opened"
    print(f"2,000 wrong codes through lock.unlock: {elapsed:.2f} s")


async def test_four_wrong_codes_a_minute_for_six_hours(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    for _ in range(4 * 60 * 6):
        await type_code(hass, WRONG)
        freezer.tick(timedelta(seconds=15))
    alerts = brute_force(events)
    assert [a["detail"] for a in alerts] == [
        "slow window: 30 wrong codes within 24 h; keypad locked out for 30 s"
    ]
    # every code typed after a lockout was a strike: the lockout grew to its cap of an hour
    assert alice.runtime_data.guard.attempts[FRONT].strikes >= 8


async def test_counters_survive_a_reload(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    assert await guess(hass, 4) == ["code_rejected"] * 4
    await reload(hass, alice)
    assert brute_force(events) == []
    assert await type_code(hass, WRONG) == "keypad_locked_out"
    assert len(brute_force(events)) == 1


async def test_the_lockout_survives_a_reload_and_then_ends(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    await guess(hass, 5)
    await reload(hass, alice)
    assert await type_code(hass, PIN) == "keypad_locked_out"
    freezer.tick(timedelta(seconds=30))
    async_fire_time_changed(hass)
    assert await type_code(hass, PIN) == "opened"
    assert hass.states.get("sensor.front_door_last_opened_by").state == "Alice"


async def test_refused_attempts_do_not_extend_the_lockout(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    await guess(hass, 5)
    for _ in range(290):  # someone keeps pressing keys through the whole lockout
        freezer.tick(timedelta(seconds=0.1))
        assert await type_code(hass, WRONG) == "keypad_locked_out"
    freezer.tick(timedelta(seconds=1))
    assert await type_code(hass, PIN) == "opened"
    assert len(brute_force(events)) == 1


async def test_a_later_episode_alerts_again_and_locks_out_longer(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    await guess(hass, 5)
    freezer.tick(timedelta(seconds=95))  # 30 s lockout, then a quiet minute: episode over
    await guess(hass, 5)
    assert [a["detail"] for a in brute_force(events)] == [
        "burst window: 5 wrong codes within 1 min; keypad locked out for 30 s",
        "burst window: 5 wrong codes within 1 min; keypad locked out for 1 min",
    ]


async def test_the_locks_own_alarm_and_the_windows_share_one_episode(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    keypad = alice.runtime_data.keypads[FRONT]
    keypad.report(LockAlarm(AlarmKind.BRUTE_FORCE, "keypad temporarily disabled"))
    await hass.async_block_till_done()
    await guess(hass, 5)
    assert [a["detail"] for a in brute_force(events)] == [
        "the lock's own wrong-code limit: keypad temporarily disabled"
    ]


async def test_a_right_code_outside_its_hours_is_no_guess(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    """A denial that names a slot is a known code at the wrong time, not a guess."""
    keypad = alice.runtime_data.keypads[FRONT]
    for _ in range(10):
        keypad.report(AccessEvent(Outcome.DENIED, Method.KEYPAD, slot=1))
    await hass.async_block_till_done()
    assert brute_force(events) == []
    assert await type_code(hass, PIN) == "opened"


async def test_the_windows_come_from_the_options(hass: HomeAssistant, events: Recorder) -> None:
    entry = await setup_household(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "locks": [],
            "simulated_locks": 2,
            "pin_min": 6,
            "pin_max": 8,
            "brute_force": {
                "burst_attempts": 3,
                "burst_window": 120,
                "slow_attempts": 10,
                "slow_window": 12,
            },
        },
    )
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    await guess(hass, 3)
    assert [a["detail"] for a in brute_force(events)] == [
        "burst window: 3 wrong codes within 2 min; keypad locked out for 30 s"
    ]


def test_options_that_make_no_window_fall_back_to_the_defaults(
    caplog: pytest.LogCaptureFixture,
) -> None:
    policy = policy_from_options({"brute_force_burst_attempts": 0})
    assert policy == AttemptPolicy()
    assert "Brute-force options are not valid; the defaults apply" in caplog.text


async def test_a_locks_own_alarm_without_words(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    alice.runtime_data.keypads[FRONT].report(LockAlarm(AlarmKind.BRUTE_FORCE))
    await hass.async_block_till_done()
    assert [a["detail"] for a in brute_force(events)] == ["the lock's own wrong-code limit"]


async def test_a_wrong_code_is_a_validation_error_without_an_error_logged(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    hass_client: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A wrong code is the caller's mistake, not a fault: a translated validation error,
    nothing logged at ERROR, and HTTP 400 over REST where Home Assistant maps validation
    errors so (2026.8 answers 500 to every action's validation error)."""
    caplog.clear()
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FRONT, "code": WRONG}, blocking=True
        )
    assert err.value.translation_key == "code_rejected"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert await async_setup_component(hass, "api", {})
    if "ServiceValidationError" not in inspect.getsource(api.APIDomainServicesView):
        return
    client = await hass_client()
    answer = await client.post(
        "/api/services/lock/unlock", json={"entity_id": FRONT, "code": WRONG}
    )
    assert answer.status == 400
    assert "rejected the code" in (await answer.json())["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
