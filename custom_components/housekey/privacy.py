"""Keep codes out of what Home Assistant keeps of action calls: history, traces and logs.

Home Assistant records every action call as a `call_service` event with the data it
was called with, so `housekey.set_pin` with a PIN, or `lock.unlock` with a code,
would put that code into history. Listeners for one event type run before the
recorder's listener for all events, so Housekey replaces the secret fields of these
calls before the event is queued for the database. The action itself has already
received its own copy of the data and is not affected.

The listener runs in the caller's context, so when a script or automation step made
the call, the step's trace record is replaced by the redacted copy as well. What a
script keeps elsewhere (its fields, variables and configuration) Housekey cannot
reach: a PIN that travels through a script or automation raises a repair issue that
names the safe alternatives. A generated PIN that a script receives in a response
variable is blanked when Home Assistant stops, before the traces are saved.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import voluptuous as vol
from homeassistant.const import (
    ATTR_DOMAIN,
    ATTR_ENTITY_ID,
    ATTR_SERVICE_DATA,
    ENTITY_MATCH_ALL,
    EVENT_CALL_SERVICE,
    EVENT_HOMEASSISTANT_CLOSE,
    EVENT_HOMEASSISTANT_STOP,
)
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.service import async_extract_referenced_entity_ids
from homeassistant.helpers.template import Template
from homeassistant.helpers.trace import (
    trace_id_get,
    trace_stack_cv,
    trace_stack_top,
    trace_update_result,
)
from homeassistant.util.hass_dict import HassKey

from . import repairs
from .const import DOMAIN

REDACTED = "**REDACTED**"
SECRET_FIELDS = frozenset(
    {"pin", "duress_pin", "code", "passphrase", "credential_data", "usercode"}
)
#: Domains whose actions can carry a code for a lock Housekey manages.
LOCK_DOMAINS = frozenset({"lock", "matter", "zwave_js", "zha", "mqtt"})
#: Domains whose actions hand their data on to other actions, wherever those go.
RELAY_DOMAINS = frozenset({"script", "automation"})
#: Loggers that write action data (calls, events, websocket messages) at DEBUG level.
DATA_LOGGERS = (
    "homeassistant.core",
    "homeassistant.components.websocket_api.http.connection",
    "homeassistant.components.api",
    "homeassistant.helpers.script",
)
#: Targets normalised the way entity actions normalise them (case, commas, "all").
_TARGET = vol.Schema(cv.ENTITY_SERVICE_FIELDS, extra=vol.ALLOW_EXTRA)

_KEYS = "|".join(sorted(SECRET_FIELDS))
#: `"pin": "123"`, `'pin': 123` (JSON and Python reprs) and `pin=123` (Home Assistant's reprs)
_QUOTED = re.compile(rf"""(["'])({_KEYS})\1(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^,}}\s]+)""")
_ASSIGNED = re.compile(rf"(?<![\w\"'])({_KEYS})=[^,>)\]]*")


def redact(value: Any, known: Iterable[str] = (), *, fields: bool = True) -> Any:
    """Return a copy of action data with every secret field's value replaced.

    Text anywhere in it that holds one of the `known` secrets loses it as well; with
    `fields` false, only that.
    """
    if isinstance(value, Mapping):
        return {
            k: REDACTED
            if fields and str(k).lower() in SECRET_FIELDS
            else redact(v, known, fields=fields)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, known, fields=fields) for v in value]
    if isinstance(value, str):
        return _scrub(value, known)
    return value


def _scrub(text: str, known: Iterable[str]) -> str:
    for secret in known:
        text = text.replace(secret, REDACTED)
    return text


def _mentions(value: Any, secret: str) -> bool:
    if isinstance(value, Mapping):
        return any(_mentions(v, secret) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_mentions(v, secret) for v in value)
    return isinstance(value, str) and secret in value


def redact_text(text: str, known: Iterable[str] = ()) -> str:
    """Replace the values of secret fields in a rendered message (JSON or a repr)."""
    text = _scrub(text, known)
    if not any(key in text for key in SECRET_FIELDS):
        return text
    text = _QUOTED.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}{m[1]}{REDACTED}{m[1]}", text)
    return _ASSIGNED.sub(lambda m: f"{m[1]}={REDACTED}", text)


