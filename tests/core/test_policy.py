"""Unit tests for core.policy: which PINs a household accepts and how new ones are made."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator

import pytest

from custom_components.housekey.core import policy
from custom_components.housekey.core.model import Role
from custom_components.housekey.core.policy import (
    ABSOLUTE_MAX_LENGTH,
    ABSOLUTE_MIN_LENGTH,
    PinPolicy,
    PinProblem,
    RecentCodes,
    check_pin,
    codes_equal,
    fitting_length,
    generate_pin,
    is_trivial,
)

DEFAULT = PinPolicy()


# --- PinPolicy -----------------------------------------------------------------------------


def test_default_policy_is_six_to_eight() -> None:
    assert (DEFAULT.min_length, DEFAULT.max_length) == (6, 8)
    assert (ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH) == (4, 10)


@pytest.mark.parametrize("bounds", [(4, 4), (4, 10), (10, 10), (6, 6), (5, 9)])
def test_policy_accepts_sane_ranges(bounds: tuple[int, int]) -> None:
    p = PinPolicy(*bounds)
    assert (p.min_length, p.max_length) == bounds


@pytest.mark.parametrize("bounds", [(3, 8), (0, 6), (6, 11), (8, 6), (11, 11), (3, 3), (-1, 4)])
def test_policy_refuses_bad_ranges(bounds: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="invalid PIN length range"):
        PinPolicy(*bounds)


def test_policy_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT.min_length = 4  # type: ignore[misc]


def test_problem_values_are_translation_keys() -> None:
    assert {p.value for p in PinProblem} == {
        "pin_not_digits",
        "pin_too_short",
        "pin_too_long",
        "pin_trivial",
        "pin_duplicate",
        "pin_recently_used",
        "pin_lock_range",
    }


# --- digits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pin",
    [
        "",
        "48a913",
        "4829 13",
        " 482913",
        "482913\n",
        "-482913",
        "+482913",
        "4829.13",
        "4829_13",
        "١٢٣٤٥٦",  # Arabic-Indic digits (str.isdigit() is True)
        "٤٨٢٩١٣",
        "４８２９１３",  # fullwidth digits  # noqa: RUF001
        "४८२९१३",  # Devanagari digits
        "48291³",  # superscript three: isdigit() but not a decimal digit
        "48291①",  # circled one
        "Ⅳ82913",  # roman numeral
    ],
)
def test_non_ascii_digits_refused(pin: str) -> None:
    assert check_pin(pin, DEFAULT) is PinProblem.NOT_DIGITS


def test_digit_check_comes_first() -> None:
    # Too short *and* not digits: the digit problem is reported.
    assert check_pin("1a", DEFAULT) is PinProblem.NOT_DIGITS
    assert check_pin("x" * 20, DEFAULT) is PinProblem.NOT_DIGITS


# --- length --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "expected"),
    [
        ("4829", PinProblem.TOO_SHORT),
        ("48291", PinProblem.TOO_SHORT),
        ("482913", None),
        ("4829137", None),
        ("48291375", None),
        ("482913750", PinProblem.TOO_LONG),
        ("4829137502", PinProblem.TOO_LONG),
    ],
)
def test_length_bounds_default_policy(pin: str, expected: PinProblem | None) -> None:
    assert check_pin(pin, DEFAULT) is expected


def test_length_bounds_custom_policy() -> None:
    four = PinPolicy(4, 4)
    assert check_pin("4829", four) is None
    assert check_pin("482", four) is PinProblem.TOO_SHORT
    assert check_pin("48291", four) is PinProblem.TOO_LONG
    ten = PinPolicy(10, 10)
    assert check_pin("4829137502", ten) is None
    assert check_pin("482913750", ten) is PinProblem.TOO_SHORT


def test_length_checked_before_triviality() -> None:
    assert check_pin("1111", DEFAULT) is PinProblem.TOO_SHORT
    assert check_pin("123456789", DEFAULT) is PinProblem.TOO_LONG


# --- trivial PINs --------------------------------------------------------------------------


TRIVIAL = [
    "000000",
    "111111",
    "99999999",
    "123456",
    "234567",
    "345678",
    "456789",
    "1234567",
    "12345678",
    "987654",
    "876543",
    "98765432",
    "654321",
    # Wrap-around runs (keypads are circular to people typing on them).
    "890123",
    "789012",
    "901234",
    "67890123",
    "109876",
    "210987",
    "098765",
    "32109876",
    "012345",
]

NOT_TRIVIAL = [
    "482913",
    "112233",
    "121212",
    "135791",  # step two is not a straight run
    "123457",
    "123465",
    "111112",
    "211111",
    "987653",
    "246802",
    "010101",
    "1234567890"[:7] + "0",  # 12345670
]


@pytest.mark.parametrize("pin", TRIVIAL)
def test_trivial_pins_refused(pin: str) -> None:
    assert is_trivial(pin)
    assert check_pin(pin, DEFAULT) is PinProblem.TRIVIAL


@pytest.mark.parametrize("pin", NOT_TRIVIAL)
def test_non_trivial_pins_accepted(pin: str) -> None:
    assert not is_trivial(pin)
    assert check_pin(pin, DEFAULT) is None


def test_every_repeated_and_run_pin_of_every_length_is_trivial() -> None:
    for length in range(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH + 1):
        for first in range(10):
            for step in (0, 1, -1):
                pin = "".join(str((first + step * i) % 10) for i in range(length))
                assert is_trivial(pin), pin


def test_trivial_pins_are_exactly_repeats_and_runs() -> None:
    # Exhaustive over all 4-digit codes: 10 repeats + 10 ascending + 10 descending runs.
    trivial = [
        "".join(digits)
        for digits in itertools.product("0123456789", repeat=4)
        if is_trivial("".join(digits))
    ]
    assert len(trivial) == 30


# --- duplicates ----------------------------------------------------------------------------


def test_duplicate_refused() -> None:
    assert check_pin("482913", DEFAULT, taken=["111", "482913"]) is PinProblem.DUPLICATE


def test_duplicate_of_a_duress_code_refused() -> None:
    from datetime import UTC, datetime

    from custom_components.housekey.core.model import Household, Person

    house = Household(
        {
            "p1": Person(
                "p1", "Alice", Role.RESIDENT, datetime(2025, 1, 1, tzinfo=UTC), pin="640285"
            ).evolve(duress_pin="519372"),
        },
        2,
    )
    assert check_pin("519372", DEFAULT, taken=house.codes()) is PinProblem.DUPLICATE
    assert check_pin("640285", DEFAULT, taken=house.codes()) is PinProblem.DUPLICATE
    # A person's own codes are not duplicates of themselves.
    assert check_pin("519372", DEFAULT, taken=house.codes(besides="p1")) is None


def test_no_duplicate_with_prefix_or_longer_code() -> None:
    taken = ["4829130", "48291", "0482913"]
    assert check_pin("482913", DEFAULT, taken=taken) is None


def test_taken_accepts_any_iterable_and_is_checked_fully() -> None:
    seen: list[str] = []

    def codes() -> Iterator[str]:
        for code in ("482913", "573920", "640285"):
            seen.append(code)
            yield code

    assert check_pin("482913", DEFAULT, taken=codes()) is PinProblem.DUPLICATE
    # All codes were compared, not just up to the first match (constant time).
    assert seen == ["482913", "573920", "640285"]


def test_codes_equal() -> None:
    assert codes_equal("482913", "482913")
    assert not codes_equal("482913", "482914")
    assert not codes_equal("482913", "4829130")
    assert not codes_equal("482913", "")


# --- lock ranges ---------------------------------------------------------------------------


def test_lock_ranges() -> None:
    assert check_pin("482913", DEFAULT, lock_ranges=[(4, 8), (6, 6)]) is None
    assert check_pin("482913", DEFAULT, lock_ranges=[(4, 8), (4, 5)]) is PinProblem.LOCK_RANGE
    assert check_pin("4829137", DEFAULT, lock_ranges=[(4, 6)]) is PinProblem.LOCK_RANGE
    assert check_pin("482913", DEFAULT, lock_ranges=[(7, 10)]) is PinProblem.LOCK_RANGE
    assert check_pin("482913", DEFAULT, lock_ranges=[]) is None


def test_problem_order() -> None:
    # trivial before lock range, lock range before duplicate
    assert check_pin("123456", DEFAULT, lock_ranges=[(4, 4)]) is PinProblem.TRIVIAL
    assert (
        check_pin("482913", DEFAULT, taken=["482913"], lock_ranges=[(4, 4)])
        is PinProblem.LOCK_RANGE
    )
    assert check_pin("123456", DEFAULT, taken=["123456"]) is PinProblem.TRIVIAL


# --- fitting_length ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pol", "ranges", "expected"),
    [
        (DEFAULT, [], 6),
        (DEFAULT, [(4, 10)], 6),
        (DEFAULT, [(4, 6)], 6),
        (DEFAULT, [(7, 10)], 7),
        (DEFAULT, [(8, 8)], 8),
        (DEFAULT, [(4, 5)], None),
        (DEFAULT, [(9, 10)], None),
        (DEFAULT, [(4, 7), (7, 10)], 7),
        (DEFAULT, [(4, 6), (7, 10)], None),
        (DEFAULT, [(6, 8), (4, 8), (7, 8)], 7),
        (PinPolicy(4, 10), [(4, 8), (5, 12)], 5),
        (PinPolicy(4, 4), [], 4),
    ],
)
def test_fitting_length(
    pol: PinPolicy, ranges: list[tuple[int, int]], expected: int | None
) -> None:
    assert fitting_length(pol, ranges) == expected


def test_fitting_length_accepts_generator() -> None:
    assert fitting_length(DEFAULT, (r for r in [(7, 9)])) == 7


# --- generate_pin ----------------------------------------------------------------------------


@pytest.mark.parametrize("length", range(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH + 1))
def test_generate_pin_shape(length: int) -> None:
    for _ in range(50):
        pin = generate_pin(length)
        assert len(pin) == length
        assert pin.isascii()
        assert pin.isdigit()
        assert not is_trivial(pin)


def test_generate_pin_passes_the_policy_it_was_made_for() -> None:
    taken = ["482913", "640285"]
    for length in (6, 7, 8):
        for _ in range(50):
            pin = generate_pin(length, taken=taken, policy=DEFAULT)
            assert check_pin(pin, DEFAULT, taken=taken) is None


def test_generate_pin_is_random() -> None:
    assert len({generate_pin(8) for _ in range(50)}) > 45


def test_generate_pin_never_returns_a_taken_code() -> None:
    rng = random.Random(1)
    taken = {f"{rng.randrange(10**6):06d}" for _ in range(2000)}
    for _ in range(200):
        pin = generate_pin(6, taken=taken)
        assert pin not in taken


def test_generate_pin_finds_the_last_free_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    # 4-digit space with all but three acceptable codes taken: generation must land on those.
    free = {"4829", "0517", "9360"}
    taken = [
        code
        for code in ("".join(d) for d in itertools.product("0123456789", repeat=4))
        if code not in free and not is_trivial(code)
    ]
    # Script the draws: a few taken and trivial codes first, then each free one.
    for target in sorted(free):
        calls = scripted(monkeypatch, "1234", "4830", "0000", "9999", target)
        assert generate_pin(4, taken=taken) == target
        assert len(calls) == 20


def scripted(monkeypatch: pytest.MonkeyPatch, *candidates: str) -> list[int]:
    """Make secrets.randbelow produce the digits of `candidates`, in order; record calls."""
    digits = iter([int(c) for c in "".join(candidates)])
    calls: list[int] = []

    def randbelow(n: int) -> int:
        calls.append(n)
        return next(digits)

    monkeypatch.setattr(policy.secrets, "randbelow", randbelow)
    return calls


def test_generate_pin_draws_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted(monkeypatch, "482913")
    assert generate_pin(6) == "482913"
    assert calls == [10] * 6


def test_generate_pin_regenerates_trivial_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted(monkeypatch, "111111", "123456", "890123", "109876", "573920")
    assert generate_pin(6) == "573920"
    assert len(calls) == 30


def test_generate_pin_regenerates_taken_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted(monkeypatch, "482913", "519372", "640285")
    assert generate_pin(6, taken=["482913", "519372"]) == "640285"
    assert len(calls) == 18


def test_generate_pin_taken_may_be_a_one_shot_iterator(monkeypatch: pytest.MonkeyPatch) -> None:
    scripted(monkeypatch, "482913", "519372", "640285")
    taken = iter(["482913", "519372"])
    assert generate_pin(6, taken=taken) == "640285"


def test_generate_pin_does_not_use_random_module(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("random module used for a PIN")

    for name in ("random", "randint", "randrange", "choice", "choices", "sample", "getrandbits"):
        monkeypatch.setattr(random, name, forbidden)
    assert len(generate_pin(6)) == 6


@pytest.mark.parametrize("length", [0, 3, 11])
def test_generate_pin_refuses_impossible_lengths(length: int) -> None:
    with pytest.raises(ValueError, match="invalid PIN length range"):
        generate_pin(length)


def _bounded_randbelow(limit: int) -> Callable[[int], int]:
    """A randbelow that gives up after `limit` draws instead of letting a test hang."""
    count = itertools.count()
    real = policy.secrets.randbelow

    def randbelow(n: int) -> int:
        if next(count) >= limit:
            raise RuntimeError(f"generate_pin still drawing after {limit} digits (endless loop)")
        return real(n)

    return randbelow


@pytest.mark.parametrize("length", [5, 9])
def test_generate_pin_refuses_length_outside_given_policy(
    monkeypatch: pytest.MonkeyPatch, length: int
) -> None:
    """A length the policy forbids can never succeed: it must fail fast, not loop forever."""
    monkeypatch.setattr(policy.secrets, "randbelow", _bounded_randbelow(20_000))
    # Any ValueError will do; the message is the fixer's choice.
    with pytest.raises(ValueError):  # noqa: PT011
        generate_pin(length, policy=DEFAULT)


# --- codes held recently ------------------------------------------------------------------


KEY = bytes(range(32))


def test_a_recently_held_code_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    recent = RecentCodes.of(["482913"], KEY)
    assert check_pin("482913", DEFAULT, retired=recent) is PinProblem.RECENTLY_USED
    assert check_pin("482914", DEFAULT, retired=recent) is None
    # A code in use now is a duplicate first.
    assert check_pin("482913", DEFAULT, taken=["482913"], retired=recent) is PinProblem.DUPLICATE


def test_recent_codes_are_keyed_digests_never_the_codes() -> None:
    recent = RecentCodes.of(["482913"], KEY)
    assert "482913" not in repr(recent) and "482913" not in "".join(recent.digests)
    # Under another household's key the same code is another digest: nothing carries over.
    other = RecentCodes(bytes(32), recent.digests)
    assert not other.holds("482913")


def test_generate_pin_regenerates_retired_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted(monkeypatch, "482913", "519372", "640285")
    recent = RecentCodes.of(["519372"], KEY)
    assert generate_pin(6, taken=["482913"], retired=recent) == "640285"
    assert len(calls) == 18
