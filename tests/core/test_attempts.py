"""Unit tests for core.attempts: windows, episodes, lockouts and their persistence."""

from __future__ import annotations

import json
import random

import pytest

from custom_components.housekey.core.attempts import (
    LOCK_ALARM,
    AttemptPolicy,
    Attempts,
    Verdict,
    Window,
    span,
)

POLICY = AttemptPolicy()
T0 = 1_750_000_000.0  # a wall-clock instant (UTC seconds)


def keypad(state: Attempts, times: list[float], policy: AttemptPolicy = POLICY) -> list[Verdict]:
    """Type a wrong code at each time at a keypad that ignores input while locked out."""
    verdicts = []
    for t in times:
        if state.locked_out(t, policy):
            state.refused_attempt(t, policy)
        else:
            verdicts.append(state.wrong_code(t, policy))
    return verdicts


def opened(verdicts: list[Verdict]) -> list[str]:
    return [v.opened.name for v in verdicts if v.opened is not None]


# --- windows ---------------------------------------------------------------------------------


def test_defaults_are_five_a_minute_and_thirty_a_day() -> None:
    burst, slow = POLICY.windows
    assert (burst.name, burst.limit, burst.seconds) == ("burst", 5, 60.0)
    assert (slow.name, slow.limit, slow.seconds) == ("slow", 30, 86_400.0)
    assert (POLICY.lockout_base, POLICY.lockout_cap, POLICY.forgive_after) == (30, 3600, 86_400)
    assert (POLICY.keep, POLICY.quiet, POLICY.horizon) == (30, 60.0, 86_400.0)


def test_four_wrong_codes_do_not_trip_the_fifth_does() -> None:
    state = Attempts()
    verdicts = [state.wrong_code(T0 + i, POLICY) for i in range(5)]
    assert [v.opened for v in verdicts[:4]] == [None] * 4
    assert [v.lockout for v in verdicts[:4]] == [0.0] * 4
    assert verdicts[4].opened == POLICY.windows[0]
    assert verdicts[4].lockout == 30.0
    assert verdicts[4].lockout_until == T0 + 4 + 30


def test_a_window_holds_what_is_strictly_younger_than_its_length() -> None:
    state = Attempts()
    # 4 a minute, exactly every 15 s: the code 60 s old has left the window
    verdicts = [state.wrong_code(T0 + 15 * i, POLICY) for i in range(6)]
    assert opened(verdicts) == []
    assert state.tripped(T0 + 75, POLICY) is None


def test_the_capped_record_decides_every_window_as_the_full_history_would() -> None:
    """Keeping only the newest `keep` times loses nothing, whatever the arrival pattern."""
    rng = random.Random(6)
    policy = AttemptPolicy(
        (Window("burst", 5, 60), Window("mid", 12, 900), Window("slow", 30, 86_400))
    )
    for _ in range(30):
        state, history, t = Attempts(), [], T0
        for _ in range(300):
            t += rng.choice([0.05, 1, 7, 15, 40, 200, 3_000])
            state.wrong_code(t, policy)
            history.append(t)
            probe = t + rng.choice([0, 1, 30, 59.9, 60, 899, 86_399])
            expected = next(
                (
                    w
                    for w in policy.windows
                    if sum(probe - w.seconds < h <= probe for h in history) >= w.limit
                ),
                None,
            )
            assert state.tripped(probe, policy) == expected
            assert len(state.recent) <= policy.keep


def test_window_and_policy_refuse_nonsense() -> None:
    for limit, seconds in [(0, 60), (5, 0), (5, -1), (5, float("inf")), (5, float("nan"))]:
        with pytest.raises(ValueError, match="invalid window"):
            Window("w", limit, seconds)
    with pytest.raises(ValueError, match="at least one window"):
        AttemptPolicy(windows=())
    with pytest.raises(ValueError, match="lockout"):
        AttemptPolicy(lockout_base=0)
    with pytest.raises(ValueError, match="lockout"):
        AttemptPolicy(lockout_base=60, lockout_cap=30)


