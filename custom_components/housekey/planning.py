"""The household's plan between changes: who has access, what each lock should hold, and when.

The rule is `core/desired.py` (pure). This keeps its last result, so that a change re-plans only
the people it touched, and shows the rule each lock as its sync engine knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import NamedTuple

from .core.desired import LockPlan, LockView, desired_state, desired_update
from .core.lock_schedule import Enforcement, ScheduleSupport
from .core.model import Household, Person, Status
from .core.schedule import next_transition, status_at
from .sync import LockSync


class Derived(NamedTuple):
    """What the people and the clock make of the locks."""

    plans: dict[str, LockPlan]
    #: the people with access now, by id
    active: dict[str, Person]
    #: the people outside their windows only, by id (locks holding their schedule admit them)
    waiting: dict[str, Person]
    #: when each person's access next changes by itself
    upcoming: dict[str, datetime]


class Planning:
    """The last plan of every lock, and who had access then."""

    def __init__(self, tz: Callable[[], tzinfo]) -> None:
        """Start with no plan: the first derivation plans from scratch."""
        self._tz = tz
        self.plans: dict[str, LockPlan] = {}
        self.active: dict[str, Person] = {}
        self.waiting: dict[str, Person] = {}
        self.upcoming: dict[str, datetime] = {}
        #: per lock, the people whose access Home Assistant changes (None: count at next ask)
        self._kept: tuple[int, dict[str, int]] | None = None

    @property
    def next_change(self) -> datetime | None:
        """Return the next instant someone's access changes by itself."""
        return min(self.upcoming.values(), default=None)

    def keep(self, derived: Derived) -> None:
        """Make a derivation the plan the next change starts from."""
        self.plans, self.active, self.waiting, self.upcoming = derived
        self._kept = None

    def changing_by_themselves(self, lock_id: str) -> int:
        """Count the people with access to a lock whose access changes by itself later.

        Hours, a start or an end ahead, or a number of uses: on a lock that does not hold
        hours, Home Assistant writes and clears their codes. Counted for every lock at
        once, the first time a plan is asked: every lock notification asks (the door's
        readiness), and counting the household each time would grow with the people
        times the notifications.
        """
        if self._kept is None:
            everywhere, by_lock = 0, dict[str, int]()
            for person in (*self.active.values(), *self.waiting.values()):
                if person.person_id not in self.upcoming and person.max_uses is None:
                    continue
                if person.locks is None:
                    everywhere += 1
                else:
                    for lock in set(person.locks):
                        by_lock[lock] = by_lock.get(lock, 0) + 1
            self._kept = everywhere, by_lock
        everywhere, by_lock = self._kept
        return everywhere + by_lock.get(lock_id, 0)

    def derive(
        self,
        household: Household,
        locks: Mapping[str, LockSync],
        now: datetime,
        changed: set[str] | None,
    ) -> Derived:
        """Return each lock's desired content, who has access now, and when that changes.

        `changed` names the people a change touched (None: anyone, or the clock).
        """
        tz = self._tz()
        views = [
            LockView(
                lock_id,
                caps.slots,
                caps.pin_min,
                caps.pin_max,
                sync.record.held(),
                frozenset(sync.record.foreign),
                sync.unsettled(),
                sync.clearing(),
                _held_schedules(caps.schedule_support),
                clock=tz,
            )
            for lock_id, sync in locks.items()
            # nothing is planned onto a lock before its capabilities are known
            if (caps := sync.capabilities) is not None
        ]
        # Slots of people whose stored record could not be read are left as they are.
        set_aside = frozenset(household.quarantined_ids())
        if changed is None or any(view.lock_id not in self.plans for view in views):
            active: dict[str, Person] = {}
            waiting: dict[str, Person] = {}
            upcoming: dict[str, datetime] = {}
            for someone in household.current():
                _sort(someone, now, tz, active, waiting, upcoming)
            plans = desired_state(active.values(), views, set_aside, waiting.values())
            return Derived(plans, active, waiting, upcoming)
        active, waiting = dict(self.active), dict(self.waiting)
        upcoming = dict(self.upcoming)
        for person_id in changed:
            active.pop(person_id, None)
            waiting.pop(person_id, None)
            upcoming.pop(person_id, None)
            person = household.people.get(person_id)
            if person is not None and person.offboarded_at is None:
                _sort(person, now, tz, active, waiting, upcoming)
        plans = desired_update(self.plans, active, changed, views, set_aside, waiting)
        return Derived(plans, active, waiting, upcoming)

    def due(self, now: datetime) -> set[str]:
        """Return the people whose access changes by itself at or before `now`."""
        return {person_id for person_id, at in self.upcoming.items() if at <= now}


def _held_schedules(support: ScheduleSupport) -> ScheduleSupport | None:
    """Return what a lock holds itself, or None where Home Assistant enforces its windows."""
    return support if support.enforcement is Enforcement.LOCK else None


def _sort(
    person: Person,
    now: datetime,
    tz: tzinfo,
    active: dict[str, Person],
    waiting: dict[str, Person],
    upcoming: dict[str, datetime],
) -> None:
    """File a person under active or waiting (or neither), with their next change."""
    status = status_at(person, now, tz)
    if status is Status.ACTIVE:
        active[person.person_id] = person
    elif status is Status.SCHEDULED:
        waiting[person.person_id] = person
    if (at := next_transition(person, now, tz)) is not None:
        upcoming[person.person_id] = at
