"""Constants shared by the Home Assistant side of Housekey."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "housekey"

CONF_LOCKS: Final = "locks"
CONF_SIMULATED_LOCKS: Final = "simulated_locks"
CONF_PIN_MIN: Final = "pin_min"
CONF_PIN_MAX: Final = "pin_max"
#: entry data flag: this household has a Store (a missing one is lost, not new)
CONF_STORED: Final = "stored"
#: hours between two re-reads of one managed slot per lock (0: no audit)
CONF_AUDIT_HOURS: Final = "audit_hours"
CONF_PIN_REUSE_DAYS: Final = "pin_reuse_days"

DEFAULT_PIN_MIN: Final = 6
DEFAULT_PIN_MAX: Final = 8
#: days a PIN someone held stays barred from being handed out again (0: no such check)
DEFAULT_PIN_REUSE_DAYS: Final = 90
MAX_PIN_REUSE_DAYS: Final = 3650
MAX_SIMULATED_LOCKS: Final = 10
DEFAULT_AUDIT_HOURS: Final = 0
MAX_AUDIT_HOURS: Final = 168

EVENT_ACCESS: Final = "housekey_access"
EVENT_ADMIN: Final = "housekey_admin"
EVENT_ALERT: Final = "housekey_alert"

SIMULATED_BACKEND: Final = "simulated"

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 2

#: Denied attempts on one lock within BRUTE_FORCE_WINDOW seconds that raise an alert.
BRUTE_FORCE_ATTEMPTS: Final = 5
BRUTE_FORCE_WINDOW: Final = 60.0


def signal_update(entry_id: str) -> str:
    """Return the dispatcher signal that tells entities to refresh."""
    return f"{DOMAIN}_{entry_id}_update"


def signal_lock(entry_id: str, lock_id: str) -> str:
    """Return the dispatcher signal that tells one lock's entities its sync state changed."""
    return f"{DOMAIN}_{entry_id}_{lock_id}_update"


def signal_access(entry_id: str) -> str:
    """Return the dispatcher signal that carries one access to the lock's event entity."""
    return f"{DOMAIN}_{entry_id}_access"
