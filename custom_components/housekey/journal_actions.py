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

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, callback
from homeassistant.util import dt as dt_util

from . import validation as v
from .audit import fire_admin
from .const import EXPORT_DIR
from .core.journal import export_csv, export_json, verify_export
from .journal_files import read_bytes, write_new
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


def inside_config(config_dir: str, given: str) -> Path:
    """Return where a path the user gave leads, refusing anything outside the config dir.

    Symlinks are followed before the check, so one that leads out is refused too;
    Home Assistant's `.storage` (the Stores, the journal itself) is refused as well.
    Blocking (it reads links): call from the executor.
    """
    base = Path(config_dir).resolve()
    candidate = Path(given)
    resolved = (candidate if candidate.is_absolute() else base / candidate).resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise v.invalid("path_outside_config", "path")
    if resolved.is_relative_to(base / ".storage"):
        raise v.invalid("path_in_storage", "path")
    return resolved


def _write_export(config_dir: str, given: str, content: bytes) -> Path:
    path = inside_config(config_dir, given)
    try:
        write_new(path, content)
    except FileExistsError as err:
        raise v.invalid("path_exists", "path") from err
    except OSError as err:
        raise v.invalid("path_unwritable", "path") from err
    return path


def _read_export(config_dir: str, given: str) -> bytes:
    path = inside_config(config_dir, given)
    try:
        return read_bytes(path, MAX_EXPORT_BYTES)
    except OSError as err:
        raise v.invalid("path_not_found", "path") from err


async def _verify(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    hass = hk.hass
    given: str | None = call.data.get("path")
    if given is None:
        verdict = await hk.journal.async_verify()
        response: dict[str, Any] = verdict.to_dict()
    else:
        content = await hass.async_add_executor_job(_read_export, hass.config.config_dir, given)
        checked = await hass.async_add_executor_job(verify_export, content)
        verdict = checked.verdict
        response = checked.to_dict()
        point = checked.checkpoint
        response["matches_journal"] = (
            await hk.journal.async_matches(point) if point and verdict.ok else None
        )
    detail: dict[str, Any] = {"ok": verdict.ok, "records": verdict.records}
    detail |= {"first_bad_seq": verdict.first_bad_seq, "reason": verdict.reason}
    detail["export"] = given is not None
    fire_admin(hass, hk.name, "journal_verified", None, call.context, detail)
    return response


async def _export(hk: Housekey, call: ServiceCall) -> ServiceResponse:
    hass = hk.hass
    start: datetime = call.data["start"]
    end: datetime = call.data["end"]
    fmt: str = call.data["format"]
    if end <= start:
        raise v.invalid("period_end_before_start", "end")
    now = dt_util.utcnow()
    given = call.data.get("path") or os.path.join(
        EXPORT_DIR, f"journal-{now.strftime('%Y%m%dT%H%M%S')}-{hk.entry.entry_id[:8]}.{fmt}"
    )
    export = await hk.journal.async_export(start, end)
    header = {
        "household": hk.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "exported_at": now.isoformat(),
        "journal_head": hk.journal.head.to_dict(),
    }
    build = export_csv if fmt == "csv" else export_json
    content = build(header, export.checkpoint, export.records)
    path = await hass.async_add_executor_job(_write_export, hass.config.config_dir, given, content)
    point = export.checkpoint
    detail: dict[str, Any] = {"format": fmt, "records": point.records}
    detail["last_hash"] = point.last.hash
    fire_admin(hass, hk.name, "journal_exported", None, call.context, detail)
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
