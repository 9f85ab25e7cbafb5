"""Forwarding keypads bound to doors: which keypad's codes open which of the household's locks.

A keypad that forwards what was typed (a Z-Wave Entry Control keypad such as the Ring
Keypad) holds no codes and is no lock: it is bound to one door, and a code typed at it is
checked by Housekey and opens that door. Several keypads may open the same door; each
keypad opens one. The bindings live in the household's options, as
`{device id: {"lock": entity id, "name": device name}}`; the name is kept so a keypad that
has gone from Home Assistant can still be named.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class KeypadBinding:
    """One keypad (a Home Assistant device) and the door its codes open (a lock entity)."""

    device_id: str
    lock_id: str
    name: str

    def to_option(self) -> dict[str, str]:
        """Return the binding as the options keep it (under its device id)."""
        return {"lock": self.lock_id, "name": self.name}


type Bindings = dict[str, KeypadBinding]


def bindings_of(option: Any) -> Bindings:
    """Read the bindings from the options; a malformed entry is left out, not fatal."""
    if not isinstance(option, Mapping):
        return {}
    found: Bindings = {}
    for device_id, value in option.items():
        if not isinstance(value, Mapping) or not isinstance(value.get("lock"), str):
            continue
        name = value.get("name")
        found[str(device_id)] = KeypadBinding(
            str(device_id), value["lock"], name if isinstance(name, str) else str(device_id)
        )
    return found


def to_option(bindings: Bindings) -> dict[str, dict[str, str]]:
    """Return bindings as the options keep them."""
    return {device_id: b.to_option() for device_id, b in sorted(bindings.items())}


@dataclass(frozen=True, slots=True)
class Rebinding:
    """What an admin asked of the bindings in one go: unbind some, bind (or move) one."""

    unbind: Collection[str] = ()
    bind: str | None = None
    door: str | None = None
    name: str = ""


def rebind(bindings: Bindings, change: Rebinding, doors: Collection[str]) -> Bindings:
    """Return the bindings after a change; raise BindingRefused when it cannot be made.

    `doors` are the household's locks as the change leaves them, so a door taken out of the
    household in the same change cannot keep a keypad.
    """
    if change.bind is not None and change.door is None:
        raise BindingRefused("keypad_door_missing")
    if change.door is not None and change.bind is None:
        raise BindingRefused("keypad_not_chosen")
    result = {k: b for k, b in bindings.items() if k not in change.unbind}
    if change.bind is not None and change.door is not None:
        if change.door not in doors:
            raise BindingRefused("keypad_door_unknown", door=change.door)
        result[change.bind] = KeypadBinding(change.bind, change.door, change.name or change.bind)
    return check_doors(result, doors)


def check_doors(bindings: Bindings, doors: Collection[str]) -> Bindings:
    """Return the bindings if each keypad's door is one of `doors`; else raise BindingRefused."""
    for binding in bindings.values():
        if binding.lock_id not in doors:
            raise BindingRefused("keypad_door_removed", keypad=binding.name, door=binding.lock_id)
    return bindings


def follow_rename(bindings: Bindings, old: str, new: str) -> Bindings:
    """Return the bindings with a renamed lock's keypads opening it under its new entity id."""
    return {
        k: KeypadBinding(k, new, b.name) if b.lock_id == old else b for k, b in bindings.items()
    }


class BindingRefused(ValueError):
    """A change of bindings that cannot be made: a translation key and its placeholders."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Name the refusal for the form."""
        super().__init__(key)
        self.key = key
        self.placeholders = placeholders
