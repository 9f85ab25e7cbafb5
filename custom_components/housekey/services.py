"""Housekey's actions: for admins and automations (and, a little, residents who are users).

Schemas read every field through `validation` (types, bounds, written forms);
the household runtime checks meaning (PIN rules, names, locks, windows). Both
raise translated errors that name the field.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from . import household_transfer
from . import validation as v
from .arguments import (
    ExportArgs,
    ImportArgs,
    IssueBookArgs,
    NewPersonArgs,
    OffboardArgs,
    PersonArgs,
    SetPinArgs,
    SubmitCodeArgs,
    SyncArgs,
    UpdatePersonArgs,
    read,
)
from .audit import fire_admin
from .const import DOMAIN
from .core.codes import otp_qr, otp_uri
from .core.model import Role
from .delegation import async_caller, authorize
from .runtime import Housekey
from .schema import vol
from .traces import track_response
from .validation import invalid

ATTR_ENTRY = "config_entry_id"
ATTR_PERSON = "person"
OFFBOARD_TIMEOUT = 30.0
SYNC_TIMEOUT = 30.0


BASE: dict[vol.Marker, Any] = {vol.Optional(ATTR_ENTRY): vol.Any(None, v.text(ATTR_ENTRY))}
ACCESS_FIELDS: dict[vol.Marker, Any] = {
    vol.Optional("locks"): v.lock_ids,
    vol.Optional("valid_from"): v.moment("valid_from"),
    vol.Optional("valid_until"): v.moment("valid_until"),
    vol.Optional("weekly"): v.weekly,
    vol.Optional("max_uses"): v.max_uses,
}
PERSON_FIELDS: dict[vol.Marker, Any] = {
    **ACCESS_FIELDS,
    vol.Optional("role"): v.role,
    vol.Optional("duress_pin"): v.pin("duress_pin"),
    vol.Optional("ha_user"): vol.Any(None, v.text("ha_user")),
}
PERSON: dict[vol.Marker, Any] = {vol.Required(ATTR_PERSON): v.text(ATTR_PERSON)}

SCHEMAS: dict[str, vol.Schema] = {
    "add_person": vol.Schema(
        {**BASE, **PERSON_FIELDS, vol.Required("name"): v.name, vol.Optional("pin"): v.pin("pin")}
    ),
    "add_guest": vol.Schema(
        {
            **BASE,
            **ACCESS_FIELDS,
            vol.Required("name"): v.name,
            vol.Required("valid_until"): v.moment("valid_until"),
            vol.Optional("sponsor"): vol.Any(None, v.text("sponsor")),
        }
    ),
    "update_person": vol.Schema({**BASE, **PERSON_FIELDS, **PERSON, vol.Optional("name"): v.name}),
    "set_pin": vol.Schema({**BASE, **PERSON, vol.Optional("pin"): v.pin("pin")}),
    "suspend_person": vol.Schema({**BASE, **PERSON}),
    "resume_person": vol.Schema({**BASE, **PERSON}),
    "offboard_person": vol.Schema(
        {**BASE, **PERSON, vol.Optional("timeout", default=OFFBOARD_TIMEOUT): v.timeout}
    ),
    "sync": vol.Schema({**BASE, vol.Optional("locks"): v.lock_ids}),
    "submit_code": vol.Schema(
        {**BASE, vol.Required("lock"): v.lock_id, vol.Required("code"): v.door_code}
    ),
    "enrol_authenticator": vol.Schema({**BASE, **PERSON}),
    "remove_authenticator": vol.Schema({**BASE, **PERSON}),
    "issue_code_book": vol.Schema(
        {
            **BASE,
            **PERSON,
            vol.Optional("from"): v.moment("from"),
            vol.Optional("until"): v.moment("until"),
            vol.Optional("count"): v.book_count,
        }
    ),
    "revoke_code_book": vol.Schema({**BASE, **PERSON}),
    "reveal_pin": vol.Schema({**BASE, **PERSON}),
    "export_household": vol.Schema({**BASE, vol.Required("passphrase"): v.passphrase}),
    "import_household": vol.Schema(
        {**BASE, vol.Required("path"): v.text("path"), vol.Required("passphrase"): v.passphrase}
    ),
}


def household_for(hass: HomeAssistant, entry_id: str | None) -> Housekey:
    """Return the loaded household an action is for: the one named, or the only one."""
    entries = hass.config_entries.async_loaded_entries(DOMAIN)  # state LOADED only
    if entry_id is not None:
        entries = [e for e in entries if e.entry_id == entry_id]
        if not entries:
            raise invalid("unknown_household", ATTR_ENTRY)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_household")
    if len(entries) > 1:
        raise invalid("several_households", ATTR_ENTRY)
    runtime: Housekey = entries[0].runtime_data
    return runtime


async def _add_person(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(NewPersonArgs, call.data)
    person, generated = await hk.async_add_person(args, call.context)
    return with_pin({"person_id": person.person_id}, generated)


async def _add_guest(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(NewPersonArgs, call.data)
    args["role"] = Role.GUEST
    args.setdefault("valid_from", dt_util.utcnow())
    person, generated = await hk.async_add_person(args, call.context, action="guest_added")
    return with_pin({"person_id": person.person_id}, generated)


async def _update_person(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person = await hk.async_update_person(read(UpdatePersonArgs, call.data), call.context)
    return {"person_id": person.person_id}


async def _set_pin(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(SetPinArgs, call.data)
    person, generated = await hk.async_set_pin(args["person"], args.get("pin"), call.context)
    return with_pin({"person_id": person.person_id}, generated)


async def _suspend(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person_ref = read(PersonArgs, call.data)["person"]
    person = await hk.async_set_suspended(person_ref, True, call.context)
    return {"person_id": person.person_id}


async def _resume(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person_ref = read(PersonArgs, call.data)["person"]
    person = await hk.async_set_suspended(person_ref, False, call.context)
    return {"person_id": person.person_id}


async def _offboard(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(OffboardArgs, call.data)
    person, locks = await hk.async_offboard(args["person"], args["timeout"], call.context)
    return {"person_id": person.person_id, "locks": dict(locks)}


async def _sync(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    asked = read(SyncArgs, call.data).get("locks") or None
    locks = v.check_locks(hk.locks, asked) or tuple(hk.locks)
    return dict(await hk.async_sync(locks, SYNC_TIMEOUT))


async def _submit_code(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(SubmitCodeArgs, call.data)
    answer = await hk.async_submit_code(
        args["lock"], args["code"], source="action", context=call.context
    )
    return {"granted": answer.granted, "locked_out": answer.locked_out}


async def _enrol_authenticator(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person_ref = read(PersonArgs, call.data)["person"]
    person, secret = await hk.async_enrol_authenticator(person_ref, call.context)
    uri = otp_uri(secret, person.name, hk.name)
    qr_code = await hk.hass.async_add_executor_job(otp_qr, uri)
    # Returned once, here: the secret is kept only in the Store from now on.
    return {"person_id": person.person_id, "uri": uri, "secret": secret, "qr_code": qr_code}


async def _remove_authenticator(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person_ref = read(PersonArgs, call.data)["person"]
    person = await hk.async_remove_authenticator(person_ref, call.context)
    return {"person_id": person.person_id}


async def _issue_code_book(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(IssueBookArgs, call.data)
    since = args.get("from") or dt_util.utcnow()
    until = args.get("until")
    if until is not None and until <= since:
        raise invalid("end_before_start", "until")
    person, codes = await hk.async_issue_code_book(
        args["person"], since, until, args.get("count"), call.context
    )
    tz = hk.tz
    return {
        "person_id": person.person_id,
        "codes": [
            {
                "code": code,
                "valid_from": window.valid_from.astimezone(tz).isoformat(),
                "valid_until": window.valid_until.astimezone(tz).isoformat(),
            }
            for code, window in codes
        ],
    }


async def _revoke_code_book(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    person_ref = read(PersonArgs, call.data)["person"]
    person = await hk.async_revoke_code_book(person_ref, call.context)
    return {"person_id": person.person_id}


async def _reveal_pin(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    """Show an admin a person's PIN, and record that it was shown (the record holds no PIN).

    The one way a PIN leaves the Store after it was given (the panel runs this too).
    """
    person = v.current(hk.household, read(PersonArgs, call.data)["person"])
    fire_admin(hk.hass, hk.name, "pin_revealed", person, call.context)
    return {"person_id": person.person_id, "pin": person.pin}


async def _export(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(ExportArgs, call.data)
    path = await household_transfer.async_export(hk, args["passphrase"], call.context)
    return {"path": str(path)}


async def _import(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    args = read(ImportArgs, call.data)
    household = await household_transfer.async_import(
        hk, args["path"], args["passphrase"], call.context
    )
    return {"people": len(household.current())}


def with_pin(response: dict[str, Any], generated: str | None) -> ServiceResponse:
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
    "submit_code": _submit_code,
    "enrol_authenticator": _enrol_authenticator,
    "remove_authenticator": _remove_authenticator,
    "issue_code_book": _issue_code_book,
    "revoke_code_book": _revoke_code_book,
    "reveal_pin": _reveal_pin,
    "export_household": _export,
    "import_household": _import,
}


async def async_authorized(
    hass: HomeAssistant, name: str, call: ServiceCall, entry_id: str | None
) -> tuple[Housekey, ServiceCall]:
    """Return the household of a call and the call as this caller may make it, or refuse.

    Admins and automations (no user) may call every action; other users only what
    `core/authority.py` grants a resident, every refusal recorded (delegation.py).
    The household is found after the user, so a refusal is recorded in it.
    """
    user = await async_caller(hass, call.context)
    hk = household_for(hass, entry_id)
    data = authorize(hk, user, name, call.data, call.context)
    if data is not call.data:
        call = ServiceCall(hass, DOMAIN, name, dict(data), call.context, call.return_response)
    return hk, call


@callback
def async_register_admin_action(
    hass: HomeAssistant,
    name: str,
    handler: Callable[[Housekey, ServiceCall], Awaitable[ServiceResponse]],
    schema: vol.Schema,
) -> None:
    """Register an action of some household that may return a response.

    Admin-only for Home Assistant users, but for what a resident may do (`async_authorized`).
    """

    async def handle(call: ServiceCall) -> ServiceResponse:
        hk, call = await async_authorized(hass, name, call, call.data.get(ATTR_ENTRY))
        response = await handler(hk, call)
        if response is not None:
            track_response(hass, response)
        return response

    hass.services.async_register(
        DOMAIN, name, handle, schema=schema, supports_response=SupportsResponse.OPTIONAL
    )


def async_setup_services(hass: HomeAssistant) -> None:
    """Register Housekey's actions once, for every household."""
    for name, handler in HANDLERS.items():
        async_register_admin_action(hass, name, handler, SCHEMAS[name])
