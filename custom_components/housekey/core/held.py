"""The codes a household's people hold, found without comparing codes one by one.

Every new PIN must differ from every code in use. Comparing it with each in constant
time costs the household's size per action. Here each held code is kept as an HMAC
under a key that exists only in this process, so a look-up is one keyed digest and
one dict probe. The probe's timing depends only on digests: without the key, which
never leaves memory, it says nothing about any code held beyond what the answer
itself says (the code is taken or not), and that answer is what the action returns.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass


class HeldCodes:
    """Keyed digests of the codes people hold, each with who holds it (and how often)."""

    __slots__ = ("_holders", "_key")

    def __init__(self) -> None:
        """Start empty, with a key of its own."""
        self._key = secrets.token_bytes(32)
        self._holders: dict[bytes, dict[str, int]] = {}

    def _digest(self, code: str) -> bytes:
        return hmac.digest(self._key, code.encode(), hashlib.sha256)

    def add(self, code: str, holder: str) -> None:
        """Note that `holder` holds a code."""
        holders = self._holders.setdefault(self._digest(code), {})
        holders[holder] = holders.get(holder, 0) + 1

    def remove(self, code: str, holder: str) -> None:
        """Note that `holder` no longer holds a code."""
        digest = self._digest(code)
        holders = self._holders[digest]
        holders[holder] -= 1
        if not holders[holder]:
            del holders[holder]
            if not holders:
                del self._holders[digest]

    def holds(self, code: str, besides: str | None = None) -> bool:
        """Return whether anyone other than `besides` holds this code."""
        holders = self._holders.get(self._digest(code), {})
        return len(holders) > (besides in holders)

    def holders(self, code: str) -> list[str]:
        """Return who holds a code (one person at most, as codes are unique in a household)."""
        return list(self._holders.get(self._digest(code), ()))

    def clear(self) -> None:
        """Forget every code."""
        self._holders.clear()


@dataclass(frozen=True, slots=True)
class Taken:
    """The codes a new one must differ from: those held, but `besides`'s, and `extra`."""

    held: HeldCodes
    besides: str | None = None
    extra: tuple[str, ...] = ()

    def holds(self, code: str) -> bool:
        """Return whether the code is taken (the extra ones compared in constant time)."""
        found = self.held.holds(code, self.besides)
        for other in self.extra:
            found |= hmac.compare_digest(code.encode(), other.encode())
        return found

    def plus(self, *codes: str) -> Taken:
        """Return these taken codes and some more."""
        return Taken(self.held, self.besides, (*self.extra, *codes))
