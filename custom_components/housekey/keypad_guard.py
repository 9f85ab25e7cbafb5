"""Brute-force protection at run time: wrong codes per lock, alerts, lockouts, hardening.

The counting rules live in `core.attempts`. This module applies them to one
household: the windows come from the options; an episode raises one
`housekey_alert` of kind `brute_force`; a simulated keypad is locked out for as long
as a verdict says (real keypads cannot be locked out from Home Assistant, so theirs
are tightened instead: the lock's own wrong-code limit and lockout are set once,
when the lock is adopted or the options change, through `async_harden_keypad`); and
the counters are kept in the household's Store, so a reload forgives nothing.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .audit import fire_alert
from .const import (
    CONF_BURST_ATTEMPTS,
    CONF_BURST_WINDOW,
    CONF_SLOW_ATTEMPTS,
    CONF_SLOW_WINDOW,
    DEFAULT_BURST_ATTEMPTS,
    DEFAULT_BURST_WINDOW,
    DEFAULT_SLOW_ATTEMPTS,
    DEFAULT_SLOW_WINDOW,
)
from .core.attempts import AttemptPolicy, Attempts, Verdict, Window, span
from .providers.base import AccessEvent, LockAlarm, ProviderError
from .providers.simulated import SimulatedKeypad
from .records import SyncState
from .sync import LockSync

_LOGGER = logging.getLogger(__name__)

#: seconds before a lock whose keypad could not be tightened is tried again
HARDEN_RETRY = 600.0


def policy_from_options(options: Mapping[str, Any]) -> AttemptPolicy:
    """Build the household's windows from its options (defaults where unset)."""
    try:
        return AttemptPolicy(
            (
                Window(
                    "burst",
                    int(options.get(CONF_BURST_ATTEMPTS, DEFAULT_BURST_ATTEMPTS)),
                    float(options.get(CONF_BURST_WINDOW, DEFAULT_BURST_WINDOW)),
                ),
                Window(
                    "slow",
                    int(options.get(CONF_SLOW_ATTEMPTS, DEFAULT_SLOW_ATTEMPTS)),
                    float(options.get(CONF_SLOW_WINDOW, DEFAULT_SLOW_WINDOW)) * 3600,
                ),
            )
        )
    except (TypeError, ValueError):
        _LOGGER.warning("Brute-force options are not valid; the defaults apply")
        return AttemptPolicy()


