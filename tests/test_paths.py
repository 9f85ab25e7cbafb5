"""One rule for the paths users give: inside the configuration directory, links followed.

The rule (paths.py) is the same for every action that reads or writes a file the user
names; each keeps its own translated refusal. A file really there outside the config
directory is the bait each time: nothing may read it, nothing may be written beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.paths import PathKeys, inside_config

from .conftest import call

PASSPHRASE = "correct horse battery staple"
KEYS = PathKeys("outside", "unusable", "storage")

#: each action that takes a path, with its other fields, and the key it refuses with
ACTIONS = {
    "import_household": ({"passphrase": PASSPHRASE}, "file_outside_config"),
    "verify_journal": ({}, "path_outside_config"),
    "export_journal": (
        {"start": "2026-01-01T00:00:00+00:00", "end": "2026-02-01T00:00:00+00:00"},
        "path_outside_config",
    ),
}


@pytest.fixture
def elsewhere(hass_config_dir: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory outside the config dir holding a file, and links to both inside it."""
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "bait.hke").write_bytes(b"not for Housekey")
    config = Path(hass_config_dir)
    (config / "link-dir").symlink_to(outside)
    (config / "link-file.hke").symlink_to(outside / "bait.hke")
    return outside


def cases(outside: Path, config: Path) -> dict[str, str]:
    """Every way out: a link to a file, into a linked directory, `..`, and absolute paths."""
    return {
        "link to a file": "link-file.hke",
        "into a linked directory": "link-dir/bait.hke",
        "dot-dot": f"../{outside.name}/bait.hke",
        "dot-dot inside a path": "housekey_exports/../../bait.hke",
        "absolute elsewhere": str(outside / "bait.hke"),
        "absolute through a link": str(config / "link-dir" / "bait.hke"),
    }


@pytest.mark.parametrize("action", ACTIONS)
async def test_every_path_action_refuses_every_way_out_of_the_config_directory(
    hass: HomeAssistant,
    household: MockConfigEntry,
    elsewhere: Path,
    hass_config_dir: str,
    action: str,
) -> None:
    fields, key = ACTIONS[action]
    before = sorted(p.name for p in elsewhere.iterdir())
    for case, given in cases(elsewhere, Path(hass_config_dir)).items():
        path = given.replace("bait.hke", "new.csv") if action == "export_journal" else given
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, action, {**fields, "path": path})
        assert err.value.translation_key == key, case
        assert err.value.translation_placeholders["field"] == "path"
    assert sorted(p.name for p in elsewhere.iterdir()) == before  # nothing written there


@pytest.mark.parametrize("action", ACTIONS)
async def test_every_path_action_refuses_the_config_directory_itself(
    hass: HomeAssistant, household: MockConfigEntry, hass_config_dir: str, action: str
) -> None:
    fields, key = ACTIONS[action]
    for given in (".", hass_config_dir, "housekey_exports/.."):
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, action, {**fields, "path": given})
        assert err.value.translation_key == key


def test_the_rule_follows_links_inside_and_refuses_what_is_no_path(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "exports").mkdir(parents=True)
    (config / "alias").symlink_to(config / "exports")
    assert inside_config(config, "alias/a.csv", KEYS) == (config / "exports" / "a.csv").resolve()
    assert inside_config(config, str(config / "b.csv"), KEYS) == (config / "b.csv").resolve()
    for given, key in (
        ("a\x00b", "unusable"),
        (".storage/core.config_entries", "storage"),
        ("~/a.csv", "outside"),
    ):
        with pytest.raises(ServiceValidationError) as err:
            inside_config(config, given, KEYS)
        assert err.value.translation_key == key, given
    assert inside_config(config, ".storage/x", PathKeys("outside", "unusable")).name == "x"


async def test_a_journal_export_still_goes_to_a_linked_directory_inside(
    hass: HomeAssistant, household: MockConfigEntry, hass_config_dir: str
) -> None:
    config = Path(hass_config_dir)
    (config / "reports").mkdir()
    (config / "latest").symlink_to(config / "reports")
    now = dt_util.utcnow().isoformat()
    period = {"start": "2026-01-01T00:00:00+00:00", "end": now}
    exported = await call(hass, "export_journal", {**period, "path": "latest/audit.json"})
    assert Path(exported["path"]) == (config / "reports" / "audit.json").resolve()
    assert (await call(hass, "verify_journal", {"path": "latest/audit.json"}))["ok"] is True
