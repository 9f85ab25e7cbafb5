"""Weekly-window rules in minutes of the week, and whether weekly hours fall between dates."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.model import WeeklyWindow
from custom_components.housekey.core.schedule import in_weekly
from custom_components.housekey.core.windows import first_overlap, length, opens_between

BERLIN = ZoneInfo("Europe/Berlin")


def window(days: list[int], start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(frozenset(days), time.fromisoformat(start), time.fromisoformat(end))


def test_length_runs_past_midnight_and_midnight_to_midnight_is_a_day() -> None:
    assert length(window([0], "22:00", "02:00")) == 4 * 60
    assert length(window([0], "00:00", "00:00")) == 24 * 60
    assert length(window([0], "09:00", "09:00")) == 0
    assert length(window([0], "00:01", "00:00")) == 24 * 60 - 1


def test_overlap_wraps_from_sunday_into_monday() -> None:
    first, second = window([6], "23:00", "01:00"), window([0], "00:30", "02:00")
    overlap = first_overlap([first, second])
    assert overlap is not None
    assert (overlap[0].label(), overlap[1].label()) == ("Sun 23:00-01:00", "Mon 00:30-02:00")
    assert first_overlap([first, window([0], "01:00", "02:00")]) is None


def test_dates_that_miss_every_window_across_the_spring_change() -> None:
    # Sunday 30 March 2025: Berlin skips 02:00-03:00.
    windows = (window([6], "03:00", "04:00"),)
    start = datetime(2025, 3, 30, 0, 0, tzinfo=BERLIN)
    assert opens_between(windows, start, datetime(2025, 3, 30, 3, 1, tzinfo=BERLIN), BERLIN)
    assert not opens_between(windows, start, datetime(2025, 3, 30, 3, 0, tzinfo=BERLIN), BERLIN)


times = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, q % 4 * 15))
windows = st.lists(
    st.builds(WeeklyWindow, st.frozensets(st.integers(0, 6), min_size=1), times, times),
    min_size=1,
    max_size=3,
).map(tuple)
#: a few days either side of both 2025 changes in Berlin, in quarter hours
starts = st.sampled_from(
    [datetime(2025, 3, 28, tzinfo=UTC), datetime(2025, 10, 24, tzinfo=UTC)]
).flatmap(lambda day: st.integers(0, 4 * 24 * 4).map(lambda q: day + timedelta(minutes=15 * q)))


@settings(deadline=None)
@given(weekly=windows, start=starts, quarters=st.integers(1, 4 * 30))
def test_opens_between_is_what_the_schedule_says_minute_by_minute(
    weekly: tuple[WeeklyWindow, ...], start: datetime, quarters: int
) -> None:
    end = start + timedelta(minutes=15 * quarters)
    minutes = (start + timedelta(minutes=m) for m in range(15 * quarters))
    expected = any(in_weekly(weekly, moment, BERLIN) for moment in minutes)
    assert opens_between(weekly, start, end, BERLIN) is expected