class KeypadGuard:
    """Counts one household's wrong codes and acts on them."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        household: str,
        keypads: Mapping[str, SimulatedKeypad],
        save: Callable[[], None],
    ) -> None:
        """Start with no counters; `restore` loads the saved ones."""
        self.hass = hass
        self.entry = entry
        self.household = household
        self.policy = policy_from_options(entry.options)
        self.attempts: dict[str, Attempts] = {}
        #: per lock, the keypad limit last set on it: {"limit", "lockout", "supported"}
        self.hardened: dict[str, dict[str, Any]] = {}
        self._keypads = keypads
        self._save = save
        #: locks being tightened, or waiting to be tried again after a failure
        self._hardening: set[str] = set()

    # ---- persistence -------------------------------------------------------------------

    def restore(self, data: Any, lock_ids: Iterable[str]) -> None:
        """Load the saved counters of the household's locks (anything unreadable is dropped)."""
        data = data if isinstance(data, dict) else {}
        attempts = data.get("attempts") if isinstance(data.get("attempts"), dict) else {}
        hardened = data.get("hardened") if isinstance(data.get("hardened"), dict) else {}
        for lock_id in lock_ids:
            self.attempts[lock_id] = Attempts.from_dict(attempts.get(lock_id), self.policy)
            if isinstance(hardened.get(lock_id), dict):
                self.hardened[lock_id] = dict(hardened[lock_id])

    def to_dict(self) -> dict[str, Any]:
        """Serialize for the household's Store (bounded: see core.attempts)."""
        return {
            "attempts": {lock_id: a.to_dict() for lock_id, a in self.attempts.items()},
            "hardened": dict(self.hardened),
        }

    # ---- what the locks report ---------------------------------------------------------

    @callback
    def denied(self, lock_id: str, event: AccessEvent) -> None:
        """Count a refused attempt; alert when it opens an episode, lock out when due."""
        if event.slot is not None:
            return  # the lock knew the code (outside its hours, disabled): no guess
        state = self.attempts.setdefault(lock_id, Attempts())
        now = dt_util.utcnow().timestamp()
        if event.locked_out:
            state.refused_attempt(now, self.policy)
        else:
            verdict = state.wrong_code(now, self.policy)
            locked_out = self._lock_out(lock_id, verdict)
            if verdict.opened is not None:
                detail = f"{verdict.opened.describe()}; {self._lockout_text(lock_id, locked_out)}"
                fire_alert(self.hass, self.household, "brute_force", lock_id, detail=detail)
        self._save()

    def locked_out(self, lock_id: str) -> bool:
        """Return whether a lock's keypad is locked out now (after wrong codes)."""
        state = self.attempts.get(lock_id)
        return state is not None and state.locked_out(dt_util.utcnow().timestamp(), self.policy)

    @callback
    def lock_alarm(self, lock_id: str, alarm: LockAlarm) -> None:
        """Take the lock's own wrong-code alarm as an episode (alerted once with the rest)."""
        state = self.attempts.setdefault(lock_id, Attempts())
        if state.lock_alarm(dt_util.utcnow().timestamp(), self.policy):
            detail = "the lock's own wrong-code limit"
            if alarm.detail:
                detail = f"{detail}: {alarm.detail}"
            fire_alert(self.hass, self.household, "brute_force", lock_id, detail=detail)
        self._save()

    def _lock_out(self, lock_id: str, verdict: Verdict) -> float:
        """Lock a simulated keypad out as the verdict says; return the seconds (0: none)."""
        keypad = self._keypads.get(lock_id)
        if keypad is None or not verdict.lockout:
            return 0.0
        keypad.lock_out(verdict.lockout_until)
        return verdict.lockout

    def _lockout_text(self, lock_id: str, locked_out: float) -> str:
        if locked_out:
            return f"keypad locked out for {span(locked_out)}"
        if self.hardened.get(lock_id, {}).get("supported"):
            return "the lock shuts its keypad by its own wrong-code limit"
        return "no lockout: Housekey cannot shut this lock's keypad"

    # ---- the lock's own limit ----------------------------------------------------------

    def wanted(self) -> dict[str, int]:
        """Return the keypad limit a lock should hold: the burst window and first lockout."""
        burst = self.policy.windows[0]
        return {"limit": burst.limit, "lockout": math.ceil(self.policy.lockout_base)}

    @callback
    def harden(self, sync: LockSync) -> None:
        """Set the lock's own keypad limit once it is adopted and idle, if not yet set."""
        lock_id = sync.lock_id
        wanted = self.wanted()
        done = self.hardened.get(lock_id, {})
        if all(done.get(k) == v for k, v in wanted.items()) or lock_id in self._hardening:
            return
        if sync.working or sync.state is not SyncState.IN_SYNC:
            return  # not adopted yet, or busy: the queue's commands go first
        self._hardening.add(lock_id)
        # A one-off task Home Assistant waits for (not a background one): a settled
        # household has its keypads tightened.
        self.entry.async_create_task(
            self.hass, self._harden(sync, wanted), f"housekey harden {lock_id}"
        )

    async def _harden(self, sync: LockSync, wanted: dict[str, int]) -> None:
        lock_id = sync.lock_id
        try:
            await asyncio.sleep(sync.provider.pacing)  # the radio's breathing room after the queue
            supported = await sync.provider.async_harden_keypad(wanted["limit"], wanted["lockout"])
        except Exception as err:
            # The type only: a stack's message may quote anything it was sent.
            log = _LOGGER.warning if isinstance(err, ProviderError) else _LOGGER.error
            log("Could not set the wrong-code limit of %s (%s)", lock_id, type(err).__name__)
            self.entry.async_on_unload(
                async_call_later(self.hass, HARDEN_RETRY, partial(self._retry, sync))
            )
            return
        self._hardening.discard(lock_id)
        self.hardened[lock_id] = {**wanted, "supported": supported}
        self._save()
        if supported:
            _LOGGER.info("%s now shuts its keypad after %d wrong codes", lock_id, wanted["limit"])

    @callback
    def _retry(self, sync: LockSync, _now: Any) -> None:
        self._hardening.discard(sync.lock_id)
        self.harden(sync)
