"""Housekey's actions: admin-only when a user calls them, open to automations.

Schemas check shapes; the household runtime checks meaning (PIN rules, names,
locks, windows) and raises translated errors that name the field.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .core.model import Role, WeeklyWindow
from .runtime import Housekey, invalid
from .schema import vol

ATTR_ENTRY = "config_entry_id"
ATTR_PERSON = "person"
ROLES = [r.value for r in Role]
OFFBOARD_TIMEOUT = 30.0
SYNC_TIMEOUT = 30.0


def _weekly(value: Any) -> list[WeeklyWindow]:
    """Parse weekly windows; a bad one is a translated error naming the field."""
    try:
        return [WeeklyWindow.from_dict(item) for item in cv.ensure_list(value)]
    except (KeyError, TypeError, ValueError) as err:
        raise invalid("bad_weekly", "weekly") from err


def _pin(value: Any) -> str:
    """Accept a PIN given as text; digits are checked by the PIN rules."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise invalid("pin_not_text", "pin")
    return str(value)


BASE: dict[vol.Marker, Any] = {vol.Optional(ATTR_ENTRY): cv.string}
ACCESS_FIELDS: dict[vol.Marker, Any] = {
    vol.Optional("locks"): vol.All(cv.ensure_list, [cv.entity_id]),
    vol.Optional("valid_from"): vol.Any(None, cv.datetime),
    vol.Optional("valid_until"): vol.Any(None, cv.datetime),
    vol.Optional("weekly"): vol.Any(None, list),
    vol.Optional("max_uses"): vol.Any(None, vol.All(vol.Coerce(int), vol.Range(min=1))),
}
PERSON_FIELDS: dict[vol.Marker, Any] = {
    **ACCESS_FIELDS,
    vol.Optional("role"): vol.In(ROLES),
    vol.Optional("duress_pin"): vol.Any(None, _pin),
    vol.Optional("ha_user"): vol.Any(None, cv.string),
}

SCHEMAS: dict[str, vol.Schema] = {
    "add_person": vol.Schema(
        {**BASE, **PERSON_FIELDS, vol.Required("name"): cv.string, vol.Optional("pin"): _pin}
    ),
    "add_guest": vol.Schema(
        {
            **BASE,
            **ACCESS_FIELDS,
            vol.Required("name"): cv.string,
            vol.Required("valid_until"): cv.datetime,
            vol.Optional("sponsor"): cv.string,
        }
    ),
    "update_person": vol.Schema(
        {
            **BASE,
            **PERSON_FIELDS,
            vol.Required(ATTR_PERSON): cv.string,
            vol.Optional("name"): cv.string,
        }
    ),
    "set_pin": vol.Schema(
        {**BASE, vol.Required(ATTR_PERSON): cv.string, vol.Optional("pin"): _pin}
    ),
    "suspend_person": vol.Schema({**BASE, vol.Required(ATTR_PERSON): cv.string}),
    "resume_person": vol.Schema({**BASE, vol.Required(ATTR_PERSON): cv.string}),
    "offboard_person": vol.Schema(
        {
            **BASE,
            vol.Required(ATTR_PERSON): cv.string,
            vol.Optional("timeout", default=OFFBOARD_TIMEOUT): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=600)
            ),
        }
    ),
    "sync": vol.Schema({**BASE, vol.Optional("locks"): vol.All(cv.ensure_list, [cv.entity_id])}),
}


def _household(hass: HomeAssistant, call: ServiceCall) -> Housekey:
    """Return the household an action is for."""
    entries = [
        e for e in hass.config_entries.async_entries(DOMAIN) if e.state is ConfigEntryState.LOADED
    ]
    if (entry_id := call.data.get(ATTR_ENTRY)) is not None:
        entries = [e for e in entries if e.entry_id == entry_id]
        if not entries:
            raise invalid("unknown_household", ATTR_ENTRY)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_household")
    if len(entries) > 1:
        raise invalid("several_households", ATTR_ENTRY)
    runtime: Housekey = entries[0].runtime_data
    return runtime


async def _check_admin(hass: HomeAssistant, call: ServiceCall) -> None:
    """Allow automations (no user) and admins; refuse other users."""
    if call.context.user_id is None:
        return
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if not user.is_admin:
        raise Unauthorized(context=call.context)


def _fields(call: ServiceCall) -> dict[str, Any]:
    """Return the call's fields with weekly windows parsed and times made aware."""
    fields = {k: v for k, v in call.data.items() if k != ATTR_ENTRY}
    if "weekly" in fields:
        fields["weekly"] = _weekly(fields["weekly"] or [])
    return fields


async def _add_person(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person, generated = await hk.async_add_person(_fields(call), call.context)
    return _with_pin({"person_id": person.person_id}, generated)


async def _add_guest(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    fields = _fields(call) | {"role": Role.GUEST}
    fields.setdefault("valid_from", dt_util.utcnow())
    person, generated = await hk.async_add_person(fields, call.context, action="guest_added")
    return _with_pin({"person_id": person.person_id}, generated)


async def _update_person(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person = await hk.async_update_person(_fields(call), call.context)
    return {"person_id": person.person_id}


async def _set_pin(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person, generated = await hk.async_set_pin(
        call.data[ATTR_PERSON], call.data.get("pin"), call.context
    )
    return _with_pin({"person_id": person.person_id}, generated)


async def _suspend(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person = await hk.async_set_suspended(call.data[ATTR_PERSON], True, call.context)
    return {"person_id": person.person_id}


async def _resume(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person = await hk.async_set_suspended(call.data[ATTR_PERSON], False, call.context)
    return {"person_id": person.person_id}


async def _offboard(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person, locks = await hk.async_offboard(
        call.data[ATTR_PERSON], call.data["timeout"], call.context
    )
    return {"person_id": person.person_id, "locks": dict(locks)}


async def _sync(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    locks = call.data.get("locks") or list(hk.locks)
    for lock in locks:
        if lock not in hk.locks:
            raise invalid("unknown_lock", "locks", lock=lock)
    return dict(await hk.async_sync(locks, SYNC_TIMEOUT))


def _with_pin(response: dict[str, Any], generated: str | None) -> ServiceResponse:
    """Return a generated PIN once, in the response, and nowhere else."""
    if generated is not None:
        response["pin"] = generated
    return response


HANDLERS: dict[str, Callable[[Housekey, ServiceCall], Awaitable[ServiceResponse]]] = {
    "add_person": _add_person,
    "add_guest": _add_guest,
    "update_person": _update_person,
    "set_pin": _set_pin,
    "suspend_person": _suspend,
    "resume_person": _resume,
    "offboard_person": _offboard,
    "sync": _sync,
}


def async_setup_services(hass: HomeAssistant) -> None:
    """Register Housekey's actions once, for every household."""

    def make(
        handler: Callable[[Housekey, ServiceCall], Awaitable[ServiceResponse]],
    ) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
        async def handle(call: ServiceCall) -> ServiceResponse:
            await _check_admin(hass, call)
            return await handler(_household(hass, call), call)

        return handle

    for name, handler in HANDLERS.items():
        hass.services.async_register(
            DOMAIN,
            name,
            make(handler),
            schema=SCHEMAS[name],
            supports_response=SupportsResponse.OPTIONAL,
        )
