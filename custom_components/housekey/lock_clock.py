"""When the locks' clocks are set out of turn: Home Assistant's local time just changed.

A lock that keeps local time (Z-Wave Time Parameters and Clock CC on most locks) shows
the old wall clock after a daylight-saving change until it is set again, and every
lock is off after Home Assistant's time zone changes. Both moments are known in
advance or announced, so each is one timer or one event, never polling. The daily
check itself is each lock's own timer (sync.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .core.clock import transitions

#: how long after a daylight-saving change the clocks are set (the new offset holds then)
AFTER_CHANGE = timedelta(seconds=1)


class LocalTimeChanges:
    """Calls back just after each daylight-saving change and each change of the time zone."""

    def __init__(self, hass: HomeAssistant, on_change: Callable[[], None]) -> None:
        """Prepare; nothing is followed until start()."""
        self._hass = hass
        self._on_change = on_change
        self._zone = str(hass.config.time_zone)
        self._timer: CALLBACK_TYPE | None = None
        self._unsub: CALLBACK_TYPE | None = None

    @callback
    def start(self) -> CALLBACK_TYPE:
        """Start following Home Assistant's local time; return the function that stops it."""
        self._unsub = self._hass.bus.async_listen(EVENT_CORE_CONFIG_UPDATE, self._config_updated)
        self._schedule()
        return self.stop

    @callback
    def stop(self) -> None:
        """Stop following."""
        for unsub in (self._timer, self._unsub):
            if unsub is not None:
                unsub()
        self._timer = self._unsub = None

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        upcoming = transitions(dt_util.utcnow(), dt_util.get_default_time_zone(), 1)
        if upcoming:
            self._timer = async_track_point_in_utc_time(
                self._hass, self._changed, upcoming[0] + AFTER_CHANGE
            )

    @callback
    def _changed(self, _now: datetime) -> None:
        self._timer = None
        self._on_change()
        self._schedule()

    @callback
    def _config_updated(self, _event: Event) -> None:
        zone = str(self._hass.config.time_zone)
        if zone != self._zone:
            self._zone = zone
            self._on_change()
            self._schedule()
