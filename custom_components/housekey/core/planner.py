"""The slot plan: which credential sits in which slot of one lock.

The plan is stable (a credential that is on the lock stays in its slot) and
minimal (a new credential reuses a slot whose credential is leaving, so the
change is one overwrite instead of a clear and a write). Slots holding codes
Housekey did not write are never planned over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain

from .model import CredentialRef


@dataclass(frozen=True, slots=True)
class Want:
    """A credential that should be on the lock, with the length of its code."""

    ref: CredentialRef
    length: int


@dataclass(frozen=True, slots=True)
class Plan:
    """The planned slots of one lock and what could not be placed."""

    slots: dict[int, CredentialRef] = field(default_factory=dict)
    no_room: tuple[CredentialRef, ...] = ()
    wrong_length: tuple[CredentialRef, ...] = ()


def plan_slots(
    wanted: Iterable[Want],
    current: Mapping[int, CredentialRef],
    *,
    slot_count: int,
    pin_range: tuple[int, int],
    blocked: Iterable[int] = (),
) -> Plan:
    """Assign wanted credentials to slots 1..slot_count.

    `current` is what the lock holds now (as far as Housekey wrote it); `blocked`
    are slots that are not Housekey's to use (foreign codes).
    """
    lo, hi = pin_range
    blocked_set = set(blocked)
    fits: list[CredentialRef] = []
    wrong_length: list[CredentialRef] = []
    for want in wanted:
        (fits if lo <= want.length <= hi else wrong_length).append(want.ref)

    wanted_set = set(fits)
    slots: dict[int, CredentialRef] = {}
    placed: set[CredentialRef] = set()
    for slot, ref in sorted(current.items()):
        # A credential found in two slots keeps the lower one; the other is leaving.
        usable = 1 <= slot <= slot_count and slot not in blocked_set
        if usable and ref in wanted_set and ref not in placed:
            slots[slot] = ref
            placed.add(ref)
    # Slots whose credential is leaving come first: overwriting costs one command.
    leaving = sorted(s for s in current if s not in slots)
    empty = (s for s in range(1, slot_count + 1) if s not in current)
    free = (s for s in chain(leaving, empty) if s not in blocked_set and 1 <= s <= slot_count)
    no_room: list[CredentialRef] = []
    for ref in fits:
        if ref in placed:
            continue
        free_slot = next(free, None)
        if free_slot is None:
            no_room.append(ref)
            continue
        slots[free_slot] = ref
        placed.add(ref)
    return Plan(dict(sorted(slots.items())), tuple(no_room), tuple(wrong_length))
