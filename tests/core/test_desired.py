"""The desired content of every lock, from the people who have access now."""

from __future__ import annotations

from datetime import UTC, datetime

from custom_components.housekey.core.desired import DesiredSlot, LockView, desired_state
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
