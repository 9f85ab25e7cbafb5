"""Unit tests for core.planner: stable, minimal slot plans that never touch foreign codes."""

from __future__ import annotations

import random

import pytest

from custom_components.housekey.core.model import CredentialKind, CredentialRef
from custom_components.housekey.core.planner import Plan, Want, plan_slots

PIN = CredentialKind.PIN
DURESS = CredentialKind.DURESS


def ref(n: int | str, kind: CredentialKind = PIN) -> CredentialRef:
    return CredentialRef(f"p{n}", kind)


A, B, C, D, E = (ref(n) for n in range(1, 6))


def want(*refs: CredentialRef, length: int = 6) -> list[Want]:
    return [Want(r, length) for r in refs]


def plan(
    wanted: list[Want],
    current: dict[int, CredentialRef] | None = None,
    *,
    slot_count: int = 10,
    pin_range: tuple[int, int] = (4, 8),
    blocked: tuple[int, ...] | set[int] = (),
) -> Plan:
    return plan_slots(
        wanted, current or {}, slot_count=slot_count, pin_range=pin_range, blocked=blocked
    )


# --- basics --------------------------------------------------------------------------------


def test_empty() -> None:
    result = plan([])
    assert result == Plan({}, (), ())


def test_fresh_lock_fills_lowest_slots_in_wanted_order() -> None:
    result = plan(want(A, B, C))
    assert result.slots == {1: A, 2: B, 3: C}
    assert result.no_room == ()
    assert result.wrong_length == ()


def test_pin_and_duress_of_one_person_take_separate_slots() -> None:
    result = plan(want(ref(1, PIN), ref(1, DURESS)))
    assert result.slots == {1: ref(1, PIN), 2: ref(1, DURESS)}


def test_slots_are_sorted() -> None:
    result = plan(want(A, B, C), {7: C, 2: A})
    assert list(result.slots) == sorted(result.slots)
    assert result.slots == {1: B, 2: A, 7: C}


# --- stability ---------------------------------------------------------------------------


def test_existing_credentials_keep_their_slots_when_others_are_added() -> None:
    current = {3: A, 5: B}
    result = plan(want(A, B, C, D), current)
    assert result.slots[3] == A
    assert result.slots[5] == B
    assert result.slots == {1: C, 2: D, 3: A, 5: B}


def test_existing_credentials_keep_their_slots_when_others_are_removed() -> None:
    current = {1: A, 2: B, 3: C, 4: D}
    result = plan(want(A, C, D), current)
    assert result.slots == {1: A, 3: C, 4: D}


def test_stability_does_not_depend_on_wanted_order() -> None:
    current = {1: A, 2: B, 3: C}
    assert plan(want(C, B, A), current).slots == current
    assert plan(want(B, A, C), current).slots == current


def test_nothing_changes_when_nothing_changed() -> None:
    current = {2: A, 4: B, 9: C}
    assert plan(want(A, B, C), current, blocked={1, 3}).slots == current


# --- minimal changes -----------------------------------------------------------------------


def test_new_credential_reuses_a_leaving_slot_before_an_empty_one() -> None:
    # Slot 1 is empty, slot 4's credential is leaving: overwrite slot 4 (one command).
    current = {2: A, 4: B}
    result = plan(want(A, C), current)
    assert result.slots == {2: A, 4: C}


def test_leaving_slots_are_reused_lowest_first_then_empty_ones() -> None:
    current = {1: A, 3: B, 6: C, 8: D}
    result = plan(want(A, E, ref(6), ref(7), ref(8)), current)
    assert result.slots == {1: A, 3: E, 6: ref(6), 8: ref(7), 2: ref(8)}


def test_one_leaving_one_new_is_one_overwrite() -> None:
    current = {n: ref(n) for n in range(1, 11)}
    wanted = [*want(*(ref(n) for n in range(1, 11) if n != 7)), Want(ref(99), 6)]
    result = plan(wanted, current)
    changed = {s for s in range(1, 11) if result.slots.get(s) != current.get(s)}
    assert changed == {7}
    assert result.slots[7] == ref(99)


def test_leaving_slot_not_reused_when_nothing_new() -> None:
    result = plan(want(A), {1: A, 2: B})
    assert result.slots == {1: A}


# --- blocked / foreign slots ---------------------------------------------------------------


def test_blocked_slots_are_never_used() -> None:
    result = plan(want(A, B, C), blocked={1, 2, 4})
    assert result.slots == {3: A, 5: B, 6: C}


def test_credential_on_a_slot_that_became_blocked_moves() -> None:
    # Slot 2 now holds a foreign code: Housekey's A must go elsewhere, slot 2 stays untouched.
    result = plan(want(A, B), {1: B, 2: A}, blocked={2})
    assert result.slots == {1: B, 3: A}
    assert 2 not in result.slots


def test_leaving_blocked_slot_not_reused() -> None:
    result = plan(want(A, C), {1: A, 2: B}, blocked={2})
    assert result.slots == {1: A, 3: C}


