"""What each lock should hold: people and the clock in, the content of every slot out.

One pure function owns the rule. The runtime feeds it who has access now and what it
knows of each lock (its size, PIN range, which credential sits in which slot, which slots
are not Housekey's); the sync engine makes each lock hold the result.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from itertools import chain

from .layered import Layered
from .lock_schedule import UNRESTRICTED, LockSchedule, ScheduleSupport, lock_schedule
from .model import CredentialRef, Person
from .planner import Want, plan_slots


@dataclass(frozen=True, slots=True)
class DesiredSlot:
    """What one slot should hold: a credential at a code version, and its schedule.

    `schedule` is what a lock that enforces windows itself holds for the user (None on
    a lock whose windows Home Assistant enforces); a slot whose schedule changes is
    rewritten like one whose code changes.
    """

    ref: CredentialRef
    version: int
    code: str = field(repr=False, compare=False)
    schedule: LockSchedule | None = None


@dataclass(frozen=True, slots=True)
class LockView:
    """What the planner needs to know of one lock."""

    lock_id: str
    slots: int
    pin_min: int
    pin_max: int
    #: the credential Housekey last put in each slot
    held: Mapping[int, CredentialRef]
    #: slots holding codes Housekey did not write
    foreign: frozenset[int] = frozenset()
    #: slots that do not hold their target yet (still to be written or cleared)
    unsettled: AbstractSet[int] = frozenset()
    #: the unsettled slots without a target in the plan the lock was last given, when
    #: the lock keeps them apart (None: found among `unsettled`)
    clearing: AbstractSet[int] | None = None
    #: the schedules the lock holds itself (None: Home Assistant enforces its windows)
    support: ScheduleSupport | None = None
    #: the time zone the lock's own clock shows (the household's)
    clock: tzinfo = UTC


@dataclass(frozen=True, slots=True)
class LockPlan:
    """The desired content of one lock."""

    targets: Mapping[int, DesiredSlot]
    #: credentials that found no slot (the lock is full, or their length does not fit)
    unplaced: tuple[CredentialRef, ...]
    #: slots to leave exactly as they are (held by someone whose record was set aside)
    keep: frozenset[int]
    #: the target slots of each person, so a re-plan of a few people costs what they hold
    where: Mapping[str, frozenset[int]] = field(default_factory=dict, compare=False)
    #: the slots whose target differs from the plan this one was derived from (None: any)
    changed: frozenset[int] | None = field(default=None, compare=False)
    #: every slot below it is foreign, kept or a target: where the next plan looks for room
    floor: int = field(default=1, compare=False)
    #: the foreign slots `floor` counts on (a re-plan on a lock with fewer starts at 1)
    foreign: frozenset[int] = field(default=frozenset(), compare=False)
    #: people whose windows this lock holds itself but not theirs: Home Assistant enforces them
    fallback: frozenset[str] = frozenset()


def desired_state(
    active: Iterable[Person],
    locks: Iterable[LockView],
    set_aside: frozenset[str] = frozenset(),
    waiting: Iterable[Person] = (),
) -> dict[str, LockPlan]:
    """Return the desired content of every lock for the people who have access now.

    `waiting` are the people whose only reason not to have access now is their windows
    (outside their weekly hours, before their start): they are placed on the locks that
    hold their schedule themselves, which admit them when the time comes.
    """
    now_in = {p.person_id for p in active}
    people = sorted(chain(active, waiting), key=_order)
    plans: dict[str, LockPlan] = {}
    for lock in locks:
        keep = frozenset(s for s, ref in lock.held.items() if ref.person_id in set_aside)
        held = {s: ref for s, ref in lock.held.items() if s not in keep}
        plan = _plan(lock, people, now_in, keep, held, Layered(), Layered())
        # Folded into one base each, so the re-plans that follow share it from the start.
        plans[lock.lock_id] = replace(
            plan, targets=Layered(plan.targets), where=Layered(plan.where)
        )
    return plans


def desired_update(
    previous: Mapping[str, LockPlan],
    active: Mapping[str, Person],
    changed: Iterable[str],
    locks: Iterable[LockView],
    set_aside: frozenset[str] = frozenset(),
    waiting: Mapping[str, Person] | None = None,
) -> dict[str, LockPlan]:
    """Return every lock's desired content after the `changed` people changed.

    Only their credentials and those that found no slot before are placed again, plus,
    when the change frees a slot, those not on the lock yet (so a code still to be
    written takes the slot a leaving one is in: one overwrite). Everyone else keeps
    their slot, so the cost follows the change rather than the household; on a lock
    that held its plan, the result is the plan desired_state makes.

    `active` are the people with access now, by id, and `waiting` those outside their
    windows (see desired_state); `previous` must hold a plan for every lock (after a
    change of a lock itself, plan from scratch with desired_state). A person whose
    window opened or closed is a change of that person: on a lock that holds their
    schedule, nothing differs.
    """
    waiting = waiting or {}
    touched = set(changed)
    plans: dict[str, LockPlan] = {}
    for lock in locks:
        before = previous[lock.lock_id]
        retry = touched | {ref.person_id for ref in before.unplaced}
        freed = {slot for p in touched for slot in before.where.get(p, ())}
        if freed:
            retry.update(t.ref.person_id for s in lock.unsettled if (t := before.targets.get(s)))
        targets = Layered.derive(before.targets)
        where = Layered.derive(before.where)
        for person_id in [p for p in retry if p in where]:
            for slot in where[person_id]:
                del targets[slot]
                freed.add(slot)
            del where[person_id]
        # Slots whose code is leaving come first (one overwrite), as in desired_state.
        if lock.clearing is None:
            freed.update(s for s in lock.unsettled if s not in targets)
        else:
            freed.update(lock.clearing)
        held = {
            s: ref for s in freed if s not in before.keep and (ref := lock.held.get(s)) is not None
        }
        people = sorted(
            (person for p in retry if (person := active.get(p) or waiting.get(p))), key=_order
        )
        floor = before.floor if before.foreign <= lock.foreign else 1
        plan = _plan(lock, people, active, before.keep, held, targets, where, floor, freed)
        differ = freed | {s for p in retry for s in plan.where.get(p, ())}
        plans[lock.lock_id] = replace(
            plan,
            changed=frozenset(s for s in differ if before.targets.get(s) != plan.targets.get(s)),
            fallback=(before.fallback - retry) | plan.fallback,
        )
    return plans


def _order(person: Person) -> tuple[datetime, str]:
    """Who is placed first when slots are scarce: the longest-standing person."""
    return (person.created_at, person.person_id)


def _plan(
    lock: LockView,
    people: list[Person],
    active: Collection[str],
    keep: frozenset[int],
    held: dict[int, CredentialRef],
    kept: Layered[int, DesiredSlot],
    where: Layered[str, frozenset[int]],
    floor: int = 1,
    freed: Collection[int] = (),
) -> LockPlan:
    """Place `people` onto one lock around the targets `kept` (taken over, and extended).

    `held` is what the lock holds in the slots open to them: a credential stays where it is.
    Of `people`, those not `active` are placed only where the lock holds their schedule.
    Every slot below `floor` is foreign, kept or a target of `kept`, except the `freed`
    ones: empty slots are looked for among those, then from `floor` up, so a lock that
    fills from slot 1 is not walked from its start on every change.
    """
    codes: dict[CredentialRef, DesiredSlot] = {}
    fallback: set[str] = set()
    for person in people:
        if not person.may_use(lock.lock_id):
            continue
        schedule = None if lock.support is None else lock_schedule(person, lock.support, lock.clock)
        if lock.support is not None and schedule is None:
            fallback.add(person.person_id)
            schedule = UNRESTRICTED  # on the lock only while Home Assistant admits them
        if person.person_id not in active and (schedule is None or not schedule.windowed):
            continue  # nothing on the lock keeps them out: placed when their window opens
        for ref in person.credentials():
            code = person.code(ref.kind)
            if code is not None:
                codes[ref] = DesiredSlot(ref, person.version(ref.kind), code, schedule)
    taken = _Taken(lock.foreign, keep, kept)
    walk = _Walk(floor, lock.slots)
    plan = plan_slots(
        [Want(ref, len(slot.code)) for ref, slot in codes.items()],
        held,
        slot_count=lock.slots,
        pin_range=(lock.pin_min, lock.pin_max),
        blocked=taken,
        empty=chain(sorted(s for s in freed if s < floor), walk),
    )
    for slot, ref in plan.slots.items():
        kept[slot] = codes[ref]
        where[ref.person_id] = where.get(ref.person_id, frozenset()) | {slot}
    # The walk stopped below the first slot it did not hand out; any other slot left
    # open below it was freed by this change (or is held by a leaving credential).
    left_open = (s for s in chain(freed, held) if s not in taken)
    return LockPlan(
        kept,
        plan.no_room + plan.wrong_length,
        keep,
        where,
        floor=min(chain(left_open, (walk.position,))),
        foreign=lock.foreign,
        fallback=frozenset(fallback),
    )


class _Taken:
    """The slots a plan may not place into: foreign, kept as they are, or targets already.

    Read through, so a change does not copy every target of the lock into a set.
    """

    __slots__ = ("_foreign", "_keep", "_targets")

    def __init__(
        self, foreign: frozenset[int], keep: frozenset[int], targets: Mapping[int, object]
    ) -> None:
        self._foreign, self._keep, self._targets = foreign, keep, targets

    def __contains__(self, slot: object) -> bool:
        return slot in self._targets or slot in self._foreign or slot in self._keep


class _Walk:
    """Slots from `start` to the end of the lock, remembering how far it was read."""

    __slots__ = ("_end", "position")

    def __init__(self, start: int, end: int) -> None:
        self.position, self._end = start, end

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        if self.position > self._end:
            raise StopIteration
        self.position += 1
        return self.position - 1
