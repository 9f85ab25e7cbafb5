"""The offline-readiness report of one door: the "router unplugged" test, as a verdict.

The product promises three things with the internet gone and, wherever the lock can,
with Home Assistant down too: the lock keeps admitting exactly the right people
(authentication), admins can still change who that is (management), and every access
is recorded (audit). Each door gets one verdict per test, pass / warn / fail, with the
reason that decided it (a translation key under `readiness`), computed here from facts
the providers and the sync engine already hold, so every place that shows the report
(the sync sensor, diagnostics, the panel, repair issues) shows the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Verdict(StrEnum):
    """How a door does on one test."""

    PASS = "pass"  # noqa: S105 (a verdict, not a password)
    WARN = "warn"  # it holds, with a dependency on Home Assistant or a passing state
    FAIL = "fail"  # it does not hold now: somebody has to act


class Check(StrEnum):
    """The three tests, in the order they are shown."""

    AUTHENTICATION = "authentication"
    MANAGEMENT = "management"
    AUDIT = "audit"


#: the backends whose locks Home Assistant talks to on the local network or radio; a
#: backend not listed is taken for one that needs a cloud service to manage the lock
LOCAL_BACKENDS: Final = frozenset({"zwave_js", "zha", "zigbee2mqtt", "matter", "simulated"})


@dataclass(frozen=True, slots=True)
class DoorFacts:
    """What is known of one door right now (no code, no name of anyone)."""

    backend: str
    #: whether the lock's capabilities (slots, methods, schedules) have been read
    known: bool
    #: whether the lock can be reached now
    reachable: bool
    #: whether its sync keeps failing (the circuit breaker is open)
    failing: bool
    #: slots that do not hold what they should yet
    pending: int
    #: people with access here whose PIN found no slot on the lock
    not_placed: int
    #: people with access here whose hours Home Assistant keeps (codes written and
    #: cleared at the window edges), because the lock holds no hours or not theirs
    hours_by_home_assistant: int
    #: forwarding keypads bound to the door (Home Assistant checks what they send)
    forwarding_keypads: int
    #: the access methods the lock reports (empty: it reports no accesses)
    methods: frozenset[str]
    #: whether the lock keeps its own event log, read back after a gap
    keeps_log: bool
    #: whether the lock is Home Assistant itself (a simulated keypad)
    in_home_assistant: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One test's verdict and the reason for it."""

    verdict: Verdict
    reason: str


@dataclass(frozen=True, slots=True)
class Readiness:
    """A door's three verdicts."""

    authentication: Finding
    management: Finding
    audit: Finding

    def findings(self) -> dict[Check, Finding]:
        """Return each test's finding, in the order they are shown."""
        return {
            Check.AUTHENTICATION: self.authentication,
            Check.MANAGEMENT: self.management,
            Check.AUDIT: self.audit,
        }

    def failed(self) -> dict[Check, str]:
        """Return the tests the door fails, with the reason of each."""
        return {c: f.reason for c, f in self.findings().items() if f.verdict is Verdict.FAIL}

    def verdicts(self) -> dict[str, str]:
        """Return each test's verdict, as the sync sensor shows them."""
        return {c.value: f.verdict.value for c, f in self.findings().items()}

    def reasons(self) -> dict[str, str]:
        """Return each test's reason key, as the sync sensor shows them."""
        return {c.value: f.reason for c, f in self.findings().items()}


def readiness(facts: DoorFacts) -> Readiness:
    """Judge a door by the three tests."""
    return Readiness(_authentication(facts), _management(facts), _audit(facts))


def _authentication(facts: DoorFacts) -> Finding:
    """Judge whether the lock holds, now and by itself, every code and hour it needs."""
    if facts.not_placed:
        return Finding(Verdict.FAIL, "codes_not_placed")
    behind = facts.pending > 0 or not facts.known
    if behind and (facts.failing or not facts.reachable):
        return Finding(Verdict.FAIL, "codes_stuck")
    if behind:
        return Finding(Verdict.WARN, "codes_pending")
    if facts.in_home_assistant:
        return Finding(Verdict.WARN, "lock_is_home_assistant")
    if facts.forwarding_keypads:
        return Finding(Verdict.WARN, "keypad_needs_home_assistant")
    if facts.hours_by_home_assistant:
        return Finding(Verdict.WARN, "hours_need_home_assistant")
    return Finding(Verdict.PASS, "codes_on_lock")


def _management(facts: DoorFacts) -> Finding:
    """Judge whether an admin can change who opens it, on the local network, now."""
    if facts.backend not in LOCAL_BACKENDS:
        return Finding(Verdict.FAIL, "not_local")
    if not facts.reachable:
        return Finding(Verdict.FAIL, "lock_unreachable")
    if facts.failing:
        return Finding(Verdict.FAIL, "sync_failing")
    return Finding(Verdict.PASS, "local_and_reachable")


def _audit(facts: DoorFacts) -> Finding:
    """Judge whether every access is on the record, Home Assistant down or not."""
    if facts.in_home_assistant:
        # It opens only through Home Assistant, which records every opening.
        return Finding(Verdict.PASS, "recorded_by_home_assistant")
    if not facts.known:
        return Finding(Verdict.WARN, "not_read_yet")
    if not facts.methods:
        return Finding(Verdict.FAIL, "no_access_reports")
    if not facts.keeps_log:
        return Finding(Verdict.WARN, "no_own_log")
    return Finding(Verdict.PASS, "reports_and_log")
