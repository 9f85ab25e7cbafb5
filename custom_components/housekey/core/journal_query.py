"""What the panel's Audit view asks of the journal: a page of records, newest first, filtered.

The journal can hold a year of records (100,000 and more), so the panel never gets it
whole: it asks for one page at a time, and for the next page from the last record it
was given (`before`, a seq), so records written meanwhile never shift a page. Plain
Python (no Home Assistant), like the journal's records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from .journal import Record

#: what the Audit view filters on, and the record kinds each one shows. The journal's own
#: records (a stop, a lock out of reach, what was read back, a checkpoint) go with the gaps
#: they tell of; a lock's logged non-access event (`lock_event`) with the accesses.
KIND_GROUPS: Final[Mapping[str, frozenset[str]]] = {
    "access": frozenset({"access", "lock_event"}),
    "admin": frozenset({"admin"}),
    "alert": frozenset({"alert"}),
    "gap": frozenset({"gap", "unreachable", "recovery", "stop", "checkpoint"}),
}
#: the most records one page holds
MAX_PAGE: Final = 200


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """Which records a page shows: every filter given must match (None: any)."""

    kinds: frozenset[str] | None = None
    person_id: str | None = None
    lock: str | None = None
    #: ISO times as the journal writes them (UTC): from `start`, before `end`
    start: str | None = None
    end: str | None = None
    #: only records older than this seq (the last one of the page before)
    before: int | None = None
    limit: int = 50

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Return whether one record passes every filter."""
        data = record.get("data")
        data = data if isinstance(data, Mapping) else {}
        time = str(record.get("time"))
        locks = (data.get("lock"), data.get("entity_id"))
        return not (
            (self.kinds is not None and record.get("kind") not in self.kinds)
            or (self.person_id is not None and data.get("person_id") != self.person_id)
            or (self.lock is not None and self.lock not in locks)
            or (self.start is not None and time < self.start)
            or (self.end is not None and time >= self.end)
        )


def kinds_of(groups: Iterable[str]) -> frozenset[str]:
    """Return the record kinds the chosen filter groups show."""
    return frozenset().union(*(KIND_GROUPS[group] for group in groups))


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page: its records, newest first, and the cursor of the next (None: no more)."""

    records: list[Record]
    next_before: int | None

    def to_dict(self) -> dict[str, Any]:
        """Serialize, as the websocket command answers."""
        return {"records": self.records, "next_before": self.next_before}


def page_of(records: Iterable[Record], query: RecordQuery) -> RecordPage:
    """Take one page from records given newest first (records at or after `before` skipped)."""
    found: list[Record] = []
    for record in records:
        seq = record.get("seq")
        if query.before is not None and isinstance(seq, int) and seq >= query.before:
            continue
        if not query.matches(record):
            continue
        if len(found) == query.limit:
            return RecordPage(found, found[-1]["seq"])
        found.append(record)
    return RecordPage(found, None)
