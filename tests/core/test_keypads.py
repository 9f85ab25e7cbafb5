"""Keypad bindings: which keypad opens which door, changed in one go and kept in the options."""

from __future__ import annotations

import pytest

from custom_components.housekey.core.keypads import (
    BindingRefused,
    KeypadBinding,
    Rebinding,
    bindings_of,
    check_doors,
    follow_rename,
    rebind,
    to_option,
)

FRONT, BACK = "lock.front_door", "lock.back_door"
HALL = KeypadBinding("dev-hall", FRONT, "Hall keypad")
GARAGE = KeypadBinding("dev-garage", BACK, "Garage keypad")


def test_bindings_round_trip_through_the_options_and_bad_entries_are_left_out() -> None:
    bindings = {HALL.device_id: HALL, GARAGE.device_id: GARAGE}
    option = to_option(bindings)
    assert option == {
        "dev-garage": {"lock": BACK, "name": "Garage keypad"},
        "dev-hall": {"lock": FRONT, "name": "Hall keypad"},
    }
    assert bindings_of(option) == bindings
    assert bindings_of(None) == {} and bindings_of(["dev-hall"]) == {}
    assert bindings_of({"a": "lock.x", "b": {"name": "no lock"}, "c": {"lock": FRONT}}) == {
        "c": KeypadBinding("c", FRONT, "c")  # a nameless binding is named by its device
    }


def test_a_keypad_is_bound_to_a_door_and_moved_by_binding_it_again() -> None:
    bound = rebind({}, Rebinding(bind="dev-hall", door=FRONT, name="Hall keypad"), [FRONT])
    assert bound == {"dev-hall": HALL}
    moved = rebind(bound, Rebinding(bind="dev-hall", door=BACK, name="Hall"), [FRONT, BACK])
    assert moved == {"dev-hall": KeypadBinding("dev-hall", BACK, "Hall")}
    garage = Rebinding(bind="dev-garage", door=BACK, name="Garage keypad")
    both = rebind(bound, garage, [FRONT, BACK])
    assert both == {"dev-hall": HALL, "dev-garage": GARAGE}  # a keypad per door, several allowed
    assert rebind(both, Rebinding(unbind=["dev-hall"]), [FRONT, BACK]) == {"dev-garage": GARAGE}
    assert rebind(both, Rebinding(), [FRONT, BACK]) == both


@pytest.mark.parametrize(
    ("change", "doors", "key", "placeholders"),
    [
        (Rebinding(bind="dev-hall"), [FRONT], "keypad_door_missing", {}),
        (Rebinding(door=FRONT), [FRONT], "keypad_not_chosen", {}),
        (Rebinding(bind="dev-hall", door="lock.shed"), [FRONT], "keypad_door_unknown", {}),
        # the door the garage keypad opens leaves the household in the same change
        (Rebinding(), [FRONT], "keypad_door_removed", {"keypad": "Garage keypad", "door": BACK}),
    ],
)
def test_a_change_that_cannot_be_made_is_refused_by_name(
    change: Rebinding, doors: list[str], key: str, placeholders: dict[str, str]
) -> None:
    with pytest.raises(BindingRefused) as refused:
        rebind({"dev-garage": GARAGE}, change, doors)
    assert refused.value.key == key
    assert placeholders.items() <= refused.value.placeholders.items()


def test_unbinding_a_door_s_keypad_lets_the_door_go() -> None:
    bindings = {"dev-garage": GARAGE}
    assert rebind(bindings, Rebinding(unbind=["dev-garage"]), [FRONT]) == {}
    assert check_doors(bindings, [BACK]) == bindings


def test_a_renamed_lock_keeps_its_keypads() -> None:
    bindings = {"dev-hall": HALL, "dev-garage": GARAGE}
    renamed = follow_rename(bindings, FRONT, "lock.entrance")
    assert renamed == {
        "dev-hall": KeypadBinding("dev-hall", "lock.entrance", "Hall keypad"),
        "dev-garage": GARAGE,
    }
