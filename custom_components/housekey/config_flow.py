"""Config, options and reconfigure flows: a household, its locks, its PIN policy and keypads."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import selector

from . import unique_ids
from .audit import fire_admin
from .calendar_options import calendar_options, calendar_section
from .const import (
    CONF_AUDIT_HOURS,
    CONF_BURST_ATTEMPTS,
    CONF_BURST_WINDOW,
    CONF_GUEST_DAYS,
    CONF_GUEST_QUOTA,
    CONF_JOURNAL_DAYS,
    CONF_KEYPADS,
    CONF_LOCKS,
    CONF_MAX_WINDOW_HOURS,
    CONF_MAX_WINDOWS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_PIN_REUSE_DAYS,
    CONF_REVIEW_DAYS,
    CONF_SIMULATED_LOCKS,
    CONF_SIMULATED_SCHEDULES,
    CONF_SLOW_ATTEMPTS,
    CONF_SLOW_WINDOW,
    DEFAULT_AUDIT_HOURS,
    DEFAULT_BURST_ATTEMPTS,
    DEFAULT_BURST_WINDOW,
    DEFAULT_JOURNAL_DAYS,
    DEFAULT_PIN_MAX,
    DEFAULT_PIN_MIN,
    DEFAULT_PIN_REUSE_DAYS,
    DEFAULT_REVIEW_DAYS,
    DEFAULT_SLOW_ATTEMPTS,
    DEFAULT_SLOW_WINDOW,
    DOMAIN,
    MAX_AUDIT_HOURS,
    MAX_GUEST_DAYS,
    MAX_GUEST_QUOTA,
    MAX_JOURNAL_DAYS,
    MAX_PIN_REUSE_DAYS,
    MAX_REVIEW_DAYS,
    MAX_SIMULATED_LOCKS,
)
from .core.authority import DEFAULT_GUEST_DAYS, DEFAULT_GUEST_QUOTA
from .core.keypads import BindingRefused, Bindings, Rebinding, bindings_of, rebind, to_option
from .core.policy import ABSOLUTE_MAX_LENGTH, ABSOLUTE_MIN_LENGTH
from .core.windows import DEFAULT_MAX_WINDOWS, LONGEST_WINDOW_HOURS, MOST_WINDOWS
from .providers import PROVIDER_BY_PLATFORM
from .providers.zwave_js_keypad import entry_control_keypads
from .schema import vol
from .selectors import number_box

OPTION_KEYS = (
    CONF_LOCKS,
    CONF_SIMULATED_LOCKS,
    CONF_PIN_MIN,
    CONF_PIN_MAX,
    CONF_PIN_REUSE_DAYS,
    CONF_AUDIT_HOURS,
    CONF_REVIEW_DAYS,
)

#: The options form's collapsed sections: field -> (option, default, min, max, unit).
BRUTE_FORCE = "brute_force"
BRUTE_FORCE_FIELDS: dict[str, tuple[str, int, int, int, str]] = {
    "burst_attempts": (CONF_BURST_ATTEMPTS, DEFAULT_BURST_ATTEMPTS, 2, 50, ""),
    "burst_window": (CONF_BURST_WINDOW, DEFAULT_BURST_WINDOW, 10, 3600, "s"),
    "slow_attempts": (CONF_SLOW_ATTEMPTS, DEFAULT_SLOW_ATTEMPTS, 3, 500, ""),
    "slow_window": (CONF_SLOW_WINDOW, DEFAULT_SLOW_WINDOW, 1, 168, "h"),
}
WEEKLY = "weekly"
WEEKLY_FIELDS: dict[str, tuple[str, int, int, int, str]] = {
    "max_window_hours": (CONF_MAX_WINDOW_HOURS, LONGEST_WINDOW_HOURS, 1, LONGEST_WINDOW_HOURS, "h"),
    "max_windows": (CONF_MAX_WINDOWS, DEFAULT_MAX_WINDOWS, 1, MOST_WINDOWS, ""),
}
JOURNAL = "journal"
JOURNAL_FIELDS: dict[str, tuple[str, int, int, int, str]] = {
    "retention_days": (CONF_JOURNAL_DAYS, DEFAULT_JOURNAL_DAYS, 1, MAX_JOURNAL_DAYS, "d"),
}
GUESTS = "guests"
GUEST_FIELDS: dict[str, tuple[str, int, int, int, str]] = {
    "quota": (CONF_GUEST_QUOTA, DEFAULT_GUEST_QUOTA, 0, MAX_GUEST_QUOTA, ""),
    "max_days": (CONF_GUEST_DAYS, DEFAULT_GUEST_DAYS, 1, MAX_GUEST_DAYS, "d"),
}
SECTIONS = {
    WEEKLY: WEEKLY_FIELDS,
    BRUTE_FORCE: BRUTE_FORCE_FIELDS,
    JOURNAL: JOURNAL_FIELDS,
    GUESTS: GUEST_FIELDS,
}
#: The options form's section binding forwarding keypads to doors (core/keypads.py).
KEYPADS = "keypads"
#: every placeholder the household forms' messages use, so each always has a value
PLACEHOLDERS = {"lock": "", "keypad": "", "door": ""}


def _sections(options: dict[str, Any]) -> dict[Any, Any]:
    """Build the collapsed sections: weekly-hour limits and brute-force windows."""
    return {
        vol.Optional(name): section(
            vol.Schema(
                {
                    vol.Required(key, default=options.get(opt, default)): number_box(lo, hi, unit)
                    for key, (opt, default, lo, hi, unit) in fields.items()
                }
            ),
            {"collapsed": True},
        )
        for name, fields in SECTIONS.items()
    }


def _section_options(
    user_input: dict[str, Any], current: dict[str, Any]
) -> tuple[dict[str, int], dict[str, str]]:
    """Return the sections' options the form gave (else the current ones), and errors."""
    options: dict[str, int] = {}
    for name, fields in SECTIONS.items():
        given = user_input.get(name, {})
        options |= {
            option: int(given.get(key, current.get(option, default)))
            for key, (option, default, *_) in fields.items()
        }
    errors = {}
    if options[CONF_SLOW_WINDOW] * 3600 <= options[CONF_BURST_WINDOW]:
        errors[BRUTE_FORCE] = "slow_window_short"
    return options, errors


