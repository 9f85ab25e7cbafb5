"""The household at run time: intent in, effect out, and a faithful record of both.

Every change to people goes through one of the mutation methods here: validated
by the core rules, saved, re-planned onto every lock, and recorded. Locks report
back through `reports.py`, which turns slots into people.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from . import door_readiness, repairs, validation
from .arguments import NewPersonArgs, UpdatePersonArgs
from .audit import fire_admin
from .calendar_guests import CalendarGuests
from .const import DOMAIN
from .core.codes import (
    MAX_BOOK_CODES,
    BookWindow,
    book_code,
    book_windows,
    new_book_key,
    new_otp_secret,
)
from .core.household_file import continue_from
from .core.model import CodeBook, CredentialRef, Household, Person, Role, Status
from .core.schedule import status_at
from .door import DoorAnswer, DoorCodes
from .entity import notify_lock, notify_people
from .household_data import HouseholdData
from .journal import Journal
from .keypad_guard import KeypadGuard
from .keypads import ForwardingKeypads
from .lock_clock import LocalTimeChanges
from .locks import FormerLocks, LockFactory, async_follow_renames, remove_stale_entities
from .options import HouseholdOptions
from .planning import Derived, Planning
from .providers.simulated import SimulatedKeypad
from .records import LockInfo, LockRecord, SyncState
from .reports import LockReports
from .review import AccessReview
from .sync import LockSync

_LOGGER = logging.getLogger(__name__)

#: how far ahead a code book is issued when neither an end nor a count is given
BOOK_AHEAD = timedelta(days=28)


type HousekeyConfigEntry = ConfigEntry[Housekey]


class Housekey:
    """One household's runtime, kept in the config entry's runtime_data."""

    def __init__(self, hass: HomeAssistant, entry: HousekeyConfigEntry) -> None:
        """Prepare the runtime; nothing is loaded or sent yet."""
        self.hass = hass
        self.entry = entry
        self.name: str = entry.data[CONF_NAME]
        self.options = HouseholdOptions.of(entry.options)
        self.policy = self.options.policy
        self.reuse_days = self.options.reuse_days
        self.household = Household()
        self.locks: dict[str, LockSync] = {}
        self.info: dict[str, LockInfo] = {}
        self.data = HouseholdData(hass, self)
        self.factory = LockFactory(hass, entry, self.data.save_keypads_later)
        self.keypads: dict[str, SimulatedKeypad] = self.factory.keypads
        self._timer: CALLBACK_TYPE | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self.guard = KeypadGuard(hass, entry, self.name, self.keypads, self.save_later)
        self.reports = LockReports(self)
        #: codes typed at forwarding keypads (`housekey.submit_code`)
        self.door = DoorCodes(self)
        #: keypads bound to its doors that forward what is typed (Z-Wave Entry Control)
        self.forwarding = ForwardingKeypads(self)
        #: locks that left the household and are being cleared of Housekey's codes
        self.former = FormerLocks(
            hass,
            entry,
            self.factory,
            self.data,
            self.reports.on_sync_event,
            self.remove_stale_entities,
        )
        self.retiring: dict[str, LockSync] = self.former.syncs
        #: the last plan of every lock, who had access then, and when that changes
        self.planning = Planning(lambda: self.tz)
        #: the household's own device (set once it is registered, before the platforms)
        self.device_id = ""
        #: the audit journal: every event, kept beside the recorder, with its gaps named
        self.journal = Journal(self, self.options.journal_days)
        #: people who have not opened a door in the review period, as repair issues
        self.review = AccessReview(self)
        #: guests and service people made from the calendars the household follows
        self.calendar = CalendarGuests(self)

    # ---- life cycle --------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the Stores, build one reconciler per lock, and start them once HA runs.

        Raises StoreUnreadable, before anything is built or sent, when a household that
        has a Store cannot read it.
        """
        loaded = await self.data.async_load()
        await self.journal.async_open()
        self.household = loaded.household
        self.household.forget_retired(dt_util.utcnow() - timedelta(days=self.reuse_days))
        for provider in self.factory.managed(loaded.keypads):
            if (lock_id := provider.entity_id) in loaded.bad_records:
                continue  # its record could not be read: nothing is sent to it
            self.info[lock_id] = LockInfo(provider.backend)
            self.locks[lock_id] = LockSync(
                self.hass,
                provider,
                loaded.records.get(lock_id, LockRecord()),
                on_change=partial(self._lock_changed, lock_id),
                on_state=partial(self._notify_lock, lock_id),
                on_report=self.reports.on_report,
                on_event=self.reports.on_sync_event,
                persist=self.data.async_save_records,
                on_clock=self.reports.on_clock,
            )
        self.guard.restore(loaded.brute_force, self.locks)
        for lock_id, record in loaded.records.items():
            if lock_id not in self.locks and record.managed():
                self.former.retire(lock_id, record, loaded.keypads)
        self.data.report_set_aside()
        repairs.prune_lock_issues(self.hass, self.entry.entry_id, self.locks)
        self.replan()
        await self.data.async_loaded(loaded.rewrite)
        await self.calendar.async_load()
        self._unsubs.append(async_at_started(self.hass, self._start_locks))
        self._unsubs.append(async_at_started(self.hass, self.calendar.start))
        self._unsubs.append(self.reports.callers.listen(self.hass))
        renamed = async_follow_renames(self.hass, self.entry, [*self.locks, *self.retiring])
        self._unsubs.append(renamed)
        self._unsubs.append(self.forwarding.start())

    @callback
    def _start_locks(self, _hass: HomeAssistant) -> None:
        audit = self.options.audit_seconds
        for sync in self.locks.values():
            sync.start()
            sync.start_audit(audit)
        for sync in self.retiring.values():
            sync.start()
        self.journal.watch(
            {lock_id: s.state is SyncState.UNREACHABLE for lock_id, s in self.locks.items()}
        )
        self._unsubs.append(LocalTimeChanges(self.hass, self._local_time_changed).start())

    @callback
    def _local_time_changed(self) -> None:
        """Set again the clocks of the locks that admit by them: the wall clock moved."""
        for sync in self.locks.values():
            sync.check_clock_now()

    async def async_unload(self) -> None:
        """Stop every queue and write what is not yet written."""
        for unsub in self._unsubs:
            unsub()
        await self.calendar.async_stop()
        if self._timer is not None:
            self._timer()
            self._timer = None
        for sync in [*self.locks.values(), *self.retiring.values()]:
            await sync.async_stop()
        await self.data.async_unload()
        # After the queues: a queue stopped mid-command tells its people's entities, and the
        # review with them, which would set its timer again.
        self.review.stop()
        await self.journal.async_close()

    @callback
    def remove_stale_entities(self) -> None:
        """Drop entities and devices of people and locks the household no longer has."""
        remove_stale_entities(
            self.hass,
            self.entry.entry_id,
            self.household.people,
            self.locks,
            self.factory.keypad_keys(),
        )

    def save_later(self) -> None:
        """Save the people soon (facts that may lag, such as use counts)."""
        self.data.save_people_later()

    # ---- queries -----------------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        """Return the household's time zone (Home Assistant's)."""
        return dt_util.get_default_time_zone()

    def status(self, person: Person, now: datetime | None = None) -> Status:
        """Return a person's status now."""
        return status_at(person, now or dt_util.utcnow(), self.tz)

    def people_with_access(self) -> int:
        """Return how many people can open at least one door right now."""
        return len(self.planning.active)  # as of the last plan: each change of access re-plans

    # ---- mutations ---------------------------------------------------------------------

    async def async_add_person(
        self,
        fields: NewPersonArgs,
        context: Context | None,
        *,
        action: str = "person_added",
        detail: Mapping[str, Any] | None = None,
    ) -> tuple[Person, str | None]:
        """Add a person; return them and the generated PIN, if one was generated.

        `detail` goes into the change's record (`source: calendar` for a booking's person).
        """
        # The only await comes first: from here to the commit nothing yields, so two
        # concurrent calls cannot both pass the uniqueness checks.
        ha_user = await validation.check_user(self.hass, fields.get("ha_user"))
        number = self.household.next_number
        person, generated = validation.new_person(
            self.household, self.locks, self._rules(), self.options.windows, fields, ha_user
        )
        try:
            await self._commit(person, action, context, detail)
        except HomeAssistantError:
            self.household.next_number = number  # refused before saving: the id stays unused
            raise
        return person, generated

    async def async_update_person(
        self,
        fields: UpdatePersonArgs,
        context: Context | None,
        detail: Mapping[str, Any] | None = None,
    ) -> Person:
        """Change a person's name, role, access or duress PIN."""
        ha_user = await validation.check_user(self.hass, fields.get("ha_user"))  # see add
        person = validation.current(self.household, fields["person"])
        updated = validation.changed_person(
            self.household,
            self.locks,
            self._rules(),
            self.options.windows,
            person,
            fields,
            ha_user,
        )
        await self._commit(updated, "person_updated", context, detail)
        return updated

    async def async_set_pin(
        self, ref: str, pin: validation.PinInput, context: Context | None
    ) -> tuple[Person, str | None]:
        """Give a person a new PIN; return the generated one if none was given."""
        person = validation.current(self.household, ref)
        ranges = validation.pin_ranges(self.locks, person.locks)
        taken = self.household.taken(besides=person.person_id)
        if person.duress_pin:
            taken = taken.plus(person.duress_pin)
        new_pin, generated = self._rules().pin_or_generate(pin, taken, ranges, "pin")
        updated = person.evolve(pin=new_pin, pin_version=person.pin_version + 1)
        await self._commit(updated, "pin_changed", context)
        return updated, generated

    async def async_set_suspended(
        self, ref: str, suspended: bool, context: Context | None
    ) -> Person:
        """Suspend or resume a person."""
        person = validation.current(self.household, ref)
        updated = person.evolve(suspended=suspended)
        await self._commit(updated, "suspended" if suspended else "resumed", context)
        return updated

    async def async_offboard(
        self,
        ref: str,
        timeout: float,
        context: Context | None,
        detail: Mapping[str, Any] | None = None,
    ) -> tuple[Person, dict[str, str]]:
        """Offboard a person: erase their codes and wait for every lock to drop them.

        Their guests leave with them (each offboarding recorded, naming the sponsor): a
        guest is there on someone's word, and nobody's word is left. A lock counts as
        `removed` once it dropped the person and every such guest.
        """
        person = validation.current(self.household, ref)
        guests = [
            p
            for p in self.household.current()
            if p.role is Role.GUEST and p.sponsor == person.person_id
        ]
        updated = await self._offboarded(person, context, detail)
        for guest in guests:
            await self._offboarded(guest, context, {"sponsor": person.person_id})
        results: dict[str, str] = {}
        for lock_id, sync in self.locks.items():
            released = [
                await sync.async_wait_released(p.person_id, timeout) for p in [person, *guests]
            ]
            if all(released):
                results[lock_id] = "removed"
            else:
                results[lock_id] = "failed" if sync.state is SyncState.FAILED else "pending"
        return updated, results

    async def _offboarded(
        self, person: Person, context: Context | None, detail: Mapping[str, Any] | None = None
    ) -> Person:
        """Erase a person's codes from storage and take them off the locks."""
        updated = person.evolve(
            offboarded_at=dt_util.utcnow(), pin=None, duress_pin=None, otp_secret=None, book=None
        )
        await self._commit(updated, "offboarded", context, detail)
        return updated

    async def async_sync(self, lock_ids: Iterable[str], timeout: float) -> dict[str, str]:
        """Re-read the locks, re-apply the plan, and report each lock's state."""
        syncs = [self.locks[lock_id] for lock_id in lock_ids]
        for sync in syncs:
            sync.request_sync(rescan=True)
        for sync in syncs:
            await sync.async_wait(partial(_in_sync, sync), timeout)
        return {sync.lock_id: sync.state.value for sync in syncs}

    async def async_clear_foreign(self, lock_id: str, slots: Collection[int] | None = None) -> None:
        """Clear a lock's foreign codes (these slots, or all), on an admin's explicit request.

        The repair issue stays while the lock still holds foreign codes, naming those.
        """
        sync = self.locks[lock_id]
        sync.clear_foreign(slots)
        if left := sync.view().foreign:
            repairs.create_foreign_code(
                self.hass, self.entry.entry_id, lock_id, ",".join(map(str, sorted(left)))
            )
        else:
            repairs.delete_foreign_code(self.hass, self.entry.entry_id, lock_id)

    async def async_adopt_foreign(
        self, lock_id: str, slot: int, fields: NewPersonArgs, context: Context | None
    ) -> tuple[Person, str | None]:
        """Give the unknown person behind a foreign code a name and a PIN of their own.

        Housekey cannot read the foreign code back on every stack, so it never keeps it:
        the person gets a new PIN (on this door unless other doors are given) and the
        foreign code is cleared. The person is added first, so a refused person clears
        nothing.
        """
        if slot not in self.locks[lock_id].view().foreign:
            raise validation.invalid("not_foreign", "slot", slot=str(slot))
        fields.setdefault("locks", [lock_id])
        person, generated = await self.async_add_person(fields, context, action="foreign_adopted")
        await self.async_clear_foreign(lock_id, [slot])
        return person, generated

    async def async_submit_code(
        self, lock_id: str, code: str, *, source: str, context: Context | None = None
    ) -> DoorAnswer:
        """Check a code typed at a lock's forwarding keypad, and open it when right (door.py).

        `source` names what heard the keypad, for the log (the action says "action").
        """
        return await self.door.async_submit(lock_id, code, source=source, context=context)

    async def async_enrol_authenticator(
        self, ref: str, context: Context | None
    ) -> tuple[Person, str]:
        """Give a person a new authenticator secret (any earlier one stops working); return it."""
        person = validation.current(self.household, ref)
        secret = new_otp_secret()
        updated = person.evolve(otp_secret=secret, otp_step=0)
        await self._commit(updated, "authenticator_enrolled", context)
        return updated, secret

    async def async_remove_authenticator(self, ref: str, context: Context | None) -> Person:
        """Take a person's authenticator secret away."""
        person = validation.current(self.household, ref)
        if person.otp_secret is None:
            raise validation.invalid("no_authenticator", "person", person=person.name)
        updated = person.evolve(otp_secret=None, otp_step=0)
        await self._commit(updated, "authenticator_removed", context)
        return updated

    async def async_issue_code_book(
        self,
        ref: str,
        since: datetime,
        until: datetime | None,
        count: int | None,
        context: Context | None,
    ) -> tuple[Person, list[tuple[str, BookWindow]]]:
        """Return a person's code-book codes for the windows ahead (starting a book if none).

        Issuing again returns the same codes for the same windows: a reprint. The codes
        are as long as the household's longest PIN, when the book starts.
        """
        person = validation.current(self.household, ref)
        if until is None and count is None:
            until = since + BOOK_AHEAD
        windows = book_windows(person, since, self.tz, until=until, count=count or MAX_BOOK_CODES)
        if not windows:
            raise validation.invalid("no_book_windows", "person", person=person.name)
        if self.household.book_key is None:
            self.household.book_key = new_book_key()  # saved with the person below
        book = person.book or CodeBook(person.books_issued + 1, self.policy.max_length)
        updated = person.evolve(book=book, books_issued=max(person.books_issued, book.generation))
        await self._commit(updated, "code_book_issued", context)
        key = self.household.book_key
        codes = [
            (book_code(key, person.person_id, book.generation, w.start, book.length), w)
            for w in windows
        ]
        return updated, codes

    async def async_revoke_code_book(self, ref: str, context: Context | None) -> Person:
        """End a person's code book: every code issued from it stops working."""
        person = validation.current(self.household, ref)
        if person.book is None:
            raise validation.invalid("no_code_book", "person", person=person.name)
        updated = person.evolve(book=None)
        await self._commit(updated, "code_book_revoked", context)
        return updated

    async def async_replace_household(
        self,
        imported: Household,
        claims: Mapping[str, Mapping[int, CredentialRef]],
        context: Context | None,
    ) -> Household:
        """Put an imported household in place of everyone at once; the locks follow by sync.

        The caller has checked every imported person, and nothing yields from its checks to
        the swap, so they hold for what is swapped in. The household is planned in a dry run
        before anything is saved. People who leave lose their codes on the locks like anyone whose
        access ended; `claims` names the foreign slots each lock may prove to be Housekey's.
        """
        now = dt_util.utcnow()
        household = continue_from(imported, self.household, now)
        household.forget_retired(now - timedelta(days=self.reuse_days))
        if not self.reuse_days:
            household.retired = []
        try:
            derived = self.planning.derive(household, self.locks, now, None)
        except Exception as err:
            _LOGGER.error(
                "An import could not be planned (%s); nothing was saved", type(err).__name__
            )
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="plan_failed"
            ) from err
        previous, self.household = self.household, household
        await self.data.async_save_people({*previous.people, *household.people})
        for lock_id, slots in claims.items():
            if (sync := self.locks.get(lock_id)) is not None:
                sync.reclaim(slots)
        self._apply(derived, None)
        self.remove_stale_entities()
        self.data.report_set_aside()
        fire_admin(self.hass, self.name, "imported", None, context)
        return household

    def _rules(self) -> validation.CodeRules:
        return validation.code_rules(self.household, self.policy, self.reuse_days)

    # ---- applying intent ---------------------------------------------------------------

    async def _commit(
        self,
        person: Person,
        action: str,
        context: Context | None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Store a changed person, push the change to the locks, and record it.

        The change is planned in a dry run first, so a person who cannot be planned
        onto the locks is refused before anything is saved.
        """
        now = dt_util.utcnow()
        people = self.household.people
        previous = people.get(person.person_id)
        # The dry run plans the household with the change in it (put back if refused):
        # nothing yields until the save, and a copy of everyone would cost the household.
        people[person.person_id] = person
        try:
            derived = self.planning.derive(self.household, self.locks, now, {person.person_id})
        except Exception as err:
            if previous is None:
                del people[person.person_id]
            else:
                people[person.person_id] = previous
            _LOGGER.error(
                "A change to %s could not be planned (%s); nothing was saved",
                person.person_id,
                type(err).__name__,
            )
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="plan_failed"
            ) from err
        if previous is not None and self.reuse_days:
            self.household.retire_taken(previous, person, now)
        self.household.forget_retired(now - timedelta(days=self.reuse_days))
        self.door.index.invalidate()  # before the save yields: a code typed meanwhile sees it
        await self.data.async_save_people({person.person_id})
        self._apply(derived, {person.person_id})
        fire_admin(self.hass, self.name, action, person, context, detail)

    @callback
    def replan(self, changed: Iterable[str] | None = None) -> None:
        """Derive the locks' targets from the people and the clock.

        `changed` names the people a change touched: only their credentials are placed
        again and only their entities refresh (every lock's entities follow their own
        lock). None: everyone may have changed (the clock, a lock's capabilities).
        """
        ids = None if changed is None else set(changed)
        now = dt_util.utcnow()
        self._apply(self.planning.derive(self.household, self.locks, now, ids), ids)

    def _apply(self, derived: Derived, changed: set[str] | None) -> None:
        """Hand each lock its targets, keep the plan for the next change, and refresh."""
        self.planning.keep(derived)
        for lock_id, plan in derived.plans.items():
            self.info[lock_id].unplaced = plan.unplaced
            self.info[lock_id].fallback = plan.fallback
            self.locks[lock_id].set_targets(plan.targets, keep=plan.keep, changed=plan.changed)
        self._schedule_transition(self.planning.next_change)
        self.notify(changed)

    def _schedule_transition(self, upcoming: datetime | None) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        if upcoming is not None:
            self._timer = async_track_point_in_utc_time(self.hass, self._on_transition, upcoming)

    @callback
    def _on_transition(self, _now: datetime) -> None:
        """Re-plan the people whose access changed by itself: only they can differ.

        On a lock that holds their schedule nothing differs, so nothing is sent.
        """
        self._timer = None
        self.replan(self.planning.due(dt_util.utcnow()) or None)

    @callback
    def _lock_changed(self, lock_id: str, replan: bool) -> None:
        self.data.save_records_later()
        if replan:
            if not self.locks[lock_id].record.foreign:
                repairs.delete_foreign_code(self.hass, self.entry.entry_id, lock_id)
            self.replan()

    @callback
    def notify(self, people: Iterable[str] | None = None) -> None:
        """Tell the entities of these people (None: every entity) to refresh.

        The access review follows the same changes: an opening withdraws a person's issue.
        """
        if people is not None:
            people = list(people)
        notify_people(self.hass, self.entry.entry_id, people)
        self.review.check(people)

    @callback
    def _notify_lock(self, lock_id: str) -> None:
        """Tell one lock's entities that its sync state changed (and tighten its keypad).

        The door's offline-readiness issues follow its state too.
        """
        notify_lock(self.hass, self.entry.entry_id, lock_id)
        if (sync := self.locks.get(lock_id)) is not None:
            door_readiness.report_issues(self, lock_id)
            self.guard.harden(sync)
            self.journal.note_lock(lock_id, unreachable=sync.state is SyncState.UNREACHABLE)


def _in_sync(sync: LockSync) -> bool:
    return sync.state is SyncState.IN_SYNC