def test_every_slot_blocked_means_no_room() -> None:
    result = plan(want(A, B), slot_count=3, blocked={1, 2, 3})
    assert result.slots == {}
    assert result.no_room == (A, B)


def test_blocked_accepts_any_iterable() -> None:
    result = plan_slots(want(A), {}, slot_count=3, pin_range=(4, 8), blocked=(s for s in [1, 2]))
    assert result.slots == {3: A}


def test_blocked_outside_range_is_harmless() -> None:
    assert plan(want(A), slot_count=2, blocked={0, 5, 99}).slots == {1: A}


# --- slot_count ------------------------------------------------------------------------------


def test_slot_count_respected_and_rest_is_no_room_in_order() -> None:
    result = plan(want(A, B, C, D, E), slot_count=3)
    assert result.slots == {1: A, 2: B, 3: C}
    assert result.no_room == (D, E)


def test_existing_credentials_win_over_new_ones_when_full() -> None:
    current = {1: C, 2: D}
    result = plan(want(A, B, C, D), current, slot_count=2)
    assert result.slots == {1: C, 2: D}
    assert result.no_room == (A, B)


def test_zero_slots() -> None:
    result = plan(want(A), slot_count=0)
    assert result.slots == {}
    assert result.no_room == (A,)


def test_slots_beyond_slot_count_in_current_are_not_kept() -> None:
    current = {1: A, 5: B, 12: C}
    result = plan(want(A, B, C), current, slot_count=5)
    assert result.slots == {1: A, 2: C, 5: B}
    assert all(1 <= s <= 5 for s in result.slots)


def test_slot_zero_and_negative_slots_in_current_are_not_kept() -> None:
    current = {0: A, -1: B, 1: C}
    result = plan(want(A, B, C), current, slot_count=3)
    assert result.slots == {1: C, 2: A, 3: B}


def test_slots_beyond_slot_count_not_reused_as_leaving() -> None:
    result = plan(want(A), {9: B}, slot_count=3)
    assert result.slots == {1: A}


# --- PIN length ----------------------------------------------------------------------------


def test_wrong_length_for_the_lock() -> None:
    wanted = [Want(A, 6), Want(B, 4), Want(C, 9), Want(D, 8)]
    result = plan(wanted, pin_range=(5, 8))
    assert result.slots == {1: A, 2: D}
    assert result.wrong_length == (B, C)
    assert result.no_room == ()


def test_pin_range_bounds_are_inclusive() -> None:
    wanted = [Want(A, 4), Want(B, 6), Want(C, 3), Want(D, 7)]
    result = plan(wanted, pin_range=(4, 6))
    assert set(result.slots.values()) == {A, B}
    assert result.wrong_length == (C, D)


def test_credential_that_no_longer_fits_leaves_its_slot_for_others() -> None:
    # A's PIN changed to a length this lock does not take: its slot is reused.
    result = plan([Want(A, 10), Want(B, 6)], {1: A}, pin_range=(4, 8))
    assert result.slots == {1: B}
    assert result.wrong_length == (A,)


def test_wrong_length_does_not_take_room() -> None:
    result = plan([Want(A, 12), Want(B, 6)], slot_count=1)
    assert result.slots == {1: B}
    assert result.wrong_length == (A,)
    assert result.no_room == ()


# --- robustness ----------------------------------------------------------------------------


def test_credential_wanted_twice_is_placed_once() -> None:
    result = plan([Want(A, 6), Want(A, 6), Want(B, 6)])
    assert result.slots == {1: A, 2: B}


def test_credential_held_in_two_slots_keeps_one_and_frees_the_other() -> None:
    """If the lock record holds one credential twice (e.g. a retried write landed in a new
    slot), the plan keeps it once; the duplicate slot must not starve another credential."""
    result = plan(want(A, B), {1: A, 2: A}, slot_count=2)
    assert list(result.slots.values()).count(A) == 1, result
    assert result.slots == {1: A, 2: B}
    assert result.no_room == ()


def test_inputs_are_not_mutated() -> None:
    current = {3: A, 9: B}
    wanted = want(A, C)
    blocked = {1}
    plan(wanted, current, blocked=blocked)
    assert current == {3: A, 9: B}
    assert wanted == want(A, C)
    assert blocked == {1}


def test_deterministic() -> None:
    current = {8: B, 2: A, 5: D, 3: ref(40)}
    wanted = want(E, A, ref(30), B, C, D)
    first = plan(wanted, current, slot_count=7, blocked={1, 4})
    for _ in range(20):
        again = plan(list(wanted), dict(current), slot_count=7, blocked=[4, 1])
        assert again == first
        assert list(again.slots.items()) == list(first.slots.items())
    # The iteration order of `current` does not matter either.
    reordered = dict(sorted(current.items(), reverse=True))
    assert plan(wanted, reordered, slot_count=7, blocked={1, 4}) == first


