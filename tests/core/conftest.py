"""The core is pure Python: its tests need no Home Assistant instance."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the repo-wide autouse fixture, which would start `hass` for every test."""
    return
