"""Export and import of the whole household, as an encrypted file in the configuration directory.

An export is everything the household's Stores know of its people and locks, encrypted
under a passphrase (core/household_file.py), written where only the Home Assistant user
can read it. An import reads such a file, checks every person by the rules an action
would enforce, and then puts the household in place of the current one at once; the
locks get there by the ordinary sync, which writes and clears Housekey's own codes and
never a foreign one. Nothing is saved, and nothing sent, before every check has passed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from homeassistant.core import Context
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
from homeassistant.util import slugify

from . import validation as v
from .audit import fire_admin
from .const import DOMAIN, EXPORT_DIR
from .core.household_file import (
    FORMAT_VERSION,
    MIN_PASSPHRASE_LENGTH,
    SUFFIX,
    FileProblem,
    HouseholdContent,
    HouseholdFileError,
    canonical,
    exported_stem,
    read_household_file,
    seal,
)
from .core.model import CredentialRef, Household, Person
from .core.names import name_key
from .core.policy import RecentCodes
from .core.windows import WindowLimits
from .paths import PathKeys, inside_config
from .records import LockRecord
from .runtime import Housekey
from .sync import LockSync

#: the largest file an import reads (a household of 10,000 people is a few MiB)
MAX_FILE_BYTES = 32 * 1024 * 1024

#: the refusals of a path to import from (the config dir's `.storage` is only read, never
#: written, and holds no household file: no key of its own)
PATH_KEYS = PathKeys("file_outside_config", "file_not_found")

#: lock records by entity id: the slots each says Housekey wrote, with their credential
type Claims = dict[str, dict[int, CredentialRef]]


def journal_head(hk: Housekey) -> Mapping[str, Any] | None:
    """Return the audit journal's head for an export: its last record's seq and hash."""
    return hk.journal.head.to_dict()


# ---- export ------------------------------------------------------------------------------


def _sealing(hk: Housekey, passphrase: str) -> tuple[str, Callable[[], bytes]]:
    """Return an export's file stem and what seals it (blocking: scrypt, for the executor)."""
    now = dt_util.now()
    content = HouseholdContent(
        hk.name,
        now,
        hk.household,
        {lock_id: sync.persisted() for lock_id, sync in hk.locks.items()},
        journal_head(hk),
        hk.calendar.links,
    )
    plain = canonical(content.to_payload())  # here: the household may change once we yield
    return exported_stem(slugify(hk.name), now), lambda: seal(plain, passphrase)


async def async_export(hk: Housekey, passphrase: str, context: Context | None) -> Path:
    """Write the household to a new file under the configuration directory; return its path."""
    stem, sealed = _sealing(hk, passphrase)
    directory = Path(hk.hass.config.path(EXPORT_DIR))
    try:
        path = await hk.hass.async_add_executor_job(_write_new, directory, stem, sealed)
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="export_failed",
            translation_placeholders={"error": err.strerror or type(err).__name__},
        ) from err
    fire_admin(hk.hass, hk.name, "exported", None, context)
    return path


async def async_export_file(
    hk: Housekey, passphrase: str, context: Context | None
) -> tuple[str, bytes]:
    """Return the household as an encrypted file's name and bytes, for the panel to download.

    The same file as `async_export` writes, and on the record the same way, but written
    nowhere on the server: it leaves Housekey only in the admin's websocket result.
    """
    stem, sealed = _sealing(hk, passphrase)
    data = await hk.hass.async_add_executor_job(sealed)
    fire_admin(hk.hass, hk.name, "exported", None, context, {"download": True})
    return f"{stem}{SUFFIX}", data


