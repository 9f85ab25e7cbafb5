"""Every unique id Housekey gives an entity or a device, built in one place.

The entities take their unique ids from here, and so does the clean-up that drops
the entities of people and locks a household no longer has: both sides always agree
on the strings. A lock key is an opaque string (today the lock's entity id); nothing
here looks inside it. The strings are stored in Home Assistant's registries, so they
never change form.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class LockEntityKind(StrEnum):
    """The entities every managed lock has, by the suffix of their unique id."""

    SYNC = "sync"
    LAST_ACCESS = "last_access"
    ACCESS = "access"


def people_with_access(entry_id: str) -> str:
    """Return the unique id of the household's head-count sensor."""
    return f"{entry_id}_people_with_access"


def person(entry_id: str, person_id: str) -> str:
    """Return the unique id of a person's status sensor."""
    return f"{entry_id}_{person_id}"


def lock_entity(entry_id: str, lock_key: str, kind: LockEntityKind) -> str:
    """Return the unique id of one of a managed lock's entities."""
    return f"{entry_id}_{lock_key}_{kind}"


def simulated_lock(entry_id: str, number: int) -> str:
    """Return the unique id of a simulated lock entity (also its keypad's key)."""
    return f"{entry_id}_simulated_{number}"


def lock_device(entry_id: str, lock_key: str) -> str:
    """Return the device identifier Housekey gives a lock that has no device of its own."""
    return f"{entry_id}_{lock_key}"


def expected(
    entry_id: str, people: Iterable[str], locks: Iterable[str], keypads: Iterable[str]
) -> set[str]:
    """Return the unique ids of every entity a household with these members should have.

    `keypads` are the unique ids of the simulated lock entities still in use.
    """
    ids = {people_with_access(entry_id), *keypads}
    ids |= {person(entry_id, person_id) for person_id in people}
    ids |= {lock_entity(entry_id, lock, kind) for lock in locks for kind in LockEntityKind}
    return ids
