"""Translations ship resolved: a custom integration's en.json is read as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "housekey"


def test_en_json_matches_strings_and_has_no_references() -> None:
    strings = (PACKAGE / "strings.json").read_text()
    english = (PACKAGE / "translations" / "en.json").read_text()
    assert json.loads(english) == json.loads(strings)
    assert "[%key:" not in english


def test_no_string_holds_what_the_frontend_reads_as_markup() -> None:
    """Home Assistant's frontend formats every string as an ICU message: a `<word>` is a tag
    there, and an unclosed one shows "Translation error: UNCLOSED_TAG" instead of the text."""

    def texts(node: object) -> list[str]:
        if isinstance(node, dict):
            return [t for value in node.values() for t in texts(value)]
        return [node] if isinstance(node, str) else []

    strings = json.loads((PACKAGE / "strings.json").read_text())
    assert [t for t in texts(strings) if "<" in t] == []


def test_every_error_the_code_raises_is_translated() -> None:
    from custom_components.housekey.core.household_file import FileProblem
    from custom_components.housekey.core.policy import PinProblem

    strings = json.loads((PACKAGE / "strings.json").read_text())
    source = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    raised = set(re.findall(r'invalid\(\s*"(\w+)"', source))
    entities = {"access", "last_access", "people_with_access", "person", "sync"}
    raised |= set(re.findall(r'translation_key\s*=\s*"(\w+)"', source)) - entities
    raised |= {p.value for p in PinProblem} | {p.value for p in FileProblem}
    assert raised
    assert raised <= set(strings["exceptions"]) | set(strings["issues"])
    form_errors = set(re.findall(r'errors\[[A-Z_"a-z]+\] = "(\w+)"', source))
    form_errors |= set(re.findall(r'return "(\w+)"', source))
    assert form_errors <= set(strings["config"]["error"])
    # The options form has no name field.
    assert form_errors - {"name_empty", "name_taken"} <= set(strings["options"]["error"])


def _panel_keys(strings: dict[str, object], prefix: str = "") -> dict[str, object]:
    """Flatten the panel's nested strings to their dotted keys (a group is a key too)."""
    flat: dict[str, object] = {}
    for key, value in strings.items():
        flat[prefix + key] = value
        if isinstance(value, dict):
            flat |= _panel_keys(value, f"{prefix}{key}.")
    return flat


def test_every_panel_string_the_frontend_looks_up_is_translated() -> None:
    from custom_components.housekey.core.model import Role, Status
    from custom_components.housekey.providers.base import Method, Outcome
    from custom_components.housekey.records import SyncState

    sources = PACKAGE.parents[1] / "frontend" / "src"
    code = "\n".join(p.read_text() for p in sorted(sources.glob("*.ts")))
    assert 'PREFIX = "component.housekey.panel."' in code  # what t(key) looks up
    literal = set(re.findall(r'\bt\(\s*"([a-z_.]+)"', code))
    grouped = set(re.findall(r"\bt\(\s*`([a-z_]+)\.\$\{", code))  # t(`role.${role}`)
    assert len(literal) > 100 and {"role", "status", "sync", "days"} <= grouped
    enums = {"role": Role, "status": Status, "sync": SyncState, "outcome": Outcome}
    enums |= {"method": Method}
    for name in ("strings.json", "translations/en.json"):
        panel = _panel_keys(json.loads((PACKAGE / name).read_text())["panel"])
        assert {k for k in literal if not isinstance(panel.get(k), str)} == set(), name
        assert {g for g in grouped if not isinstance(panel.get(g), dict)} == set(), name
        for group, enum in enums.items():
            assert {f"{group}.{m.value}" for m in enum} <= panel.keys(), (name, group)
        assert all(isinstance(v, str | dict) for v in panel.values())


def test_every_action_and_field_has_a_name_and_description() -> None:
    import yaml

    actions = yaml.safe_load((PACKAGE / "services.yaml").read_text())
    translated = json.loads((PACKAGE / "strings.json").read_text())["services"]
    assert set(translated) == set(actions)
    for action, spec in actions.items():
        entry = translated[action]
        assert entry["name"] and entry["description"], action
        fields = set((spec or {}).get("fields", {}))
        assert set(entry.get("fields", {})) == fields, action
        for field in fields:
            assert entry["fields"][field]["name"], (action, field)
            assert entry["fields"][field]["description"], (action, field)