def _write_new(directory: Path, stem: str, sealed: Callable[[], bytes]) -> Path:
    """Write a new file readable by its owner only; an earlier export is never overwritten."""
    data = sealed()
    directory.mkdir(mode=0o700, exist_ok=True)
    number = 1
    while True:
        path = directory / (f"{stem}{SUFFIX}" if number == 1 else f"{stem}-{number}{SUFFIX}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            number += 1
            continue
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written export left behind
            raise
        return path


# ---- import ------------------------------------------------------------------------------


async def async_import(
    hk: Housekey, given: str, passphrase: str, context: Context | None
) -> Household:
    """Read, check and put in place the household of a file; return the household."""
    content = await hk.hass.async_add_executor_job(
        _read, hk.hass.config.config_dir, given, passphrase
    )
    return await _async_put_in_place(hk, content, context)


async def async_import_file(
    hk: Housekey, data: bytes, passphrase: str, context: Context | None
) -> Household:
    """Check and put in place the household of a file's bytes (uploaded in the panel)."""
    if len(data) > MAX_FILE_BYTES:
        raise v.invalid("file_too_large", "path", max=str(MAX_FILE_BYTES // 2**20))
    content = await hk.hass.async_add_executor_job(_open, data, passphrase)
    return await _async_put_in_place(hk, content, context)


async def _async_put_in_place(
    hk: Housekey, content: HouseholdContent, context: Context | None
) -> Household:
    # From here to the swap nothing yields: the checks hold for what is put in place.
    check_household(content.household, hk)
    claims = _claims(content.locks, hk.locks)
    household = await hk.async_replace_household(content.household, claims, context)
    # Its calendar people stay linked to their bookings: else the next reading would make
    # each booking a second person, and the imported one would never end with it.
    await hk.calendar.async_adopt(content.calendar)
    return household


def _read(config_dir: str, given: str, passphrase: str) -> HouseholdContent:
    """Read and decrypt a file inside the configuration directory (in the executor)."""
    path = inside_config(config_dir, given, PATH_KEYS)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as err:
        raise v.invalid("file_not_found", "path", path=v.shown(given)) from err
    except OSError as err:
        raise v.invalid(
            "file_unreadable", "path", error=err.strerror or type(err).__name__
        ) from err
    if len(data) > MAX_FILE_BYTES:
        raise v.invalid("file_too_large", "path", max=str(MAX_FILE_BYTES // 2**20))
    return _open(data, passphrase)


def _open(data: bytes, passphrase: str) -> HouseholdContent:
    """Decrypt and read a household file's bytes (blocking: scrypt)."""
    try:
        return read_household_file(data, passphrase)
    except HouseholdFileError as err:
        raise _refusal(err) from err


def _refusal(err: HouseholdFileError) -> ServiceValidationError:
    """Translate why a file cannot be read; a wrong passphrase and damage are one refusal."""
    key = err.problem.value
    if err.problem is FileProblem.NEWER_VERSION:
        return v.invalid(key, "path", version=str(err.version), supported=str(FORMAT_VERSION))
    if err.problem in (FileProblem.TOO_SHORT, FileProblem.NOT_AUTHENTIC):
        return v.invalid(key, "passphrase", min=str(MIN_PASSPHRASE_LENGTH))
    return v.invalid(key, "path")


def check_household(household: Household, hk: Housekey) -> None:
    """Refuse a household in which any current person breaks a rule an action enforces.

    A refusal names the action's `path` field, and in its label the person and the field
    of theirs that breaks the rule, with the message that rule always gives.
    """
    # The file's own retired codes are its history: a person keeps the PIN they had.
    rules = v.CodeRules(hk.policy, RecentCodes(), hk.reuse_days)
    names: set[str] = set()
    for person in household.current():
        try:
            _check_person(household, person, hk.locks, rules, hk.options.windows)
            key = name_key(person.name)
            if key in names:
                raise v.invalid("name_taken", "name", name=v.shown(person.name))
            names.add(key)
        except ServiceValidationError as err:
            raise _in_file(err, person) from err


def _check_person(
    household: Household,
    person: Person,
    managed: Mapping[str, LockSync],
    rules: v.CodeRules,
    limits: WindowLimits,
) -> None:
    v.name(person.name)
    locks = v.check_locks(managed, None if person.locks is None else list(person.locks))
    v.moment("valid_from")(person.valid_from)
    v.moment("valid_until")(person.valid_until)
    v.check_window(person.valid_from, person.valid_until, person.role)
    v.check_weekly_dates(
        v.check_weekly(person.weekly, limits), person.valid_from, person.valid_until
    )
    v.max_uses(person.max_uses)
    ranges = v.pin_ranges(managed, locks)
    taken = household.taken(besides=person.person_id)
    if person.pin is not None:
        rules.check(person.pin, "pin", taken, ranges)
        taken = taken.plus(person.pin)
    if person.duress_pin is not None:
        rules.check(person.duress_pin, "duress_pin", taken, ranges)
    if person.sponsor is not None and person.sponsor not in household.people:
        raise v.invalid("unknown_person", "sponsor", person=v.shown(person.sponsor))


def _in_file(err: ServiceValidationError, person: Person) -> ServiceValidationError:
    """Return a refusal of a person in the file, naming the `path` field and the person."""
    placeholders = dict(err.translation_placeholders or {})
    inner = v.FIELD_LABELS.get(placeholders.get("field", ""), placeholders.get("label", ""))
    placeholders |= {
        "field": "path",
        "label": f"{v.FIELD_LABELS['path']} ({v.shown(person.name)}, {inner})",
    }
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.translation_key,
        translation_placeholders=placeholders,
    )


def _claims(records: Mapping[str, Mapping[str, Any]], managed: Mapping[str, LockSync]) -> Claims:
    """Return, for each lock here, the slots the file's record says Housekey wrote."""
    claims: Claims = {}
    for lock_id, raw in records.items():
        try:
            record = LockRecord.from_dict(dict(raw))
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as err:
            raise _refusal(HouseholdFileError(FileProblem.BAD_CONTENT)) from err
        if lock_id in managed:
            claims[lock_id] = {slot: applied.ref for slot, applied in record.applied.items()}
    return claims
