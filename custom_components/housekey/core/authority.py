"""Who may do what: the one rule for management by Home Assistant users who are not admins.

Admins manage everything, and so do automations and scripts (a call without a user).
Between them and nobody stands the resident who is a Home Assistant user (`ha_user`):
they may bring guests of their own, within the household's quota and longest stay,
change or end those guests, and change their own PIN. Everyone else is refused.

Plain data in, a verdict out, so the rule is read and tested in one place; the Home
Assistant side finds the actor and the target, and records every refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from .model import Household, Person, Role, Status
from .schedule import status_at

DEFAULT_GUEST_QUOTA = 3
DEFAULT_GUEST_DAYS = 14

#: the actions a resident may call at all; every other action is for admins alone
ADD_GUEST = "add_guest"
SET_PIN = "set_pin"
UPDATE_PERSON = "update_person"
GUEST_ACTIONS = frozenset({UPDATE_PERSON, "suspend_person", "resume_person", "offboard_person"})
DELEGATED = GUEST_ACTIONS | {ADD_GUEST, SET_PIN}

#: what a resident may change of their own guest with `update_person`: when and where,
#: never who the guest is to the household (a role or a user would hand out power)
GUEST_FIELDS = frozenset({"name", "locks", "valid_from", "valid_until", "weekly", "max_uses"})
#: the fields every action takes that name what it is about, not what changes
NAMING_FIELDS = frozenset({"person", "config_entry_id"})

#: a resident stands for the household while their own access stands
STANDING = frozenset({Status.ACTIVE, Status.SCHEDULED})
#: a guest counts against their sponsor's quota until their access has ended
COUNTED = frozenset({Status.ACTIVE, Status.SCHEDULED, Status.SUSPENDED})


class Refusal(StrEnum):
    """Why a call is refused; each value is also the error's translation key."""

    #: the user is no resident who stands for the household (or the action is admins' alone)
    ADMIN_REQUIRED = "admin_required"
    OTHER_SPONSOR = "other_sponsor"
    NOT_OWN_GUEST = "not_own_guest"
    NOT_OWN_PIN = "not_own_pin"
    GUEST_FIELD = "guest_field_admin_only"
    LOCKS_BEYOND_OWN = "guest_locks_beyond_own"
    #: limits, not permissions: bad input for this caller, refused like any other
    QUOTA = "guest_quota"
    TOO_LONG = "guest_too_long"

    @property
    def is_limit(self) -> bool:
        """Return whether the refusal is a household limit rather than a missing right."""
        return self in (Refusal.QUOTA, Refusal.TOO_LONG)


@dataclass(frozen=True, slots=True)
class GuestLimits:
    """How many guests one resident may have at a time, and how long each may stay."""

    quota: int = DEFAULT_GUEST_QUOTA
    max_days: int = DEFAULT_GUEST_DAYS

    @property
    def longest(self) -> timedelta:
        """Return the longest window a resident may give a guest."""
        return timedelta(days=self.max_days)


@dataclass(frozen=True, slots=True)
class Request:
    """One call by a Home Assistant user who is not an admin.

    `actor` is the current person whose `ha_user` the caller is (None: nobody);
    `fields` are the call's checked fields.
    """

    action: str
    actor: Person | None
    fields: Mapping[str, Any]


def decide(
    request: Request,
    household: Household,
    limits: GuestLimits,
    now: datetime,
    tz: tzinfo,
) -> Refusal | None:
    """Return why a non-admin's call is refused, or None when it may go ahead.

    A target the household does not know is let through: the action then refuses it as
    unknown, exactly as for an admin.
    """
    actor = request.actor
    if (
        actor is None
        or actor.role is not Role.RESIDENT
        or status_at(actor, now, tz) not in STANDING
        or request.action not in DELEGATED
    ):
        return Refusal.ADMIN_REQUIRED
    fields = request.fields
    if request.action == ADD_GUEST:
        return _new_guest(actor, household, fields, limits, now, tz)
    target = household.find(str(fields.get("person", "")))
    if target is None:
        return None
    if request.action == SET_PIN:
        return None if target.person_id == actor.person_id else Refusal.NOT_OWN_PIN
    if target.role is not Role.GUEST or target.sponsor != actor.person_id:
        return Refusal.NOT_OWN_GUEST
    if request.action != UPDATE_PERSON:
        return None
    if fields.keys() - GUEST_FIELDS - NAMING_FIELDS:
        return Refusal.GUEST_FIELD
    if "locks" in fields and (refusal := _locks_within(actor, fields["locks"])) is not None:
        return refusal
    valid_from = fields.get("valid_from", target.valid_from)
    valid_until = fields.get("valid_until", target.valid_until)
    moved = "valid_from" in fields or "valid_until" in fields  # else as it was accepted
    if moved and _too_long(valid_from or target.created_at, valid_until, limits):
        return Refusal.TOO_LONG
    after = target.evolve(
        valid_from=valid_from,
        valid_until=valid_until,
        max_uses=fields.get("max_uses", target.max_uses),
    )
    counted = status_at(target, now, tz) in COUNTED
    if not counted and status_at(after, now, tz) in COUNTED:
        return _within_quota(actor, household, limits, now, tz)
    return None


def person_of_user(household: Household, user_id: str) -> Person | None:
    """Return the current person who is this Home Assistant user, if any."""
    return next((p for p in household.current() if p.ha_user == user_id), None)


def guest_fields(actor: Person, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return an `add_guest` by a resident as it is carried out: the resident is the sponsor.

    Without `locks`, the guest gets the resident's own doors, never more.
    """
    given = {**fields, "sponsor": actor.person_id}
    if given.get("locks") is None and actor.locks is not None:
        given["locks"] = list(actor.locks)
    return given


def _new_guest(
    actor: Person,
    household: Household,
    fields: Mapping[str, Any],
    limits: GuestLimits,
    now: datetime,
    tz: tzinfo,
) -> Refusal | None:
    sponsor = fields.get("sponsor")
    if sponsor is not None:
        named = household.find(str(sponsor))
        if named is None or named.person_id != actor.person_id:
            return Refusal.OTHER_SPONSOR
    locks = fields.get("locks")  # none given: the resident's own (guest_fields)
    if locks is not None and (refusal := _locks_within(actor, locks)) is not None:
        return refusal
    if _too_long(fields.get("valid_from") or now, fields.get("valid_until"), limits):
        return Refusal.TOO_LONG
    return _within_quota(actor, household, limits, now, tz)


def _locks_within(actor: Person, locks: Any) -> Refusal | None:
    """Refuse doors for a guest that the resident cannot open themselves."""
    if actor.locks is None or (locks is not None and set(locks) <= set(actor.locks)):
        return None
    return Refusal.LOCKS_BEYOND_OWN


def _too_long(start: datetime, end: datetime | None, limits: GuestLimits) -> bool:
    """Return whether a window is longer than a resident may give (no end: forever)."""
    return end is None or end - start > limits.longest


def _within_quota(
    actor: Person, household: Household, limits: GuestLimits, now: datetime, tz: tzinfo
) -> Refusal | None:
    """Refuse one more guest to a resident whose guests fill the quota already."""
    guests = sum(
        1
        for p in household.current()
        if p.role is Role.GUEST
        and p.sponsor == actor.person_id
        and status_at(p, now, tz) in COUNTED
    )
    return Refusal.QUOTA if guests >= limits.quota else None
