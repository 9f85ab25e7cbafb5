"""Config, options and reconfigure flows: a household, its locks and its PIN policy."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import selector

from .const import (
    CONF_LOCKS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_SIMULATED_LOCKS,
    DEFAULT_PIN_MAX,
    DEFAULT_PIN_MIN,
    DOMAIN,
    MAX_SIMULATED_LOCKS,
)
from .core.policy import ABSOLUTE_MAX_LENGTH, ABSOLUTE_MIN_LENGTH
from .providers import PROVIDER_BY_PLATFORM
from .schema import vol

OPTION_KEYS = (CONF_LOCKS, CONF_SIMULATED_LOCKS, CONF_PIN_MIN, CONF_PIN_MAX)


def _number(lo: int, hi: int) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(min=lo, max=hi, step=1, mode=selector.NumberSelectorMode.BOX)
    )


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
        _number(0, MAX_SIMULATED_LOCKS)
    )
    fields[vol.Required(CONF_PIN_MIN, default=defaults.get(CONF_PIN_MIN, DEFAULT_PIN_MIN))] = (
        _number(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH)
    )
    fields[vol.Required(CONF_PIN_MAX, default=defaults.get(CONF_PIN_MAX, DEFAULT_PIN_MAX))] = (
        _number(ABSOLUTE_MIN_LENGTH, ABSOLUTE_MAX_LENGTH)
    )
    return vol.Schema(fields)


def _options(user_input: dict[str, Any]) -> dict[str, Any]:
    return {
        CONF_LOCKS: list(user_input.get(CONF_LOCKS, [])),
        CONF_SIMULATED_LOCKS: int(user_input[CONF_SIMULATED_LOCKS]),
        CONF_PIN_MIN: int(user_input[CONF_PIN_MIN]),
        CONF_PIN_MAX: int(user_input[CONF_PIN_MAX]),
    }


def _validate(
    hass: HomeAssistant, user_input: dict[str, Any], entry: ConfigEntry | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Return form errors and placeholders for a household's settings."""
    errors: dict[str, str] = {}
    placeholders: dict[str, str] = {"lock": ""}
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
        placeholders: dict[str, str] = {"lock": ""}
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
        placeholders: dict[str, str] = {"lock": ""}
        if user_input is not None:
            errors, placeholders = _validate(self.hass, user_input, entry)
            if not errors:
                name = str(user_input[CONF_NAME]).strip()
                # The entry's update listener reloads the household.
                self.hass.config_entries.async_update_entry(
                    entry, title=name, data={CONF_NAME: name}, options=_options(user_input)
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
    """Change a household's locks and PIN policy."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the household's locks and policy."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"lock": ""}
        if user_input is not None:
            errors, placeholders = _validate(self.hass, user_input, self.config_entry)
            if not errors:
                return self.async_create_entry(data=_options(user_input))
        return self.async_show_form(
            step_id="init",
            data_schema=_schema(dict(self.config_entry.options), with_name=False),
            errors=errors,
            description_placeholders=placeholders,
        )
