"""The typed arguments of Housekey's actions, as their schemas leave them.

Each action's schema (services.py) checks and converts every field; what it lets
through has exactly these types. A key that is absent was not given, which matters:
`update_person` changes only what it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Required, TypedDict, cast

from .core.model import Role, WeeklyWindow
from .validation import PinInput


class AccessArgs(TypedDict, total=False):
    """When and where a person may open: shared by adding and updating."""

    locks: list[str] | None
    valid_from: datetime | None
    valid_until: datetime | None
    weekly: list[WeeklyWindow]
    max_uses: int | None


class NewPersonArgs(AccessArgs, total=False):
    """`add_person` and `add_guest`: a person to add (a PIN is generated when none is given)."""

    name: Required[str]
    role: Role
    pin: PinInput
    duress_pin: PinInput
    ha_user: str | None
    sponsor: str | None


class PersonArgs(TypedDict):
    """An action about one existing person, named by id or name."""

    person: str


class UpdatePersonArgs(AccessArgs, PersonArgs, total=False):
    """`update_person`: the fields to change, and only those."""

    name: str
    role: Role
    duress_pin: PinInput
    ha_user: str | None


class SetPinArgs(PersonArgs, total=False):
    """`set_pin`: a new PIN, generated when none is given."""

    pin: PinInput


class OffboardArgs(PersonArgs):
    """`offboard_person`: how long to wait for the locks to drop the person's codes."""

    timeout: float


class ExportArgs(TypedDict):
    """`export_household`: the passphrase the file is encrypted under."""

    passphrase: str


class ImportArgs(ExportArgs):
    """`import_household`: the file to read, and its passphrase."""

    path: str


class SyncArgs(TypedDict, total=False):
    """`sync`: the locks to sync (every lock when absent or empty)."""

    locks: list[str] | None


class SubmitCodeArgs(TypedDict):
    """`submit_code`: a code typed at the keypad of a lock."""

    lock: str
    code: str


#: `issue_code_book`: from when (default now), until when or how many codes
IssueBookArgs = TypedDict(
    "IssueBookArgs",
    {
        "person": Required[str],
        "from": datetime | None,
        "until": datetime | None,
        "count": int | None,
    },
    total=False,
)


def read[T: Mapping[str, Any]](kind: type[T], data: Mapping[str, Any]) -> T:
    """Return the fields of `kind` from a call's data, which its schema has already checked."""
    keys = kind.__required_keys__ | kind.__optional_keys__  # type: ignore[attr-defined]
    return cast("T", {key: value for key, value in data.items() if key in keys})
