"""The Housekey sidebar panel: registered by the integration, served from its own folder.

The built bundle (`frontend/housekey-panel.js`) is committed beside its sources (the
repository's `frontend/`), so a HACS install needs nothing else. The panel is admin-only: its
websocket commands refuse everyone else anyway (`websocket_api.py`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant

from .const import DOMAIN

PANEL_URL = DOMAIN
STATIC_URL = f"/{DOMAIN}_panel"
BUNDLE = Path(__file__).parent / "frontend" / "housekey-panel.js"
ELEMENT = "housekey-panel"
_REGISTERED = f"{DOMAIN}_panel_static"


def _bundle_version() -> str:
    """Return a short digest of the bundle, so a new release is never served from cache."""
    return hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:12]


async def async_register_panel(hass: HomeAssistant) -> None:
    """Add the Housekey panel to the sidebar, once, when the frontend is loaded."""
    if "frontend" not in hass.config.components or frontend.async_panel_exists(hass, PANEL_URL):
        return
    if not hass.data.get(_REGISTERED):
        await hass.http.async_register_static_paths(
            [StaticPathConfig(STATIC_URL, str(BUNDLE.parent), cache_headers=True)]
        )
        hass.data[_REGISTERED] = True
    version = await hass.async_add_executor_job(_bundle_version)
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL,
        webcomponent_name=ELEMENT,
        sidebar_title="Housekey",
        sidebar_icon="mdi:key-chain-variant",
        module_url=f"{STATIC_URL}/{BUNDLE.name}?v={version}",
        require_admin=True,
        config={},
    )


def async_remove_panel(hass: HomeAssistant) -> None:
    """Take the panel out of the sidebar when no household is loaded any more."""
    if frontend.async_panel_exists(hass, PANEL_URL):
        frontend.async_remove_panel(hass, PANEL_URL)