def _doors(hass: HomeAssistant, entry: ConfigEntry, options: dict[str, Any]) -> dict[str, str]:
    """Return the doors these settings leave the household (entity id -> name).

    Simulated locks count once their entities exist (a keypad is bound to an entity).
    """
    registry = er.async_get(hass)
    simulated = (
        registry.async_get_entity_id("lock", DOMAIN, unique_ids.simulated_lock(entry.entry_id, n))
        for n in range(1, int(options.get(CONF_SIMULATED_LOCKS, 0)) + 1)
    )
    doors = [*options.get(CONF_LOCKS, []), *(d for d in simulated if d is not None)]
    return {door: state.name if (state := hass.states.get(door)) else door for door in doors}


def _choices(labels: dict[str, str]) -> list[selector.SelectOptionDict]:
    return [
        selector.SelectOptionDict(value=value, label=label)
        for value, label in sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0]))
    ]


def _keypad_section(hass: HomeAssistant, entry: ConfigEntry) -> dict[Any, Any]:
    """Build the section that binds forwarding keypads to doors (none without keypads)."""
    found = entry_control_keypads(hass)
    doors = _doors(hass, entry, dict(entry.options))
    bound = bindings_of(entry.options.get(CONF_KEYPADS))
    fields: dict[Any, Any] = {}
    if found and doors:
        for key, labels in (("bind", found), ("door", doors)):
            fields[vol.Optional(key)] = selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=_choices(labels), mode=selector.SelectSelectorMode.DROPDOWN
                )
            )
    if bound:
        pairs = {k: f"{b.name} → {doors.get(b.lock_id, b.lock_id)}" for k, b in bound.items()}
        fields[vol.Optional("unbind", default=[])] = selector.SelectSelector(
            selector.SelectSelectorConfig(options=_choices(pairs), multiple=True)
        )
    if not fields:
        return {}
    return {vol.Optional(KEYPADS): section(vol.Schema(fields), {"collapsed": True})}


def _rebound(
    hass: HomeAssistant, user_input: dict[str, Any], entry: ConfigEntry
) -> tuple[Bindings, dict[str, str], dict[str, str]]:
    """Return the keypad bindings the form asks for, with errors and placeholders.

    A keypad is bound only if it is an Entry Control keypad now, to a door the new
    settings keep; a door leaving the household may not keep a keypad.
    """
    given = user_input.get(KEYPADS, {})
    found = entry_control_keypads(hass)
    current = bindings_of(entry.options.get(CONF_KEYPADS))
    bind = given.get("bind") or None
    if bind is not None and bind not in found:
        return current, {KEYPADS: "keypad_not_entry_control"}, {}
    change = Rebinding(
        unbind=given.get("unbind", []),
        bind=bind,
        door=given.get("door") or None,
        name=found.get(bind or "", ""),
    )
    try:
        return rebind(current, change, _doors(hass, entry, _options(user_input))), {}, {}
    except BindingRefused as err:
        field = CONF_LOCKS if err.key == "keypad_door_removed" else KEYPADS
        return current, {field: err.key}, err.placeholders


