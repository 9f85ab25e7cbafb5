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


def test_every_error_the_code_raises_is_translated() -> None:
    from custom_components.housekey.core.policy import PinProblem

    strings = json.loads((PACKAGE / "strings.json").read_text())
    source = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    raised = set(re.findall(r'invalid\(\s*"(\w+)"', source))
    entities = {"access", "last_access", "people_with_access", "person", "sync"}
    raised |= set(re.findall(r'translation_key\s*=\s*"(\w+)"', source)) - entities
    raised |= {p.value for p in PinProblem}
    assert raised
    assert raised <= set(strings["exceptions"]) | set(strings["issues"])
    form_errors = set(re.findall(r'errors\[[A-Z_"a-z]+\] = "(\w+)"', source))
    form_errors |= set(re.findall(r'return "(\w+)"', source))
    assert form_errors <= set(strings["config"]["error"])
    # The options form has no name field.
    assert form_errors - {"name_empty", "name_taken"} <= set(strings["options"]["error"])
