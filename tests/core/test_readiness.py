"""The offline-readiness verdicts of a door, from the facts alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.housekey.core.readiness import (
    Check,
    DoorFacts,
    Finding,
    Verdict,
    readiness,
)

#: a Z-Wave lock that holds every code, reports keypad openings and keeps its own log
READY = DoorFacts(
    backend="zwave_js",
    known=True,
    reachable=True,
    failing=False,
    pending=0,
    not_placed=0,
    hours_by_home_assistant=0,
    forwarding_keypads=0,
    methods=frozenset({"keypad", "manual"}),
    keeps_log=True,
)


def test_a_door_that_needs_nothing_but_itself_passes_all_three() -> None:
    report = readiness(READY)
    assert report.verdicts() == {"authentication": "pass", "management": "pass", "audit": "pass"}
    assert report.reasons() == {
        "authentication": "codes_on_lock",
        "management": "local_and_reachable",
        "audit": "reports_and_log",
    }
    assert report.failed() == {}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"not_placed": 1}, Finding(Verdict.FAIL, "codes_not_placed")),
        ({"pending": 2, "reachable": False}, Finding(Verdict.FAIL, "codes_stuck")),
        ({"pending": 2, "failing": True}, Finding(Verdict.FAIL, "codes_stuck")),
        ({"known": False, "reachable": False}, Finding(Verdict.FAIL, "codes_stuck")),
        ({"pending": 2}, Finding(Verdict.WARN, "codes_pending")),
        # unreachable with nothing to do: the lock still holds every code
        ({"reachable": False}, Finding(Verdict.PASS, "codes_on_lock")),
        ({"forwarding_keypads": 1}, Finding(Verdict.WARN, "keypad_needs_home_assistant")),
        ({"hours_by_home_assistant": 3}, Finding(Verdict.WARN, "hours_need_home_assistant")),
        ({"in_home_assistant": True}, Finding(Verdict.WARN, "lock_is_home_assistant")),
    ],
)
def test_authentication(change: dict[str, object], expected: Finding) -> None:
    assert readiness(replace(READY, **change)).authentication == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"backend": "august_cloud"}, Finding(Verdict.FAIL, "not_local")),
        ({"reachable": False}, Finding(Verdict.FAIL, "lock_unreachable")),
        ({"failing": True}, Finding(Verdict.FAIL, "sync_failing")),
        ({"backend": "simulated"}, Finding(Verdict.PASS, "local_and_reachable")),
    ],
)
def test_management(change: dict[str, object], expected: Finding) -> None:
    assert readiness(replace(READY, **change)).management == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"methods": frozenset()}, Finding(Verdict.FAIL, "no_access_reports")),
        ({"methods": frozenset(), "keeps_log": False}, Finding(Verdict.FAIL, "no_access_reports")),
        ({"keeps_log": False}, Finding(Verdict.WARN, "no_own_log")),
        ({"known": False}, Finding(Verdict.WARN, "not_read_yet")),
        (
            {"in_home_assistant": True, "keeps_log": False},
            Finding(Verdict.PASS, "recorded_by_home_assistant"),
        ),
    ],
)
def test_audit(change: dict[str, object], expected: Finding) -> None:
    assert readiness(replace(READY, **change)).audit == expected  # type: ignore[arg-type]


def test_failed_names_each_failing_test_once() -> None:
    facts = replace(READY, reachable=False, pending=1, methods=frozenset())
    assert readiness(facts).failed() == {
        Check.AUTHENTICATION: "codes_stuck",
        Check.MANAGEMENT: "lock_unreachable",
        Check.AUDIT: "no_access_reports",
    }
