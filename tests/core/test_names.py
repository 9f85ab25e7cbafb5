"""Names: one written form per name, and none shaped like a person id."""

from __future__ import annotations

import pytest

from custom_components.housekey.core.names import clean_name, looks_like_id, name_key


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("Alice", "Alice"),
        ("  Bob   Smith\t", "Bob Smith"),
        ("\uff21lice", "Alice"),  # fullwidth
        ("Ali\u200bce", "Alice"),  # zero-width space
        ("\u200eAlice\u200f", "Alice"),  # direction marks
        ("Alice\x00\x07", "Alice"),  # control characters
        ("Al\u00adice", "Alice"),  # soft hyphen
        ("Alice\ufe0f", "Alice"),  # variation selector
        ("Bob\u3164Smith", "BobSmith"),  # Hangul filler
        ("Bob\u00a0Smith", "Bob Smith"),  # no-break space
        ("Bob\u2800Smith", "Bob Smith"),  # braille blank
        ("Zo\u0065\u0301", "Zo\u00e9"),  # composed
        ("\u200b\u2060\ufeff", ""),
    ],
)
def test_clean_name(raw: str, written: str) -> None:
    assert clean_name(raw) == written


def test_name_key_folds_case_after_normalising() -> None:
    assert name_key("STRASSE") == name_key("Stra\u00dfe")
    assert name_key("\uff21LICE\u200b") == name_key("alice")


@pytest.mark.parametrize("name", ["p1", "P42", "\uff504", " p7\u200b", "p\u0664"])
def test_id_shaped_names(name: str) -> None:
    assert looks_like_id(name)


@pytest.mark.parametrize("name", ["p", "pa4", "p 4", "4", "Pete", "p4x", "q4"])
def test_names_that_are_not_id_shaped(name: str) -> None:
    assert not looks_like_id(name)