def test_descriptions_say_the_window_in_words() -> None:
    burst, slow = POLICY.windows
    assert burst.describe() == "burst window: 5 wrong codes within 1 min"
    assert slow.describe() == "slow window: 30 wrong codes within 24 h"
    assert [span(s) for s in (30, 45.4, 60, 90, 600, 3600, 5400, 7200)] == [
        "30 s",
        "45 s",
        "1 min",
        "90 s",
        "10 min",
        "1 h",
        "90 min",
        "2 h",
    ]


# --- the measured attacks --------------------------------------------------------------------


def test_two_thousand_in_two_and_a_half_seconds_is_one_episode_and_a_lockout() -> None:
    state = Attempts()
    times = [T0 + i * 2.5 / 2000 for i in range(2000)]
    verdicts = keypad(state, times)
    assert opened(verdicts) == ["burst"]
    assert len(verdicts) == 5  # the sixth code onwards met a locked-out keypad
    assert state.refused == 1995
    assert state.locked_out(times[-1], POLICY)
    assert state.lockout_until == pytest.approx(times[4] + 30)
    stored = json.dumps(state.to_dict())
    assert len(state.recent) == 5
    assert len(stored) < 400


def test_two_thousand_reported_by_a_lock_housekey_cannot_lock_out() -> None:
    """A real lock reports every denial: all count, still one episode, the record stays small."""
    state = Attempts()
    verdicts = [state.wrong_code(T0 + i * 2.5 / 2000, POLICY) for i in range(2000)]
    assert opened(verdicts) == ["burst"]
    assert [v.lockout for v in verdicts if v.lockout] == [
        30.0
    ]  # a strike per lockout, not per code
    assert len(state.recent) == POLICY.keep
    assert len(json.dumps(state.to_dict())) < 1000


def test_four_a_minute_for_six_hours_trips_the_slow_window_once() -> None:
    times = [T0 + 15 * i for i in range(4 * 60 * 6)]
    for at_keypad in (True, False):
        state = Attempts()
        verdicts = (
            keypad(state, times) if at_keypad else [state.wrong_code(t, POLICY) for t in times]
        )
        assert opened(verdicts) == ["slow"]
        first = next(v for v in verdicts if v.opened)
        assert first.lockout_until == T0 + 15 * 29 + 30  # at the 30th code
        assert state.in_episode(times[-1], POLICY)


# --- episodes --------------------------------------------------------------------------------


def test_an_episode_ends_after_the_quiet_period_and_the_next_one_alerts_again() -> None:
    state = Attempts()
    keypad(state, [T0 + i for i in range(5)])  # trips at T0+4, locked out until T0+34
    assert state.in_episode(T0 + 93.9, POLICY)  # quiet for 59.9 s since the lockout ended
    assert not state.in_episode(T0 + 94, POLICY)
    again = keypad(state, [T0 + 100 + i for i in range(5)])
    assert opened(again) == ["burst"]
    assert again[-1].lockout == 60.0  # the second strike in a row doubles


def test_an_episode_stays_open_while_the_slow_window_is_full() -> None:
    state = Attempts()
    keypad(state, [T0 + 15 * i for i in range(30)])  # slow window trips at the 30th
    hour_later = T0 + 15 * 29 + 3600
    assert state.in_episode(hour_later, POLICY)
    # more guessing an hour later is the same episode: no second alert
    assert opened(keypad(state, [hour_later + i for i in range(5)])) == []
    assert not state.in_episode(T0 + 86_400 + 15 * 29 + 1, POLICY)


def test_trips_during_an_episode_lock_out_longer_each_time_up_to_the_cap() -> None:
    state = Attempts()
    verdicts = keypad(state, [T0 + i for i in range(5 * 3600)])  # one a second for 5 h
    assert opened(verdicts) == ["burst"]
    lockouts = [v.lockout for v in verdicts if v.lockout]
    assert lockouts[:8] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert set(lockouts[7:]) == {3600}
    # once the slow window is full every unread code is a strike: about one guess an hour
    assert len(verdicts) < 50


