"""Form fields shared by the config flow's steps and the options' sections."""

from __future__ import annotations

from homeassistant.helpers import selector


def number_box(lo: int, hi: int, unit: str = "") -> selector.NumberSelector:
    """Return a whole-number box from `lo` to `hi`, with its unit shown beside it."""
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=lo,
            max=hi,
            step=1,
            mode=selector.NumberSelectorMode.BOX,
            **({"unit_of_measurement": unit} if unit else {}),
        )
    )
