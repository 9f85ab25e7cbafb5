"""Management by residents who are Home Assistant users: the rule applied, every refusal recorded.

The rule itself is `core/authority.py`. Here the caller becomes a person of the
household, and a refusal becomes a recorded `housekey_admin` event (`refused` with
its reason) and the translated error: `Unauthorized` for a missing right, a
`ServiceValidationError` for a household limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import UnknownUser
from homeassistant.util import dt as dt_util

from .audit import fire_admin
from .core.authority import ADD_GUEST, Refusal, Request, decide, guest_fields, person_of_user
from .validation import AdminRequired, invalid

if TYPE_CHECKING:
    from .runtime import Housekey


async def async_caller(hass: HomeAssistant, context: Context) -> User | None:
    """Return the Home Assistant user of a call (None: an automation or script)."""
    if context.user_id is None:
        return None
    user = await hass.auth.async_get_user(context.user_id)
    if user is None:
        raise UnknownUser(context=context)
    return user


def authorize(
    hk: Housekey, user: User | None, action: str, data: Mapping[str, Any], context: Context
) -> Mapping[str, Any]:
    """Return the fields an action runs with for this caller, or raise the recorded refusal.

    Synchronous on purpose: the caller runs the action right after, and nothing yields
    until its change is placed, so two calls of one resident cannot both take the last
    place of their quota.
    """
    if user is None or user.is_admin:
        return data
    household = hk.household
    actor = person_of_user(household, user.id)
    request = Request(action, actor, data)
    refusal = decide(request, household, hk.options.guests, dt_util.utcnow(), hk.tz)
    if refusal is None:
        return guest_fields(actor, data) if action == ADD_GUEST and actor is not None else data
    target = household.find(str(data["person"])) if "person" in data else None
    fire_admin(hk.hass, hk.name, action, target, context, {"refused": refusal.value})
    limits = hk.options.guests
    if refusal is Refusal.QUOTA:
        raise invalid(refusal.value, "name", max=str(limits.quota))
    if refusal is Refusal.TOO_LONG:
        raise invalid(refusal.value, "valid_until", days=str(limits.max_days))
    raise AdminRequired(context, refusal.value)
