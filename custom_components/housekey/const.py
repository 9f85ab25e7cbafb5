"""Constants shared by the Home Assistant side of Housekey."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "housekey"

CONF_LOCKS: Final = "locks"
CONF_SIMULATED_LOCKS: Final = "simulated_locks"
#: whether the simulated keypads hold schedules themselves (Enforcement.LOCK)
CONF_SIMULATED_SCHEDULES: Final = "simulated_schedules"
CONF_PIN_MIN: Final = "pin_min"
CONF_PIN_MAX: Final = "pin_max"
#: entry data flag: this household has a Store (a missing one is lost, not new)
CONF_STORED: Final = "stored"
#: hours between two re-reads of one managed slot per lock (0: no audit)
CONF_AUDIT_HOURS: Final = "audit_hours"
CONF_PIN_REUSE_DAYS: Final = "pin_reuse_days"
CONF_REVIEW_DAYS: Final = "review_days"
#: the longest weekly window and the most weekly windows one person may have
CONF_MAX_WINDOW_HOURS: Final = "max_window_hours"
CONF_MAX_WINDOWS: Final = "max_windows"
#: forwarding keypads bound to the household's doors (core/keypads.py)
CONF_KEYPADS: Final = "keypads"

DEFAULT_PIN_MIN: Final = 6
DEFAULT_PIN_MAX: Final = 8
#: days a PIN someone held stays barred from being handed out again (0: no such check):
#: a year, as long as a departing roommate or a regular cleaner plausibly remembers a code
#: (a lease, a season of visits); the few codes a household retires in a year cost the
#: PIN space nothing
DEFAULT_PIN_REUSE_DAYS: Final = 365
MAX_PIN_REUSE_DAYS: Final = 3650
#: days without an opening after which the access review suggests suspending or offboarding
#: (0: no review): two months, longer than a holiday, shorter than a forgotten tenancy
DEFAULT_REVIEW_DAYS: Final = 60
MAX_REVIEW_DAYS: Final = 3650
MAX_SIMULATED_LOCKS: Final = 10
DEFAULT_AUDIT_HOURS: Final = 0
MAX_AUDIT_HOURS: Final = 168

EVENT_ACCESS: Final = "housekey_access"
EVENT_ADMIN: Final = "housekey_admin"
EVENT_ALERT: Final = "housekey_alert"

SIMULATED_BACKEND: Final = "simulated"

STORAGE_VERSION: Final = 1
#: 1.5: each lock's record keeps the last check of its clock
STORAGE_MINOR_VERSION: Final = 5

#: Brute-force windows (options): wrong codes at one lock within a span that count as
#: guessing. The burst window's span is in seconds, the slow window's in hours.
CONF_BURST_ATTEMPTS: Final = "brute_force_burst_attempts"
CONF_BURST_WINDOW: Final = "brute_force_burst_window"
CONF_SLOW_ATTEMPTS: Final = "brute_force_slow_attempts"
CONF_SLOW_WINDOW: Final = "brute_force_slow_window"
DEFAULT_BURST_ATTEMPTS: Final = 5
DEFAULT_BURST_WINDOW: Final = 60
DEFAULT_SLOW_ATTEMPTS: Final = 30
DEFAULT_SLOW_WINDOW: Final = 24

#: residents' guests (core/authority.py): how many at a time, and the longest stay in days
CONF_GUEST_QUOTA: Final = "guest_quota"
CONF_GUEST_DAYS: Final = "guest_max_days"
MAX_GUEST_QUOTA: Final = 50
MAX_GUEST_DAYS: Final = 365

#: days the audit journal keeps records (older segments are dropped behind a checkpoint)
CONF_JOURNAL_DAYS: Final = "journal_retention_days"
DEFAULT_JOURNAL_DAYS: Final = 365
MAX_JOURNAL_DAYS: Final = 3650


def signal_update(entry_id: str) -> str:
    """Return the dispatcher signal for household-wide changes (anyone's status may differ).

    The household's own entities follow it; a lock's entities follow their lock's signals.
    """
    return f"{DOMAIN}_{entry_id}_update"


def signal_person(entry_id: str, person_id: str) -> str:
    """Return the dispatcher signal that tells one person's sensor to refresh."""
    return f"{DOMAIN}_{entry_id}_person_{person_id}"


def signal_household(entry_id: str) -> str:
    """Return the dispatcher signal for what counts people (and adds new people's sensors)."""
    return f"{DOMAIN}_{entry_id}_household"


def signal_lock(entry_id: str, lock_id: str) -> str:
    """Return the dispatcher signal that tells one lock's entities its sync state changed."""
    return f"{DOMAIN}_{entry_id}_{lock_id}_update"


def signal_access(entry_id: str, lock_id: str) -> str:
    """Return the dispatcher signal that carries an access at one lock to that lock's entities."""
    return f"{DOMAIN}_{entry_id}_{lock_id}_access"


#: the folder of the configuration directory exports are written to (household, journal)
EXPORT_DIR: Final = "housekey_exports"
