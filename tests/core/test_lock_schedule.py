"""Unit tests for core.lock_schedule: a person's windows as a lock holds them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.desired import (
    LockPlan,
    LockView,
    desired_state,
    desired_update,
)
from custom_components.housekey.core.lock_schedule import (
    UNRESTRICTED,
    Enforcement,
    LockSchedule,
    ScheduleSupport,
    WeekDayEntry,
    YearDayEntry,
    lock_schedule,
    week_day_entries,
)
from custom_components.housekey.core.model import Person, Role, WeeklyWindow
from custom_components.housekey.core.schedule import in_weekly

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2024, 1, 1, tzinfo=UTC)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
FULL = ScheduleSupport(week_days=4, year_days=1, disposable=True)


def person(**changes: object) -> Person:
    return Person("p1", "Alice", Role.GUEST, CREATED, pin="482913").evolve(**changes)


def window(days: set[int], start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(frozenset(days), time.fromisoformat(start), time.fromisoformat(end))


def entry(days: set[int], start: str, end: str) -> WeekDayEntry:
    return WeekDayEntry(frozenset(days), time.fromisoformat(start), time.fromisoformat(end))


def test_an_unrestricted_person_is_an_unrestricted_user() -> None:
    assert lock_schedule(person(), FULL) == UNRESTRICTED
    assert not UNRESTRICTED.restricted


def test_weekly_windows_become_week_day_entries_merged_by_hours() -> None:
    weekly = (window({MON}, "08:00", "12:00"), window({WED, FRI}, "08:00", "12:00"))
    schedule = lock_schedule(person(weekly=weekly), FULL)
    assert schedule == LockSchedule((entry({MON, WED, FRI}, "08:00", "12:00"),))


def test_a_window_crossing_midnight_is_split_onto_the_next_day() -> None:
    schedule = lock_schedule(person(weekly=(window({FRI, SUN}, "22:00", "02:00"),)), FULL)
    assert schedule == LockSchedule(
        (entry({SAT, MON}, "00:00", "02:00"), entry({FRI, SUN}, "22:00", "23:59"))
    )


def test_a_window_ending_at_midnight_drops_its_empty_second_part() -> None:
    assert week_day_entries((window({MON}, "20:00", "00:00"),)) == (entry({MON}, "20:00", "23:59"),)
    # the lock's day ends at 23:59: the entry runs to midnight
    assert entry({MON}, "20:00", "23:59").covers(datetime(2025, 6, 2, 23, 59, 30))


def test_more_entries_than_the_lock_holds_fall_back() -> None:
    weekly = tuple(window({d}, f"0{d}:00", f"0{d}:30") for d in range(5))
    assert lock_schedule(person(weekly=weekly), FULL) is None
    assert lock_schedule(person(weekly=weekly[:4]), FULL) is not None


def test_a_date_range_is_one_year_day_entry() -> None:
    start, end = datetime(2025, 6, 1, 14, tzinfo=UTC), datetime(2025, 6, 8, 10, tzinfo=UTC)
    schedule = lock_schedule(person(valid_from=start, valid_until=end), FULL)
    assert schedule == LockSchedule(year_days=(YearDayEntry(start, end),))
    assert lock_schedule(person(valid_until=end), FULL) == LockSchedule(
        year_days=(YearDayEntry(None, end),)
    )
    assert lock_schedule(person(valid_until=end), ScheduleSupport(week_days=4)) is None


def test_weekly_hours_within_a_date_range_cannot_go_on_a_lock() -> None:
    end = datetime(2025, 6, 8, 10, tzinfo=UTC)
    both = person(weekly=(window({MON}, "08:00", "12:00"),), valid_until=end)
    assert lock_schedule(both, FULL) is None


def test_a_one_use_guest_is_a_single_use_user_where_the_lock_has_them() -> None:
    assert lock_schedule(person(max_uses=1), FULL) == LockSchedule(single_use=True)
    assert lock_schedule(person(max_uses=1), ScheduleSupport(week_days=4)) == UNRESTRICTED
    assert lock_schedule(person(max_uses=2), FULL) == UNRESTRICTED


def test_enforcement_follows_the_support() -> None:
    assert ScheduleSupport().enforcement is Enforcement.HOME_ASSISTANT
    assert ScheduleSupport(year_days=1).enforcement is Enforcement.LOCK
    assert ScheduleSupport(disposable=True).enforcement is Enforcement.LOCK


def test_the_digest_is_stable_short_and_follows_the_schedule() -> None:
    one = lock_schedule(person(weekly=(window({MON}, "08:00", "12:00"),)), FULL)
    two = lock_schedule(person(weekly=(window({MON}, "08:00", "12:30"),)), FULL)
    assert one is not None and two is not None
    assert one.digest() == LockSchedule.from_dict(one.to_dict()).digest()
    assert one.digest() != two.digest() and len(one.digest()) <= 16
    start = datetime(2025, 6, 1, 16, tzinfo=BERLIN)
    ranged = LockSchedule(year_days=(YearDayEntry(start, None),))
    same = LockSchedule(year_days=(YearDayEntry(start.astimezone(UTC), None),))
    assert ranged.digest() == same.digest()
    assert LockSchedule.from_dict(ranged.to_dict()) == ranged


def test_entries_refuse_what_no_lock_holds() -> None:
    with pytest.raises(ValueError, match="ends before"):
        entry({MON}, "12:00", "08:00")
    with pytest.raises(ValueError, match="days out of range"):
        WeekDayEntry(frozenset({7}), time(8), time(9))
    with pytest.raises(ValueError, match="aware"):
        YearDayEntry(datetime(2025, 6, 1), None)


_minutes = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
_windows = st.builds(
    WeeklyWindow, st.frozensets(st.integers(0, 6), min_size=1, max_size=7), _minutes, _minutes
)


@settings(max_examples=200, deadline=None)
@given(
    weekly=st.lists(_windows, min_size=1, max_size=4),
    minute=st.integers(0, 7 * 24 * 60 - 1),
)
def test_the_lock_admits_exactly_inside_the_persons_windows(
    weekly: list[WeeklyWindow], minute: int
) -> None:
    """At a wall time (but a day's last minute), the entries say what the windows say."""
    wall = datetime(2025, 6, 2) + timedelta(minutes=minute)  # a week from a Monday, no DST
    if wall.time() == time(23, 59):
        return  # the lock's day ends at 23:59: an entry ending there runs to midnight
    schedule = LockSchedule(week_day_entries(tuple(weekly)))
    moment = wall.replace(tzinfo=BERLIN)
    assert schedule.admits(wall, moment) == in_weekly(tuple(weekly), moment, BERLIN)


def test_week_day_entries_need_nothing_special_across_dst() -> None:
    """A lock keeps wall-clock hours; so does Housekey: the same entries on every day."""
    weekly = (window({SUN}, "01:00", "04:00"),)
    schedule = LockSchedule(week_day_entries(weekly))
    # Spring, 2025-03-30: 02:00 -> 03:00. Inside at 03:30 (local), as Home Assistant says.
    spring = datetime(2025, 3, 30, 3, 30, tzinfo=BERLIN)
    assert schedule.admits(spring.replace(tzinfo=None), spring)
    assert in_weekly(weekly, spring, BERLIN)
    # Autumn, 2025-10-26: 03:00 -> 02:00. Inside at both 02:30s on the lock's clock.
    for fold in (0, 1):
        autumn = datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN, fold=fold)
        assert schedule.admits(autumn.replace(tzinfo=None, fold=0), autumn)
        assert in_weekly(weekly, autumn, BERLIN)
    after = datetime(2025, 10, 26, 4, 0, tzinfo=BERLIN)
    assert not schedule.admits(after.replace(tzinfo=None), after)


