"""Logbook lines for Housekey's access and admin events.

Alerts are not described here: every user sees the logbook, and a duress alert must
not show. `audit.fire_alert` writes a logbook entry for every other kind of alert.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ACCESS, EVENT_ADMIN


def _access(hass: HomeAssistant, data: dict[str, Any]) -> str:
    who = data.get("person_name") or "an unknown code"
    verb = "opened" if data.get("outcome") == "granted" else "was refused at"
    lock = str(data.get("lock"))
    door = state.name if (state := hass.states.get(lock)) else lock
    return f"{who} {verb} {door} ({data.get('method')})"


def _admin(hass: HomeAssistant, data: dict[str, Any]) -> str:
    who = data.get("person_name") or data.get("person_id")
    action = str(data.get("action", "")).replace("_", " ")
    if refused := data.get("refused"):  # what a user tried and was not let do
        about = f" {who}" if who else ""
        return f"refused: {action}{about} ({str(refused).replace('_', ' ')})"
    return f"{action}: {who}"


def entry_name(household: str) -> str:
    """Return the name Housekey's logbook lines go under."""
    return f"Housekey {household}".strip()


def alert_message(kind: str, lock: str | None) -> str:
    """Return the logbook line of an alert."""
    where = f" at {lock}" if lock else ""
    return f"alert {kind.replace('_', ' ')}{where}"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe Housekey's access and admin events in the logbook."""
    for event_type, text in ((EVENT_ACCESS, _access), (EVENT_ADMIN, _admin)):

        @callback
        def describe(
            event: Event, text: Callable[[HomeAssistant, dict[str, Any]], str] = text
        ) -> dict[str, str]:
            data = event.data
            line = {
                LOGBOOK_ENTRY_NAME: entry_name(str(data.get("household", ""))),
                LOGBOOK_ENTRY_MESSAGE: text(hass, dict(data)),
            }
            if event.event_type == EVENT_ACCESS and data.get("lock"):
                # Linked to the door: the door's own logbook shows who opened it.
                line[LOGBOOK_ENTRY_ENTITY_ID] = str(data["lock"])
            return line

        async_describe_event(DOMAIN, event_type, describe)
