"""Unit tests for zwave_js_schedules: a LockSchedule as Schedule Entry Lock CC entries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.lock_schedule import (
    NOBODY,
    UNRESTRICTED,
    LockSchedule,
    WeekDayEntry,
    YearDayEntry,
    week_day_entries,
)
from custom_components.housekey.core.model import WeeklyWindow
from custom_components.housekey.providers.zwave_js_schedules import (
    UNRESTRICTED_WIRE,
    DailyRepeatingSlot,
    Kind,
    ScheduleWire,
    Slots,
    WeekDaySlot,
    YearDaySlot,
    decode,
    encode,
    housekey_day,
    zwave_day,
)

BERLIN = ZoneInfo("Europe/Berlin")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
#: the test lock of test_schedules.py: v3, 7 week-day, 1 year-day, 2 daily-repeating slots
LOCK = Slots(week_day=7, year_day=1, daily_repeating=2)
ROOMY = Slots(week_day=255, year_day=255, daily_repeating=255)


def weekly(days: set[int], start: str, end: str) -> LockSchedule:
    return LockSchedule(
        (WeekDayEntry(frozenset(days), time.fromisoformat(start), time.fromisoformat(end)),)
    )


def test_weekdays_count_from_sunday_on_the_wire() -> None:
    assert [zwave_day(d) for d in (MON, TUE, WED, THU, FRI, SAT, SUN)] == [1, 2, 3, 4, 5, 6, 0]
    assert [housekey_day(zwave_day(d)) for d in range(7)] == list(range(7))


def test_a_window_on_two_days_is_one_daily_repeating_entry_where_the_lock_has_them() -> None:
    wire = encode(weekly({MON, TUE}, "08:00", "12:00"), BERLIN, LOCK)
    assert wire == ScheduleWire(Kind.DAILY_REPEATING, (DailyRepeatingSlot((1, 2), 8, 0, 4, 0),))
    assert wire.entries[0].args() == {
        "weekdays": [1, 2],
        "startHour": 8,
        "startMinute": 0,
        "durationHour": 4,
        "durationMinute": 0,
    }


def test_without_daily_repeating_slots_each_day_is_a_week_day_entry() -> None:
    wire = encode(weekly({MON, SUN}, "08:00", "12:30"), BERLIN, Slots(week_day=7, year_day=1))
    assert wire == ScheduleWire(
        Kind.WEEK_DAY, (WeekDaySlot(0, 8, 0, 12, 30), WeekDaySlot(1, 8, 0, 12, 30))
    )
    assert wire.entries[0].args() == {
        "weekday": 0,
        "startHour": 8,
        "startMinute": 0,
        "stopHour": 12,
        "stopMinute": 30,
    }


def test_daily_repeating_is_used_only_where_it_saves_entries() -> None:
    # one day: one entry either way, and Week Day slots are what every version has
    assert encode(weekly({WED}, "09:00", "10:00"), BERLIN, LOCK).kind is Kind.WEEK_DAY
    # three windows on one day each do not fit two daily-repeating slots: seven week-day ones do
    three = LockSchedule(
        week_day_entries(
            tuple(WeeklyWindow(frozenset({d}), time(9 + d), time(10 + d)) for d in (MON, TUE, WED))
        )
    )
    assert encode(three, BERLIN, LOCK).kind is Kind.WEEK_DAY
    # a window on every day: one daily-repeating entry instead of seven
    every_day = weekly(set(range(7)), "06:00", "23:59")
    assert encode(every_day, BERLIN, LOCK) == ScheduleWire(
        Kind.DAILY_REPEATING, (DailyRepeatingSlot(tuple(range(7)), 6, 0, 17, 59),)
    )


def test_what_a_zwave_user_cannot_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="single-use"):
        encode(LockSchedule(single_use=True), BERLIN, LOCK)
    with pytest.raises(ValueError, match="week-day slots"):
        encode(weekly(set(range(7)), "06:00", "07:00"), BERLIN, Slots(week_day=6))
    two_ranges = LockSchedule(year_days=(YearDayEntry(None, None), YearDayEntry(None, None)))
    with pytest.raises(ValueError, match="year-day slots"):
        encode(two_ranges, BERLIN, LOCK)
    assert encode(UNRESTRICTED, BERLIN, Slots()) == UNRESTRICTED_WIRE


def test_year_day_entries_are_the_locks_wall_clock_across_dst() -> None:
    # Spring 2030-03-31 (02:00 jumps to 03:00) and autumn 2030-10-27 (03:00 back to 02:00):
    # a stay ending at 10:00 local after the change ends at 10:00 on the lock's clock.
    for start, end, fields in (
        (
            datetime(2030, 3, 30, 13, 0, tzinfo=UTC),  # 14:00 CET
            datetime(2030, 3, 31, 8, 0, tzinfo=UTC),  # 10:00 CEST
            (30, 3, 30, 14, 0, 30, 3, 31, 10, 0),
        ),
        (
            datetime(2030, 10, 26, 12, 0, tzinfo=UTC),  # 14:00 CEST
            datetime(2030, 10, 27, 9, 0, tzinfo=UTC),  # 10:00 CET
            (30, 10, 26, 14, 0, 30, 10, 27, 10, 0),
        ),
    ):
        schedule = LockSchedule(year_days=(YearDayEntry(start, end),))
        wire = encode(schedule, BERLIN, LOCK)
        assert wire == ScheduleWire(Kind.YEAR_DAY, (YearDaySlot(*fields),))
        assert decode(wire, BERLIN) == schedule


def test_open_ends_are_the_locks_earliest_and_latest_time() -> None:
    until = datetime(2031, 1, 2, 10, 30, tzinfo=BERLIN)
    wire = encode(LockSchedule(year_days=(YearDayEntry(None, until),)), BERLIN, LOCK)
    assert wire.entries == (YearDaySlot(0, 1, 1, 0, 0, 31, 1, 2, 10, 30),)
    assert decode(wire, BERLIN) == LockSchedule(year_days=(YearDayEntry(None, until),))
    since = datetime(2031, 1, 2, 10, 30, tzinfo=BERLIN)
    wire = encode(LockSchedule(year_days=(YearDayEntry(since, None),)), BERLIN, LOCK)
    assert wire.entries == (YearDaySlot(31, 1, 2, 10, 30, 99, 12, 31, 23, 59),)
    # an end beyond what the lock holds is its latest time
    late = datetime(2100, 1, 1, 12, 0, tzinfo=BERLIN)
    wire = encode(LockSchedule(year_days=(YearDayEntry(since, late),)), BERLIN, LOCK)
    assert wire.entries[0].args()["stopYear"] == 99


def test_entries_no_schedule_can_be_made_of_admit_nobody() -> None:
    for wire in (
        ScheduleWire(Kind.WEEK_DAY, (WeekDaySlot(1, 12, 0, 8, 0),)),  # stop before start
        ScheduleWire(Kind.WEEK_DAY, (WeekDaySlot(7, 8, 0, 12, 0),)),  # no such weekday
        ScheduleWire(Kind.DAILY_REPEATING, (DailyRepeatingSlot((1,), 8, 0, 0, 0),)),
        ScheduleWire(Kind.YEAR_DAY, (YearDaySlot(30, 2, 30, 8, 0, 30, 3, 1, 8, 0),)),
        ScheduleWire(Kind.YEAR_DAY, ()),
    ):
        assert decode(wire, BERLIN) == NOBODY
    assert decode(UNRESTRICTED_WIRE, BERLIN) == UNRESTRICTED


def test_a_daily_repeating_entry_past_midnight_reads_as_two_days() -> None:
    # Fridays 22:00 for four hours, as another controller might have set it
    wire = ScheduleWire(Kind.DAILY_REPEATING, (DailyRepeatingSlot((5,), 22, 0, 4, 0),))
    assert decode(wire, BERLIN) == LockSchedule(
        (
            WeekDayEntry(frozenset({SAT}), time(0, 0), time(2, 0)),
            WeekDayEntry(frozenset({FRI}), time(22, 0), time(23, 59)),
        )
    )


def test_answers_of_the_get_methods_are_read_field_by_field() -> None:
    assert WeekDaySlot.of(
        {"weekday": 1, "startHour": 8, "startMinute": 0, "stopHour": 12, "stopMinute": 0}
    ) == WeekDaySlot(1, 8, 0, 12, 0)
    answer = {
        "weekdays": [4, 1],
        "startHour": 9,
        "startMinute": 0,
        "durationHour": 3,
        "durationMinute": 0,
    }
    assert DailyRepeatingSlot.of(answer) == DailyRepeatingSlot((1, 4), 9, 0, 3, 0)
    assert WeekDaySlot.of(None) is None  # an empty slot
    assert WeekDaySlot.of({"weekday": 1}) is None
    assert YearDaySlot.of({"startYear": "30"}) is None


_minutes = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
_windows = st.builds(
    WeeklyWindow, st.frozensets(st.integers(0, 6), min_size=1, max_size=7), _minutes, _minutes
)
_slots = st.builds(Slots, st.integers(0, 10), st.integers(0, 3), st.integers(0, 4))


@settings(max_examples=300, deadline=None)
@given(windows=st.lists(_windows, min_size=1, max_size=5), slots=_slots)
def test_weekly_hours_round_trip_and_fit_as_the_support_says(
    windows: list[WeeklyWindow], slots: Slots
) -> None:
    """Whatever kind the entries take, the lock reads back the hours that were written;
    and the lock holds them exactly when its ScheduleSupport says it does."""
    schedule = LockSchedule(week_day_entries(tuple(windows)))
    if not schedule.week_days:
        return
    try:
        wire = encode(schedule, BERLIN, slots)
    except ValueError:
        assert not slots.support.holds(schedule)
        return
    assert slots.support.holds(schedule)
    assert wire.kind is not None
    assert len(wire.entries) <= slots.of(wire.kind)
    assert decode(wire, BERLIN) == schedule


_instants = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)
).map(lambda t: t.replace(second=0, microsecond=0))


def _unambiguous(instant: datetime) -> bool:
    """Whether the wall time of an instant is shown once by Berlin's clocks."""
    wall = instant.astimezone(BERLIN).replace(tzinfo=None)
    first, second = (wall.replace(tzinfo=BERLIN, fold=fold).utcoffset() for fold in (0, 1))
    return first == second


@settings(max_examples=300, deadline=None)
@given(
    start=st.none() | _instants,
    length=st.integers(1, 400 * 24 * 60).map(lambda m: timedelta(minutes=m)),
    open_end=st.booleans(),
)
def test_date_ranges_round_trip_through_the_locks_wall_clock(
    start: datetime | None, length: timedelta, open_end: bool
) -> None:
    end = None if open_end or start is None else start + length
    if start is None and end is None:
        end = datetime(2040, 1, 1, tzinfo=UTC) + length
    for instant in (start, end):
        if instant is not None and (instant.year > 2099 or not _unambiguous(instant)):
            return  # the lock's clock ends in 2099; a repeated hour reads as its first time
    schedule = LockSchedule(year_days=(YearDayEntry(start, end),))
    wire = encode(schedule, BERLIN, LOCK)
    assert wire.kind is Kind.YEAR_DAY
    assert decode(wire, BERLIN) == schedule
