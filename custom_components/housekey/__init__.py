"""Housekey: local door access for shared homes."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

from . import repairs
from .calendar_guests import STORE_SUFFIX as CALENDAR_STORE
from .const import DOMAIN
from .departure import CODES_LEFT, leftovers
from .entity import household_device
from .household_view import async_setup_household_view
from .journal import journal_dir
from .journal_actions import async_setup_journal_actions
from .journal_files import JournalFiles
from .journal_view import async_setup_journal_view
from .panel import async_register_panel, async_remove_panel
from .privacy import async_setup_privacy
from .runtime import Housekey, HousekeyConfigEntry
from .services import async_setup_services
from .store import HousekeyStore, StoreUnreadable
from .websocket_api import async_setup_websocket_api

PLATFORMS = [Platform.EVENT, Platform.LOCK, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and the panel's commands once, and keep codes out of history."""
    async_setup_services(hass)
    async_setup_journal_actions(hass)
    async_setup_websocket_api(hass)
    async_setup_journal_view(hass)
    async_setup_household_view(hass)
    async_setup_privacy(hass, lambda: _managed_locks(hass))
    # Locks that still hold codes of a household deleted earlier are cleared on.
    await leftovers(hass).async_load()
    return True


def _managed_locks(hass: HomeAssistant) -> set[str]:
    """Return every lock entity a loaded household manages."""
    return {
        lock
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        for lock in entry.runtime_data.locks
    }


async def async_setup_entry(hass: HomeAssistant, entry: HousekeyConfigEntry) -> bool:
    """Load a household and start keeping its locks in sync."""
    runtime = Housekey(hass, entry)
    try:
        await runtime.async_setup()
    except StoreUnreadable as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="store_unreadable",
            translation_placeholders={"backup": err.backup},
        ) from err
    entry.runtime_data = runtime
    runtime.device_id = (
        dr.async_get(hass)
        .async_get_or_create(config_entry_id=entry.entry_id, **household_device(runtime))
        .id
    )
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    runtime.remove_stale_entities()
    await async_register_panel(hass)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HousekeyConfigEntry) -> bool:
    """Stop the household's queues; pending work resumes on the next load."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_unload()
        if not [e for e in hass.config_entries.async_loaded_entries(DOMAIN) if e is not entry]:
            async_remove_panel(hass)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: HousekeyConfigEntry) -> None:
    """Clear the household's codes from its locks, then delete its Stores, PINs and notes.

    The unload has already torn the runtime down, so the locks are cleared from the
    records it wrote (departure.py); a lock that does not confirm in time is kept
    clearing beyond the household. Its audit journal goes too (names and times of
    everyone who came and went): an export made before keeps what is needed.
    """
    try:
        await leftovers(hass).async_clear(entry)
    finally:
        keys = ("", ".journal", ".locks", ".simulated", CALENDAR_STORE)
        for key in (f"{entry.entry_id}{suffix}" for suffix in keys):
            await HousekeyStore(hass, key).async_remove()
        await hass.async_add_executor_job(JournalFiles(journal_dir(hass, entry.entry_id)).remove)
        # Its notes name doors, people and events of a household that is gone; only the
        # note of codes a lock still holds stays, until that lock is cleared.
        repairs.delete_household_issues(hass, entry.entry_id, keep=(CODES_LEFT,))


async def _async_options_updated(hass: HomeAssistant, entry: HousekeyConfigEntry) -> None:
    """Apply changed locks or policy by reloading the household."""
    await hass.config_entries.async_reload(entry.entry_id)
