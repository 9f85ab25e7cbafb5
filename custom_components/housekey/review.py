"""The access review in Home Assistant: one repair issue per idle person, at the exact moment.

The rule is core/review.py's. Here each person's issue is raised or withdrawn whenever
they change (an opening withdraws it), and a timer is set for the next moment anyone
becomes idle, so nothing is polled. The issue's fix flow (repairs.py) suspends,
offboards or dismisses the person for another review period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .core.review import is_idle, review_due

if TYPE_CHECKING:
    from .runtime import Housekey

ACCESS_REVIEW = "access_review"


def issue_id(entry_id: str, person_id: str) -> str:
    """Return the id of a person's access review issue."""
    return f"{ACCESS_REVIEW}.{entry_id}.{person_id}"


class AccessReview:
    """Raises and withdraws the review issues of one household."""

    def __init__(self, runtime: Housekey) -> None:
        """Prepare; nothing is checked until the runtime says so."""
        self._rt = runtime
        self._timer: CALLBACK_TYPE | None = None
        self._next: datetime | None = None
        #: the people with an issue open, so withdrawing costs nothing for everyone else
        self._flagged: set[str] = set()

    @property
    def days(self) -> int:
        """Return the review period in days (0: no review)."""
        return self._rt.options.review_days

    @callback
    def check(self, people: Iterable[str] | None = None) -> None:
        """Raise or withdraw the issues of these people (None: everyone, a full review)."""
        household = self._rt.household
        now = dt_util.utcnow()
        ids = list(household.people) if people is None else list(people)
        if people is None:
            ids += [p for p in self._flagged if p not in household.people]
            self._next = None
        upcoming: list[datetime] = []
        for person_id in ids:
            person = household.people.get(person_id)
            snoozed = household.review_snoozed.get(person_id)
            if person is None:
                self._set(person_id, None)
                continue
            idle = is_idle(person, self._rt.status(person, now), now, self.days, snoozed)
            self._set(person_id, person.name if idle else None)
            if not idle and (due := review_due(person, self.days, snoozed)) is not None:
                upcoming.append(max(due, now))
        self._schedule(upcoming)

    async def async_dismiss(self, person_id: str) -> None:
        """Keep a person without asking again for another review period."""
        household = self._rt.household
        household.review_snoozed[person_id] = dt_util.utcnow() + timedelta(days=self.days)
        await self._rt.data.async_save_people(())
        self.check([person_id])

    @callback
    def stop(self) -> None:
        """Drop the timer (the issues stay: they are about the household, not this run)."""
        if self._timer is not None:
            self._timer()
            self._timer = None

    def _set(self, person_id: str, name: str | None) -> None:
        entry_id = self._rt.entry.entry_id
        if name is None:
            self._flagged.discard(person_id)
            ir.async_delete_issue(self._rt.hass, DOMAIN, issue_id(entry_id, person_id))
            return
        self._flagged.add(person_id)
        ir.async_create_issue(
            self._rt.hass,
            DOMAIN,
            issue_id(entry_id, person_id),
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ACCESS_REVIEW,
            translation_placeholders={"name": name, "days": str(self.days)},
            data={"entry_id": entry_id, "person_id": person_id},
        )

    def _schedule(self, upcoming: list[datetime]) -> None:
        """Set the timer for the earliest moment someone becomes idle, if that is sooner."""
        if not upcoming:
            return
        soonest = min(upcoming)
        if self._next is not None and self._next <= soonest and self._timer is not None:
            return  # a full review runs by then anyway
        self.stop()
        self._next = soonest
        self._timer = async_track_point_in_utc_time(self._rt.hass, self._due, soonest)

    @callback
    def _due(self, _now: datetime) -> None:
        self._timer = None
        self._next = None
        self.check()
