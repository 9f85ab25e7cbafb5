"""The order of a Matter user's schedule commands (matter_schedules.rewrite), as a property.

A small model of a lock runs the commands one by one: a user is admitted at the hours of a
week inside any of its entries, at all hours when it is unrestricted or a schedule user
without any entry (the most permissive reading, as the matter.js lock's), at none while
disabled. Whatever the lock holds, and whatever Housekey believes it holds (right, nothing,
or out of date the way it can be: other entries, after a reset or another app's change, or
a user disabled behind its back), no command leaves the user admitted outside the old and
the new hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.providers.matter_schedules import (
    ALL_ENTRIES,
    USER_SCHEDULE_RESTRICTED,
    USER_UNRESTRICTED,
    ClearEntry,
    HeldEntries,
    Kind,
    ModifyUser,
    SetEntry,
    Step,
    WeekDayFields,
    rewrite,
)

SUPPORTED = {Kind.WEEK_DAY: 4, Kind.YEAR_DAY: 2}
HOURS = range(7 * 24)  # the hours of one week; a year-day entry counts them too


@dataclass
class Lock:
    """One user on a model lock: type, status and entries by index."""

    user_type: int
    enabled: bool = True
    entries: dict[Kind, dict[int, object]] = field(
        default_factory=lambda: {Kind.WEEK_DAY: {}, Kind.YEAR_DAY: {}}
    )

    @classmethod
    def holding(cls, held: HeldEntries) -> Lock:
        return cls(
            held.user_type,
            held.enabled,
            {Kind.WEEK_DAY: dict(held.week_days), Kind.YEAR_DAY: dict(held.year_days)},
        )

    def run(self, step: Step) -> None:
        if isinstance(step, ModifyUser):
            self.user_type = self.user_type if step.user_type is None else step.user_type
            self.enabled = self.enabled if step.enabled is None else step.enabled
        elif isinstance(step, SetEntry):
            self.entries[step.kind][step.index] = step.fields
        elif step.index == ALL_ENTRIES:
            self.entries[step.kind].clear()
        else:
            self.entries[step.kind].pop(step.index, None)

    def admitted(self) -> frozenset[int]:
        if not self.enabled:
            return frozenset()
        week, year = self.entries[Kind.WEEK_DAY], self.entries[Kind.YEAR_DAY]
        if self.user_type == USER_UNRESTRICTED or not (week or year):
            return frozenset(HOURS)
        return frozenset(hour for hour in HOURS if _inside(hour, week, year))


def _inside(hour: int, week: dict[int, object], year: dict[int, object]) -> bool:
    day, clock = divmod(hour, 24)
    day_bit = 1 << ((day + 1) % 7)
    for entry in week.values():
        assert isinstance(entry, WeekDayFields)
        if entry.days_mask & day_bit and entry.start_hour <= clock < entry.end_hour:
            return True
    return any(start <= hour < end for start, end in year.values())  # type: ignore[misc]


week_days = st.builds(
    lambda mask, start, length: WeekDayFields(mask, start, 0, min(start + length, 23), 0),
    st.integers(1, 0x7F),
    st.integers(0, 22),
    st.integers(1, 8),
)
year_days = st.builds(
    lambda start, length: (start, start + length), st.integers(0, 160), st.integers(1, 30)
)


@st.composite
def held_entries(draw: st.DrawFn) -> HeldEntries:
    """What a lock may hold: any type, any entries at any index (gaps too)."""
    return HeldEntries(
        draw(st.sampled_from([USER_UNRESTRICTED, USER_SCHEDULE_RESTRICTED])),
        draw(st.booleans()),
        draw(st.dictionaries(st.integers(1, 4), week_days, max_size=4)),
        draw(st.dictionaries(st.integers(1, 2), year_days, max_size=2)),
    )


@st.composite
def wanted_entries(draw: st.DrawFn) -> HeldEntries:
    """What Housekey asks for: entries from index 1 without gaps, or an unrestricted user."""
    week = draw(st.lists(week_days, max_size=4))
    year = draw(st.lists(year_days, max_size=2))
    if not week and not year:
        return HeldEntries(USER_UNRESTRICTED)
    return HeldEntries(
        USER_SCHEDULE_RESTRICTED,
        True,
        dict(enumerate(week, 1)),
        dict(enumerate(year, 1)),
    )


@st.composite
def beliefs(draw: st.DrawFn, actual: HeldEntries) -> HeldEntries | None:
    """What Housekey may believe the user holds: nothing, the truth, or out of date."""
    stale = replace(
        actual,
        enabled=True,
        week_days=draw(st.dictionaries(st.integers(1, 4), week_days, max_size=4)),
        year_days=draw(st.dictionaries(st.integers(1, 2), year_days, max_size=2)),
    )
    return draw(st.sampled_from([None, actual, stale]))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(actual=held_entries(), data=st.data(), want=wanted_entries())
def test_no_command_opens_outside_the_old_and_the_new_hours(
    actual: HeldEntries, data: st.DataObject, want: HeldEntries
) -> None:
    known = data.draw(beliefs(actual))
    lock = Lock.holding(actual)
    old, new = lock.admitted(), Lock.holding(want).admitted()
    for step in rewrite(known, want, SUPPORTED, live=True):
        lock.run(step)
        assert lock.admitted() <= old | new, step
    if known is None or known == actual:  # the truth, or nothing: exactly what is wanted
        assert lock.admitted() == new


@given(held=held_entries())
@settings(max_examples=100, deadline=None, derandomize=True)
def test_a_schedule_already_held_costs_nothing(held: HeldEntries) -> None:
    enabled = replace(held, enabled=True)
    if enabled.user_type == USER_UNRESTRICTED or not (enabled.week_days or enabled.year_days):
        return
    gapless = HeldEntries(
        USER_SCHEDULE_RESTRICTED,
        True,
        dict(enumerate(enabled.week_days.values(), 1)),
        dict(enumerate(enabled.year_days.values(), 1)),
    )
    assert rewrite(gapless, gapless, SUPPORTED, live=True) == ()
    unknown = rewrite(None, gapless, SUPPORTED, live=True)
    assert ClearEntry not in {type(step) for step in unknown[3:]}
