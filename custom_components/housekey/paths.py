"""The one rule for a path a user gives: it must lead inside the configuration directory.

Actions that read or write a file the user names (a household file to import, a journal
export to write or verify) take its path relative to the configuration directory, or
absolute. Links are followed before the check, so a link, or a `..`, that leads out is
refused like an absolute path elsewhere; so is the configuration directory itself, which
is no file. Each caller names the refusals in its own translated words (`PathKeys`).
Blocking (it reads links): call from the executor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import validation as v

#: the directory of Home Assistant's own Stores (and the audit journal) in the config dir
STORAGE = ".storage"


@dataclass(frozen=True, slots=True)
class PathKeys:
    """A caller's translation keys for the refusals, all about the field `path`.

    `unusable` is for a path that is no path (a NUL byte, say) and gets the
    `path` placeholder; `storage`, when given, refuses Home Assistant's `.storage` too.
    """

    outside: str
    unusable: str
    storage: str | None = None


def inside_config(config_dir: str | Path, given: str, keys: PathKeys) -> Path:
    """Return where `given` leads, links followed; refuse anything outside the config dir."""
    base = Path(config_dir).resolve()
    try:
        candidate = Path(given).expanduser()
        resolved = (candidate if candidate.is_absolute() else base / candidate).resolve()
    except (OSError, RuntimeError, ValueError) as err:  # a NUL byte, a loop of links, no home
        raise v.invalid(keys.unusable, "path", path=v.shown(given)) from err
    if resolved == base or not resolved.is_relative_to(base):
        raise v.invalid(keys.outside, "path")
    if keys.storage is not None and resolved.is_relative_to(base / STORAGE):
        raise v.invalid(keys.storage, "path")
    return resolved
