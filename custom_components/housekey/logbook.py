"""Logbook lines for Housekey's access, admin and alert events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ACCESS, EVENT_ADMIN, EVENT_ALERT


def _access(data: dict[str, Any]) -> str:
    who = data.get("person_name") or "an unknown code"
    verb = "opened" if data.get("outcome") == "granted" else "was refused at"
    return f"{who} {verb} {data.get('lock')} ({data.get('method')})"


def _admin(data: dict[str, Any]) -> str:
    who = data.get("person_name") or data.get("person_id")
    return f"{str(data.get('action', '')).replace('_', ' ')}: {who}"


def _alert(data: dict[str, Any]) -> str:
    where = f" at {data['lock']}" if data.get("lock") else ""
    return f"alert {str(data.get('kind', '')).replace('_', ' ')}{where}"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe Housekey's events in the logbook."""
    for event_type, text in ((EVENT_ACCESS, _access), (EVENT_ADMIN, _admin), (EVENT_ALERT, _alert)):

        @callback
        def describe(event: Event, text: Callable[[dict[str, Any]], str] = text) -> dict[str, str]:
            data = event.data
            return {
                LOGBOOK_ENTRY_NAME: f"Housekey {data.get('household', '')}".strip(),
                LOGBOOK_ENTRY_MESSAGE: text(dict(data)),
            }

        async_describe_event(DOMAIN, event_type, describe)
