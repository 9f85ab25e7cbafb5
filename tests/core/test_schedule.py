"""Unit tests for core.schedule: status at an instant and the next instant it can change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from custom_components.housekey.core.model import Person, Role, Status, WeeklyWindow
from custom_components.housekey.core.schedule import in_weekly, next_transition, status_at

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CREATED = datetime(2024, 1, 1, tzinfo=UTC)
EVERY_DAY = frozenset(range(7))
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
US = timedelta(microseconds=1)


def person(**changes) -> Person:
    return Person("p1", "Alice", Role.GUEST, CREATED, pin="482913").evolve(**changes)


def window(days, start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(frozenset(days), time.fromisoformat(start), time.fromisoformat(end))


def local(tz: tzinfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    """Compare instants (== between datetimes sharing a tzinfo compares wall clocks)."""
    if a is None or b is None:
        return a is b
    return a.astimezone(UTC) == b.astimezone(UTC)


# 2025-06-02 is a Monday.
NOW = local(BERLIN, 2025, 6, 2, 12, 0)


def test_reference_dates_are_what_the_tests_assume() -> None:
    assert NOW.weekday() == MON
    for day in (date(2025, 3, 30), date(2025, 10, 26), date(2025, 3, 9), date(2025, 11, 2)):
        assert day.weekday() == SUN
    # The zones really change on those days.
    assert local(BERLIN, 2025, 3, 29, 12).utcoffset() == timedelta(hours=1)
    assert local(BERLIN, 2025, 3, 30, 12).utcoffset() == timedelta(hours=2)
    assert local(BERLIN, 2025, 10, 25, 12).utcoffset() == timedelta(hours=2)
    assert local(BERLIN, 2025, 10, 26, 12).utcoffset() == timedelta(hours=1)
    assert local(NEW_YORK, 2025, 3, 8, 12).utcoffset() == timedelta(hours=-5)
    assert local(NEW_YORK, 2025, 3, 9, 12).utcoffset() == timedelta(hours=-4)
    assert local(NEW_YORK, 2025, 11, 1, 12).utcoffset() == timedelta(hours=-4)
    assert local(NEW_YORK, 2025, 11, 2, 12).utcoffset() == timedelta(hours=-5)


# --- status precedence -----------------------------------------------------------------------


def test_plain_person_is_active() -> None:
    assert status_at(person(), NOW, BERLIN) is Status.ACTIVE


def test_status_precedence_chain() -> None:
    """offboarded > suspended > used_up > expired > scheduled > active."""
    everything = person(
        offboarded_at=NOW - timedelta(days=1),
        suspended=True,
        max_uses=3,
        uses=3,
        valid_until=NOW - timedelta(hours=1),
        weekly=(window([TUE], "08:00", "18:00"),),  # Monday now: outside
    )
    assert status_at(everything, NOW, BERLIN) is Status.OFFBOARDED
    p = everything.evolve(offboarded_at=None)
    assert status_at(p, NOW, BERLIN) is Status.SUSPENDED
    p = p.evolve(suspended=False)
    assert status_at(p, NOW, BERLIN) is Status.USED_UP
    p = p.evolve(max_uses=None)
    assert status_at(p, NOW, BERLIN) is Status.EXPIRED
    p = p.evolve(valid_until=None)
    assert status_at(p, NOW, BERLIN) is Status.SCHEDULED
    p = p.evolve(weekly=())
    assert status_at(p, NOW, BERLIN) is Status.ACTIVE


def test_expired_beats_not_yet_valid() -> None:
    p = person(valid_from=NOW + timedelta(days=1), valid_until=NOW - timedelta(days=1))
    assert status_at(p, NOW, BERLIN) is Status.EXPIRED


def test_used_up_beats_scheduled_and_expired() -> None:
    p = person(max_uses=1, uses=1, valid_from=NOW + timedelta(days=1))
    assert status_at(p, NOW, BERLIN) is Status.USED_UP
    p = person(max_uses=1, uses=5, valid_until=NOW - timedelta(days=1))
    assert status_at(p, NOW, BERLIN) is Status.USED_UP


def test_suspended_beats_everything_but_offboarded() -> None:
    p = person(suspended=True, max_uses=0, valid_until=NOW)
    assert status_at(p, NOW, BERLIN) is Status.SUSPENDED
    assert status_at(p.evolve(offboarded_at=NOW), NOW, BERLIN) is Status.OFFBOARDED


@pytest.mark.parametrize(
    ("max_uses", "uses", "expected"),
    [
        (None, 1000, Status.ACTIVE),
        (3, 0, Status.ACTIVE),
        (3, 2, Status.ACTIVE),
        (3, 3, Status.USED_UP),
        (3, 4, Status.USED_UP),
        (1, 1, Status.USED_UP),
        (0, 0, Status.USED_UP),
    ],
)
def test_max_uses(max_uses: int | None, uses: int, expected: Status) -> None:
    assert status_at(person(max_uses=max_uses, uses=uses), NOW, BERLIN) is expected


# --- valid_from / valid_until ------------------------------------------------------------


def test_valid_from_edges() -> None:
    start = utc(2025, 6, 2, 10, 0)
    p = person(valid_from=start)
    assert status_at(p, start - US, BERLIN) is Status.SCHEDULED
    assert status_at(p, start, BERLIN) is Status.ACTIVE
    assert status_at(p, start + US, BERLIN) is Status.ACTIVE


def test_valid_until_edges() -> None:
    end = utc(2025, 6, 2, 10, 0)
    p = person(valid_until=end)
    assert status_at(p, end - US, BERLIN) is Status.ACTIVE
    assert status_at(p, end, BERLIN) is Status.EXPIRED
    assert status_at(p, end + US, BERLIN) is Status.EXPIRED


def test_valid_range_compares_instants_across_time_zones() -> None:
    # valid_until 12:00 in New York is 18:00 in Berlin.
    p = person(valid_until=local(NEW_YORK, 2025, 6, 2, 12, 0))
    assert status_at(p, local(BERLIN, 2025, 6, 2, 17, 59), BERLIN) is Status.ACTIVE
    assert status_at(p, local(BERLIN, 2025, 6, 2, 18, 0), BERLIN) is Status.EXPIRED
    assert status_at(p, utc(2025, 6, 2, 16, 0), BERLIN) is Status.EXPIRED


def test_valid_range_of_zero_length_is_never_active() -> None:
    t = utc(2025, 6, 2, 10, 0)
    p = person(valid_from=t, valid_until=t)
    assert status_at(p, t - US, BERLIN) is Status.SCHEDULED
    assert status_at(p, t, BERLIN) is Status.EXPIRED


def test_weekly_and_valid_range_combine() -> None:
    p = person(
        valid_from=local(BERLIN, 2025, 6, 3, 0, 0),
        valid_until=local(BERLIN, 2025, 6, 5, 0, 0),
        weekly=(window(EVERY_DAY, "08:00", "18:00"),),
    )
    assert status_at(p, local(BERLIN, 2025, 6, 2, 10), BERLIN) is Status.SCHEDULED
    assert status_at(p, local(BERLIN, 2025, 6, 3, 7, 59), BERLIN) is Status.SCHEDULED
    assert status_at(p, local(BERLIN, 2025, 6, 3, 10), BERLIN) is Status.ACTIVE
    assert status_at(p, local(BERLIN, 2025, 6, 3, 19), BERLIN) is Status.SCHEDULED
    assert status_at(p, local(BERLIN, 2025, 6, 4, 17, 59), BERLIN) is Status.ACTIVE
    assert status_at(p, local(BERLIN, 2025, 6, 5, 10), BERLIN) is Status.EXPIRED


# --- weekly windows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(BERLIN, 2025, 6, 2, 7, 59, 59), Status.SCHEDULED),
        (local(BERLIN, 2025, 6, 2, 8, 0), Status.ACTIVE),
        (local(BERLIN, 2025, 6, 2, 12, 0), Status.ACTIVE),
        (local(BERLIN, 2025, 6, 2, 17, 59, 59), Status.ACTIVE),
        (local(BERLIN, 2025, 6, 2, 18, 0), Status.SCHEDULED),
        (local(BERLIN, 2025, 6, 3, 12, 0), Status.SCHEDULED),  # Tuesday
        (local(BERLIN, 2025, 6, 1, 12, 0), Status.SCHEDULED),  # Sunday
        (local(BERLIN, 2025, 6, 9, 12, 0), Status.ACTIVE),  # next Monday
        (utc(2025, 6, 2, 6, 0), Status.ACTIVE),  # 08:00 CEST given in UTC
        (utc(2025, 6, 2, 5, 59), Status.SCHEDULED),
        (utc(2025, 6, 2, 16, 0), Status.SCHEDULED),  # 18:00 CEST
    ],
)
def test_weekly_window_edges(moment: datetime, expected: Status) -> None:
    p = person(weekly=(window([MON], "08:00", "18:00"),))
    assert status_at(p, moment, BERLIN) is expected


def test_weekly_window_is_read_in_the_given_zone() -> None:
    p = person(weekly=(window([MON], "08:00", "18:00"),))
    moment = utc(2025, 6, 2, 13, 0)  # 15:00 Berlin, 09:00 New York
    assert status_at(p, moment, BERLIN) is Status.ACTIVE
    assert status_at(p, moment, NEW_YORK) is Status.ACTIVE
    moment = utc(2025, 6, 2, 17, 0)  # 19:00 Berlin, 13:00 New York
    assert status_at(p, moment, BERLIN) is Status.SCHEDULED
    assert status_at(p, moment, NEW_YORK) is Status.ACTIVE
    moment = utc(2025, 6, 2, 7, 0)  # 09:00 Berlin, 03:00 New York
    assert status_at(p, moment, BERLIN) is Status.ACTIVE
    assert status_at(p, moment, NEW_YORK) is Status.SCHEDULED


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(BERLIN, 2025, 6, 6, 21, 59), False),  # Friday
        (local(BERLIN, 2025, 6, 6, 22, 0), True),
        (local(BERLIN, 2025, 6, 6, 23, 59), True),
        (local(BERLIN, 2025, 6, 7, 0, 0), True),  # Saturday, carried over from Friday
        (local(BERLIN, 2025, 6, 7, 1, 59, 59), True),
        (local(BERLIN, 2025, 6, 7, 2, 0), False),
        (local(BERLIN, 2025, 6, 7, 23, 0), False),  # Saturday is not a start day
        (local(BERLIN, 2025, 6, 8, 1, 0), False),
        (local(BERLIN, 2025, 6, 6, 1, 0), False),  # Thursday night is not covered
    ],
)
def test_window_past_midnight(moment: datetime, expected: bool) -> None:
    windows = (window([FRI], "22:00", "02:00"),)
    assert in_weekly(windows, moment, BERLIN) is expected
    p = person(weekly=windows)
    assert status_at(p, moment, BERLIN) is (Status.ACTIVE if expected else Status.SCHEDULED)


def test_window_past_midnight_wraps_the_week() -> None:
    windows = (window([SUN], "22:00", "06:00"),)
    assert in_weekly(windows, local(BERLIN, 2025, 6, 1, 23, 0), BERLIN)  # Sunday
    assert in_weekly(windows, local(BERLIN, 2025, 6, 2, 5, 59), BERLIN)  # Monday morning
    assert not in_weekly(windows, local(BERLIN, 2025, 6, 2, 6, 0), BERLIN)
    assert not in_weekly(windows, local(BERLIN, 2025, 6, 2, 23, 0), BERLIN)


def test_window_with_equal_start_and_end_lasts_a_full_day() -> None:
    windows = (window([WED], "09:00", "09:00"),)
    assert not in_weekly(windows, local(BERLIN, 2025, 6, 4, 8, 59), BERLIN)
    assert in_weekly(windows, local(BERLIN, 2025, 6, 4, 9, 0), BERLIN)
    assert in_weekly(windows, local(BERLIN, 2025, 6, 5, 8, 59), BERLIN)
    assert not in_weekly(windows, local(BERLIN, 2025, 6, 5, 9, 0), BERLIN)


def test_window_until_midnight() -> None:
    windows = (window([MON], "20:00", "00:00"),)
    assert in_weekly(windows, local(BERLIN, 2025, 6, 2, 23, 59, 59), BERLIN)
    assert not in_weekly(windows, local(BERLIN, 2025, 6, 3, 0, 0), BERLIN)


def test_several_windows_are_a_union() -> None:
    windows = (
        window([MON, TUE, WED, THU, FRI], "07:00", "09:00"),
        window([MON, TUE, WED, THU, FRI], "17:00", "19:00"),
        window([SAT], "10:00", "12:00"),
    )
    expectations = {
        local(BERLIN, 2025, 6, 2, 8): True,
        local(BERLIN, 2025, 6, 2, 12): False,
        local(BERLIN, 2025, 6, 2, 18): True,
        local(BERLIN, 2025, 6, 7, 8): False,
        local(BERLIN, 2025, 6, 7, 11): True,
        local(BERLIN, 2025, 6, 8, 11): False,
    }
    for moment, expected in expectations.items():
        assert in_weekly(windows, moment, BERLIN) is expected, moment


def test_no_windows_means_never_inside_but_always_active() -> None:
    assert not in_weekly((), NOW, BERLIN)
    assert status_at(person(weekly=()), NOW, BERLIN) is Status.ACTIVE


# --- DST ---------------------------------------------------------------------------------

# (zone, DST-change day, UTC offset of the day before, UTC offset of the day itself)
DST_DAYS = [
    pytest.param(BERLIN, date(2025, 3, 30), 1, 2, id="berlin-spring-forward"),
    pytest.param(BERLIN, date(2025, 10, 26), 2, 1, id="berlin-fall-back"),
    pytest.param(NEW_YORK, date(2025, 3, 9), -5, -4, id="new-york-spring-forward"),
    pytest.param(NEW_YORK, date(2025, 11, 2), -4, -5, id="new-york-fall-back"),
]


def _utc_at(day: date, hour: int, offset: int) -> datetime:
    """The UTC instant at which the wall clock reads `hour`:00 on `day` with this offset."""
    return datetime.combine(day, time(hour), UTC) - timedelta(hours=offset)


@pytest.mark.parametrize(("tz", "day", "before", "after"), DST_DAYS)
@pytest.mark.parametrize("as_local", [False, True], ids=["now-utc", "now-local"])
def test_office_hours_stay_local_on_dst_days(
    tz: ZoneInfo, day: date, before: int, after: int, as_local: bool
) -> None:
    p = person(weekly=(window(EVERY_DAY, "08:00", "18:00"),))

    def status(instant: datetime) -> Status:
        return status_at(p, instant.astimezone(tz) if as_local else instant, tz)

    for d, offset in ((day - timedelta(days=1), before), (day, after), (day + timedelta(1), after)):
        start, end = _utc_at(d, 8, offset), _utc_at(d, 18, offset)
        assert start.astimezone(tz).time() == time(8, 0)
        assert end.astimezone(tz).time() == time(18, 0)
        assert status(start - timedelta(seconds=1)) is Status.SCHEDULED
        assert status(start) is Status.ACTIVE
        assert status(end - timedelta(seconds=1)) is Status.ACTIVE
        assert status(end) is Status.SCHEDULED


@pytest.mark.parametrize(("tz", "day", "before", "after"), DST_DAYS)
@pytest.mark.parametrize("as_local", [False, True], ids=["now-utc", "now-local"])
def test_next_transition_gives_exact_instants_on_dst_days(
    tz: ZoneInfo, day: date, before: int, after: int, as_local: bool
) -> None:
    p = person(weekly=(window(EVERY_DAY, "08:00", "18:00"),))

    def nxt(instant: datetime) -> datetime | None:
        return next_transition(p, instant.astimezone(tz) if as_local else instant, tz)

    prev_end = _utc_at(day - timedelta(days=1), 18, before)
    start, end = _utc_at(day, 8, after), _utc_at(day, 18, after)
    next_start = _utc_at(day + timedelta(days=1), 8, after)
    # From the evening before, through the change at night, to the morning.
    assert same_instant(nxt(prev_end), start)
    assert same_instant(nxt(prev_end + timedelta(hours=5)), start)
    assert same_instant(nxt(start - US), start)
    assert same_instant(nxt(start), end)
    assert same_instant(nxt(end - US), end)
    assert same_instant(nxt(end), next_start)
    # 10 hours of window on both sides of the change.
    assert end - start == timedelta(hours=10)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (BERLIN, date(2025, 3, 30), 7),  # 22:00 -> 06:00 loses an hour
        (BERLIN, date(2025, 10, 26), 9),  # and the autumn night gains one
        (NEW_YORK, date(2025, 3, 9), 7),
        (NEW_YORK, date(2025, 11, 2), 9),
    ],
)
def test_overnight_window_across_the_change(tz: ZoneInfo, day: date, hours: int) -> None:
    p = person(weekly=(window([SAT], "22:00", "06:00"),))
    saturday = day - timedelta(days=1)
    start = datetime.combine(saturday, time(22), tz).astimezone(UTC)
    end = next_transition(p, start, tz)
    assert end is not None
    assert end.astimezone(tz).replace(tzinfo=None) == datetime.combine(day, time(6))
    assert end.astimezone(UTC) - start == timedelta(hours=hours)
    assert status_at(p, end - US, tz) is Status.ACTIVE
    assert status_at(p, end, tz) is Status.SCHEDULED


GAP_AND_FOLD_WINDOWS = [
    # Boundaries that fall into the skipped (spring) or repeated (autumn) hour.
    pytest.param(BERLIN, datetime(2025, 3, 29, 20), window(EVERY_DAY, "02:30", "05:00"), id="b-s1"),
    pytest.param(BERLIN, datetime(2025, 3, 29, 20), window(EVERY_DAY, "22:00", "02:30"), id="b-s2"),
    pytest.param(
        BERLIN, datetime(2025, 10, 25, 20), window(EVERY_DAY, "00:00", "02:30"), id="b-f1"
    ),
    pytest.param(
        BERLIN, datetime(2025, 10, 25, 20), window(EVERY_DAY, "02:30", "06:00"), id="b-f2"
    ),
    pytest.param(
        NEW_YORK, datetime(2025, 3, 8, 20), window(EVERY_DAY, "02:30", "05:00"), id="n-s1"
    ),
    pytest.param(
        NEW_YORK, datetime(2025, 11, 1, 20), window(EVERY_DAY, "01:30", "04:00"), id="n-f1"
    ),
]


@pytest.mark.parametrize(("tz", "start", "win"), GAP_AND_FOLD_WINDOWS)
def test_status_depends_on_the_instant_not_on_how_now_is_written(
    tz: ZoneInfo, start: datetime, win: WeeklyWindow
) -> None:
    """The same instant, given in UTC or in local time, must give the same answers.

    Datetimes sharing one tzinfo compare by wall clock (fold ignored), so comparing a
    local `now` against occurrences built in that zone goes wrong in the skipped and
    repeated hours; the runtime passes UTC today, but callers use both forms.
    """
    p = person(weekly=(win,))
    moment = start.replace(tzinfo=tz).astimezone(UTC)
    problems = []
    for _ in range(12 * 12):  # every 5 minutes for 12 hours
        loc = moment.astimezone(tz)
        if status_at(p, moment, tz) is not status_at(p, loc, tz):
            problems.append(
                f"status {loc.isoformat()}: utc={status_at(p, moment, tz)} "
                f"local={status_at(p, loc, tz)}"
            )
        a, b = next_transition(p, moment, tz), next_transition(p, loc, tz)
        if not same_instant(a, b):
            problems.append(f"next {loc.isoformat()}: utc={a} local={b}")
        if b is not None and b.astimezone(UTC) <= moment:
            problems.append(f"next {loc.isoformat()}: local gives a past instant {b}")
        moment += timedelta(minutes=5)
    assert not problems, "\n".join(problems[:8])


# --- next_transition -----------------------------------------------------------------------


def test_no_constraints_no_transition() -> None:
    assert next_transition(person(), NOW, BERLIN) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"suspended": True},
        {"offboarded_at": utc(2025, 1, 1)},
        {"suspended": True, "offboarded_at": utc(2025, 1, 1)},
    ],
)
def test_no_transition_for_suspended_or_offboarded(changes: dict) -> None:
    p = person(
        valid_from=NOW + timedelta(hours=1),
        valid_until=NOW + timedelta(days=2),
        weekly=(window(EVERY_DAY, "08:00", "18:00"),),
        **changes,
    )
    assert next_transition(p, NOW, BERLIN) is None


def test_next_transition_valid_from_then_valid_until() -> None:
    start, end = NOW + timedelta(hours=3), NOW + timedelta(days=3)
    p = person(valid_from=start, valid_until=end)
    assert next_transition(p, NOW, BERLIN) == start
    assert next_transition(p, start - US, BERLIN) == start
    assert next_transition(p, start, BERLIN) == end
    assert next_transition(p, end - US, BERLIN) == end
    assert next_transition(p, end, BERLIN) is None
    assert next_transition(p, end + timedelta(days=30), BERLIN) is None


def test_next_transition_ignores_past_valid_from() -> None:
    p = person(valid_from=NOW - timedelta(days=1))
    assert next_transition(p, NOW, BERLIN) is None
    end = NOW + timedelta(hours=1)
    assert next_transition(p.evolve(valid_until=end), NOW, BERLIN) == end


def test_next_transition_window_start_and_end() -> None:
    p = person(weekly=(window([MON], "08:00", "18:00"),))
    monday_8 = local(BERLIN, 2025, 6, 2, 8)
    monday_18 = local(BERLIN, 2025, 6, 2, 18)
    assert next_transition(p, local(BERLIN, 2025, 6, 2, 1), BERLIN) == monday_8
    assert next_transition(p, monday_8, BERLIN) == monday_18
    assert next_transition(p, NOW, BERLIN) == monday_18
    # After Monday's window: a whole week until the next one.
    assert next_transition(p, monday_18, BERLIN) == monday_8 + timedelta(days=7)
    assert next_transition(p, local(BERLIN, 2025, 6, 8, 23, 59), BERLIN) == local(
        BERLIN, 2025, 6, 9, 8
    )


def test_next_transition_is_strictly_after_now_and_exact() -> None:
    p = person(weekly=(window(EVERY_DAY, "08:15", "08:45"),))
    t = local(BERLIN, 2025, 6, 2, 8, 15)
    assert next_transition(p, t - US, BERLIN) == t
    assert next_transition(p, t, BERLIN) == t + timedelta(minutes=30)


def test_next_transition_in_a_window_past_midnight() -> None:
    p = person(weekly=(window([FRI], "22:00", "02:00"),))
    assert next_transition(p, local(BERLIN, 2025, 6, 7, 1, 0), BERLIN) == local(
        BERLIN, 2025, 6, 7, 2, 0
    )
    assert next_transition(p, local(BERLIN, 2025, 6, 7, 2, 0), BERLIN) == local(
        BERLIN, 2025, 6, 13, 22, 0
    )


def test_next_transition_never_past_valid_until() -> None:
    until = local(BERLIN, 2025, 6, 3, 9, 0)
    p = person(valid_until=until, weekly=(window(EVERY_DAY, "08:00", "18:00"),))
    assert next_transition(p, local(BERLIN, 2025, 6, 2, 19), BERLIN) == local(BERLIN, 2025, 6, 3, 8)
    # Inside the window that outlives valid_until: valid_until, not 18:00.
    assert next_transition(p, local(BERLIN, 2025, 6, 3, 8, 30), BERLIN) == until
    assert next_transition(p, until, BERLIN) is None
    # valid_until before the next window opens.
    early = person(valid_until=local(BERLIN, 2025, 6, 3, 6), weekly=p.weekly)
    assert next_transition(early, local(BERLIN, 2025, 6, 2, 19), BERLIN) == local(
        BERLIN, 2025, 6, 3, 6
    )


def test_next_transition_expired_person_has_none() -> None:
    p = person(valid_until=NOW - timedelta(days=1), weekly=(window(EVERY_DAY, "08:00", "18:00"),))
    assert next_transition(p, NOW, BERLIN) is None


def test_next_transition_valid_until_in_another_zone() -> None:
    until = local(NEW_YORK, 2025, 6, 2, 10, 0)  # 16:00 Berlin, inside the window
    p = person(valid_until=until, weekly=(window([MON], "08:00", "18:00"),))
    nxt = next_transition(p, NOW, BERLIN)
    assert same_instant(nxt, until)


def test_next_transition_valid_from_before_the_window() -> None:
    start = local(BERLIN, 2025, 6, 4, 0, 0)  # Wednesday
    p = person(valid_from=start, weekly=(window([MON], "08:00", "18:00"),))
    # Monday now: the window closes at 18:00 (status stays scheduled, but it may change).
    assert next_transition(p, local(BERLIN, 2025, 6, 2, 19), BERLIN) == start


def test_next_transition_finds_a_window_six_days_away() -> None:
    p = person(weekly=(window([WED], "10:00", "11:00"),))
    thursday = local(BERLIN, 2025, 6, 5, 12)
    assert next_transition(p, thursday, BERLIN) == local(BERLIN, 2025, 6, 11, 10)


@pytest.mark.parametrize("tz", [BERLIN, NEW_YORK], ids=["berlin", "new-york"])
@pytest.mark.parametrize(
    "first_day", [date(2025, 3, 27), date(2025, 10, 23), date(2025, 3, 6), date(2025, 10, 30)]
)
def test_status_only_changes_at_transitions(tz: ZoneInfo, first_day: date) -> None:
    """Walk 10 days in 5-minute steps (UTC, as the runtime does): every change of status
    happens exactly at an instant next_transition announced, and no announced instant is
    skipped."""
    begin = datetime.combine(first_day, time(0), tz).astimezone(UTC)
    p = person(
        valid_from=begin + timedelta(days=1, hours=3, minutes=35),
        valid_until=begin + timedelta(days=9, hours=13, minutes=5),
        weekly=(
            window([MON, TUE, WED, THU, FRI], "08:00", "12:30"),
            window([FRI, SAT], "21:00", "03:00"),
            window([SUN], "01:00", "04:00"),
        ),
    )
    transitions = []
    t: datetime | None = begin
    while t is not None and t < begin + timedelta(days=10):
        t = next_transition(p, t, tz)
        if t is not None:
            transitions.append(t.astimezone(UTC))
    assert transitions == sorted(set(transitions))
    assert transitions[-1] == p.valid_until

    moment, step = begin, timedelta(minutes=5)
    previous = status_at(p, moment, tz)
    changes = []
    while moment < begin + timedelta(days=10):
        moment += step
        current = status_at(p, moment, tz)
        if current is not previous:
            changes.append(moment)
        previous = current
    assert changes
    assert set(changes) <= set(transitions)
