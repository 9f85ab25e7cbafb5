"""PIN rules and generation: one place that says which codes a household accepts."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .held import Taken

ABSOLUTE_MIN_LENGTH = 4
ABSOLUTE_MAX_LENGTH = 10


class PinProblem(StrEnum):
    """Why a PIN is refused; each value is also the error's translation key."""

    NOT_DIGITS = "pin_not_digits"
    TOO_SHORT = "pin_too_short"
    TOO_LONG = "pin_too_long"
    TRIVIAL = "pin_trivial"
    DUPLICATE = "pin_duplicate"
    RECENTLY_USED = "pin_recently_used"
    LOCK_RANGE = "pin_lock_range"


@dataclass(frozen=True, slots=True)
class PinPolicy:
    """The household's PIN length range."""

    min_length: int = 6
    max_length: int = 8

    def __post_init__(self) -> None:
        """Refuse a range no keypad could use."""
        if not (ABSOLUTE_MIN_LENGTH <= self.min_length <= self.max_length <= ABSOLUTE_MAX_LENGTH):
            raise ValueError("invalid PIN length range")


def codes_equal(a: str, b: str) -> bool:
    """Compare two codes in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())


def retired_digest(key: bytes, code: str) -> str:
    """Return what a retired code is remembered by: its HMAC-SHA256 under the household's key.

    A code someone no longer holds is kept only to refuse it to the next person. Kept in
    clear it would be a working door code to whoever reads the Store while its holder
    still remembers it; a keyed digest only answers "was this one held", and a PIN's few
    digits cannot be searched for without the key (which is random, per household).
    """
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class RecentCodes:
    """The keyed digests of codes people held recently, for a new code to avoid."""

    key: bytes = field(default=b"", repr=False)
    digests: tuple[str, ...] = ()

    @classmethod
    def of(cls, codes: Iterable[str], key: bytes) -> RecentCodes:
        """Return these codes, remembered by their digests under `key`."""
        return cls(key, tuple(retired_digest(key, code) for code in codes))

    def holds(self, pin: str) -> bool:
        """Return whether a code was held recently, in time that does not depend on which."""
        if not self.digests:
            return False
        digest = retired_digest(self.key, pin).encode()
        found = False
        for other in self.digests:
            found |= hmac.compare_digest(digest, other.encode())
        return found


#: no code held recently (the reuse rule off, or nobody gave one up yet)
NONE_RECENT = RecentCodes()


def is_trivial(pin: str) -> bool:
    """Return True for one repeated digit or a straight run (123456, 987654, 890123)."""
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in itertools.pairwise(digits)}
    return len(steps) <= 1 and steps <= {0, 1, 9}


def check_pin(
    pin: str,
    policy: PinPolicy,
    *,
    taken: Iterable[str] | Taken = (),
    retired: RecentCodes = NONE_RECENT,
    lock_ranges: Iterable[tuple[int, int]] = (),
) -> PinProblem | None:
    """Return the first rule a PIN breaks, or None when it is acceptable.

    `taken` are the household's other codes (listed, or indexed); `retired` the digests
    of codes people held recently; `lock_ranges` the (min, max) lengths of every lock
    the PIN must fit on.
    """
    if not pin.isascii() or not pin.isdigit():
        return PinProblem.NOT_DIGITS
    if len(pin) < policy.min_length:
        return PinProblem.TOO_SHORT
    if len(pin) > policy.max_length:
        return PinProblem.TOO_LONG
    if is_trivial(pin):
        return PinProblem.TRIVIAL
    if any(not lo <= len(pin) <= hi for lo, hi in lock_ranges):
        return PinProblem.LOCK_RANGE
    duplicate = taken.holds(pin) if isinstance(taken, Taken) else _matches(pin, taken)
    recent = retired.holds(pin)
    if duplicate:
        return PinProblem.DUPLICATE
    return PinProblem.RECENTLY_USED if recent else None


def _matches(pin: str, codes: Iterable[str]) -> bool:
    """Return whether a code is among others, in time that does not depend on which matched."""
    found = False
    for other in codes:
        found |= codes_equal(pin, other)
    return found


def fitting_length(policy: PinPolicy, lock_ranges: Iterable[tuple[int, int]]) -> int | None:
    """Return the shortest length the policy and every lock accept, or None."""
    lo, hi = policy.min_length, policy.max_length
    for lock_lo, lock_hi in lock_ranges:
        lo, hi = max(lo, lock_lo), min(hi, lock_hi)
    return lo if lo <= hi else None


def generate_pin(
    length: int,
    *,
    taken: Iterable[str] | Taken = (),
    retired: RecentCodes = NONE_RECENT,
    policy: PinPolicy | None = None,
) -> str:
    """Generate a random acceptable PIN of a given length from `secrets`."""
    taken = taken if isinstance(taken, Taken) else list(taken)
    policy = policy or PinPolicy(min(length, 8), max(length, 8))
    if not policy.min_length <= length <= policy.max_length:
        raise ValueError("length outside the policy")
    while True:
        pin = "".join(str(secrets.randbelow(10)) for _ in range(length))
        if check_pin(pin, policy, taken=taken, retired=retired) is None:
            return pin
