"""Codes typed at a forwarding keypad and checked by Home Assistant: `housekey.submit_code`.

A keypad that forwards what was typed (an ESPHome or Wiegand keypad, a Z-Wave Entry
Control keypad) needs no lock slot: the code is checked here against everyone allowed at
that door now (the rules are in `core/codes.py`), the door is opened through its lock
entity's `lock.unlock`, and the attempt is recorded as any keypad access is: a
`housekey_access` with method `keypad` and the person, a duress PIN's silent alert, and
wrong codes counted against brute force at that door. While the door's keypad is locked
out after wrong codes, every code is refused unread, the right one too.

`DoorCodes.async_submit` is the one entry point: the action calls it, and so can anything
else that hears a keypad (`source` says what, for the log).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from homeassistant.const import ATTR_ENTITY_ID, SERVICE_UNLOCK, STATE_UNAVAILABLE, Platform
from homeassistant.core import Context
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .core.codes import CodeIndex, DoorCode, Verdict, check_code, may_open, spend, unspend
from .core.model import CredentialKind
from .providers.base import AccessEvent, Method, Outcome
from .validation import invalid, shown

if TYPE_CHECKING:
    from .runtime import Housekey

_LOGGER = logging.getLogger(__name__)

#: the keypad credential behind a door code, for the record (a duress PIN's alert)
_CREDENTIAL = {DoorCode.PIN: CredentialKind.PIN, DoorCode.DURESS: CredentialKind.DURESS}
_TYPED = AccessEvent(Outcome.DENIED, Method.KEYPAD)


@dataclass(frozen=True, slots=True)
class DoorAnswer:
    """What a keypad is told: whether the door opened, and whether its keypad is locked out."""

    granted: bool
    locked_out: bool = False


class DoorCodes:
    """Checks the codes typed at one household's forwarding keypads."""

    def __init__(self, runtime: Housekey) -> None:
        """Serve one household; its codes are indexed at the first code typed."""
        self._rt = runtime
        self.index = CodeIndex()

    async def async_submit(
        self, lock_id: str, code: str, *, source: str, context: Context | None = None
    ) -> DoorAnswer:
        """Check a code typed at the keypad of a lock; open the lock when it is right.

        Raises a translated ServiceValidationError for a lock the household does not
        manage, and a HomeAssistantError when the code was right but the lock did not open.
        """
        rt = self._rt
        if lock_id not in rt.locks:
            raise invalid("unknown_lock", "lock", lock=shown(lock_id))
        if rt.guard.locked_out(lock_id):
            refused = replace(_TYPED, locked_out=True)
            rt.guard.denied(lock_id, refused)
            rt.reports.record(lock_id, refused, None, None, counted=True)
            _LOGGER.debug("A code typed at %s (%s) was refused unread: locked out", lock_id, source)
            return DoorAnswer(granted=False, locked_out=True)
        now = dt_util.utcnow()
        people = rt.household.people
        checked = check_code(code, lock_id, rt.household, self.index, now, rt.tz)
        _LOGGER.debug("A code typed at %s (%s) was %s", lock_id, source, checked.verdict.value)
        match = checked.match
        if checked.verdict is not Verdict.GRANTED or match is None:
            if checked.verdict is Verdict.WRONG:
                rt.guard.denied(lock_id, _TYPED)
            # Someone's code outside their hours names them, as a lock's keypad does.
            known = checked.verdict is Verdict.REFUSED and match is not None
            person = people[match.person_id] if known and match is not None else None
            rt.reports.record(lock_id, _TYPED, person, None, counted=True)
            return DoorAnswer(granted=False, locked_out=rt.guard.locked_out(lock_id))
        person_id = match.person_id
        spent = spend(people[person_id], match, now)
        if spent is not people[person_id]:
            people[person_id] = spent
            # Used before the door opens: neither a restart nor a second keypad brings it back.
            await rt.data.async_save_people({person_id})
            if not may_open(people.get(person_id), lock_id, dt_util.utcnow(), rt.tz):
                rt.reports.record(lock_id, _TYPED, people.get(person_id), None, counted=True)
                return DoorAnswer(granted=False)
        try:
            await self._async_unlock(lock_id, context)
        except HomeAssistantError as err:
            rt.reports.callers.own(lock_id)
            if (current := people.get(person_id)) is not None:
                people[person_id] = unspend(current, match)
                rt.save_later()
            # The type only: a stack's message may quote anything it was sent.
            _LOGGER.warning("%s did not open for a right code (%s)", lock_id, type(err).__name__)
            rt.reports.record(lock_id, _TYPED, people.get(person_id), None, counted=True)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="unlock_failed",
                translation_placeholders={"lock": lock_id},
            ) from err
        opened = AccessEvent(Outcome.GRANTED, Method.KEYPAD)
        person = people.get(person_id, spent)
        rt.reports.record(lock_id, opened, person, _CREDENTIAL.get(match.kind), counted=True)
        return DoorAnswer(granted=True)

    async def _async_unlock(self, lock_id: str, context: Context | None) -> None:
        """Open a lock through its entity; raise HomeAssistantError when it cannot be asked.

        Home Assistant skips an unavailable entity without a word, so that is a failure here.
        """
        state = self._rt.hass.states.get(lock_id)
        if state is None or state.state == STATE_UNAVAILABLE:
            raise HomeAssistantError(f"{lock_id} is unavailable")
        self._rt.reports.callers.expect_own(lock_id)
        await self._rt.hass.services.async_call(
            Platform.LOCK, SERVICE_UNLOCK, {ATTR_ENTITY_ID: lock_id}, blocking=True, context=context
        )
