"""The household's options, read once per load with their defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from .const import (
    CONF_AHEAD_DAYS,
    CONF_AUDIT_HOURS,
    CONF_CALENDARS,
    CONF_CHECKIN_MINUTES,
    CONF_CHECKOUT_MINUTES,
    CONF_DERIVE_PIN,
    CONF_DOORS_FROM_EVENT,
    CONF_GUEST_DAYS,
    CONF_GUEST_QUOTA,
    CONF_JOURNAL_DAYS,
    CONF_MAX_WINDOW_HOURS,
    CONF_MAX_WINDOWS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_PIN_REUSE_DAYS,
    CONF_REVIEW_DAYS,
    CONF_SERVICE_CALENDARS,
    CONF_SERVICE_KEYWORD,
    DEFAULT_AHEAD_DAYS,
    DEFAULT_AUDIT_HOURS,
    DEFAULT_BUFFER_MINUTES,
    DEFAULT_JOURNAL_DAYS,
    DEFAULT_PIN_MAX,
    DEFAULT_PIN_MIN,
    DEFAULT_PIN_REUSE_DAYS,
    DEFAULT_REVIEW_DAYS,
)
from .core.authority import DEFAULT_GUEST_DAYS, DEFAULT_GUEST_QUOTA, GuestLimits
from .core.bookings import BookingRules
from .core.policy import PinPolicy
from .core.windows import DEFAULT_MAX_WINDOWS, LONGEST_WINDOW_HOURS, WindowLimits


@dataclass(frozen=True, slots=True)
class HouseholdOptions:
    """What the household's options ask of its codes and locks."""

    policy: PinPolicy
    #: days a code someone held stays barred from reuse (0: not remembered at all)
    reuse_days: int
    #: seconds between two re-reads of one managed slot per lock (0: never)
    audit_seconds: float
    #: how long and how many weekly windows one person may have
    windows: WindowLimits
    #: days the audit journal keeps its records
    journal_days: int = DEFAULT_JOURNAL_DAYS
    #: how many guests a resident may bring at a time, and for how long
    guests: GuestLimits = field(default_factory=GuestLimits)
    #: days without an opening before the access review flags someone (0: no review)
    review_days: int = DEFAULT_REVIEW_DAYS
    #: the calendars whose events become people, and the rules for them
    bookings: BookingRules = field(default_factory=BookingRules)

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> HouseholdOptions:
        """Read a config entry's options."""
        return cls(
            PinPolicy(
                options.get(CONF_PIN_MIN, DEFAULT_PIN_MIN),
                options.get(CONF_PIN_MAX, DEFAULT_PIN_MAX),
            ),
            int(options.get(CONF_PIN_REUSE_DAYS, DEFAULT_PIN_REUSE_DAYS)),
            float(options.get(CONF_AUDIT_HOURS, DEFAULT_AUDIT_HOURS)) * 3600,
            WindowLimits(
                int(options.get(CONF_MAX_WINDOWS, DEFAULT_MAX_WINDOWS)),
                int(options.get(CONF_MAX_WINDOW_HOURS, LONGEST_WINDOW_HOURS)),
            ),
            int(options.get(CONF_JOURNAL_DAYS, DEFAULT_JOURNAL_DAYS)),
            GuestLimits(
                int(options.get(CONF_GUEST_QUOTA, DEFAULT_GUEST_QUOTA)),
                int(options.get(CONF_GUEST_DAYS, DEFAULT_GUEST_DAYS)),
            ),
            int(options.get(CONF_REVIEW_DAYS, DEFAULT_REVIEW_DAYS)),
            _booking_rules(options),
        )


def _booking_rules(options: Mapping[str, Any]) -> BookingRules:
    """Read the calendar options (calendar_guests.py)."""
    minutes = DEFAULT_BUFFER_MINUTES
    return BookingRules(
        calendars=tuple(options.get(CONF_CALENDARS, ())),
        service_calendars=tuple(options.get(CONF_SERVICE_CALENDARS, ())),
        service_keyword=str(options.get(CONF_SERVICE_KEYWORD, "")),
        doors_from_event=bool(options.get(CONF_DOORS_FROM_EVENT, False)),
        checkin=timedelta(minutes=int(options.get(CONF_CHECKIN_MINUTES, minutes))),
        checkout=timedelta(minutes=int(options.get(CONF_CHECKOUT_MINUTES, minutes))),
        ahead=timedelta(days=int(options.get(CONF_AHEAD_DAYS, DEFAULT_AHEAD_DAYS))),
        derive_pin=bool(options.get(CONF_DERIVE_PIN, False)),
    )
