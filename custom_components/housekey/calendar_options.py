"""The options form's section for guests from calendars (calendar_guests.py)."""

from __future__ import annotations

from typing import Any

from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector

from .const import (
    CONF_AHEAD_DAYS,
    CONF_CALENDARS,
    CONF_CHECKIN_MINUTES,
    CONF_CHECKOUT_MINUTES,
    CONF_DERIVE_PIN,
    CONF_DOORS_FROM_EVENT,
    CONF_SERVICE_CALENDARS,
    CONF_SERVICE_KEYWORD,
    DEFAULT_AHEAD_DAYS,
    DEFAULT_BUFFER_MINUTES,
    MAX_AHEAD_DAYS,
    MAX_BUFFER_MINUTES,
)
from .schema import vol
from .selectors import number_box

CALENDAR = "calendar"
_CALENDARS = selector.EntitySelector(
    selector.EntitySelectorConfig(domain="calendar", multiple=True)
)
#: option -> (default, selector): lists of calendars, text, switches and numbers
_FIELDS: dict[str, tuple[Any, selector.Selector[Any]]] = {
    CONF_CALENDARS: ([], _CALENDARS),
    CONF_SERVICE_CALENDARS: ([], _CALENDARS),
    CONF_SERVICE_KEYWORD: ("", selector.TextSelector()),
    CONF_DOORS_FROM_EVENT: (False, selector.BooleanSelector()),
    CONF_CHECKIN_MINUTES: (
        DEFAULT_BUFFER_MINUTES,
        number_box(0, MAX_BUFFER_MINUTES, "min"),
    ),
    CONF_CHECKOUT_MINUTES: (
        DEFAULT_BUFFER_MINUTES,
        number_box(0, MAX_BUFFER_MINUTES, "min"),
    ),
    CONF_AHEAD_DAYS: (
        DEFAULT_AHEAD_DAYS,
        number_box(1, MAX_AHEAD_DAYS, "d"),
    ),
    CONF_DERIVE_PIN: (False, selector.BooleanSelector()),
}
_NUMBERS = (CONF_CHECKIN_MINUTES, CONF_CHECKOUT_MINUTES, CONF_AHEAD_DAYS)


def calendar_section(options: dict[str, Any]) -> dict[Any, Any]:
    """Build the collapsed section that names the calendars to follow and their rules."""
    fields = {
        vol.Optional(key, default=options.get(key, default)): chosen
        for key, (default, chosen) in _FIELDS.items()
    }
    return {vol.Optional(CALENDAR): section(vol.Schema(fields), {"collapsed": True})}


def calendar_options(user_input: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Return the calendar options the form gave (else the current ones)."""
    given = user_input.get(CALENDAR, {})
    options = {
        key: given.get(key, current.get(key, default)) for key, (default, _) in _FIELDS.items()
    }
    for key in _NUMBERS:
        options[key] = int(options[key])
    options[CONF_SERVICE_KEYWORD] = str(options[CONF_SERVICE_KEYWORD]).strip()
    for key in (CONF_CALENDARS, CONF_SERVICE_CALENDARS):
        options[key] = list(dict.fromkeys(options[key]))
    return options