# --- randomized property test ----------------------------------------------------------------


def check_invariants(
    result: Plan,
    wanted: list[Want],
    current: dict[int, CredentialRef],
    *,
    slot_count: int,
    pin_range: tuple[int, int],
    blocked: set[int],
) -> None:
    lo, hi = pin_range
    refs = [w.ref for w in wanted]
    placed = list(result.slots.values())
    # No two credentials share a slot, and no credential takes two slots.
    assert len(placed) == len(set(placed))
    # Only real, unblocked slots.
    assert all(1 <= s <= slot_count for s in result.slots)
    assert not set(result.slots) & blocked
    # Every wanted credential is accounted for exactly once.
    assert len(placed) + len(result.no_room) + len(result.wrong_length) == len(refs)
    assert sorted([*placed, *result.no_room, *result.wrong_length]) == sorted(refs)
    assert set(result.wrong_length) == {w.ref for w in wanted if not lo <= w.length <= hi}
    # Every kept credential stays in its slot.
    for slot, held in current.items():
        if held in result.slots.values() and 1 <= slot <= slot_count and slot not in blocked:
            assert result.slots[slot] == held
    # No room only when every usable slot is taken.
    usable = slot_count - len(blocked & set(range(1, slot_count + 1)))
    if result.no_room:
        assert len(result.slots) == usable
    # Minimal: a credential goes to an empty slot only when no leaving slot was left.
    usable_leaving = {
        s
        for s, held in current.items()
        if 1 <= s <= slot_count and s not in blocked and result.slots.get(s) != held
    }
    newly_in_empty = [s for s in result.slots if s not in current]
    if newly_in_empty:
        assert usable_leaving <= set(result.slots), "an empty slot was used before a leaving one"


def test_randomized_sequences_keep_the_invariants() -> None:
    rng = random.Random(1)
    for _ in range(300):
        slot_count = rng.randint(0, 12)
        pin_range = rng.choice([(4, 8), (6, 6), (4, 10), (5, 7)])
        blocked = set(rng.sample(range(1, 15), rng.randint(0, 4)))
        universe = [ref(n, kind) for n in range(1, 13) for kind in (PIN, DURESS)]
        lengths = {r: rng.choice([4, 6, 6, 6, 8, 10]) for r in universe}
        wanted_refs: list[CredentialRef] = []
        current: dict[int, CredentialRef] = {}
        for _step in range(40):
            action = rng.random()
            missing = [r for r in universe if r not in wanted_refs]
            if action < 0.45 and missing:
                wanted_refs.append(rng.choice(missing))
            elif action < 0.8 and wanted_refs:
                wanted_refs.remove(rng.choice(wanted_refs))
            elif action < 0.9:
                lengths[rng.choice(universe)] = rng.choice([4, 6, 8, 10])
            else:
                # A foreign code appears in (or disappears from) a slot.
                blocked ^= {rng.randint(1, 14)}
            if rng.random() < 0.1:
                slot_count = max(0, slot_count + rng.choice([-2, -1, 1, 2]))
            wanted = [Want(r, lengths[r]) for r in wanted_refs]
            result = plan_slots(
                wanted, current, slot_count=slot_count, pin_range=pin_range, blocked=blocked
            )
            check_invariants(
                result,
                wanted,
                current,
                slot_count=slot_count,
                pin_range=pin_range,
                blocked=blocked,
            )
            # Deterministic: the same question gets the same answer.
            assert result == plan_slots(
                wanted,
                dict(current),
                slot_count=slot_count,
                pin_range=pin_range,
                blocked=set(blocked),
            )
            # Idempotent: once applied, planning again changes nothing.
            again = plan_slots(
                wanted, result.slots, slot_count=slot_count, pin_range=pin_range, blocked=blocked
            )
            assert again == result
            # The lock now holds the plan (foreign codes are not in Housekey's record).
            current = dict(result.slots)


@pytest.mark.parametrize("seed", range(5))
def test_random_current_with_gaps_and_strays(seed: int) -> None:
    """Arbitrary lock records (slots past the end, slot 0, leaving credentials)."""
    rng = random.Random(1000 + seed)
    for _ in range(200):
        slot_count = rng.randint(1, 10)
        universe = [ref(n) for n in range(1, 16)]
        holders = rng.sample(universe, rng.randint(0, 10))
        slots = rng.sample(range(0, 14), len(holders))
        current = dict(zip(slots, holders, strict=True))
        wanted = [Want(r, rng.choice([4, 6, 9])) for r in rng.sample(universe, rng.randint(0, 12))]
        blocked = set(rng.sample(range(1, 12), rng.randint(0, 3)))
        result = plan_slots(
            wanted, current, slot_count=slot_count, pin_range=(4, 8), blocked=blocked
        )
        check_invariants(
            result, wanted, current, slot_count=slot_count, pin_range=(4, 8), blocked=blocked
        )
