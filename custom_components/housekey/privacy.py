"""Keep codes out of what Home Assistant keeps of action calls: history, traces and logs.

Home Assistant records every action call as a `call_service` event with the data it
was called with, so `housekey.set_pin` with a PIN, or `lock.unlock` with a code,
would put that code into history. Listeners for one event type run before the
recorder's listener for all events, so Housekey replaces the secret fields of these
calls before the event is queued for the database. The action itself has already
received its own copy of the data and is not affected.

The listener runs in the caller's context, so a call made by a script or automation
step also has that step's trace record, and the run's recorded variables, cleaned
(see traces.py). A PIN that travels through a script or automation raises a repair
issue naming the safe alternatives, because the script's own configuration may hold
it where Housekey cannot reach. A code a keypad's automation or script passes on to
`submit_code` from its trigger or a field is no such PIN: it raises none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from homeassistant.const import (
    ATTR_DOMAIN,
    ATTR_ENTITY_ID,
    ATTR_SERVICE,
    ATTR_SERVICE_DATA,
    ENTITY_MATCH_ALL,
    EVENT_CALL_SERVICE,
    EVENT_HOMEASSISTANT_CLOSE,
    EVENT_HOMEASSISTANT_STOP,
)
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.target import TargetSelection, async_extract_referenced_entity_ids
from homeassistant.helpers.template import Template
from homeassistant.helpers.trace import variables_cv

from . import repairs
from .const import DOMAIN
from .logfilter import install_log_filter
from .providers import HOST_INTEGRATIONS
from .redaction import carries_secret, mentions, redact, secret_values
from .schema import vol
from .traces import (
    RUN_SECRETS,
    RunSecrets,
    current_run,
    redact_calling_step,
    redact_run_variables,
)

#: Domains whose actions can carry a code for a lock Housekey manages: the lock
#: domain and every integration hosting a backend's locks.
LOCK_DOMAINS = frozenset({"lock", *HOST_INTEGRATIONS})
#: Domains whose actions hand their data on to other actions, wherever those go.
RELAY_DOMAINS = frozenset({"script", "automation"})
#: Targets normalised the way entity actions normalise them (case, commas, "all").
_TARGET = vol.Schema(cv.ENTITY_SERVICE_FIELDS, extra=vol.ALLOW_EXTRA)


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
    selected = async_extract_referenced_entity_ids(hass, TargetSelection(fields))
    if (selected.referenced | selected.indirectly_referenced) & managed:
        return True
    # Home Assistant skips hidden entities reached through a device, area or label; a
    # hidden lock can be shown again, so count it.
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


def _typed(service: object, data: Mapping[str, Any]) -> bool:
    """Return whether a `submit_code` call passes on a code its run was given.

    A keypad's automation hands on what the keypad sent (`{{ trigger.event.data... }}`),
    a script the code in one of its fields: the run's variables hold the code, so it
    came with the run and is no code written into the script's configuration. A code
    the variables do not hold was written into it (or into a variable it sets).
    """
    if service != "submit_code":
        return False
    variables = variables_cv.get()
    codes = secret_values(data)
    return bool(codes) and all(_carried(variables, code) for code in codes)


def _carried(value: Any, code: str) -> bool:
    """Return whether a run's variables carry a code (in a trigger's event data too)."""
    if isinstance(value, Event):
        value = value.data
    if isinstance(value, Mapping):
        return any(_carried(v, code) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_carried(v, code) for v in value)
    return mentions(value, code)


def _source(context: Context | None, run: tuple[str, str] | None) -> str | None:
    """Name the script or automation an action call comes from, if it comes from one."""
    if run is not None:
        return run[0]
    if context is not None and context.parent_id is not None:
        return "an automation"
    return None


@callback
def async_setup_privacy(hass: HomeAssistant, managed: Callable[[], set[str]]) -> None:
    """Redact codes from recorded action calls, traces and logs, for the life of HA."""
    secrets = hass.data[RUN_SECRETS] = RunSecrets()

    @callback
    def on_call(event: Event[dict[str, Any]]) -> None:
        data = event.data.get(ATTR_SERVICE_DATA)
        if not isinstance(data, Mapping):
            return
        domain = str(event.data.get(ATTR_DOMAIN, "")).lower()
        to_lock = (
            domain in LOCK_DOMAINS
            and carries_secret(data)
            and could_reach(hass, domain, data, managed())
        )
        keyed = to_lock or (domain in (DOMAIN, *RELAY_DOMAINS) and carries_secret(data))
        run = current_run()
        if run is not None and keyed:
            secrets.add(run, secret_values(data))
        known = [s for s in secrets.of(run) if mentions(data, s)] if run else []
        if not keyed and not known:
            return
        # Asked before the run's variables lose the code below.
        passed_on = domain == DOMAIN and _typed(event.data.get(ATTR_SERVICE), data)
        redacted = redact(data, known, fields=keyed)
        event.data[ATTR_SERVICE_DATA] = redacted
        stepped = redact_calling_step(data, redacted)
        if stepped is not None and run is not None:
            redact_run_variables(secrets.of(run))
            secrets.add_step(run, stepped)  # it records the variables again when it ends
        given = to_lock or (domain == DOMAIN and bool(secret_values(data)) and not passed_on)
        if given and (source := _source(event.context, run if stepped is not None else None)):
            repairs.create_code_in_script(hass, source)

    @callback
    def on_stop(_event: Event) -> None:
        secrets.blank()

    hass.bus.async_listen(EVENT_CALL_SERVICE, on_call)
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, on_stop)
    remove_filter = install_log_filter(secrets.of)

    @callback
    def on_close(_event: Event) -> None:
        remove_filter()

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, on_close)
