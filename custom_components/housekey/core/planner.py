"""The slot plan: which credential sits in which slot of one lock.

The plan is stable (a credential that is on the lock stays in its slot) and
minimal (a new credential reuses a slot whose credential is leaving, so the
change is one overwrite instead of a clear and a write). Slots holding codes
Housekey did not write are never planned over.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
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
    blocked: Iterable[int] | Container[int] = (),
    empty: Iterable[int] | None = None,
) -> Plan:
    """Assign wanted credentials to slots 1..slot_count.

    `current` is what the lock holds now (as far as Housekey wrote it); `blocked`
    are slots that are not Housekey's to use (foreign codes), any container or
    iterable. `empty` are the empty slots to use, lowest first, once no leaving slot
    is left (default: every slot not blocked or held, from 1 up): a caller that
    knows where they start saves walking past the full part of a large lock. Both
    are read lazily, so a plan costs what it places, not the size of the lock.
    """
    lo, hi = pin_range
    blocked_set = blocked if isinstance(blocked, Container) else set(blocked)

    def usable(slot: int) -> bool:
        return 1 <= slot <= slot_count and slot not in blocked_set

    fits: list[CredentialRef] = []
    wrong_length: list[CredentialRef] = []
    for want in wanted:
        (fits if lo <= want.length <= hi else wrong_length).append(want.ref)

    wanted_set = set(fits)
    slots: dict[int, CredentialRef] = {}
    placed: set[CredentialRef] = set()
    for slot, ref in sorted(current.items()):
        # A credential found in two slots keeps the lower one; the other is leaving.
        if usable(slot) and ref in wanted_set and ref not in placed:
            slots[slot] = ref
            placed.add(ref)
    # Slots whose credential is leaving come first: overwriting costs one command.
    leaving = [s for s in sorted(current) if s not in slots and usable(s)]

    def empty_slots() -> Iterator[int]:
        # Only when the leaving slots do not suffice.
        for slot in range(1, slot_count + 1) if empty is None else empty:
            if usable(slot) and slot not in current:
                yield slot

    free = chain(leaving, empty_slots())
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
