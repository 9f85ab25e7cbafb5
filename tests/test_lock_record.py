"""The lock record's counts, against the sets they stand for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custom_components.housekey.core.model import CredentialKind, CredentialRef
from custom_components.housekey.records import Applied, LockRecord

SLOTS = st.sets(st.integers(min_value=1, max_value=40), max_size=30)
REF = CredentialRef("p1", CredentialKind.PIN)


@given(applied=SLOTS, doubt=SLOTS, foreign=SLOTS)
def test_taken_counts_every_slot_housekeys_or_foreign_once(
    applied: set[int], doubt: set[int], foreign: set[int]
) -> None:
    """Slots may be in any of the three at once (a doubtful write over a held code, a
    foreign code seen where a write was lost): each counts once."""
    record = LockRecord(
        applied={slot: Applied(REF, 1) for slot in applied},
        doubt={slot: frozenset({REF}) for slot in doubt},
        foreign=set(foreign),
    )
    assert record.taken() == len(record.managed() | record.foreign)
