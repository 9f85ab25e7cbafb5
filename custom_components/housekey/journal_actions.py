"""The audit journal's admin actions: verify the chain (or an export), export a period.

Both are admin-only like every management action, and both are on the record
themselves (`housekey_admin`: `journal_verified`, `journal_exported`). Files are
read and written only under Home Assistant's configuration directory, never inside
its `.storage` and never through a symlink that leads out of it; an export never
replaces a file that is already there.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from homeassistant.core import Context, HomeAssistant, ServiceCall, ServiceResponse, callback
from homeassistant.util import dt as dt_util

from . import validation as v
from .audit import fire_admin
from .const import EXPORT_DIR
from .core.journal import Verdict, export_csv, export_json, verify_export
from .journal import Export
from .journal_files import read_bytes, write_new
from .paths import PathKeys, inside_config
from .runtime import Housekey
from .schema import vol
from .services import BASE, async_register_admin_action

FORMATS: Final = ("json", "csv")
#: where exports go when no path is given (under the configuration directory)
#: the largest export file read back for verification
MAX_EXPORT_BYTES: Final = 256 << 20


def _format(value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in FORMATS:
        raise v.invalid("bad_format", "format", formats=", ".join(FORMATS))
    return value.strip().lower()


SCHEMAS: dict[str, vol.Schema] = {
    "verify_journal": vol.Schema({**BASE, vol.Optional("path"): v.text("path")}),
    "export_journal": vol.Schema(
        {
            **BASE,
            vol.Required("start"): v.moment("start"),
            vol.Required("end"): v.moment("end"),
            vol.Optional("format", default="json"): _format,
            vol.Optional("path"): v.text("path"),
        }
    ),
}


#: the refusals of a path to read an export from, and to write one to
READ_KEYS: Final = PathKeys("path_outside_config", "path_not_found", "path_in_storage")
WRITE_KEYS: Final = PathKeys("path_outside_config", "path_unwritable", "path_in_storage")


def _write_export(config_dir: str, given: str, content: bytes) -> Path:
    path = inside_config(config_dir, given, WRITE_KEYS)
    try:
        write_new(path, content)
    except FileExistsError as err:
        raise v.invalid("path_exists", "path") from err
    except OSError as err:
        raise v.invalid("path_unwritable", "path") from err
    return path


def _read_export(config_dir: str, given: str) -> bytes:
    path = inside_config(config_dir, given, READ_KEYS)
    try:
        return read_bytes(path, MAX_EXPORT_BYTES)
    except OSError as err:
        raise v.invalid("path_not_found", "path") from err


async def _verify(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    hass = hk.hass
    given: str | None = call.data.get("path")
    if given is None:
        return await async_verify_journal(hk, call.context)
    content = await hass.async_add_executor_job(_read_export, hass.config.config_dir, given)
    checked = await hass.async_add_executor_job(verify_export, content)
    verdict = checked.verdict
    response: dict[str, Any] = checked.to_dict()
    point = checked.checkpoint
    response["matches_journal"] = (
        await hk.journal.async_matches(point) if point and verdict.ok else None
    )
    _record_verified(hk, verdict, context=call.context, export=True)
    return response


async def async_verify_journal(hk: Housekey, context: Context | None) -> dict[str, Any]:
    """Verify the household's whole journal, on the record; return the verdict (the panel too)."""
    verdict = await hk.journal.async_verify()
    _record_verified(hk, verdict, context=context, export=False)
    return verdict.to_dict()


def _record_verified(
    hk: Housekey, verdict: Verdict, *, context: Context | None, export: bool
) -> None:
    detail: dict[str, Any] = {"ok": verdict.ok, "records": verdict.records}
    detail |= {"first_bad_seq": verdict.first_bad_seq, "reason": verdict.reason}
    detail["export"] = export
    fire_admin(hk.hass, hk.name, "journal_verified", None, context, detail)


def check_period(start: datetime, end: datetime) -> None:
    """Refuse a period that ends before it starts (`end` is the field named)."""
    if end <= start:
        raise v.invalid("period_end_before_start", "end")


def export_name(hk: Housekey, now: datetime, fmt: str) -> str:
    """Return the name an export gets when the user gives none (the download's too)."""
    return f"journal-{now.strftime('%Y%m%dT%H%M%S')}-{hk.entry.entry_id[:8]}.{fmt}"


async def async_build_export(
    hk: Housekey, start: datetime, end: datetime, fmt: str, now: datetime
) -> tuple[bytes, Export]:
    """Return an export file's content for a period (its checkpoint inside) and the export."""
    check_period(start, end)
    export = await hk.journal.async_export(start, end)
    header = {
        "household": hk.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "exported_at": now.isoformat(),
        "journal_head": hk.journal.head.to_dict(),
    }
    build = export_csv if fmt == "csv" else export_json
    return build(header, export.checkpoint, export.records), export


def record_export(hk: Housekey, fmt: str, export: Export, context: Context | None) -> None:
    """Put an export on the record (`journal_exported`), once it has left Housekey."""
    point = export.checkpoint
    detail: dict[str, Any] = {"format": fmt, "records": point.records}
    detail["last_hash"] = point.last.hash
    fire_admin(hk.hass, hk.name, "journal_exported", None, context, detail)


async def _export(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    hass = hk.hass
    fmt: str = call.data["format"]
    now = dt_util.utcnow()
    given = call.data.get("path") or os.path.join(EXPORT_DIR, export_name(hk, now, fmt))
    content, export = await async_build_export(hk, call.data["start"], call.data["end"], fmt, now)
    path = await hass.async_add_executor_job(_write_export, hass.config.config_dir, given, content)
    record_export(hk, fmt, export, call.context)
    point = export.checkpoint
    return {
        "path": str(path),
        "records": point.records,
        "checkpoint": point.to_dict(),
        "journal_ok": export.verdict.ok,
    }


@callback
def async_setup_journal_actions(hass: HomeAssistant) -> None:
    """Register the journal's actions once, for every household."""
    async_register_admin_action(hass, "verify_journal", _verify, SCHEMAS["verify_journal"])
    async_register_admin_action(hass, "export_journal", _export, SCHEMAS["export_journal"])