def test_year_day_entries_are_instants_across_dst() -> None:
    # A stay from 14:00 before the spring change to 10:00 after the autumn one, Berlin time.
    start = datetime(2025, 3, 29, 14, tzinfo=BERLIN)
    end = datetime(2025, 10, 26, 10, tzinfo=BERLIN)
    schedule = lock_schedule(person(valid_from=start, valid_until=end), FULL)
    assert schedule is not None
    (year_day,) = schedule.year_days
    assert year_day.end is not None and year_day.start is not None
    # 10:00 on the autumn day is 09:00 UTC (CET), 14:00 on the spring eve 13:00 UTC.
    assert year_day.end.astimezone(UTC) == datetime(2025, 10, 26, 9, tzinfo=UTC)
    assert year_day.start.astimezone(UTC) == datetime(2025, 3, 29, 13, tzinfo=UTC)
    assert schedule.admits(datetime(2025, 10, 26, 9, 59), end - timedelta(minutes=1))
    assert not schedule.admits(datetime(2025, 10, 26, 10, 0), end)


# ---- placement: what a lock that holds schedules is given -----------------------------


def view(support: ScheduleSupport | None) -> LockView:
    return LockView("lock.front", 10, 4, 8, {}, support=support)


def test_a_person_outside_their_hours_is_placed_on_a_lock_holding_their_schedule() -> None:
    guest = person(weekly=(window({MON}, "08:00", "12:00"),))
    plans = desired_state([], [view(FULL)], waiting=[guest])
    (slot,) = plans["lock.front"].targets.values()
    assert slot.schedule == lock_schedule(guest, FULL)
    home = desired_state([], [view(None)], waiting=[guest])
    assert not home["lock.front"].targets
    # Inside their hours, a lock whose windows Home Assistant enforces gets no schedule.
    (plain,) = desired_state([guest], [view(None)])["lock.front"].targets.values()
    assert plain.schedule is None


