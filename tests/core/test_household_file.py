"""The household file: what it holds comes back exactly, and anything else is refused by name."""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.household_file import (
    DEFAULT_KDF,
    FORMAT_VERSION,
    HEADER_SIZE,
    MAGIC,
    TAG_SIZE,
    FileProblem,
    HouseholdContent,
    HouseholdFileError,
    KdfParameters,
    check_passphrase,
    continue_from,
    exported_stem,
    read_household_file,
    seal,
    write_household_file,
)
from custom_components.housekey.core.model import (
    CredentialKind,
    Household,
    Person,
    Role,
    WeeklyWindow,
)

PASSPHRASE = "maple orchard lantern"
#: the cheapest cost a file may carry: the tests decrypt many files
FAST = KdfParameters(log2_n=14, r=8, p=1)
AT = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
#: the household's key for retired codes (an export carries it, so its file's digests match)
REUSE_KEY = "ab" * 32


def _person(person_id: str, name: str, **fields: object) -> Person:
    return Person(person_id, name, Role.RESIDENT, AT - timedelta(days=30)).evolve(**fields)


def refused(problem: FileProblem, data: bytes, passphrase: str = PASSPHRASE) -> HouseholdFileError:
    """Read a file that must be refused for `problem`; return the refusal."""
    with pytest.raises(HouseholdFileError) as refusal:
        read_household_file(data, passphrase)
    assert refusal.value.problem is problem
    return refusal.value


def household() -> Household:
    """Everyone in every shape: duress, hours, a guest, an offboarded person, a retired code."""
    people = [
        _person("p1", "Alice", role=Role.ADMIN, pin="482913", pin_version=2, duress_pin="739164"),
        _person(
            "p2",
            "Zoë Müller",
            pin="519374",
            locks=("lock.front_door",),
            weekly=(WeeklyWindow(frozenset({0, 3}), time(9), time(12)),),
            uses=4,
            last_access=AT - timedelta(hours=2),
            last_lock="lock.front_door",
        ),
        _person(
            "p3",
            "Gus",
            role=Role.GUEST,
            pin="604827",
            valid_from=AT,
            valid_until=AT + timedelta(days=3),
            max_uses=5,
            sponsor="p1",
        ),
        _person("p4", "Eve", offboarded_at=AT - timedelta(days=1), pin_version=1),
    ]
    house = Household({p.person_id: p for p in people}, 5, reuse_key=REUSE_KEY)
    house.retire(["271828"], AT - timedelta(days=1))
    return house


def content() -> HouseholdContent:
    locks = {
        "lock.front_door": {"applied": {"1": {"person_id": "p1", "kind": "pin", "version": 2}}}
    }
    calendar = {"calendar.rentals\nbooking-42": {"person_id": "p3", "calendar": "calendar.rentals"}}
    return HouseholdContent("Maple Street", AT, household(), locks, None, calendar)


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return write_household_file(content(), PASSPHRASE, FAST)


def test_what_is_written_reads_back_exactly(sealed: bytes) -> None:
    read = read_household_file(sealed, PASSPHRASE)
    assert read.to_payload() == content().to_payload()
    assert read.household.to_dict() == household().to_dict()
    assert read.household == household()
    assert read.locks == content().locks and read.journal_head is None
    # Nothing of the household is in the file as it is written.
    for secret in (b"482913", b"739164", b"Alice", b"Maple"):
        assert secret not in sealed


def test_the_default_cost_is_scrypt_n_2_17_r_8_and_reads_back() -> None:
    assert (DEFAULT_KDF.log2_n, DEFAULT_KDF.r, DEFAULT_KDF.p) == (17, 8, 1)
    data = write_household_file(content(), PASSPHRASE)
    assert data[:HEADER_SIZE][10:13] == bytes([17, 8, 1])
    assert read_household_file(data, PASSPHRASE).household == household()