def _schema(defaults: dict[str, Any], *, with_name: bool) -> vol.Schema:
    """Build the household form; only supported stacks are offered as locks."""
    fields: dict[Any, Any] = {}
    if with_name:
        fields[vol.Required(CONF_NAME, default=defaults.get(CONF_NAME, ""))] = str
    if PROVIDER_BY_PLATFORM:
        fields[vol.Optional(CONF_LOCKS, default=defaults.get(CONF_LOCKS, []))] = (
            selector.EntitySelector(
                selector.EntitySelectorConfig(
                    domain="lock",
                    multiple=True,
                    filter=[{"integration": p} for p in sorted(PROVIDER_BY_PLATFORM)],
                )
            )
        )
    fields[vol.Required(CONF_SIMULATED_LOCKS, default=defaults.get(CONF_SIMULATED_LOCKS, 0))] = (
        number_box(0, MAX_SIMULATED_LOCKS)
    )
    fields[vol.Required(CONF_PIN_MIN, default=defaults.get(CONF_PIN_MIN, DEFAULT_PIN_MIN))] = (
        number_box(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH)
    )
    fields[vol.Required(CONF_PIN_MAX, default=defaults.get(CONF_PIN_MAX, DEFAULT_PIN_MAX))] = (
        number_box(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH)
    )
    fields[
        vol.Optional(CONF_AUDIT_HOURS, default=defaults.get(CONF_AUDIT_HOURS, DEFAULT_AUDIT_HOURS))
    ] = number_box(0, MAX_AUDIT_HOURS)
    reuse = defaults.get(CONF_PIN_REUSE_DAYS, DEFAULT_PIN_REUSE_DAYS)
    fields[vol.Required(CONF_PIN_REUSE_DAYS, default=reuse)] = number_box(0, MAX_PIN_REUSE_DAYS)
    review = defaults.get(CONF_REVIEW_DAYS, DEFAULT_REVIEW_DAYS)
    fields[vol.Required(CONF_REVIEW_DAYS, default=review)] = number_box(0, MAX_REVIEW_DAYS)
    return vol.Schema(fields)


def _options(user_input: dict[str, Any]) -> dict[str, Any]:
    return {
        CONF_LOCKS: list(user_input.get(CONF_LOCKS, [])),
        CONF_SIMULATED_LOCKS: int(user_input[CONF_SIMULATED_LOCKS]),
        CONF_PIN_MIN: int(user_input[CONF_PIN_MIN]),
        CONF_PIN_MAX: int(user_input[CONF_PIN_MAX]),
        CONF_AUDIT_HOURS: int(user_input.get(CONF_AUDIT_HOURS, DEFAULT_AUDIT_HOURS)),
        CONF_PIN_REUSE_DAYS: int(user_input.get(CONF_PIN_REUSE_DAYS, DEFAULT_PIN_REUSE_DAYS)),
        CONF_REVIEW_DAYS: int(user_input.get(CONF_REVIEW_DAYS, DEFAULT_REVIEW_DAYS)),
    }


