"""The record: every access, admin change and alert becomes a recorder-kept event.

Only these three functions fire Housekey's events, so what an event may carry is
decided here once: never a code.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import Context, HomeAssistant

from .const import EVENT_ACCESS, EVENT_ADMIN, EVENT_ALERT
from .core.model import Person
from .providers.base import Method, Outcome


def fire_access(
    hass: HomeAssistant,
    household: str,
    lock: str,
    outcome: Outcome,
    method: Method,
    slot: int | None,
    person: Person | None,
) -> dict[str, Any]:
    """Record one access attempt and return the event data."""
    data: dict[str, Any] = {
        "household": household,
        "lock": lock,
        "outcome": outcome.value,
        "person_id": person.person_id if person else None,
        "person_name": person.name if person else None,
        "role": person.role.value if person else None,
        "method": method.value,
        "slot": slot,
    }
    hass.bus.async_fire(EVENT_ACCESS, data)
    return data


def fire_admin(
    hass: HomeAssistant,
    household: str,
    action: str,
    person: Person | None,
    context: Context | None,
) -> None:
    """Record one admin change with the Home Assistant user who made it."""
    hass.bus.async_fire(
        EVENT_ADMIN,
        {
            "household": household,
            "action": action,
            "person_id": person.person_id if person else None,
            "person_name": person.name if person else None,
            "actor": context.user_id if context else None,
        },
        context=context,
    )


def fire_alert(
    hass: HomeAssistant,
    household: str,
    kind: str,
    lock: str | None,
    person_id: str | None = None,
    detail: str = "",
) -> None:
    """Raise an alert for automations (duress, brute force, foreign code, failures)."""
    hass.bus.async_fire(
        EVENT_ALERT,
        {
            "household": household,
            "kind": kind,
            "lock": lock,
            "person_id": person_id,
            "detail": detail,
        },
    )
