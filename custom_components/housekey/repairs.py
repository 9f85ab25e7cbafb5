"""Repair issues: foreign codes on a lock, and a lock whose sync keeps failing."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .schema import vol

FOREIGN_CODE = "foreign_code"
SYNC_FAILED = "sync_failed"


def _issue_id(kind: str, entry_id: str, lock_id: str) -> str:
    return f"{kind}.{entry_id}.{lock_id}"


def create_foreign_code(hass: HomeAssistant, entry_id: str, lock_id: str, slots: str) -> None:
    """Tell admins that a lock holds codes Housekey did not write."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(FOREIGN_CODE, entry_id, lock_id),
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=FOREIGN_CODE,
        translation_placeholders={"lock": lock_id, "slots": slots},
        data={"entry_id": entry_id, "lock": lock_id},
    )


def create_sync_failed(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Tell admins that changes cannot reach a lock."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(SYNC_FAILED, entry_id, lock_id),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=SYNC_FAILED,
        translation_placeholders={"lock": lock_id},
    )


def delete_foreign_code(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Withdraw the foreign code issue once the codes are cleared."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(FOREIGN_CODE, entry_id, lock_id))


def delete_sync_failed(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Withdraw the sync failure issue once the lock has caught up."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(SYNC_FAILED, entry_id, lock_id))


class ClearForeignCodesFlow(RepairsFlow):
    """Let an admin clear foreign codes deliberately; Housekey never does it on its own."""

    def __init__(self, entry_id: str, lock_id: str) -> None:
        """Remember which lock the issue is about."""
        self._entry_id = entry_id
        self._lock_id = lock_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Ask for confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Clear the foreign codes once confirmed."""
        if user_input is not None:
            entry = self.hass.config_entries.async_get_entry(self._entry_id)
            if entry is not None and hasattr(entry, "runtime_data"):
                await entry.runtime_data.async_clear_foreign(self._lock_id)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"lock": self._lock_id},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow for a fixable issue."""
    assert data is not None
    return ClearForeignCodesFlow(str(data["entry_id"]), str(data["lock"]))
