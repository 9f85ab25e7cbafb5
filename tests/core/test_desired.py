"""The desired content of every lock, from the people who have access now."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.desired import (
    DesiredSlot,
    LockPlan,
    LockView,
    desired_state,
    desired_update,
)
from custom_components.housekey.core.model import CredentialKind, CredentialRef, Person, Role

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
PIN, DURESS = CredentialKind.PIN, CredentialKind.DURESS


def person(person_id: str, pin: str, **changes) -> Person:
    return Person(
        person_id=person_id, name=person_id, role=Role.RESIDENT, created_at=CREATED, pin=pin
    ).evolve(**changes)


def lock(lock_id: str = "lock.front", slots: int = 4, **changes) -> LockView:
    view = LockView(lock_id, slots, 4, 8, {})
    return LockView(**{**{f: getattr(view, f) for f in view.__slots__}, **changes})


def test_each_credential_of_each_person_gets_a_slot_with_its_version() -> None:
    alice = person("p1", "482913", pin_version=3, duress_pin="739154", duress_version=1)
    plans = desired_state([alice], [lock()])
    targets = plans["lock.front"].targets
    assert targets == {
        1: DesiredSlot(CredentialRef("p1", PIN), 3, "482913"),
        2: DesiredSlot(CredentialRef("p1", DURESS), 1, "739154"),
    }
    assert targets[1].code == "482913"


def test_people_are_planned_only_onto_their_own_locks() -> None:
    alice = person("p1", "482913", locks=("lock.back",))
    plans = desired_state([alice], [lock("lock.front"), lock("lock.back")])
    assert plans["lock.front"].targets == {}
    assert list(plans["lock.back"].targets) == [1]


def test_foreign_slots_are_planned_around_and_full_locks_leave_people_unplaced() -> None:
    people = [person(f"p{n}", f"48291{n}") for n in range(1, 4)]
    plans = desired_state(people, [lock(slots=2, foreign=frozenset({1}))])
    plan = plans["lock.front"]
    assert list(plan.targets) == [2]
    assert plan.unplaced == (CredentialRef("p2", PIN), CredentialRef("p3", PIN))


def test_slots_of_set_aside_people_are_kept_as_they_are() -> None:
    held = {1: CredentialRef("p9", PIN), 2: CredentialRef("p1", PIN)}
    plans = desired_state([person("p1", "482913")], [lock(held=held)], set_aside=frozenset({"p9"}))
    plan = plans["lock.front"]
    assert plan.keep == frozenset({1})
    assert list(plan.targets) == [2]  # p1 stays where it was; slot 1 is not reused


# ---- re-planning only what a change touches ---------------------------------------------


def assert_valid(plan: LockPlan, view: LockView, active: dict[str, Person]) -> None:
    """Each wanted credential is in one usable slot, or there is no room or it does not fit."""
    usable = set(range(1, view.slots + 1)) - view.foreign - plan.keep
    assert set(plan.targets) <= usable
    refs = [t.ref for t in plan.targets.values()]
    assert len(refs) == len(set(refs))
    wanted = {
        ref: person.code(ref.kind)
        for person in active.values()
        if person.may_use(view.lock_id)
        for ref in person.credentials()
    }
    for target in plan.targets.values():
        assert target.code == wanted[target.ref]
    room = len(usable) > len(plan.targets)
    for ref in set(wanted) - set(refs):
        assert ref in plan.unplaced
        code = wanted[ref] or ""
        assert not room or not view.pin_min <= len(code) <= view.pin_max


Step = tuple[str, int, int]  # (what, person number, a number: PIN digits or lock choice)

steps = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "pin", "duress", "locks", "apply", "clear"]),
        st.integers(0, 11),
        st.integers(0, 10**8 - 1),
    ),
    max_size=40,
)


@dataclass(frozen=True)
class Replan:
    """One re-plan of a changed person, as `replay` hands it to a check."""

    before: dict[str, LockPlan]
    after: dict[str, LockPlan]
    active: dict[str, Person]
    person_id: str
    locks: list[LockView]
    #: whether every lock held its plan
    settled: bool


def replay(steps: list[Step], sizes: tuple[int, int], check: Callable[[Replan], None]) -> None:
    """Let people come, go, change codes and doors while two locks carry out some of
    their work, and `check` every re-plan of a changed person.

    The locks hold some of their targets, at random (a write that has not gone out
    yet, a clear still pending).
    """
    lock_ids = ("lock.front", "lock.back")
    held: dict[str, dict[int, tuple[CredentialRef, int]]] = {lock_id: {} for lock_id in lock_ids}
    active: dict[str, Person] = {}

    def views() -> list[LockView]:
        result = []
        for lock_id, slots in zip(lock_ids, sizes, strict=True):
            plan, on_lock = plans[lock_id], held[lock_id]
            unsettled = {
                s
                for s in on_lock.keys() | plan.targets.keys()
                if (t := plan.targets.get(s)) is None or on_lock.get(s) != (t.ref, t.version)
            }
            result.append(
                LockView(
                    lock_id,
                    slots,
                    4,
                    8,
                    {s: ref for s, (ref, _) in on_lock.items()},
                    frozenset({slots}) if slots > 2 else frozenset(),  # a foreign code
                    frozenset(unsettled),
                    # One lock keeps the slots to clear apart, as the sync engine does.
                    frozenset(unsettled - plan.targets.keys()) if lock_id == "lock.front" else None,
                )
            )
        return result

    plans = {lock_id: LockPlan({}, (), frozenset()) for lock_id in lock_ids}
    clock = CREATED
    for what, number, value in steps:
        person_id = f"p{number}"
        current = active.get(person_id)
        if what == "add" and current is None:
            clock += timedelta(minutes=1)
            active[person_id] = person(person_id, f"{value:08d}"[: 4 + value % 5]).evolve(
                created_at=clock
            )
        elif what == "remove" and current is not None:
            del active[person_id]
        elif what == "pin" and current is not None:
            pin = f"{value:08d}"[: 4 + value % 5]
            active[person_id] = current.evolve(pin=pin, pin_version=current.pin_version + 1)
        elif what == "duress" and current is not None:
            active[person_id] = current.evolve(
                duress_pin=None if current.duress_pin else f"{value:07d}"[:7],
                duress_version=current.duress_version + 1,
            )
        elif what == "locks" and current is not None:
            choice = (None, ("lock.front",), ("lock.back",), ())[value % 4]
            active[person_id] = current.evolve(locks=choice)
        elif what in ("apply", "clear"):
            # The lock carries out some of its pending work (never all at once).
            lock_id = lock_ids[value % 2]
            targets = plans[lock_id].targets
            for slot in sorted(held[lock_id].keys() | targets.keys())[number % 3 :: 2]:
                target = targets.get(slot)
                if target is None:
                    held[lock_id].pop(slot, None)
                elif what == "apply":
                    held[lock_id][slot] = (target.ref, target.version)
            plans = desired_state(active.values(), views())  # a lock change: from scratch
            continue
        else:
            continue
        locks = views()
        settled = not any(view.unsettled for view in locks)
        updated = desired_update(plans, active, {person_id}, locks)
        check(Replan(plans, updated, active, person_id, locks, settled))
        plans = updated


@settings(max_examples=400, deadline=None, derandomize=True)
@given(steps=steps, sizes=st.tuples(st.integers(1, 6), st.integers(1, 6)))
def test_a_re_plan_of_the_changed_people_is_valid_stable_and_the_plan_from_scratch(
    steps: list[Step], sizes: tuple[int, int]
) -> None:
    """desired_update always gives a valid, stable plan, and on a lock that held its
    plan exactly what desired_state gives.
    """

    def check(r: Replan) -> None:
        plans, updated, active, locks = r.before, r.after, r.active, r.locks
        expected = desired_state(active.values(), locks)
        for view in locks:
            lock_id = view.lock_id
            plan = updated[lock_id]
            assert_valid(plan, view, active)
            before, after = plans[lock_id].targets, plan.targets
            changed = {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}
            assert changed <= (plan.changed or set())
            if r.settled:
                assert plan.targets == expected[lock_id].targets
                assert set(plan.unplaced) == set(expected[lock_id].unplaced)

    replay(steps, sizes, check)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(steps=steps, sizes=st.tuples(st.integers(1, 6), st.integers(1, 6)))
def test_where_a_re_plan_looks_for_room_changes_nothing_but_its_cost(
    steps: list[Step], sizes: tuple[int, int]
) -> None:
    """A re-plan that starts looking for empty slots at the plan's floor places every
    credential where one that walks the lock from slot 1 would.
    """

    def check(r: Replan) -> None:
        plans, updated, active, locks = r.before, r.after, r.active, r.locks
        from_one = {lock_id: replace(plan, floor=1) for lock_id, plan in plans.items()}
        walked = desired_update(from_one, active, {r.person_id}, locks)
        for lock_id, plan in updated.items():
            assert plan == walked[lock_id]
            assert plan.unplaced == walked[lock_id].unplaced
            assert plan.where == walked[lock_id].where
            assert plan.changed == walked[lock_id].changed
            taken = plan.targets.keys() | locks[0 if lock_id == "lock.front" else 1].foreign
            assert set(range(1, plan.floor)) <= taken | plan.keep

    replay(steps, sizes, check)


def test_a_re_plan_on_a_lock_with_fewer_foreign_codes_may_use_their_slots() -> None:
    """The floor counts on the foreign slots it was computed with, and only on them."""
    alice, bob = person("p1", "482913"), person("p2", "739154")
    plans = desired_state([alice], [lock(slots=3, foreign=frozenset({1}))])
    assert plans["lock.front"].floor == 3
    plans = desired_update(plans, {"p1": alice, "p2": bob}, {"p2"}, [lock(slots=3)])
    assert plans["lock.front"].targets[1].ref == CredentialRef("p2", PIN)


def test_a_re_plan_of_one_person_costs_what_they_change_not_the_size_of_the_lock() -> None:
    """On a lock with a million slots, placing one newcomer allocates next to nothing."""
    people = {f"p{n}": person(f"p{n}", f"48{n:04d}") for n in range(1, 51)}
    view = lock(slots=10**6)
    plans = desired_state(people.values(), [view])
    newcomer = person("p51", "739154")
    tracemalloc.start()
    try:
        plans = desired_update(plans, {**people, "p51": newcomer}, {"p51"}, [view])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plans["lock.front"].targets[51].ref == CredentialRef("p51", PIN)
    assert peak < 100_000


def test_a_re_plan_reuses_a_slot_still_being_cleared_before_an_empty_one() -> None:
    """Overwriting a leaving code is one command; an empty slot would cost two."""
    bob, carol = person("p2", "739154"), person("p3", "519374")
    held = {2: CredentialRef("p2", PIN), 3: CredentialRef("p3", PIN)}
    plans = desired_state([bob, carol], [lock(held=held)])
    # Carol leaves; her slot is not cleared yet when Dan arrives.
    plans = desired_update(plans, {"p2": bob}, {"p3"}, [lock(held=held)])
    assert plans["lock.front"].changed == {3}
    dan = person("p4", "640281")
    view = lock(held=held, unsettled=frozenset({3}))
    plans = desired_update(plans, {"p2": bob, "p4": dan}, {"p4"}, [view])
    assert plans["lock.front"].targets[3].ref == CredentialRef("p4", PIN)
    assert plans == desired_state([bob, dan], [view])


def test_a_re_plan_of_one_person_copies_none_of_the_others() -> None:
    """Placing a newcomer among thousands allocates what the newcomer takes."""
    people = {f"p{n}": person(f"p{n}", f"{400000 + n}") for n in range(1, 5001)}
    view = lock(slots=6000)
    plans = desired_state(people.values(), [view])
    active = {**people, "p5001": person("p5001", "739154")}
    tracemalloc.start()
    try:
        plans = desired_update(plans, active, {"p5001"}, [view])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plans["lock.front"].targets[5001].ref == CredentialRef("p5001", PIN)
    assert peak < 50_000