def test_the_same_household_never_makes_the_same_file() -> None:
    first, second = (write_household_file(content(), PASSPHRASE, FAST) for _ in range(2))
    assert first[:8] == second[:8] == MAGIC
    assert first[13:HEADER_SIZE] != second[13:HEADER_SIZE]  # a fresh salt and nonce each time
    assert first[HEADER_SIZE:] != second[HEADER_SIZE:]


def test_a_wrong_passphrase_is_refused(sealed: bytes) -> None:
    refused(FileProblem.NOT_AUTHENTIC, sealed, "maple orchard lanterns")


def test_the_passphrase_is_read_in_one_unicode_form() -> None:
    composed, decomposed = "café au lait 2026", "cafe\u0301 au lait 2026"
    data = write_household_file(content(), composed, FAST)
    assert read_household_file(data, decomposed).household == household()


@pytest.mark.parametrize("passphrase", ["", "short", "elevenchars"])
def test_a_short_passphrase_is_refused_both_ways(sealed: bytes, passphrase: str) -> None:
    with pytest.raises(HouseholdFileError) as refusal:
        write_household_file(content(), passphrase, FAST)
    assert refusal.value.problem is FileProblem.TOO_SHORT
    refused(FileProblem.TOO_SHORT, sealed, passphrase)
    assert check_passphrase("twelve chars") == "twelve chars"


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(data=st.data())
def test_one_flipped_bit_anywhere_is_refused(sealed: bytes, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(sealed) - 1))
    bit = data.draw(st.integers(0, 7))
    damaged = bytearray(sealed)
    damaged[position] ^= 1 << bit
    with pytest.raises(HouseholdFileError) as refusal:
        read_household_file(bytes(damaged), PASSPHRASE)
    expected = {
        range(0, 8): {FileProblem.NOT_HOUSEHOLD},
        range(8, 10): {FileProblem.NEWER_VERSION, FileProblem.DAMAGED},
        range(10, 13): {FileProblem.DAMAGED, FileProblem.NOT_AUTHENTIC},
    }
    problems = next(
        (p for span, p in expected.items() if position in span), {FileProblem.NOT_AUTHENTIC}
    )
    assert refusal.value.problem in problems


def test_a_file_cut_short_anywhere_is_refused(sealed: bytes) -> None:
    # Every length that cannot hold a header and a tag is told apart, without decrypting.
    for length in range(HEADER_SIZE + TAG_SIZE):
        refused(FileProblem.TRUNCATED, sealed[:length])
    # Cut inside the ciphertext, it fails authentication like any damage.
    for length in (HEADER_SIZE + TAG_SIZE, len(sealed) // 2, len(sealed) - 1):
        refused(FileProblem.NOT_AUTHENTIC, sealed[:length])


def test_a_file_of_a_newer_format_is_refused_before_decrypting(sealed: bytes) -> None:
    newer = sealed[:8] + struct.pack(">H", FORMAT_VERSION + 1) + sealed[10:]
    refusal = refused(FileProblem.NEWER_VERSION, newer, "any passphrase at all")
    assert refusal.version == FORMAT_VERSION + 1


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 a zip file", b'{"household": {}}', b"HOUSE", b"housekey" + bytes(80)]
)
def test_something_else_is_not_a_household_file(data: bytes) -> None:
    truncated = data == b"HOUSE"  # could still become one
    refused(FileProblem.TRUNCATED if truncated else FileProblem.NOT_HOUSEHOLD, data)