def _carries_secret(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(str(k).lower() in SECRET_FIELDS or _carries_secret(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_carries_secret(v) for v in value)
    return False


def _gives_secret(data: Mapping[str, Any]) -> bool:
    """Return whether a Housekey action was handed a secret (not asked to generate one)."""
    return any(data.get(key) is not None for key in SECRET_FIELDS)


def could_reach(
    hass: HomeAssistant, domain: str, data: Mapping[str, Any], managed: set[str]
) -> bool:
    """Return whether an action's target could include a managed lock.

    Targets are resolved as Home Assistant resolves them (entity, device, area, floor
    and label ids, groups, `all`); whatever cannot be resolved counts as reaching.
    """
    if not managed:
        return False
    target = {**data, **data["target"]} if isinstance(data.get("target"), Mapping) else data
    try:
        fields = _TARGET(dict(target))
    except vol.Invalid:
        return True
    if fields.get(ATTR_ENTITY_ID) == ENTITY_MATCH_ALL or _has_template(fields.values()):
        return True
    selected = async_extract_referenced_entity_ids(hass, ServiceCall(hass, domain, "", fields))
    if (selected.referenced | selected.indirectly_referenced) & managed:
        return True
    # Home Assistant skips hidden entities reached through a device or area; a hidden
    # lock can be shown again, so count it.
    labels = fields["label_id"] if isinstance(fields.get("label_id"), list) else []
    registry = er.async_get(hass)
    for lock_id in managed:
        entry = registry.async_get(lock_id)
        if entry is not None and (
            entry.device_id in selected.referenced_devices
            or entry.area_id in selected.referenced_areas
            or not entry.labels.isdisjoint(labels)
        ):
            return True
    return False


def _has_template(values: Iterable[Any]) -> bool:
    return any(
        isinstance(v, Template) or (isinstance(v, list) and _has_template(v)) for v in values
    )


def _source(context: Context | None, traced: bool) -> str | None:
    """Name the script or automation an action call comes from, if it comes from one."""
    if traced and (trace_id := trace_id_get()) is not None:
        return trace_id[0]
    if context is not None and context.parent_id is not None:
        return "an automation"
    return None


@callback
def _redact_trace_step(original: Mapping[str, Any], redacted: dict[str, Any]) -> bool:
    """Replace the calling script step's record of the call with the redacted data.

    Return whether a script or automation step made this very call.
    """
    if (step := trace_stack_top(trace_stack_cv)) is None:
        return False
    result = step.as_dict().get("result") or {}
    params = result.get("params")
    if not isinstance(params, Mapping) or params.get("service_data") is not original:
        return False
    trace_update_result(params={**params, "service_data": redacted})
    return True


class Issued:
    """Secrets Housekey returned to script and automation runs, until Home Assistant stops.

    A run keeps a response in its variables, may use the PIN until it ends, and may
    pass it on (a notification that tells a guest their code). Its traces are saved
    when Home Assistant stops.
    """

    def __init__(self) -> None:
        """Start with none."""
        self._responses: list[tuple[tuple[str, str], dict[str, Any]]] = []

    def add(self, run: tuple[str, str], response: dict[str, Any]) -> None:
        """Remember a response a run received."""
        self._responses.append((run, response))

    def secrets(self, run: tuple[str, str] | None = None) -> list[str]:
        """Return the secrets given to one run, or to any run."""
        return [
            value
            for given_to, response in self._responses
            if run is None or given_to == run
            for key, value in response.items()
            if key in SECRET_FIELDS and isinstance(value, str) and value
        ]

    def blank(self) -> None:
        """Blank every remembered response in place (the traces hold the same objects)."""
        for _run, response in self._responses:
            response.update(redact(response))
        self._responses.clear()


_ISSUED: HassKey[Issued] = HassKey(f"{DOMAIN}_issued")


@callback
def track_response(hass: HomeAssistant, response: dict[str, Any]) -> None:
    """Remember a response with a secret in it, if a script or automation run receives it."""
    if (run := trace_id_get()) is not None and _ISSUED in hass.data and _carries_secret(response):
        hass.data[_ISSUED].add(run, response)


class SecretFilter(logging.Filter):
    """Redact secret fields in the arguments of records that carry action data."""

    def __init__(self, known: Callable[[], list[str]]) -> None:
        """Also redact the secrets `known` returns wherever they appear."""
        super().__init__()
        self._known = known

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        known = self._known()
        if isinstance(record.args, Mapping):
            record.args = self._redact_arg(record.args, known)
        elif record.args:
            record.args = tuple(self._redact_arg(arg, known) for arg in record.args)
        if not isinstance(record.msg, str):
            record.msg = self._redact_arg(record.msg, known)
        elif not record.args:  # a format string with arguments is left as it is
            record.msg = redact_text(record.msg, known)
        return True

    @staticmethod
    def _redact_arg(arg: Any, known: list[str]) -> Any:
        if isinstance(arg, int | float | bool) or arg is None:
            return arg
        if isinstance(arg, Mapping | list | tuple):
            mentioned = [s for s in known if _mentions(arg, s)]
            return redact(arg, mentioned) if mentioned or _carries_secret(arg) else arg
        text = arg.decode(errors="replace") if isinstance(arg, bytes | bytearray) else str(arg)
        redacted = redact_text(text, known)
        return arg if redacted == text else redacted


@callback
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


@callback
def async_setup_privacy(hass: HomeAssistant, managed: Callable[[], set[str]]) -> None:
    """Redact codes from recorded action calls, traces and logs, for the life of HA."""
    issued = hass.data[_ISSUED] = Issued()

    @callback
    def on_call(event: Event[dict[str, Any]]) -> None:
        data = event.data.get(ATTR_SERVICE_DATA)
        if not isinstance(data, Mapping):
            return
        run = trace_id_get()
        known = [s for s in issued.secrets(run) if _mentions(data, s)] if run else []
        domain = str(event.data.get(ATTR_DOMAIN, "")).lower()
        to_lock = (
            domain in LOCK_DOMAINS
            and _carries_secret(data)
            and could_reach(hass, domain, data, managed())
        )
        keyed = to_lock or (domain in (DOMAIN, *RELAY_DOMAINS) and _carries_secret(data))
        if not keyed and not known:
            return
        redacted = redact(data, known, fields=keyed)
        event.data[ATTR_SERVICE_DATA] = redacted
        traced = _redact_trace_step(data, redacted)
        given = to_lock or (domain == DOMAIN and _gives_secret(data))
        if given and (source := _source(event.context, traced)) is not None:
            repairs.create_code_in_script(hass, source)

    @callback
    def on_stop(_event: Event) -> None:
        issued.blank()

    hass.bus.async_listen(EVENT_CALL_SERVICE, on_call)
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, on_stop)
    remove_filter = install_log_filter(issued.secrets)

    @callback
    def on_close(_event: Event) -> None:
        remove_filter()

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, on_close)
