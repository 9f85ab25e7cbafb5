"""Diagnostics: the household's shape and each lock's state, with every secret redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.components.http.const import KEY_HASS_USER
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers.http import current_request

from .door_readiness import describe
from .records import LockInfo, LockStatus
from .runtime import HousekeyConfigEntry

TO_REDACT = {"pin", "duress_pin", "otp_secret", "name", "ha_user", "sponsor", "title"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: HousekeyConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a household; only admins may download them.

    They show every person's schedule and last access, more than the entities
    show a non-admin user, so a download by any other user is refused.
    """
    request = current_request.get()
    user = None if request is None else request.get(KEY_HASS_USER)
    if user is not None and not user.is_admin:
        raise Unauthorized(user_id=user.id, config_entry_id=entry.entry_id)
    runtime = entry.runtime_data
    people = [
        {**p.to_dict(), "status": runtime.status(p).value}
        for p in runtime.household.people.values()
    ]
    locks = {
        lock_id: {
            **_lock(runtime.info[lock_id], sync.view(), sync.pending_slots(), sync.persisted()),
            "readiness": describe(runtime, lock_id),
        }
        for lock_id, sync in runtime.locks.items()
    }
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "policy": {"min": runtime.policy.min_length, "max": runtime.policy.max_length},
            "people": people,
            "locks": locks,
            "keypads": runtime.forwarding.describe(),
        },
        TO_REDACT,
    )


def _lock(
    info: LockInfo, status: LockStatus, pending: list[int], record: dict[str, Any]
) -> dict[str, Any]:
    """Return one lock's part of the dump: its state, work and record (no codes in it)."""
    return {
        "backend": info.backend,
        "state": status.state.value,
        "enforcement": status.enforcement.value,
        "fallback": sorted(info.fallback),
        "pending_slots": pending,
        "counters": asdict(status.counters),
        **record,
    }
