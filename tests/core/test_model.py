"""Unit tests for core.model: serialization, privacy of repr, lookups and ids."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.model import (
    WEEKDAYS,
    CredentialKind,
    CredentialRef,
    Household,
    Person,
    Role,
    WeeklyWindow,
)
from custom_components.housekey.core.names import name_key

CREATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
PIN = "472951"
DURESS = "830264"
SECRET = "JBSWY3DPEHPK3PXP"


def person(person_id: str = "p1", name: str = "Alice", **changes) -> Person:
    return Person(person_id=person_id, name=name, role=Role.RESIDENT, created_at=CREATED).evolve(
        **changes
    )


def full_person() -> Person:
    """A person with every field set to a non-default value."""
    berlin = ZoneInfo("Europe/Berlin")
    return Person(
        person_id="p7",
        name="Zoë Müller",
        role=Role.GUEST,
        created_at=CREATED,
        pin=PIN,
        pin_version=3,
        duress_pin=DURESS,
        duress_version=2,
        otp_secret=SECRET,
        locks=("lock.front_door", "lock.back_door"),
        valid_from=datetime(2025, 3, 1, 9, 0, tzinfo=berlin),
        valid_until=datetime(2025, 3, 31, 18, 30, tzinfo=timezone(timedelta(hours=-5))),
        weekly=(
            WeeklyWindow(frozenset({0, 2, 4}), time(8, 0), time(18, 0)),
            WeeklyWindow(frozenset({5}), time(22, 0), time(2, 0)),
        ),
        max_uses=10,
        uses=4,
        suspended=True,
        offboarded_at=datetime(2025, 4, 1, 12, 0, tzinfo=UTC),
        ha_user="abcdef0123456789",
        sponsor="p1",
        last_access=datetime(2025, 3, 15, 7, 45, 12, 345678, tzinfo=UTC),
        last_lock="lock.front_door",
    )


# --- enums and small types -------------------------------------------------------------------


def test_enum_values_match_the_spec() -> None:
    assert [r.value for r in Role] == ["admin", "resident", "guest", "service"]
    assert WEEKDAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert {k.value for k in CredentialKind} == {"pin", "duress"}


def test_credential_ref_round_trip_and_order() -> None:
    ref = CredentialRef("p3", CredentialKind.DURESS)
    assert ref.to_dict() == {"person_id": "p3", "kind": "duress"}
    assert CredentialRef.from_dict(ref.to_dict()) == ref
    assert hash(CredentialRef.from_dict(ref.to_dict())) == hash(ref)
    refs = [
        ref,
        CredentialRef("p1", CredentialKind.PIN),
        CredentialRef("p1", CredentialKind.DURESS),
    ]
    assert sorted(refs)[0].person_id == "p1"


def test_credential_ref_from_dict_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="not a valid CredentialKind"):
        CredentialRef.from_dict({"person_id": "p1", "kind": "otp"})


# --- weekly windows ------------------------------------------------------------------------


def test_weekly_window_to_dict_uses_action_form() -> None:
    window = WeeklyWindow(frozenset({6, 0, 3}), time(7, 5), time(23, 59))
    assert window.to_dict() == {"days": ["mon", "thu", "sun"], "start": "07:05", "end": "23:59"}


@pytest.mark.parametrize(
    "window",
    [
        WeeklyWindow(frozenset({0}), time(8, 0), time(18, 0)),
        WeeklyWindow(frozenset(range(7)), time(0, 0), time(0, 0)),
        WeeklyWindow(frozenset({4, 5}), time(22, 30), time(6, 15)),
    ],
)
def test_weekly_window_round_trip(window: WeeklyWindow) -> None:
    assert WeeklyWindow.from_dict(window.to_dict()) == window


def test_weekly_window_from_dict_accepts_long_and_mixed_case_day_names() -> None:
    window = WeeklyWindow.from_dict(
        {"days": ["Monday", "TUE", "sun", "mon"], "start": "08:00:00", "end": "17:30"}
    )
    assert window == WeeklyWindow(frozenset({0, 1, 6}), time(8, 0), time(17, 30))


def test_weekly_window_from_dict_accepts_time_objects_and_drops_seconds() -> None:
    window = WeeklyWindow.from_dict({"days": ["fri"], "start": time(8, 0, 59), "end": "18:00:42"})
    assert window.start == time(8, 0)
    assert window.start.tzinfo is None
    assert window.end == time(18, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": [], "start": "08:00", "end": "18:00"}, "no days"),
        ({"days": ["xyz"], "start": "08:00", "end": "18:00"}, "not a day name"),
        ({"days": ["mon"], "start": "25:00", "end": "18:00"}, "hour must be"),
        ({"days": ["mon"], "start": "08:00", "end": "noon"}, "Invalid isoformat"),
        # Windows are household time: an offset would be silently wrong.
        ({"days": ["mon"], "start": time(8, 0, tzinfo=UTC), "end": "18:00"}, "no offset"),
        ({"days": ["mon"], "start": "08:00Z", "end": "18:00"}, "no offset"),
        ({"days": ["mon"], "start": "08:00", "end": "18:00+02:00"}, "no offset"),
        ({"days": ["monkey"], "start": "08:00", "end": "18:00"}, "not a day name"),
        ({"days": ["mo"], "start": "08:00", "end": "18:00"}, "not a day name"),
        ({"days": ["mon"], "start": 800, "end": "18:00"}, "a time is text"),
    ],
)
def test_weekly_window_from_dict_rejects_bad_input(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WeeklyWindow.from_dict(data)


# --- person ----------------------------------------------------------------------------------


def test_person_round_trip_with_every_field() -> None:
    original = full_person()
    data = original.to_dict()
    restored = Person.from_dict(data)
    assert restored == original
    # Same instants *and* same offsets survive.
    assert restored.valid_from is not None
    assert original.valid_from is not None
    assert restored.valid_from.utcoffset() == original.valid_from.utcoffset()
    assert restored.valid_until.utcoffset() == timedelta(hours=-5)
    assert restored.last_access == original.last_access
    assert restored.last_access.microsecond == 345678
    assert restored.weekly == original.weekly
    assert restored.locks == ("lock.front_door", "lock.back_door")
    # Serializing again gives the same dict.
    assert restored.to_dict() == data


def test_person_to_dict_is_json_compatible() -> None:
    import json

    data = full_person().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["weekly"] == [
        {"days": ["mon", "wed", "fri"], "start": "08:00", "end": "18:00"},
        {"days": ["sat"], "start": "22:00", "end": "02:00"},
    ]
    assert data["role"] == "guest"
    assert data["locks"] == ["lock.front_door", "lock.back_door"]


def test_person_round_trip_minimal() -> None:
    original = person()
    data = original.to_dict()
    assert data["pin"] is None
    assert data["locks"] is None
    assert data["weekly"] == []
    assert data["offboarded_at"] is None
    assert Person.from_dict(data) == original


def test_person_from_dict_fills_defaults_for_missing_keys() -> None:
    restored = Person.from_dict(
        {"person_id": 5, "name": "Bob", "role": "service", "created_at": "2025-01-01T00:00:00"}
    )
    assert restored.person_id == "5"
    assert restored.role is Role.SERVICE
    assert restored.locks is None
    assert restored.weekly == ()
    assert restored.pin is None
    assert restored.pin_version == 0
    assert restored.uses == 0
    assert restored.suspended is False
    assert restored.offboarded_at is None


def test_person_from_dict_requires_created_at() -> None:
    with pytest.raises(ValueError, match="created_at missing"):
        Person.from_dict({"person_id": "p1", "name": "Bob", "role": "admin"})


def test_person_from_dict_rejects_unknown_role() -> None:
    data = person().to_dict() | {"role": "landlord"}
    with pytest.raises(ValueError, match="not a valid Role"):
        Person.from_dict(data)


def test_offboarded_person_round_trip() -> None:
    gone = person(offboarded_at=datetime(2025, 6, 1, tzinfo=UTC), pin=None)
    restored = Person.from_dict(gone.to_dict())
    assert restored == gone
    assert restored.offboarded_at == datetime(2025, 6, 1, tzinfo=UTC)


def test_person_repr_and_str_never_contain_codes() -> None:
    someone = full_person()
    for text in (repr(someone), str(someone), repr([someone]), repr({"x": someone})):
        assert PIN not in text
        assert DURESS not in text
        assert SECRET not in text
    # The rest of the person is still there to help debugging.
    assert "p7" in repr(someone)
    assert "lock.front_door" in repr(someone)


def test_household_repr_never_contains_codes() -> None:
    house = Household({"p7": full_person()}, 8)
    assert PIN not in repr(house)
    assert DURESS not in repr(house)
    assert SECRET not in repr(house)


def test_person_codes_versions_and_credentials() -> None:
    someone = full_person()
    assert someone.code(CredentialKind.PIN) == PIN
    assert someone.code(CredentialKind.DURESS) == DURESS
    assert someone.version(CredentialKind.PIN) == 3
    assert someone.version(CredentialKind.DURESS) == 2
    assert someone.credentials() == [
        CredentialRef("p7", CredentialKind.PIN),
        CredentialRef("p7", CredentialKind.DURESS),
    ]
    assert person(pin=PIN).credentials() == [CredentialRef("p1", CredentialKind.PIN)]
    assert person().credentials() == []
    # The authenticator secret is not a keypad credential.
    assert person(otp_secret=SECRET).credentials() == []


def test_person_may_use() -> None:
    assert person().may_use("lock.anything")
    limited = person(locks=("lock.front_door",))
    assert limited.may_use("lock.front_door")
    assert not limited.may_use("lock.back_door")
    assert not person(locks=()).may_use("lock.front_door")


def test_person_is_frozen_and_evolve_copies() -> None:
    original = person(pin=PIN)
    changed = original.evolve(name="Alicia", uses=2)
    assert original.name == "Alice"
    assert original.uses == 0
    assert changed.name == "Alicia"
    assert changed.uses == 2
    assert changed.pin == PIN
    with pytest.raises(AttributeError):
        original.name = "Mallory"  # type: ignore[misc]


# --- household ----------------------------------------------------------------------------


def household() -> Household:
    house = Household()
    alice = person(house.new_person_id(), "Alice", pin="402817", duress_pin="519372")
    bob = person(house.new_person_id(), "Bob", pin="640285", suspended=True)
    carol = person(
        house.new_person_id(),
        "Carol",
        pin="733019",
        duress_pin="290846",
        offboarded_at=datetime(2025, 2, 1, tzinfo=UTC),
    )
    dave = person(house.new_person_id(), "Dave")
    for p in (alice, bob, carol, dave):
        house.people[p.person_id] = p
    return house


def test_household_round_trip() -> None:
    house = household()
    house.people["p1"] = full_person().evolve(person_id="p1", name="Alice")
    data = house.to_dict()
    restored = Household.from_dict(data)
    assert restored == house
    assert list(restored.people) == ["p1", "p2", "p3", "p4"]
    assert restored.next_number == 5
    assert restored.to_dict() == data


def test_empty_household_round_trip() -> None:
    assert Household.from_dict(Household().to_dict()) == Household()
    assert Household.from_dict({}) == Household()


def test_household_current_excludes_offboarded_in_insertion_order() -> None:
    assert [p.name for p in household().current()] == ["Alice", "Bob", "Dave"]


def test_find_by_id() -> None:
    house = household()
    assert house.find("p1").name == "Alice"
    assert house.find("p4").name == "Dave"
    assert house.find("p99") is None


def test_find_by_id_includes_offboarded() -> None:
    # Ids are stable: an offboarded person is still addressable by id (for audit).
    assert household().find("p3").name == "Carol"


@pytest.mark.parametrize("ref", ["Alice", "alice", "ALICE", "  aLiCe  ", "alice\t"])
def test_find_by_name_is_case_insensitive(ref: str) -> None:
    found = household().find(ref)
    assert found is not None
    assert found.person_id == "p1"


def test_find_by_name_uses_casefold() -> None:
    house = Household({"p1": person("p1", "Straße")}, 2)
    assert house.find("STRASSE").person_id == "p1"


def test_find_by_name_skips_offboarded() -> None:
    house = household()
    assert house.find("Carol") is None
    assert house.find("carol") is None


def test_find_by_name_prefers_current_namesake_over_offboarded() -> None:
    house = household()
    new_carol = person(house.new_person_id(), "carol")
    house.people[new_carol.person_id] = new_carol
    assert house.find("CAROL").person_id == new_carol.person_id


def test_find_unknown_name() -> None:
    assert household().find("Eve") is None
    assert household().find("") is None


def test_name_taken() -> None:
    house = household()
    assert house.name_taken("alice")
    assert house.name_taken("  BOB ")
    assert not house.name_taken("Eve")
    # Offboarded people free their name.
    assert not house.name_taken("Carol")
    # A person may keep their own name on rename.
    assert not house.name_taken("ALICE", besides="p1")
    assert house.name_taken("ALICE", besides="p2")


def test_codes_includes_duress_and_suspended_but_not_offboarded() -> None:
    house = household()
    assert sorted(house.codes()) == sorted(["402817", "519372", "640285"])
    assert "733019" not in house.codes()
    assert "290846" not in house.codes()


def test_codes_besides() -> None:
    house = household()
    assert sorted(house.codes(besides="p1")) == ["640285"]
    assert sorted(house.codes(besides="p2")) == sorted(["402817", "519372"])
    assert sorted(house.codes(besides="p99")) == sorted(["402817", "519372", "640285"])


def test_new_person_id_is_sequential_and_unique() -> None:
    house = Household()
    ids = [house.new_person_id() for _ in range(50)]
    assert ids[:3] == ["p1", "p2", "p3"]
    assert len(set(ids)) == 50


def test_new_person_id_never_reuses_offboarded_or_removed_ids() -> None:
    house = household()
    used = set(house.people)
    # Even if a record were removed from storage, the counter does not go back.
    del house.people["p4"]
    fresh = {house.new_person_id() for _ in range(10)}
    assert not fresh & used
    assert "p4" not in fresh


def test_new_person_id_continues_after_round_trip() -> None:
    house = household()
    restored = Household.from_dict(house.to_dict())
    assert restored.new_person_id() == "p5"
    assert restored.new_person_id() == "p6"


def test_new_person_id_never_collides_with_stored_people_even_if_counter_is_stale() -> None:
    """An id is "never used" even when the stored counter lags (or is absent) after an import."""
    data = household().to_dict()
    del data["next_number"]
    restored = Household.from_dict(data)
    existing = set(restored.people)
    fresh = [restored.new_person_id() for _ in range(5)]
    assert not set(fresh) & existing, f"{fresh} reuse stored ids {sorted(existing)}"

    stale = Household({"p1": person("p1"), "p2": person("p2", "Bob")}, next_number=2)
    assert stale.new_person_id() not in {"p1", "p2"}


# --- retired codes ----------------------------------------------------------------------------


def test_retired_codes_round_trip_and_are_forgotten_in_time() -> None:
    house = household()
    early, late = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)
    house.retire(["482913"], early)
    house.retire(["519372", "640285"], late)
    stored = house.to_dict()
    # A secret like a PIN: only its keyed digest is kept.
    assert not [c for c in ("482913", "519372", "640285") if c in str(stored["retired"])]
    restored = Household.from_dict(stored)
    assert restored == house
    assert restored.recent(early).holds("482913")
    restored.forget_retired(datetime(2025, 2, 1, tzinfo=UTC))
    since = datetime(2025, 2, 1, tzinfo=UTC)
    assert [restored.recent(since).holds(c) for c in ("482913", "519372", "640285")] == [
        False,
        True,
        True,
    ]


def test_retired_codes_stored_in_clear_are_hashed_when_read() -> None:
    """Earlier versions kept retired codes in clear: they are read as digests."""
    at = datetime(2025, 1, 1, tzinfo=UTC).isoformat()
    house = Household.from_dict({"retired": [{"code": "482913", "retired_at": at}]})
    assert house.reuse_key is not None
    assert house.recent(datetime(2024, 1, 1, tzinfo=UTC)).holds("482913")
    assert "482913" not in str(house.to_dict()["retired"])
    assert Household.from_dict(house.to_dict()) == house


def test_a_retired_entry_that_is_no_digest_is_dropped() -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC).isoformat()
    house = household()
    house.retire(["482913"], datetime(2025, 1, 1, tzinfo=UTC))
    stored = house.to_dict()
    stored["retired"].append({"digest": "482913", "retired_at": at})
    assert len(Household.from_dict(stored).retired) == 1


def test_a_reference_of_the_id_shape_is_only_ever_an_id() -> None:
    house = household()
    assert house.find("P1").name == "Alice"
    assert house.find(" p4\u200b").name == "Dave"
    assert house.find("p9") is None
    assert house.find("\uff21LICE\u200b").person_id == "p1"


# --- the name and code indexes -----------------------------------------------------------------

NAMES = ("Alice", "alice", "\uff21\uff2c\uff29\uff23\uff25", "Bob", "Bob\u200b", "Carol", "Dave")
CODES = ("482913", "739154", "519374", "640281")
GONE = datetime(2025, 2, 1, tzinfo=UTC)


def change(house: Household, what: str, person_id: str, **fields: Any) -> None:
    """Change the household's people one of the ways code does (or a test might)."""
    held = house.people.get(person_id)
    if what == "set":
        house.people[person_id] = person(person_id, **fields)
    elif what == "evolve" and held is not None:
        house.people[person_id] = held.evolve(**fields)
    elif what == "offboard" and held is not None:
        house.people[person_id] = held.evolve(offboarded_at=GONE)
    elif what == "return" and held is not None:
        house.people[person_id] = held.evolve(offboarded_at=None)
    elif what == "del" and held is not None:
        del house.people[person_id]
    elif what == "pop":
        house.people.pop(person_id, None)
    elif what == "popitem" and house.people:
        house.people.popitem()
    elif what == "update":
        house.people.update({person_id: person(person_id, **fields)})
    elif what == "plain":
        house.people = dict(house.people)  # a plain dict put in its place


