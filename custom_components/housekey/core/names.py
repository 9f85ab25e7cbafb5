"""People's names: one written form per name, so nobody can pass for someone else.

A name is shown on entities, in the logbook and in every event. Two names that
look alike on a screen ("Alice", "Alice" in fullwidth letters, "Alice" with an invisible character)
must be the same name, and no name may look like a person id, so that a
reference to a person always means one person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_NAME_LENGTH = 64

#: the shape of a person id (`Household.new_person_id`); names of this shape are refused
PERSON_ID = re.compile(r"p\d+")

#: Unicode's default-ignorable code points that are not format characters (Cf): fillers and
#: variation selectors that render as nothing
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U0001bca0-\U0001bca3\U000e0100-\U000e01ef]"
)
_SPACES = re.compile(r"[\s\u2800]+")


def _invisible(char: str) -> bool:
    # Control, format, surrogate, private use and unassigned code points.
    return unicodedata.category(char)[0] == "C" and not char.isspace()


def clean_name(raw: str) -> str:
    """Return the written form of a name: NFKC, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFKC", raw)
    text = _IGNORABLE.sub("", "".join(c for c in text if not _invisible(c)))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Return what two names must share to be the same name (case-folded written form)."""
    return unicodedata.normalize("NFKC", clean_name(name).casefold())


def looks_like_id(name: str) -> bool:
    """Return whether a name has the shape of a person id."""
    return PERSON_ID.fullmatch(name_key(name)) is not None
