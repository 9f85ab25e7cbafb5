"""The sidebar panel: registered by the integration, admin-only, served from its own folder."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.housekey.panel import BUNDLE

from .conftest import setup_household


async def _panels(hass_ws_client: Any, hass: HomeAssistant, **kwargs: Any) -> dict[str, Any]:
    ws = await hass_ws_client(hass, **kwargs)
    await ws.send_json_auto_id({"type": "get_panels"})
    reply = await ws.receive_json()
    assert reply["success"], reply
    return dict(reply["result"])


async def test_the_panel_is_in_the_sidebar_for_admins_only(
    hass: HomeAssistant, hass_ws_client: Any, hass_client: Any, hass_read_only_access_token: str
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    entry = await setup_household(hass)

    panel = (await _panels(hass_ws_client, hass))["housekey"]
    assert panel["require_admin"] is True
    assert panel["title"] == "Housekey"
    custom = panel["config"]["_panel_custom"]
    assert custom["name"] == "housekey-panel"
    # A non-admin's sidebar has no Housekey.
    read_only = await _panels(hass_ws_client, hass, access_token=hass_read_only_access_token)
    assert "housekey" not in read_only

    # The bundle is served from the integration, exactly as committed.
    client = await hass_client()
    response = await client.get(custom["module_url"])
    assert response.status == 200
    assert await response.read() == BUNDLE.read_bytes()

    # Unloading the last household takes the panel out of the sidebar.
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert "housekey" not in await _panels(hass_ws_client, hass)
    # Loading it again brings it back, with no second static route.
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert "housekey" in await _panels(hass_ws_client, hass)


async def test_without_the_frontend_there_is_no_panel(hass: HomeAssistant) -> None:
    await setup_household(hass)
    assert "frontend" not in hass.config.components
