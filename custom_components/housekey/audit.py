"""The record: every access, admin change and alert becomes a recorder-kept event.

Only these three functions fire Housekey's events, so what an event may carry is
decided here once: never a code. Each event also goes to the household's audit
journal from here, and only from here: an event someone else fires on the bus
under the same name never reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.logbook import async_log_entry
from homeassistant.core import Context, HomeAssistant

from .const import DOMAIN, EVENT_ACCESS, EVENT_ADMIN, EVENT_ALERT
from .core.model import CredentialKind, CredentialRef, Person
from .journal import ACCESS, ADMIN, ALERT, journal_record
from .logbook import alert_message, entry_name
from .providers.base import Method, Outcome
from .records import Applied

#: Alerts no logbook line may show: every user can read the logbook.
SILENT_ALERTS = frozenset({"duress"})


def public_slot(applied: Mapping[int, Applied], slot: int | None) -> int | None:
    """Return the slot an access may report: a duress PIN's slot would tell.

    A duress opening reports the slot of the person's own PIN, so it looks like any
    opening of theirs.
    """
    held = applied.get(slot) if slot is not None else None
    if held is None or held.ref.kind is not CredentialKind.DURESS:
        return slot
    pin = CredentialRef(held.ref.person_id, CredentialKind.PIN)
    return next((s for s, a in applied.items() if a.ref == pin), None)


def fire_access(
    hass: HomeAssistant,
    household: str,
    lock: str,
    outcome: Outcome,
    method: Method,
    slot: int | None,
    person: Person | None,
    user_id: str | None = None,
) -> dict[str, Any]:
    """Record one access attempt and return the event data.

    `entity_id` repeats `lock` under the name the logbook filters on: the door's own logbook
    then shows who opened it.
    """
    data: dict[str, Any] = {
        "household": household,
        "lock": lock,
        "entity_id": lock,
        "outcome": outcome.value,
        "person_id": person.person_id if person else None,
        "person_name": person.name if person else None,
        "role": person.role.value if person else None,
        "method": method.value,
        "slot": slot,
        "user_id": user_id,
    }
    hass.bus.async_fire(EVENT_ACCESS, data)
    journal_record(hass, household, ACCESS, data)
    return data


def fire_admin(
    hass: HomeAssistant,
    household: str,
    action: str,
    person: Person | None,
    context: Context | None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Record one admin change with the Home Assistant user who made it.

    `detail` adds what the change was about where a person does not say it (the
    audit journal's verification and exports).
    """
    data = {
        "household": household,
        "action": action,
        "person_id": person.person_id if person else None,
        "person_name": person.name if person else None,
        "actor": context.user_id if context else None,
        **(detail or {}),
    }
    hass.bus.async_fire(EVENT_ADMIN, data, context=context)
    journal_record(hass, household, ADMIN, data)


def fire_alert(
    hass: HomeAssistant,
    household: str,
    kind: str,
    lock: str | None,
    person_id: str | None = None,
    detail: str = "",
) -> None:
    """Raise an alert for automations (duress, brute force, foreign code, failures).

    Every alert but a duress one also gets a logbook line.
    """
    if kind not in SILENT_ALERTS:
        async_log_entry(hass, entry_name(household), alert_message(kind, lock), DOMAIN)
    data = {
        "household": household,
        "kind": kind,
        "lock": lock,
        "person_id": person_id,
        "detail": detail,
    }
    hass.bus.async_fire(EVENT_ALERT, data)
    journal_record(hass, household, ALERT, data)
