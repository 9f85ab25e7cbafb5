"""Each door's offline-readiness report: the facts gathered, judged (core/readiness.py), told.

The facts come from what Housekey already holds: the sync engine's view of the lock, the
plan (people without a slot, people whose hours Home Assistant keeps), the forwarding
keypads bound to the door, and what the provider knows of the lock without asking it.
The report is shown on the lock's sync sensor, in diagnostics and in the panel, and a
door failing a test raises a repair issue saying what to do, withdrawn when it passes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import repairs
from .core.lock_schedule import Enforcement
from .core.model import CredentialKind
from .core.readiness import DoorFacts, Readiness, readiness
from .records import SyncState

if TYPE_CHECKING:
    from .runtime import Housekey


def door_facts(rt: Housekey, lock_id: str) -> DoorFacts:
    """Gather what is known of one door now."""
    sync, info = rt.locks[lock_id], rt.info[lock_id]
    status = sync.view()
    caps = status.capabilities
    return DoorFacts(
        backend=info.backend,
        known=caps is not None,
        reachable=status.state is not SyncState.UNREACHABLE,
        failing=status.state is SyncState.FAILED,
        pending=status.pending,
        not_placed=len({r.person_id for r in info.unplaced if r.kind is CredentialKind.PIN}),
        hours_by_home_assistant=_hours_by_home_assistant(rt, lock_id, status.enforcement),
        forwarding_keypads=sum(b.lock_id == lock_id for b in rt.forwarding.bindings.values()),
        methods=frozenset() if caps is None else frozenset(m.value for m in caps.methods),
        keeps_log=sync.provider.keeps_log(),
        in_home_assistant=sync.provider.in_home_assistant,
    )


def _hours_by_home_assistant(rt: Housekey, lock_id: str, enforcement: Enforcement) -> int:
    """Count the people with access here whose access Home Assistant ends or starts.

    On a lock that holds hours, those whose hours it cannot hold (the plan's fallback);
    elsewhere everyone whose access changes by itself later (hours, a start or an end
    ahead) or ends after a number of uses.
    """
    if enforcement is Enforcement.LOCK:
        return len(rt.info[lock_id].fallback)
    return rt.planning.changing_by_themselves(lock_id)


def door_readiness(rt: Housekey, lock_id: str) -> Readiness:
    """Return one door's report."""
    return readiness(door_facts(rt, lock_id))


def describe(rt: Housekey, lock_id: str) -> dict[str, Any]:
    """Return the report with the facts behind it, for diagnostics and the panel (no secret)."""
    facts = door_facts(rt, lock_id)
    report = readiness(facts)
    return {
        "verdicts": report.verdicts(),
        "reasons": report.reasons(),
        "methods": sorted(facts.methods),
        "keeps_log": facts.keeps_log,
        "last_report": _iso(rt.info[lock_id].last_access_at),
        "last_confirmed": _iso(rt.locks[lock_id].view().confirmed_at),
        "hours_by_home_assistant": facts.hours_by_home_assistant,
        "forwarding_keypads": facts.forwarding_keypads,
    }


def report_issues(rt: Housekey, lock_id: str) -> None:
    """Raise a repair issue for each test the door fails; withdraw those it passes again."""
    repairs.set_readiness(rt.hass, rt.entry.entry_id, lock_id, door_readiness(rt, lock_id))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