@pytest.mark.parametrize("cost", [(30, 8, 1), (17, 255, 1), (17, 8, 200), (10, 8, 1), (17, 0, 1)])
def test_a_cost_housekey_never_writes_is_refused_without_running_it(
    sealed: bytes, cost: tuple[int, int, int]
) -> None:
    """A crafted header cannot make the host spend gigabytes on scrypt."""
    refused(FileProblem.DAMAGED, sealed[:10] + bytes(cost) + sealed[13:])


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"household": {"people": []}},
        {**content().to_payload(), "household": {"people": [{"person_id": "p1"}], "retired": []}},
        {**content().to_payload(), "locks": ["lock.front_door"]},
        {**content().to_payload(), "journal_head": "abc"},
        {**content().to_payload(), "exported_at": "yesterday"},
        {**content().to_payload(), "calendar": ["calendar.rentals"]},
        {**content().to_payload(), "calendar": {"calendar.rentals\nbooking-42": "p3"}},
    ],
)
def test_content_that_is_no_household_is_refused(payload: object) -> None:
    refused(FileProblem.BAD_CONTENT, seal(json.dumps(payload).encode(), PASSPHRASE, FAST))


def test_a_file_from_before_calendars_reads_with_no_calendar_links() -> None:
    payload = content().to_payload()
    del payload["calendar"]
    read = read_household_file(seal(json.dumps(payload).encode(), PASSPHRASE, FAST), PASSPHRASE)
    assert read.calendar == {}
    assert read.household.to_dict() == household().to_dict()


def test_a_person_listed_twice_is_refused() -> None:
    payload = content().to_payload()
    people = payload["household"]["people"]
    payload["household"]["people"] = [*people, people[0]]
    refused(FileProblem.BAD_CONTENT, seal(json.dumps(payload).encode(), PASSPHRASE, FAST))


def test_a_household_imported_where_none_was_is_exactly_the_file() -> None:
    imported = continue_from(household(), Household(), AT)
    assert imported.to_dict() == household().to_dict()


def test_an_import_over_the_same_household_changes_nothing() -> None:
    assert continue_from(household(), household(), AT).to_dict() == household().to_dict()


def test_an_import_over_a_changed_household_never_reuses_an_id_or_a_code_version() -> None:
    current = household()
    alice = current.people["p1"]
    current.people["p1"] = alice.evolve(pin="864209", pin_version=3)  # changed since the export
    current.people["p2"] = current.people["p2"].evolve(duress_pin="951357", duress_version=1)
    current.people["p6"] = _person("p6", "Zed", pin="357159", pin_version=1)
    current.next_number = 7
    after = continue_from(household(), current, AT)

    # Alice's exported PIN is back, under a version no record has seen with another code.
    assert after.people["p1"].pin == "482913" and after.people["p1"].pin_version == 4
    assert after.people["p1"].duress_version == alice.duress_version  # unchanged code
    # Zoë's duress PIN, added since, is gone; a later one cannot take its version.
    assert after.people["p2"].duress_pin is None and after.people["p2"].duress_version == 2
    assert "p6" not in after.people and after.next_number == 7
    # The codes people lose are retired, so none is handed to someone else soon.
    recent = after.recent(AT - timedelta(days=2))
    assert all(recent.holds(code) for code in ("864209", "951357", "357159", "271828"))
    assert not after.recent(AT).holds("271828")  # retired the day before, as exported
    assert after.people["p3"] == household().people["p3"]
    assert after.people["p3"].version(CredentialKind.PIN) == 0


def test_a_file_of_another_household_brings_its_people_not_its_retired_codes() -> None:
    """Digests under another key cannot be compared: the current household's stay."""
    current = Household(reuse_key="cd" * 32)
    current.retire(["739164"], AT - timedelta(days=2))
    after = continue_from(household(), current, AT)
    assert after.reuse_key == current.reuse_key
    recent = after.recent(AT - timedelta(days=3))
    assert recent.holds("739164") and not recent.holds("271828")
    assert set(after.people) == set(household().people)


def test_numbers_continue_after_every_id_either_household_used() -> None:
    current = Household({"p9": _person("p9", "Old")}, 3)
    assert continue_from(household(), current, AT).next_number == 10


def test_an_export_is_named_by_household_and_local_date() -> None:
    assert exported_stem("maple_street", AT) == "maple_street-2026-11-20"
    assert exported_stem("", AT) == "household-2026-11-20"
