"""Keep codes out of the recorder's copy of action calls.

Home Assistant records every action call as a `call_service` event with the data
it was called with, so `housekey.set_pin` with a PIN, or `lock.unlock` with a code,
would put that code into history. Listeners for one event type run before the
recorder's listener for all events, so Housekey replaces the secret fields of
these calls before the event is queued for the database. The action itself has
already received its own copy of the data and is not affected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.const import ATTR_DOMAIN, ATTR_ENTITY_ID, ATTR_SERVICE_DATA, EVENT_CALL_SERVICE
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN

REDACTED = "**REDACTED**"
SECRET_FIELDS = frozenset(
    {"pin", "duress_pin", "code", "passphrase", "credential_data", "usercode"}
)
#: Domains whose actions can carry a code for a lock Housekey manages.
LOCK_DOMAINS = frozenset({"lock", "matter", "zwave_js", "zha", "mqtt"})


def _targets(data: Mapping[str, Any]) -> set[str]:
    entity_ids = data.get(ATTR_ENTITY_ID) or []
    if isinstance(entity_ids, str):
        entity_ids = [entity_ids]
    return {str(e) for e in entity_ids}


@callback
def async_setup_privacy(hass: HomeAssistant, managed: Callable[[], set[str]]) -> Callable[[], None]:
    """Redact codes from recorded action calls of Housekey and of the locks it manages."""

    @callback
    def redact(event: Event[dict[str, Any]]) -> None:
        data = event.data.get(ATTR_SERVICE_DATA)
        if not isinstance(data, Mapping) or not SECRET_FIELDS & data.keys():
            return
        domain = event.data.get(ATTR_DOMAIN)
        if domain != DOMAIN and not (domain in LOCK_DOMAINS and _targets(data) & managed()):
            return
        event.data[ATTR_SERVICE_DATA] = {
            key: REDACTED if key in SECRET_FIELDS else value for key, value in data.items()
        }

    return hass.bus.async_listen(EVENT_CALL_SERVICE, redact)
