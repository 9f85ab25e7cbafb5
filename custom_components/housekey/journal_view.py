"""The panel's Audit view: the journal page by page, its verification, and exports to download.

Two websocket commands (admin-only like every other of the panel's) read a page of
records and verify the chain; an export is a download, as Home Assistant's own panels
give their files (diagnostics, backups): an authenticated HTTP view that refuses anyone
but an admin, reached through a path signed for the logged-in user (`auth/sign_path`),
so the browser downloads it as a file without holding a token. Each of them runs the
journal actions' own code (journal_actions.py), and so each is on the record the same
way: `journal_verified`, `journal_exported`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Final

from aiohttp import web
from homeassistant.components.http.decorators import require_admin
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util

from . import validation as v
from .const import DOMAIN
from .core.journal_query import KIND_GROUPS, MAX_PAGE, RecordQuery, kinds_of
from .journal import moment
from .journal_actions import (
    SCHEMAS,
    async_build_export,
    async_verify_journal,
    export_name,
    record_export,
)
from .schema import vol
from .services import household_for
from .websocket_api import Message, _command, _household

#: where the panel downloads an export from (`?start=…&end=…&format=csv|json`)
EXPORT_URL: Final = f"/api/{DOMAIN}/journal/{{entry_id}}/export"
CONTENT_TYPES: Final = {"csv": "text/csv", "json": "application/json"}


@_command(
    "journal/records",
    {
        vol.Optional("kinds"): [vol.In(list(KIND_GROUPS))],
        vol.Optional("person"): v.text("person"),
        vol.Optional("lock"): v.text("lock"),
        vol.Optional("start"): v.moment("start"),
        vol.Optional("end"): v.moment("end"),
        vol.Optional("before"): vol.All(int, vol.Range(min=1)),
        vol.Optional("limit", default=50): vol.All(int, vol.Range(min=1, max=MAX_PAGE)),
    },
)
async def ws_journal_records(
    hass: HomeAssistant, connection: ActiveConnection, msg: Message
) -> None:
    """Return one page of the journal's records, newest first, filtered.

    `person` is a person's id or name; an id no longer in the household (someone
    offboarded and deleted long ago) still finds their records.
    """
    hk = _household(hass, msg)
    person_id: str | None = None
    if "person" in msg:
        found = hk.household.find(msg["person"])
        person_id = found.person_id if found is not None else msg["person"]
    query = RecordQuery(
        kinds=kinds_of(msg["kinds"]) if msg.get("kinds") else None,
        person_id=person_id,
        lock=msg.get("lock"),
        start=moment(msg["start"]) if msg.get("start") else None,
        end=moment(msg["end"]) if msg.get("end") else None,
        before=msg.get("before"),
        limit=msg["limit"],
    )
    page = await hk.journal.async_page(query)
    connection.send_result(msg["id"], {**page.to_dict(), "head": hk.journal.head.to_dict()})


@_command("journal/verify", {})
async def ws_journal_verify(
    hass: HomeAssistant, connection: ActiveConnection, msg: Message
) -> None:
    """Verify the whole chain, as the `verify_journal` action does (on the record too)."""
    hk = _household(hass, msg)
    connection.send_result(msg["id"], await async_verify_journal(hk, connection.context(msg)))


class JournalExportView(HomeAssistantView):
    """A period of one household's journal as a CSV or JSON file, for an admin to download."""

    url = EXPORT_URL
    name = f"api:{DOMAIN}:journal_export"
    requires_auth = True

    @require_admin
    async def get(self, request: web.Request, entry_id: str) -> web.Response:
        """Answer with the export file, or 400 with the translated reason it was refused."""
        hass = request.app[KEY_HASS]
        try:
            hk = household_for(hass, entry_id)
            fields = {k: request.query[k] for k in ("start", "end", "format") if k in request.query}
            data: dict[str, Any] = SCHEMAS["export_journal"](fields)
            now = dt_util.utcnow()
            content, export = await async_build_export(
                hk, data["start"], data["end"], data["format"], now
            )
        except HomeAssistantError as err:
            return self.json_message(str(err), HTTPStatus.BAD_REQUEST, err.translation_key)
        except vol.Invalid as err:
            return self.json_message(str(err), HTTPStatus.BAD_REQUEST, "invalid_format")
        record_export(hk, data["format"], export, self.context(request))
        name = export_name(hk, now, data["format"])
        return web.Response(
            body=content,
            content_type=CONTENT_TYPES[data["format"]],
            charset="utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )


@callback
def async_setup_journal_view(hass: HomeAssistant) -> None:
    """Register the Audit view's commands, and its download once the web server runs."""
    async_register_command(hass, ws_journal_records)
    async_register_command(hass, ws_journal_verify)
    if "http" in hass.config.components:  # an after-dependency: set up first where it is used
        hass.http.register_view(JournalExportView())
