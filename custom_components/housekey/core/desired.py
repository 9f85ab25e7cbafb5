"""What each lock should hold: people and the clock in, the content of every slot out.

One pure function owns the rule. The runtime feeds it who has access now and what it
knows of each lock (its size, PIN range, which credential sits in which slot, which slots
are not Housekey's); the sync engine makes each lock hold the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import CredentialRef, Person
from .planner import Want, plan_slots


@dataclass(frozen=True, slots=True)
class DesiredSlot:
    """What one slot should hold: a credential at a code version.

    A value with fields, not a bare pair, so lock-side features (a user type, schedule
    entries) can join it without changing every caller.
    """

    ref: CredentialRef
    version: int
    code: str = field(repr=False, compare=False)


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


@dataclass(frozen=True, slots=True)
class LockPlan:
    """The desired content of one lock."""

    targets: dict[int, DesiredSlot]
    #: credentials that found no slot (the lock is full, or their length does not fit)
    unplaced: tuple[CredentialRef, ...]
    #: slots to leave exactly as they are (held by someone whose record was set aside)
    keep: frozenset[int]


def desired_state(
    active: Iterable[Person], locks: Iterable[LockView], set_aside: frozenset[str] = frozenset()
) -> dict[str, LockPlan]:
    """Return the desired content of every lock for the people who have access now."""
    people = list(active)
    plans: dict[str, LockPlan] = {}
    for lock in locks:
        codes: dict[CredentialRef, DesiredSlot] = {}
        for person in people:
            if not person.may_use(lock.lock_id):
                continue
            for ref in person.credentials():
                code = person.code(ref.kind)
                if code is not None:
                    codes[ref] = DesiredSlot(ref, person.version(ref.kind), code)
        keep = frozenset(s for s, ref in lock.held.items() if ref.person_id in set_aside)
        plan = plan_slots(
            [Want(ref, len(slot.code)) for ref, slot in codes.items()],
            {slot: ref for slot, ref in lock.held.items() if slot not in keep},
            slot_count=lock.slots,
            pin_range=(lock.pin_min, lock.pin_max),
            blocked=set(lock.foreign | keep),
        )
        plans[lock.lock_id] = LockPlan(
            {slot: codes[ref] for slot, ref in plan.slots.items()},
            plan.no_room + plan.wrong_length,
            keep,
        )
    return plans
