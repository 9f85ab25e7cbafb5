"""Repair issues: foreign codes, a lock whose sync keeps failing, a lock's clock, keypads.

A door that fails a test of its offline-readiness report gets an issue per failed test.

For forwarding keypads: a bound keypad that has gone, and the typed codes Home Assistant's
recorder would keep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir

from .arguments import NewPersonArgs
from .const import DOMAIN
from .core.clock import ClockCheck
from .core.model import Role
from .core.readiness import Check, Readiness
from .schema import vol

if TYPE_CHECKING:
    from .runtime import Housekey, HousekeyConfigEntry

FOREIGN_CODE = "foreign_code"
SYNC_FAILED = "sync_failed"
LOCK_CLOCK = "lock_clock"
STORE_UNREADABLE = "store_unreadable"
STORED_DATA_INVALID = "stored_data_invalid"
CODE_IN_SCRIPT = "code_in_script"
#: the README's section on forwarding keypads and the recorder
README_KEYPADS = "https://github.com/housekey/housekey#forwarding-keypads"
KEYPAD_MISSING = "keypad_missing"
KEYPAD_CODES_RECORDED = "keypad_codes_recorded"
READINESS = "readiness"
#: failed readiness reasons another issue already tells about (sync_failed)
READINESS_TOLD_ELSEWHERE = frozenset({"sync_failing"})


def _issue_id(kind: str, entry_id: str, lock_id: str) -> str:
    return f"{kind}.{entry_id}.{lock_id}"


def lock_issues(hass: HomeAssistant, entry_id: str, lock_id: str) -> list[str]:
    """Return the kinds of repair issue open for one lock of a household."""
    registry = ir.async_get(hass)
    return [
        kind
        for kind in (FOREIGN_CODE, SYNC_FAILED, LOCK_CLOCK)
        if registry.async_get_issue(DOMAIN, _issue_id(kind, entry_id, lock_id)) is not None
    ]


def create_foreign_code(hass: HomeAssistant, entry_id: str, lock_id: str, slots: str) -> None:
    """Tell admins that a lock holds codes Housekey did not write."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(FOREIGN_CODE, entry_id, lock_id),
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=FOREIGN_CODE,
        translation_placeholders={"lock": lock_id, "slots": slots},
        data={"entry_id": entry_id, "lock": lock_id},
    )


def create_sync_failed(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Tell admins that changes cannot reach a lock."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(SYNC_FAILED, entry_id, lock_id),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=SYNC_FAILED,
        translation_placeholders={"lock": lock_id},
    )


def set_lock_clock(
    hass: HomeAssistant, entry_id: str, lock_id: str, check: ClockCheck | None
) -> None:
    """Tell admins a lock's clock cannot be set or read, or is off; or withdraw the issue.

    One issue per lock, worded by what the last check found (`lock_clock_<state>`); a
    later check that finds the clock right withdraws it.
    """
    issue_id = _issue_id(LOCK_CLOCK, entry_id, lock_id)
    if check is None or not check.state.problem:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    minutes = 0 if check.drift is None else round(abs(check.drift) / 60)
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=f"{LOCK_CLOCK}_{check.state.value}",
        translation_placeholders={"lock": lock_id, "minutes": str(minutes)},
    )


def prune_lock_issues(hass: HomeAssistant, entry_id: str, lock_ids: Iterable[str]) -> None:
    """Withdraw the clock and readiness issues of locks that left the household."""
    for kind in (LOCK_CLOCK, READINESS):
        prefix = _issue_id(kind, entry_id, "")
        keep = tuple(_issue_id(kind, entry_id, lock_id) for lock_id in lock_ids)
        for domain, issue_id in list(ir.async_get(hass).issues):
            if domain != DOMAIN or not issue_id.startswith(prefix):
                continue
            if not any(issue_id == k or issue_id.startswith(f"{k}.") for k in keep):
                ir.async_delete_issue(hass, DOMAIN, issue_id)


def set_readiness(hass: HomeAssistant, entry_id: str, lock_id: str, report: Readiness) -> None:
    """Raise an issue for each readiness test a door fails, worded by its reason.

    One issue per door and test (`readiness_<reason>` says what to do); a test it passes
    or only warns about has none. A reason another issue tells already raises none.
    """
    failed = report.failed()
    for check in Check:
        reason = failed.get(check)
        told = reason is None or reason in READINESS_TOLD_ELSEWHERE
        _set_issue(
            hass,
            f"{_issue_id(READINESS, entry_id, lock_id)}.{check.value}",
            f"{READINESS}_{reason}",
            None if told else {"lock": lock_id},
            ir.IssueSeverity.WARNING,
        )


