"""Fixtures: the real zha integration with a Yale YRD226 on a radio-free zigpy stack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from homeassistant.core import HomeAssistant

from .zha_stack import ZhaStack, zha_stack


@pytest.fixture
async def stack(hass: HomeAssistant) -> AsyncIterator[ZhaStack]:
    """The zha stack with the lock joined and its entity set up."""
    async with zha_stack(hass) as s:
        yield s
