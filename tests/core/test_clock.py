"""Unit tests for core.clock: what a check of a lock's clock finds, and the zone ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.housekey.core.clock import (
    INTERVAL,
    RETRY,
    ClockCheck,
    ClockSet,
    ClockState,
    LockTime,
    OffsetPeriod,
    judge,
    offset_periods,
    standard_offset,
    transitions,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 1, 5, tzinfo=UTC)  # 07:00 in Berlin
HOUR = timedelta(hours=1)
PROBLEMS = (ClockState.OFF, ClockState.UNSUPPORTED, ClockState.FAILED)


@pytest.mark.parametrize(
    ("result", "read", "state", "drift"),
    [
        (ClockSet.SET, LockTime(utc=NOW + timedelta(seconds=1)), ClockState.SET, 1.0),
        (ClockSet.SET, None, ClockState.SET, None),  # set, cannot be read back
        # the lock took the command but shows another time
        (ClockSet.SET, LockTime(utc=NOW - timedelta(minutes=3)), ClockState.OFF, -180.0),
        (ClockSet.NOT_SUPPORTED, None, ClockState.UNSUPPORTED, None),
        (ClockSet.NOT_SUPPORTED, LockTime(utc=NOW + timedelta(minutes=2)), ClockState.RIGHT, 120.0),
        (ClockSet.NOT_SUPPORTED, LockTime(utc=NOW + timedelta(minutes=5)), ClockState.OFF, 300.0),
        (ClockSet.BY_STACK, None, ClockState.BY_STACK, None),
        (None, None, ClockState.FAILED, None),
    ],
)
def test_judge(
    result: ClockSet | None, read: LockTime | None, state: ClockState, drift: float | None
) -> None:
    check = judge(result, read, NOW, BERLIN, None)
    assert (check.state, check.at, check.drift) == (state, NOW, drift)
    assert check.state.problem is (state in PROBLEMS)
    assert check.set_at == (NOW if result is ClockSet.SET else None)


def test_a_failed_check_keeps_when_the_clock_was_last_set_and_is_tried_sooner() -> None:
    before = judge(ClockSet.SET, None, NOW, BERLIN, None)
    later = NOW + timedelta(days=1)
    failed = judge(None, None, later, BERLIN, before)
    assert (failed.set_at, failed.due) == (NOW, later + RETRY)
    assert before.due == NOW + INTERVAL
    assert judge(ClockSet.BY_STACK, None, later, BERLIN, before).set_at == NOW


def test_the_local_reading_is_compared_on_the_households_wall_clock() -> None:
    wall = datetime(2026, 6, 1, 7, 0, 30)  # Berlin's wall clock, 30 s ahead
    assert LockTime(local=wall).drift(NOW, BERLIN) == timedelta(seconds=30)
    # A lock right in UTC but an hour off on its wall clock (a zone it got wrong) is off.
    both = LockTime(utc=NOW, local=wall - HOUR)
    assert both.drift(NOW, BERLIN) == -HOUR + timedelta(seconds=30)
    assert LockTime().drift(NOW, BERLIN) is None


def test_a_check_round_trips() -> None:
    check = ClockCheck(ClockState.OFF, NOW, NOW - HOUR, -600.0)
    assert ClockCheck.from_dict(check.to_dict()) == check
    assert ClockCheck.from_dict(ClockCheck(ClockState.SET, NOW).to_dict()).set_at is None


def test_transitions_of_a_year_in_berlin_to_the_second() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # Up to HORIZON ahead: March 2027 is past it.
    assert transitions(start, BERLIN, 3) == [
        datetime(2026, 3, 29, 1, tzinfo=UTC),
        datetime(2026, 10, 25, 1, tzinfo=UTC),
    ]
    # From the change itself, the next one; a zone without changes has none.
    assert transitions(datetime(2026, 3, 29, 1, tzinfo=UTC), BERLIN, 1) == [
        datetime(2026, 10, 25, 1, tzinfo=UTC)
    ]
    assert transitions(start, ZoneInfo("Asia/Tokyo"), 2) == []
    # Lord Howe Island moves by half an hour, at 02:00 local standard time.
    assert transitions(start, ZoneInfo("Australia/Lord_Howe"), 1) == [
        datetime(2026, 4, 4, 15, tzinfo=UTC)
    ]


def test_offset_periods_from_now_with_the_summer_offset() -> None:
    assert standard_offset(NOW, BERLIN) == HOUR
    assert offset_periods(NOW, BERLIN, 2) == [
        OffsetPeriod(NOW, datetime(2026, 10, 25, 1, tzinfo=UTC), HOUR),
        OffsetPeriod(
            datetime(2026, 10, 25, 1, tzinfo=UTC), datetime(2027, 3, 28, 1, tzinfo=UTC), HOUR * 0
        ),
    ]
    (only,) = offset_periods(NOW, BERLIN, 1)
    assert only.until == datetime(2026, 10, 25, 1, tzinfo=UTC)
    assert offset_periods(NOW, ZoneInfo("Asia/Tokyo"), 3) == [OffsetPeriod(NOW, None, HOUR * 0)]