def create_store_unreadable(hass: HomeAssistant, entry_id: str, backup: str) -> None:
    """Tell admins the household's Store could not be read, and where its copy is."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{STORE_UNREADABLE}.{entry_id}",
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.CRITICAL,
        translation_key=STORE_UNREADABLE,
        translation_placeholders={"backup": backup},
    )


def delete_store_unreadable(hass: HomeAssistant, entry_id: str) -> None:
    """Withdraw the unreadable-Store issue once the Store loads."""
    ir.async_delete_issue(hass, DOMAIN, f"{STORE_UNREADABLE}.{entry_id}")


def _set_issue(
    hass: HomeAssistant,
    issue_id: str,
    kind: str,
    placeholders: dict[str, str] | None,
    severity: ir.IssueSeverity,
    learn_more_url: str | None = None,
) -> None:
    """Raise a non-fixable issue of a kind with these placeholders, or withdraw it (None)."""
    if placeholders is None:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=severity,
        translation_key=kind,
        translation_placeholders=placeholders,
        learn_more_url=learn_more_url,
    )


def set_stored_data_invalid(
    hass: HomeAssistant, entry_id: str, people: list[str], locks: list[str]
) -> None:
    """Tell admins which stored records were set aside, or withdraw the issue."""
    placeholders = {"people": ", ".join(people) or "-", "locks": ", ".join(locks) or "-"}
    _set_issue(
        hass,
        f"{STORED_DATA_INVALID}.{entry_id}",
        STORED_DATA_INVALID,
        placeholders if people or locks else None,
        ir.IssueSeverity.ERROR,
    )


def create_code_in_script(hass: HomeAssistant, source: str) -> None:
    """Tell admins, once, that a PIN went through a script or automation.

    Housekey redacts the action's own record, but a script keeps the PIN in its fields,
    variables or configuration too, and its traces are saved across restarts.
    """
    if ir.async_get(hass).async_get_issue(DOMAIN, CODE_IN_SCRIPT) is not None:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        CODE_IN_SCRIPT,
        is_fixable=False,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=CODE_IN_SCRIPT,
        translation_placeholders={"source": source},
    )


def set_keypads_missing(
    hass: HomeAssistant, entry_id: str, missing: dict[str, tuple[str, str]]
) -> None:
    """Tell admins which bound keypads are gone (device id -> keypad, door); withdraw the rest."""
    prefix = f"{KEYPAD_MISSING}.{entry_id}."
    for domain, issue_id in list(ir.async_get(hass).issues):
        gone = issue_id.removeprefix(prefix)
        if domain == DOMAIN and gone != issue_id and gone not in missing:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
    for device_id, (keypad, door) in missing.items():
        placeholders = {"keypad": keypad, "door": door}
        _set_issue(hass, prefix + device_id, KEYPAD_MISSING, placeholders, ir.IssueSeverity.WARNING)


def set_keypad_codes_recorded(hass: HomeAssistant, entry_id: str, recorded: str | None) -> None:
    """Tell admins that the recorder keeps the codes typed at Z-Wave keypads, or withdraw it.

    `recorded` is the event type the recorder would keep (None: it keeps none of them).
    """
    _set_issue(
        hass,
        f"{KEYPAD_CODES_RECORDED}.{entry_id}",
        KEYPAD_CODES_RECORDED,
        None if recorded is None else {"event_type": recorded},
        ir.IssueSeverity.WARNING,
        README_KEYPADS,
    )


def delete_household_issues(hass: HomeAssistant, entry_id: str, keep: tuple[str, ...]) -> None:
    """Delete every issue of one household (`{kind}.{entry_id}...`) but those of `keep` kinds."""
    for domain, issue_id in list(ir.async_get(hass).issues):
        kind, _, rest = issue_id.partition(".")
        ours = rest == entry_id or rest.startswith(f"{entry_id}.")
        if domain == DOMAIN and ours and kind not in keep:
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def delete_foreign_code(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Withdraw the foreign code issue once the codes are cleared."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(FOREIGN_CODE, entry_id, lock_id))


def delete_sync_failed(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Withdraw the sync failure issue once the lock has caught up."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(SYNC_FAILED, entry_id, lock_id))


def _loaded(hass: HomeAssistant, entry_id: str) -> Housekey | None:
    """Return a household's runtime, or None when it is not loaded.

    A fix never touches a household that is not loaded (its Store may be lost).
    """
    entry: HousekeyConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.state is not ConfigEntryState.LOADED:
        return None
    return entry.runtime_data


class ClearForeignCodesFlow(RepairsFlow):
    """Let an admin deal with foreign codes deliberately; Housekey never does it on its own.

    Two ways out: clear them, or adopt one as a named person, who gets a PIN of their
    own on that door while the foreign code is cleared (the runtime's `async_adopt_foreign`,
    as the panel's `door/adopt_foreign`).
    """

    #: roles a foreign code can be adopted as here (a guest needs an end: the panel has one)
    ADOPT_ROLES = ("resident", "service", "admin")

    def __init__(self, entry_id: str, lock_id: str) -> None:
        """Remember which lock the issue is about."""
        self._entry_id = entry_id
        self._lock_id = lock_id
        self._adopted: tuple[str, str] | None = None

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Offer to clear the codes or to adopt one as a person."""
        return self.async_show_menu(
            step_id="init",
            menu_options=["confirm", "adopt"],
            description_placeholders={"lock": self._lock_id},
        )

    def _runtime(self) -> Housekey | None:
        """Return the household's runtime, or None when it is not loaded."""
        return _loaded(self.hass, self._entry_id)

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Clear the foreign codes once confirmed."""
        if user_input is not None:
            if (runtime := self._runtime()) is None:
                return self.async_abort(reason="not_loaded")
            await runtime.async_clear_foreign(self._lock_id)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"lock": self._lock_id},
        )

    async def async_step_adopt(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Name the person behind one foreign code; they get a PIN of their own."""
        if (runtime := self._runtime()) is None:
            return self.async_abort(reason="not_loaded")
        foreign = sorted(runtime.locks[self._lock_id].view().foreign)
        if not foreign:
            return self.async_abort(reason="no_foreign")
        errors: dict[str, str] = {}
        reason = ""
        if user_input is not None:
            fields = NewPersonArgs(name=user_input["name"], role=Role(user_input["role"]))
            if user_input.get("pin"):
                fields["pin"] = user_input["pin"]
            try:
                person, generated = await runtime.async_adopt_foreign(
                    self._lock_id, int(user_input["slot"]), fields, None
                )
            except ServiceValidationError as err:
                field = (err.translation_placeholders or {}).get("field", "")
                errors[field if field in user_input else "base"] = "refused"
                reason = str(err)
            else:
                if generated is None:
                    return self.async_create_entry(data={})
                self._adopted = (person.name, generated)
                return await self.async_step_adopted()
        schema = vol.Schema(
            {
                vol.Required("slot", default=str(foreign[0])): vol.In([str(s) for s in foreign]),
                vol.Required("name"): str,
                vol.Required("role", default="resident"): vol.In(self.ADOPT_ROLES),
                vol.Optional("pin"): str,
            }
        )
        return self.async_show_form(
            step_id="adopt",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
            description_placeholders={"lock": self._lock_id, "reason": reason},
        )

    async def async_step_adopted(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Show the generated PIN once, to the admin who adopted the code."""
        if user_input is not None or self._adopted is None:
            return self.async_create_entry(data={})
        name, pin = self._adopted
        self._adopted = None  # shown once
        return self.async_show_form(
            step_id="adopted",
            data_schema=vol.Schema({}),
            description_placeholders={"name": name, "pin": pin, "lock": self._lock_id},
        )


class AccessReviewFlow(RepairsFlow):
    """Suspend, offboard or keep someone who has not opened a door in the review period."""

    def __init__(self, entry_id: str, person_id: str) -> None:
        """Remember whom the issue is about."""
        self._entry_id = entry_id
        self._person_id = person_id

    def _runtime(self) -> Housekey | None:
        """Return the household's runtime, or None when it is not loaded."""
        return _loaded(self.hass, self._entry_id)

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Offer the three ways out."""
        if (runtime := self._runtime()) is None:
            return self.async_abort(reason="not_loaded")
        person = runtime.household.people.get(self._person_id)
        if person is None or person.offboarded_at is not None:
            return self.async_abort(reason="gone")
        return self.async_show_menu(
            step_id="init",
            menu_options=["suspend", "offboard", "dismiss"],
            description_placeholders={
                "name": person.name,
                "days": str(runtime.options.review_days),
            },
        )

    async def async_step_suspend(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Suspend the person: their codes leave the locks until they are resumed."""
        return await self._act(lambda rt: rt.async_set_suspended(self._person_id, True, None))

    async def async_step_offboard(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Offboard the person for good (the locks drop their codes as for the action)."""
        return await self._act(lambda rt: rt.async_offboard(self._person_id, 0, None))

    async def async_step_dismiss(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Keep the person; the review asks again after another period."""
        return await self._act(lambda rt: rt.review.async_dismiss(self._person_id))

    async def _act(self, action: Callable[[Housekey], Awaitable[object]]) -> RepairsFlowResult:
        """Do the chosen thing to the person, if the household is loaded."""
        if (runtime := self._runtime()) is None:
            return self.async_abort(reason="not_loaded")
        await action(runtime)
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow for a fixable issue."""
    assert data is not None
    if "person_id" in data:
        return AccessReviewFlow(str(data["entry_id"]), str(data["person_id"]))
    return ClearForeignCodesFlow(str(data["entry_id"]), str(data["lock"]))
