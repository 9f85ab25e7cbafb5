"""Codes checked at the door, in isolation: authenticator steps, code-book derivation and
windows, and the checker's order (property-based where the inputs are many)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pyotp
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.codes import (
    MAX_BOOK_CODES,
    CodeIndex,
    DoorCode,
    Verdict,
    book_code,
    book_window_at,
    book_windows,
    check_code,
    new_book_key,
    new_otp_secret,
    otp_code,
    otp_step,
    spend,
)
from custom_components.housekey.core.model import CodeBook, Household, Person, Role, WeeklyWindow
from custom_components.housekey.core.windows import first_overlap

ZONES = [ZoneInfo(z) for z in ("UTC", "US/Pacific", "Europe/Berlin", "Australia/Lord_Howe")]
KEY = new_book_key()
START = datetime(2026, 3, 1, tzinfo=UTC)
FRONT = "lock.front_door"

instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
windows = st.builds(
    WeeklyWindow,
    st.frozensets(st.integers(0, 6), min_size=1, max_size=7),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
).filter(lambda w: w.start != w.end or w.start == time(0))
weeklies = st.lists(windows, max_size=3).filter(lambda ws: first_overlap(ws) is None)


def person(**changes: object) -> Person:
    return Person("p1", "Dana", Role.SERVICE, START, pin="739154", pin_version=1).evolve(**changes)


def household(*people: Person, key: str | None = KEY) -> Household:
    return Household({p.person_id: p for p in people}, book_key=key)


# ---- derivation -----------------------------------------------------------------------------


@given(
    key=st.binary(min_size=32, max_size=32).map(bytes.hex),
    person_id=st.from_regex(r"p[1-9][0-9]{0,4}", fullmatch=True),
    generation=st.integers(1, 10_000),
    start=instants,
    length=st.integers(4, 10),
)
def test_a_book_code_is_its_length_in_digits_and_the_same_every_time(
    key: str, person_id: str, generation: int, start: datetime, length: int
) -> None:
    code = book_code(key, person_id, generation, start, length)
    assert len(code) == length and code.isdigit()
    assert book_code(key, person_id, generation, start, length) == code
    # The same instant named in another time zone is the same window.
    assert book_code(key, person_id, generation, start.astimezone(ZONES[1]), length) == code


@settings(max_examples=50)
@given(key=st.binary(min_size=32, max_size=32).map(bytes.hex), start=instants)
def test_book_codes_differ_by_window_generation_and_person(key: str, start: datetime) -> None:
    days = [start + timedelta(days=d) for d in range(200)]
    by_day = {book_code(key, "p1", 1, d, 8) for d in days}
    by_generation = {book_code(key, "p1", g, start, 8) for g in range(1, 201)}
    by_person = {book_code(key, f"p{n}", 1, start, 8) for n in range(1, 201)}
    # 200 draws from 10^8 codes: a repeat has a chance of about 2 in 10,000.
    assert min(len(by_day), len(by_generation), len(by_person)) >= 199


def test_dynamic_truncation_keeps_31_bits() -> None:
    # Ten digits from 31 bits: never above 2^31 - 1.
    codes = [book_code(KEY, "p1", 1, START + timedelta(days=d), 10) for d in range(500)]
    assert max(int(c) for c in codes) <= 2**31 - 1


# ---- windows ------------------------------------------------------------------------------------


@settings(max_examples=300)
@given(
    weekly=weeklies,
    since=instants,
    tz=st.sampled_from(ZONES),
    opens=st.one_of(st.none(), st.timedeltas(timedelta(days=-20), timedelta(days=20))),
    stays=st.one_of(st.none(), st.timedeltas(timedelta(hours=1), timedelta(days=60))),
    count=st.integers(1, 150),
)
def test_issued_windows_are_the_ones_the_checker_finds_open(
    weekly: list[WeeklyWindow],
    since: datetime,
    tz: ZoneInfo,
    opens: timedelta | None,
    stays: timedelta | None,
    count: int,
) -> None:
    valid_from = None if opens is None else since + opens
    valid_until = None if stays is None else (valid_from or since) + stays
    someone = person(weekly=tuple(weekly), valid_from=valid_from, valid_until=valid_until)
    issued = book_windows(someone, since, tz, count=count)
    assert len(issued) <= min(count, MAX_BOOK_CODES)
    for window, after in itertools.pairwise(issued):
        assert window.valid_until <= after.valid_from  # in order, never overlapping
    for window in issued:
        assert window.valid_from < window.valid_until and window.valid_until > since
        assert window.start <= window.valid_from and window.valid_until <= window.end
        assert valid_from is None or window.valid_from >= valid_from
        assert valid_until is None or window.valid_until <= valid_until
        # Checked later with no list: the window open at any of its instants is this one.
        for at in (window.valid_from, window.valid_until - timedelta(microseconds=1)):
            assert book_window_at(someone, at, tz) == window
    if not weekly and valid_until is None and count <= MAX_BOOK_CODES:
        assert len(issued) == count  # a code a day, for as many days as asked


def test_a_day_s_window_follows_the_clock_across_a_dst_change() -> None:
    tz = ZONES[2]
    issued = book_windows(person(), datetime(2026, 3, 28, 12, tzinfo=tz), tz, count=3)
    hours = [(w.valid_until - w.valid_from) / timedelta(hours=1) for w in issued]
    assert hours == [24, 23, 24]  # 29 March 2026 has no 02:00 in Berlin


# ---- authenticator codes ------------------------------------------------------------------------


@given(at=instants)
def test_authenticator_codes_are_an_app_s_codes(at: datetime) -> None:
    secret = new_otp_secret()
    assert otp_code(secret, otp_step(at)) == pyotp.TOTP(secret).at(at)


@settings(max_examples=100)
@given(at=instants, offset=st.integers(-3, 3))
def test_one_step_of_drift_is_accepted_and_two_are_not(at: datetime, offset: int) -> None:
    secret = new_otp_secret()
    someone = person(otp_secret=secret)
    code = otp_code(secret, otp_step(at) + offset)
    checked = check_code(code, FRONT, household(someone), CodeIndex(), at, UTC)
    if abs(offset) <= 1:
        assert checked.verdict is Verdict.GRANTED and checked.match is not None
        assert checked.match.kind is DoorCode.AUTHENTICATOR
        spent = spend(someone, checked.match, at)
        again = check_code(code, FRONT, household(spent), CodeIndex(), at, UTC)
        assert again.verdict is Verdict.WRONG  # a replay
    else:
        # Another step's code may equal this one by chance (one in a million).
        assert checked.verdict is Verdict.WRONG or code == otp_code(secret, otp_step(at))


# ---- the checker ---------------------------------------------------------------------------------


@settings(max_examples=300)
@given(code=st.text(max_size=12), at=instants)
def test_any_typed_text_gets_a_verdict_and_only_a_held_code_opens(code: str, at: datetime) -> None:
    secret = new_otp_secret()
    people = [
        person(otp_secret=secret, book=CodeBook(1, 8)),
        person(person_id="p2", name="Eli", pin="285017", duress_pin="396128"),
    ]
    house = household(*people)
    checked = check_code(code, FRONT, house, CodeIndex(), at, UTC)
    window = book_window_at(people[0], at, UTC)
    assert window is not None
    held = {"739154", "285017", "396128", book_code(KEY, "p1", 1, window.start, 8)}
    held |= {otp_code(secret, otp_step(at) + d) for d in (-1, 0, 1)}
    assert checked.verdict is (Verdict.GRANTED if code in held else Verdict.WRONG)


def test_a_pin_comes_first_then_one_holder_s_authenticator_or_book_code() -> None:
    at = START + timedelta(hours=10)
    secret = new_otp_secret()
    code = otp_code(secret, otp_step(at))
    dana = person(otp_secret=secret)
    eli = person(person_id="p2", name="Eli", pin=code)  # by chance Dana's code now
    checked = check_code(code, FRONT, household(dana, eli), CodeIndex(), at, UTC)
    assert checked.match is not None
    assert (checked.verdict, checked.match.person_id, checked.match.kind) == (
        Verdict.GRANTED,
        "p2",
        DoorCode.PIN,
    )
    twin = person(person_id="p3", name="Fay", pin="518402", otp_secret=secret)
    assert check_code(code, FRONT, household(dana, twin), CodeIndex(), at, UTC).verdict is (
        Verdict.AMBIGUOUS
    )


def test_someone_outside_their_hours_or_not_at_this_door_is_refused_not_wrong() -> None:
    at = datetime(2026, 3, 2, 8, tzinfo=UTC)  # a Monday, 08:00
    hours = (WeeklyWindow(frozenset({0}), time(9), time(12)),)
    early = person(weekly=hours)
    elsewhere = person(locks=("lock.back_door",))
    for someone in (early, elsewhere, person(suspended=True)):
        checked = check_code("739154", FRONT, household(someone), CodeIndex(), at, UTC)
        assert checked.verdict is Verdict.REFUSED
    assert check_code("739154", FRONT, household(person()), CodeIndex(), at, UTC).verdict is (
        Verdict.GRANTED
    )


def test_the_index_follows_the_household_when_told_and_the_clock_by_itself() -> None:
    index, at = CodeIndex(), START + timedelta(hours=1)
    dana = person(book=CodeBook(1, 8))
    today = book_code(KEY, "p1", 1, START, 8)
    assert check_code(today, FRONT, household(dana), index, at, UTC).verdict is Verdict.GRANTED
    revoked = household(dana.evolve(book=CodeBook(2, 8)))
    assert check_code(today, FRONT, revoked, index, at, UTC).verdict is Verdict.GRANTED  # stale
    index.invalidate()
    assert check_code(today, FRONT, revoked, index, at, UTC).verdict is Verdict.WRONG
    tomorrow = at + timedelta(days=1)
    code = book_code(KEY, "p1", 2, START + timedelta(days=1), 8)
    assert check_code(code, FRONT, revoked, index, tomorrow, UTC).verdict is Verdict.GRANTED
    assert check_code(
        code, FRONT, household(dana, key=None), CodeIndex(), tomorrow, UTC
    ).verdict is (Verdict.WRONG)
