"""The panel's household file: export it as a download, import an uploaded one.

The same encrypted file as the `export_household` and `import_household` actions write
and read (household_transfer.py), with the same checks and the same records, but it
travels in the admin's websocket messages instead of through a path on the server: the
browser downloads what an export returns and sends the bytes of the file picked for an
import. The passphrase, like a PIN, is only ever in those messages, which the recorder
never sees. Both commands are admin-only like every other of the panel's.
"""

from __future__ import annotations

import base64
import binascii

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.core import HomeAssistant, callback

from . import household_transfer
from . import validation as v
from .core.household_file import FileProblem
from .schema import vol
from .websocket_api import Message, _action_data, _command, _household


@_command("household/export", {vol.Required("passphrase"): str})
async def ws_household_export(
    hass: HomeAssistant, connection: ActiveConnection, msg: Message
) -> None:
    """Return the household's encrypted file (its name, its bytes in base64) to download."""
    hk = _household(hass, msg)
    data = _action_data("export_household", msg)
    name, sealed = await household_transfer.async_export_file(
        hk, data["passphrase"], connection.context(msg)
    )
    connection.send_result(msg["id"], {"name": name, "content": base64.b64encode(sealed).decode()})


@_command(
    "household/import",
    {vol.Required("content"): str, vol.Required("passphrase"): str},
)
async def ws_household_import(
    hass: HomeAssistant, connection: ActiveConnection, msg: Message
) -> None:
    """Put the household of an uploaded file (base64) in place; refused, nothing changes."""
    hk = _household(hass, msg)
    passphrase = v.passphrase(msg["passphrase"])
    try:
        content = base64.b64decode(msg["content"], validate=True)
    except (binascii.Error, ValueError) as err:
        raise v.invalid(FileProblem.NOT_HOUSEHOLD.value, "path") from err
    household = await household_transfer.async_import_file(
        hk, content, passphrase, connection.context(msg)
    )
    connection.send_result(msg["id"], {"people": len(household.current())})


@callback
def async_setup_household_view(hass: HomeAssistant) -> None:
    """Register the household file's commands once, for every household."""
    async_register_command(hass, ws_household_export)
    async_register_command(hass, ws_household_import)
