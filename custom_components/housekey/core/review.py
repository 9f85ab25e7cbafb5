"""The access review: people who keep a code and have not opened a door in a long time.

A code nobody uses is a ghost in waiting: a former roommate nobody offboarded, a
cleaner who stopped coming. After `days` without an opening the person is suggested
for suspension or offboarding. Admins are not (they run the household), nor are
people who are new (they had no time to open anything), nor people whose access has
already ended or is paused (expired, used up, suspended, offboarded): there is no
code to take away.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .model import Person, Role, Status

#: the statuses under which a person holds a code the review may suggest taking away
REVIEWED = frozenset({Status.ACTIVE, Status.SCHEDULED})


def review_due(person: Person, days: int, snoozed_until: datetime | None = None) -> datetime | None:
    """Return the moment a person becomes idle, or None if the review never flags them.

    Idle means `days` since the latest of their creation, the start of their access and
    their last opening, and not before a dismissal runs out. Status is not part of it
    (it changes with the clock): see `is_idle`.
    """
    if days <= 0 or person.role is Role.ADMIN or person.offboarded_at is not None:
        return None
    seen = max(
        person.created_at,
        person.valid_from or person.created_at,
        person.last_access or person.created_at,
    )
    due = seen + timedelta(days=days)
    return max(due, snoozed_until) if snoozed_until is not None else due


def is_idle(
    person: Person, status: Status, now: datetime, days: int, snoozed_until: datetime | None
) -> bool:
    """Return whether the review suggests suspending or offboarding a person now."""
    due = review_due(person, days, snoozed_until)
    return due is not None and due <= now and status in REVIEWED