def _validate(
    hass: HomeAssistant, user_input: dict[str, Any], entry: ConfigEntry | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Return form errors and placeholders for a household's settings."""
    errors: dict[str, str] = {}
    placeholders = dict(PLACEHOLDERS)
    options = _options(user_input)
    if CONF_NAME in user_input:
        name = str(user_input[CONF_NAME]).strip()
        if not name:
            errors[CONF_NAME] = "name_empty"
        elif any(
            e.title.casefold() == name.casefold()
            for e in hass.config_entries.async_entries(DOMAIN)
            if entry is None or e.entry_id != entry.entry_id
        ):
            errors[CONF_NAME] = "name_taken"
    if not options[CONF_LOCKS] and not options[CONF_SIMULATED_LOCKS]:
        errors["base"] = "no_locks"
    if options[CONF_PIN_MIN] > options[CONF_PIN_MAX]:
        errors[CONF_PIN_MAX] = "pin_range"
    registry = er.async_get(hass)
    for lock in options[CONF_LOCKS]:
        reason = _refusal(hass, registry, lock, entry)
        if reason is not None:
            errors[CONF_LOCKS] = reason
            placeholders["lock"] = lock
            break
    if entry is not None and hasattr(entry, "runtime_data"):
        lo, hi = options[CONF_PIN_MIN], options[CONF_PIN_MAX]
        if any(not lo <= len(code) <= hi for code in entry.runtime_data.household.codes()):
            errors[CONF_PIN_MIN] = "pins_outside_policy"
    return errors, placeholders


def _refusal(
    hass: HomeAssistant, registry: er.EntityRegistry, lock: str, entry: ConfigEntry | None
) -> str | None:
    """Return why a lock entity cannot be managed by this household, or None."""
    reg = registry.async_get(lock)
    if reg is None or reg.domain != "lock":
        return "lock_not_found"
    provider = PROVIDER_BY_PLATFORM.get(reg.platform)
    if provider is None:
        return "lock_unsupported"
    for other in hass.config_entries.async_entries(DOMAIN):
        if (entry is None or other.entry_id != entry.entry_id) and lock in other.options.get(
            CONF_LOCKS, []
        ):
            return "lock_in_other_household"
    return provider.refusal(hass, lock)


class HousekeyConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create a household."""

    VERSION = 1
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the household's name, locks and PIN policy."""
        errors: dict[str, str] = {}
        placeholders = dict(PLACEHOLDERS)
        if user_input is not None:
            errors, placeholders = _validate(self.hass, user_input, None)
            if not errors:
                name = str(user_input[CONF_NAME]).strip()
                return self.async_create_entry(
                    title=name, data={CONF_NAME: name}, options=_options(user_input)
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                _schema({CONF_SIMULATED_LOCKS: 0}, with_name=True), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Rename the household or change its locks and policy."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders = dict(PLACEHOLDERS)
        if user_input is not None:
            errors, placeholders = _validate(self.hass, user_input, entry)
            _, keypad_errors, keypad_placeholders = _rebound(self.hass, user_input, entry)
            errors = keypad_errors | errors
            placeholders |= keypad_placeholders
            if not errors:
                name = str(user_input[CONF_NAME]).strip()
                # The entry's update listener reloads the household; options this
                # form does not show (the brute-force windows) are kept.
                self.hass.config_entries.async_update_entry(
                    entry,
                    title=name,
                    data={CONF_NAME: name},
                    options={**entry.options, **_options(user_input)},
                )
                return self.async_abort(reason="reconfigure_successful")
        defaults = {**entry.options, CONF_NAME: entry.title}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=_schema(defaults, with_name=True),
            errors=errors,
            description_placeholders=placeholders,
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> HousekeyOptionsFlow:
        """Return the options flow."""
        return HousekeyOptionsFlow()


class HousekeyOptionsFlow(OptionsFlow):
    """Change a household's locks, PIN policy, weekly hours, brute-force windows and keypads."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the household's locks and policy."""
        errors: dict[str, str] = {}
        placeholders = dict(PLACEHOLDERS)
        options = dict(self.config_entry.options)
        if user_input is not None:
            errors, placeholders = _validate(self.hass, user_input, self.config_entry)
            sectioned, section_errors = _section_options(user_input, options)
            keypads, keypad_errors, keypad_placeholders = _rebound(
                self.hass, user_input, self.config_entry
            )
            errors = keypad_errors | section_errors | errors
            placeholders |= keypad_placeholders
            if not errors:
                # On the record like any admin change; the flow's user, where it names one.
                user_id = self.context.get("user_id")
                fire_admin(
                    self.hass,
                    self.config_entry.data[CONF_NAME],
                    "options_changed",
                    None,
                    Context(user_id=user_id) if isinstance(user_id, str) else None,
                )
                # Kept only when on: a household that never turned it on keeps its options.
                schedules = bool(user_input.get(CONF_SIMULATED_SCHEDULES, False))
                return self.async_create_entry(
                    data={
                        **_options(user_input),
                        **({CONF_SIMULATED_SCHEDULES: True} if schedules else {}),
                        **sectioned,
                        **calendar_options(user_input, options),
                        **({CONF_KEYPADS: to_option(keypads)} if keypads else {}),
                    }
                )
        schedules = options.get(CONF_SIMULATED_SCHEDULES, False)
        schema = (
            _schema(options, with_name=False)
            .extend({vol.Optional(CONF_SIMULATED_SCHEDULES, default=schedules): bool})
            .extend(_sections(options))
            .extend(calendar_section(options))
            .extend(_keypad_section(self.hass, self.config_entry))
        )
        return self.async_show_form(
            step_id="init",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )
