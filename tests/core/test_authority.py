"""Unit tests for core.authority: what a resident who is a user may do, and nobody else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.housekey.core.authority import (
    DELEGATED,
    GuestLimits,
    Refusal,
    Request,
    decide,
    guest_fields,
    person_of_user,
)
from custom_components.housekey.core.model import Household, Person, Role

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
LIMITS = GuestLimits()


def _household(*people: Person) -> Household:
    household = Household()
    for person in people:
        household.people[person.person_id] = person
    return household


def _person(person_id: str, role: Role, **changes: Any) -> Person:
    return Person(person_id, person_id.title(), role, NOW - timedelta(days=30)).evolve(**changes)


RITA = _person("rita", Role.RESIDENT, ha_user="u-rita")
SAM = _person("sam", Role.RESIDENT, ha_user="u-sam")


def _guest(person_id: str, sponsor: str, **changes: Any) -> Person:
    window = {"valid_from": NOW - timedelta(days=1), "valid_until": NOW + timedelta(days=1)}
    return _person(person_id, Role.GUEST, sponsor=sponsor, **window).evolve(**changes)


def _decide(
    action: str, fields: dict[str, Any], household: Household, actor: Person | None = RITA
) -> Refusal | None:
    return decide(Request(action, actor, fields), household, LIMITS, NOW, UTC)


def _stay(days: float, **more: Any) -> dict[str, Any]:
    return {"name": "New", "valid_from": NOW, "valid_until": NOW + timedelta(days=days), **more}


def test_only_a_standing_resident_may_act_at_all() -> None:
    household = _household(RITA)
    for actor in (
        None,
        _person("gail", Role.GUEST, valid_until=NOW + timedelta(days=1)),
        _person("sid", Role.SERVICE),
        _person("ada", Role.ADMIN),  # an admin *person* whose user is no admin in Home Assistant
        RITA.evolve(suspended=True),
        RITA.evolve(valid_until=NOW - timedelta(minutes=1)),
    ):
        assert _decide("add_guest", _stay(1), household, actor) is Refusal.ADMIN_REQUIRED
    for action in ("add_person", "sync", "reveal_pin", "export_household", "submit_code"):
        assert action not in DELEGATED
        assert _decide(action, {"person": "rita"}, household) is Refusal.ADMIN_REQUIRED


def test_the_quota_counts_guests_who_still_have_or_will_have_access() -> None:
    others = [
        _guest("g1", "rita"),
        _guest("g2", "rita", suspended=True),
        _guest(
            "g3", "rita", valid_from=NOW + timedelta(days=3), valid_until=NOW + timedelta(days=4)
        ),
        _guest("ended", "rita", valid_until=NOW - timedelta(seconds=1)),
        _guest("gone", "rita", offboarded_at=NOW),
        _guest("used", "rita", max_uses=1, uses=1),
        _guest("sams", "sam"),
    ]
    household = _household(RITA, SAM, *others)
    assert _decide("add_guest", _stay(1), household) is Refusal.QUOTA
    del household.people["g3"]
    assert _decide("add_guest", _stay(1), household) is None
    # Bringing an ended guest back takes a place too; changing a counted one does not.
    household.people["g3"] = others[2]
    ended = {"person": "ended", "valid_until": NOW + timedelta(days=1)}
    assert _decide("update_person", ended, household) is Refusal.QUOTA
    assert _decide("update_person", {"person": "g1", "max_uses": 4}, household) is None
    assert _decide("update_person", {"person": "used", "max_uses": 4}, household) is Refusal.QUOTA


@pytest.mark.parametrize(
    ("days", "refused"),
    [(14, None), (14 + 1 / 1440, Refusal.TOO_LONG), (0.5, None)],
)
def test_the_longest_stay_is_inclusive(days: float, refused: Refusal | None) -> None:
    assert _decide("add_guest", _stay(days), _household(RITA)) is refused


def test_a_stay_without_an_end_or_counted_from_now_is_held_to_the_limit() -> None:
    household = _household(RITA)
    assert _decide("add_guest", {"name": "X"}, household) is Refusal.TOO_LONG
    fields = {"name": "X", "valid_until": NOW + timedelta(days=14, seconds=1)}
    assert _decide("add_guest", fields, household) is Refusal.TOO_LONG


def test_a_resident_acts_on_their_own_guests_and_their_own_pin() -> None:
    household = _household(RITA, SAM, _guest("mine", "rita"), _guest("his", "sam"))
    for action in ("update_person", "suspend_person", "resume_person", "offboard_person"):
        assert _decide(action, {"person": "mine"}, household) is None
        assert _decide(action, {"person": "his"}, household) is Refusal.NOT_OWN_GUEST
        assert _decide(action, {"person": "sam"}, household) is Refusal.NOT_OWN_GUEST
    assert _decide("set_pin", {"person": "rita"}, household) is None
    assert _decide("set_pin", {"person": "Rita"}, household) is None  # by name too
    assert _decide("set_pin", {"person": "mine"}, household) is Refusal.NOT_OWN_PIN
    # Someone the household does not know is left to the action to refuse as unknown.
    assert _decide("suspend_person", {"person": "nobody"}, household) is None
    for field, value in (("role", Role.RESIDENT), ("ha_user", "u-x"), ("duress_pin", "4917")):
        fields = {"person": "mine", field: value}
        assert _decide("update_person", fields, household) is Refusal.GUEST_FIELD


def test_a_guest_is_the_residents_and_opens_only_their_doors() -> None:
    fay = _person("fay", Role.RESIDENT, ha_user="u-fay", locks=("lock.front",))
    household = _household(fay, SAM)
    assert _decide("add_guest", _stay(1, sponsor="sam"), household, fay) is Refusal.OTHER_SPONSOR
    assert _decide("add_guest", _stay(1, sponsor="Fay"), household, fay) is None
    wide = _stay(1, locks=["lock.front", "lock.back"])
    assert _decide("add_guest", wide, household, fay) is Refusal.LOCKS_BEYOND_OWN
    assert guest_fields(fay, _stay(1)) == {**_stay(1), "sponsor": "fay", "locks": ["lock.front"]}
    assert guest_fields(RITA, _stay(1, locks=["lock.back"]))["locks"] == ["lock.back"]
    household.people["fred"] = _guest("fred", "fay", locks=("lock.front",))
    every = {"person": "fred", "locks": None}
    assert _decide("update_person", every, household, fay) is Refusal.LOCKS_BEYOND_OWN


def test_the_user_is_found_among_current_people_only() -> None:
    household = _household(RITA.evolve(offboarded_at=NOW), SAM)
    assert person_of_user(household, "u-rita") is None
    assert person_of_user(household, "u-sam") == SAM
    assert not Refusal.ADMIN_REQUIRED.is_limit and Refusal.QUOTA.is_limit