WAYS = ["set", "evolve", "offboard", "return", "del", "pop", "popitem", "update", "plain"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(steps=st.lists(st.tuples(st.sampled_from(WAYS), st.integers(1, 6), st.sampled_from(NAMES))))
def test_names_are_found_as_a_walk_through_the_household_would(
    steps: list[tuple[str, int, str]],
) -> None:
    """Whichever way people come, change names, leave and are removed, looking a name up
    gives what looking at every current person gives."""
    house = Household()
    for what, number, name in steps:
        person_id = f"p{number}"
        change(house, what, person_id, name=name)
        for probe in NAMES:
            walked = [p for p in house.current() if name_key(p.name) == name_key(probe)]
            assert house.find(probe) == (walked[0] if walked else None)
            for besides in (None, person_id):
                expected = any(p.person_id != besides for p in walked)
                assert house.name_taken(probe, besides=besides) is expected
    assert Household.from_dict(house.to_dict()) == house


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(WAYS),
            st.integers(1, 5),
            st.sampled_from(["pin", "duress_pin"]),
            st.sampled_from((*CODES, None)),
        )
    )
)
def test_codes_in_use_are_found_as_a_walk_through_the_household_would(
    steps: list[tuple[str, int, str, str | None]],
) -> None:
    """Whichever way codes are given, changed and taken away, a look-up says a code is
    taken exactly when someone current other than `besides` holds it."""
    house = Household()
    for what, number, kind, code in steps:
        person_id = f"p{number}"
        change(house, what, person_id, **{kind: code})
        for probe in CODES:
            for besides in (None, person_id):
                walked = probe in house.codes(besides=besides)
                assert house.taken(besides=besides).holds(probe) is walked
                assert house.taken(besides=besides).plus(probe).holds(probe)


def test_a_name_is_looked_up_without_walking_through_the_household(monkeypatch) -> None:
    house = household()

    def walk(_self: Household) -> list[Person]:
        raise AssertionError("walked through every person")

    monkeypatch.setattr(Household, "current", walk)
    assert house.find("alice").person_id == "p1"
    assert house.find("Carol") is None  # offboarded
    assert house.name_taken("BOB")
    assert not house.name_taken("Bob", besides="p2")
    assert not house.name_taken("Carol")


def test_codes_in_use_are_kept_as_keyed_digests_only() -> None:
    """The index holds no code, and another household's index does not match it."""
    house, other = household(), household()
    assert house.taken().holds("402817") and other.taken().holds("402817")
    digests = house.taken().held._holders.keys()
    assert b"402817" not in digests and all(len(d) == 32 for d in digests)
    assert digests.isdisjoint(other.taken().held._holders)