def test_strikes_are_forgiven_after_a_quiet_day() -> None:
    state = Attempts()
    keypad(state, [T0 + i for i in range(5)])
    keypad(state, [T0 + 100 + i for i in range(5)])
    assert state.strikes == 2
    next_day = T0 + 104 + 86_400
    verdicts = keypad(state, [next_day + i for i in range(5)])
    assert verdicts[-1].lockout == 30.0
    assert state.strikes == 1


def test_refused_attempts_neither_extend_the_lockout_nor_keep_the_episode_open() -> None:
    state = Attempts()
    keypad(state, [T0 + i for i in range(5)])  # locked out T0+4 .. T0+34
    hammering = [T0 + 4 + i / 10 for i in range(1, 300)]
    assert keypad(state, hammering) == []  # every one refused unread
    assert state.refused == 299
    assert state.lockout_until == T0 + 34
    assert not state.locked_out(T0 + 34, POLICY)
    assert state.strikes == 1
    assert state.in_episode(T0 + 93, POLICY)
    assert not state.in_episode(T0 + 94, POLICY)  # a minute after the lockout, whatever was typed
    state.wrong_code(T0 + 200, POLICY)  # a later code: the old episode is closed
    assert state.episode_since is None
    assert state.refused == 0


def test_the_locks_own_alarm_opens_an_episode_once() -> None:
    state = Attempts()
    assert state.lock_alarm(T0, POLICY)
    assert (state.episode_since, state.episode_cause) == (T0, LOCK_ALARM)
    assert not state.lock_alarm(T0 + 1, POLICY)
    assert opened([state.wrong_code(T0 + 2 + i, POLICY) for i in range(5)]) == []
    assert state.lockout_until == T0 + 36  # the window tripped inside the lock's episode
    assert not state.in_episode(T0 + 36 + 60, POLICY)
    assert state.lock_alarm(T0 + 36 + 60, POLICY)


def test_a_clock_set_back_cannot_lock_out_for_longer_than_the_cap() -> None:
    state = Attempts(lockout_until=T0 + 10 * 86_400)  # written before the clock went back
    assert state.locked_out(T0, POLICY)
    state.refused_attempt(T0, POLICY)
    assert state.lockout_until == T0 + 3600
    assert not state.locked_out(T0 + 3600, POLICY)


# --- persistence -----------------------------------------------------------------------------


def test_a_round_trip_through_json_continues_exactly() -> None:
    state = Attempts()
    keypad(state, [T0 + i for i in range(4)])
    restored = Attempts.from_dict(json.loads(json.dumps(state.to_dict())), POLICY)
    assert restored == state
    assert restored.wrong_code(T0 + 5, POLICY).opened == POLICY.windows[0]
    keypad(state, [T0 + 5])
    again = Attempts.from_dict(json.loads(json.dumps(state.to_dict())), POLICY)
    assert again == state
    assert again.locked_out(T0 + 6, POLICY)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "garbage",
        {"recent": "x", "strikes": "3", "refused": -2, "lockout_until": float("inf")},
        {"recent": [1, "a", None, float("nan"), True], "episode_since": "yesterday"},
    ],
)
def test_bad_stored_values_are_dropped(data: object) -> None:
    state = Attempts.from_dict(data, POLICY)
    assert state.strikes == 0
    assert state.refused == 0
    assert state.lockout_until == 0.0
    assert state.episode_since is None
    assert all(isinstance(t, float) for t in state.recent)


def test_a_stored_record_longer_than_the_policy_needs_is_trimmed() -> None:
    data = {"recent": [T0 + i for i in range(500)][::-1]}
    state = Attempts.from_dict(data, POLICY)
    assert state.recent == [T0 + i for i in range(470, 500)]
