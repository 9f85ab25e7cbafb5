"""A logging filter for the records Home Assistant writes with action data in them.

At DEBUG level Home Assistant core logs every event it handles (`Bus:Handling`,
action calls included) before any listener runs, and the websocket API logs every
message it receives and sends. Their data travels in the record's arguments, so a
filter on those loggers can rewrite it before any handler formats the record. The keys
typed at a Z-Wave Entry Control keypad come in Home Assistant's own `zwave_js_notification`
event, which the bus logs as it fires it (before any listener), in the message
zwave_js_server logs as it receives it, and in the zwave-js driver's own log, which Home
Assistant's zwave_js relays at DEBUG: all lose them here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .providers.zwave_js_keypad import scrub_typed_keys
from .redaction import REDACTED, carries_secret, mentions, redact, redact_text

#: Loggers that write action data (calls, events, websocket messages) at DEBUG level.
DATA_LOGGERS = (
    "homeassistant.core",
    "homeassistant.components.websocket_api.http.connection",
    "homeassistant.components.api",
    "homeassistant.helpers.script",
    "homeassistant.helpers.event",  # a script's wait_template, with the run's variables
    "zwave_js_server",  # every message from the Z-Wave JS server, keypad notifications too
    "zwave_js_server.server",  # the zwave-js driver's own log, relayed at DEBUG
    # an ESPHome keypad's action call refused (actions not allowed), logged with its data
    "homeassistant.components.esphome.manager",
)


class SecretFilter(logging.Filter):
    """Redact secret fields, and the secrets Housekey knows are in flight, from records."""

    def __init__(self, known: Callable[[], list[str]]) -> None:
        """Also redact the secrets `known` returns, wherever they appear."""
        super().__init__()
        self._known = known

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        known = self._known()
        if isinstance(record.args, Mapping):
            record.args = _redact_arg(record.args, known)
        elif record.args:
            record.args = tuple(_redact_arg(arg, known) for arg in record.args)
        if not isinstance(record.msg, str):
            record.msg = _redact_arg(record.msg, known)
        elif not record.args:  # a format string with arguments is left as it is
            record.msg = _redact_message(record.msg, known)
        return True


def _redact_arg(arg: Any, known: list[str]) -> Any:
    if isinstance(arg, int | float | bool) or arg is None:
        return arg
    if isinstance(arg, Mapping | list | tuple):
        mentioned = [s for s in known if mentions(arg, s)]
        if mentioned or carries_secret(arg):
            return redact(arg, mentioned)
    # Anything else is formatted as text: redact what that text would show.
    text = arg.decode(errors="replace") if isinstance(arg, bytes | bytearray) else str(arg)
    redacted = _redact_message(text, known)
    return arg if redacted == text else redacted


def _redact_message(text: str, known: list[str]) -> str:
    return scrub_typed_keys(redact_text(text, known), REDACTED)


def install_log_filter(
    known: Callable[[], list[str]], names: Iterable[str] = DATA_LOGGERS
) -> Callable[[], None]:
    """Attach the filter to the loggers that write action data; return its removal."""
    log_filter = SecretFilter(known)
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addFilter(log_filter)

    def remove() -> None:
        for logger in loggers:
            logger.removeFilter(log_filter)

    return remove