def test_a_person_the_lock_cannot_hold_falls_back_visibly() -> None:
    weekly = tuple(window({d}, f"0{d}:00", f"0{d}:30") for d in range(5))
    guest = person(weekly=weekly)
    waiting = desired_state([], [view(FULL)], waiting=[guest])["lock.front"]
    assert not waiting.targets and waiting.fallback == {"p1"}
    inside = desired_state([guest], [view(FULL)])["lock.front"]
    (slot,) = inside.targets.values()
    assert slot.schedule == UNRESTRICTED and inside.fallback == {"p1"}
    # On a lock whose windows Home Assistant enforces, nobody falls back.
    assert not desired_state([guest], [view(None)])["lock.front"].fallback


def test_a_window_edge_the_lock_enforces_changes_nothing_on_it() -> None:
    guest = person(weekly=(window({MON}, "08:00", "12:00"),))
    before = desired_state([], [view(FULL)], waiting=[guest])
    opened = desired_update(before, {"p1": guest}, {"p1"}, [view(FULL)])
    assert opened["lock.front"].changed == frozenset()
    assert opened["lock.front"].targets == before["lock.front"].targets
    closed = desired_update(opened, {}, {"p1"}, [view(FULL)], waiting={"p1": guest})
    assert closed["lock.front"].changed == frozenset()
    gone = desired_update(closed, {}, {"p1"}, [view(FULL)])
    assert not gone["lock.front"].targets and gone["lock.front"].changed == {1}


_people_steps = st.lists(
    st.tuples(
        st.integers(0, 7),  # who
        st.sampled_from(("active", "waiting", "gone")),
        st.lists(_windows, max_size=5),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(steps=_people_steps, slots=st.integers(1, 6))
def test_a_re_plan_with_schedules_is_the_plan_from_scratch(
    steps: list[tuple[int, str, list[WeeklyWindow]]], slots: int
) -> None:
    """On locks that held their plan, re-planning one changed person (their window
    opened or closed, their hours changed, they left) gives what planning everyone
    from scratch gives: the same slots, schedules and fallback people.
    """
    supports = {"lock.front": FULL, "lock.back": None}
    active: dict[str, Person] = {}
    waiting: dict[str, Person] = {}

    def views(plans: dict[str, LockPlan] | None) -> list[LockView]:
        return [
            LockView(
                lock_id,
                slots,
                4,
                8,
                {} if plans is None else {s: t.ref for s, t in plans[lock_id].targets.items()},
                support=support,
            )
            for lock_id, support in supports.items()
        ]

    plans = desired_state([], views(None))
    for number, where, weekly in steps:
        person_id = f"p{number}"
        active.pop(person_id, None)
        waiting.pop(person_id, None)
        someone = Person(
            person_id,
            person_id,
            Role.SERVICE,
            CREATED + timedelta(minutes=number),
            pin=f"48{number:04d}",
            weekly=tuple(weekly),
        )
        if where == "active":
            active[person_id] = someone
        elif where == "waiting" and weekly:
            waiting[person_id] = someone
        locks = views(plans)
        updated = desired_update(plans, active, {person_id}, locks, waiting=waiting)
        expected = desired_state(active.values(), locks, waiting=waiting.values())
        for lock_id, support in supports.items():
            assert updated[lock_id].targets == expected[lock_id].targets
            assert updated[lock_id].fallback == expected[lock_id].fallback
            assert set(updated[lock_id].unplaced) == set(expected[lock_id].unplaced)
            for target in updated[lock_id].targets.values():
                assert (target.schedule is None) is (support is None)
        plans = updated


def test_entries_of_one_weekday_each_hold_a_window_on_k_days_in_k_of_them() -> None:
    """Z-Wave's Week Day slots: a window on Monday and Tuesday takes two."""
    mon_tue = (window({MON, TUE}, "08:00", "12:00"),)
    two = ScheduleSupport(single_days=2)
    assert two.enforcement is Enforcement.LOCK
    assert lock_schedule(person(weekly=mon_tue), two) == LockSchedule(
        (entry({MON, TUE}, "08:00", "12:00"),)
    )
    three_days = (window({MON, TUE, WED}, "08:00", "12:00"),)
    assert lock_schedule(person(weekly=three_days), two) is None
    # entries on any weekdays, where the lock has them too, hold it in one
    both = ScheduleSupport(week_days=1, single_days=2)
    assert lock_schedule(person(weekly=three_days), both) is not None
