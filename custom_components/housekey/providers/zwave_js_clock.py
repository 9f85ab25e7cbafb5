"""The clock of a Z-Wave lock, set and read through zwave-js.

Three command classes carry time; the driver prefers them in this order, and so does
Housekey:

- Time Parameters (0x8B): date and time. Its Set goes through the driver's
  setDateAndTime (`node.set_date_and_time`): a CC API call cannot carry a date over the
  websocket, and the driver knows from its device database whether a lock takes the
  fields as UTC or as local time, and sets the lock's time zone as well where the lock
  has Time CC v2 or Schedule Entry Lock's time offset. Local time is the driver host's:
  the Z-Wave JS add-on runs in Home Assistant's time zone. Read back with Time
  Parameters Get, as an instant.
- Clock (0x81): a weekday, hour and minute of local time, with no date and no zone.
  Set through the CC API with Home Assistant's local time (not the driver host's), and
  read back with Clock Get.
- Time (0x8A) alone: the lock asks the controller for the time and zwave-js answers
  it, so there is nothing to send.

zwave-js-server-python is imported lazily, as in zwave_js.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from homeassistant.util import dt as dt_util

from ..core.clock import ClockSet, LockTime
from .base import LockUnavailable, ProviderError

if TYPE_CHECKING:
    from zwave_js_server.model.node import Node as ZwaveNode

CC_CLOCK: Final = 0x81
CC_TIME: Final = 0x8A
CC_TIME_PARAMETERS: Final = 0x8B
#: zwave-js SupervisionStatus.Fail: the lock said it did not take the command
SUPERVISION_FAIL: Final = 2

#: the provider's command runner: zwave-js failures become the provider's errors
type Run = Callable[[Coroutine[Any, Any, Any]], Awaitable[Any]]


def clock_class(node: ZwaveNode) -> int | None:
    """Return the command class that keeps the lock's time, in the driver's order."""
    try:
        held = {info.id for info in node.command_classes}
    except KeyError:  # a dump without its command classes says nothing of a clock
        return None
    return next((cc for cc in (CC_TIME_PARAMETERS, CC_CLOCK, CC_TIME) if cc in held), None)


async def async_set_clock(node: ZwaveNode, run: Run, now: datetime) -> ClockSet:
    """Set the lock's clock to `now`, with the command class it has."""
    from zwave_js_server.const import CommandClass

    cc = clock_class(node)
    if cc == CC_TIME_PARAMETERS:
        if await run(node.async_set_date_and_time(now, wait_for_result=True)) is False:
            raise ProviderError(f"node {node.node_id} did not take the time")
        return ClockSet.SET
    if cc == CC_CLOCK:
        local = dt_util.as_local(now)
        result = await run(
            node.async_invoke_cc_api(
                CommandClass.CLOCK,
                "set",
                local.hour,
                local.minute,
                local.isoweekday(),  # Monday 1 ... Sunday 7, as Clock CC numbers them
                wait_for_result=True,
            )
        )
        if isinstance(result, Mapping) and result.get("status") == SUPERVISION_FAIL:
            raise ProviderError(f"node {node.node_id} refused the time")
        return ClockSet.SET
    return ClockSet.BY_STACK if cc == CC_TIME else ClockSet.NOT_SUPPORTED


async def async_read_clock(node: ZwaveNode, run: Run) -> LockTime | None:
    """Read the lock's clock (None: its command class cannot be read, or it has none)."""
    from zwave_js_server.const import CommandClass

    cc = clock_class(node)
    if cc not in (CC_TIME_PARAMETERS, CC_CLOCK):
        return None
    command_class = CommandClass.TIME_PARAMETERS if cc == CC_TIME_PARAMETERS else CommandClass.CLOCK
    response = await run(node.async_invoke_cc_api(command_class, "get", wait_for_result=True))
    if response is None:
        raise LockUnavailable(f"node {node.node_id} did not tell its time")
    if isinstance(response, str) and (instant := dt_util.parse_datetime(response)) is not None:
        return LockTime(utc=dt_util.as_utc(instant))
    if isinstance(response, Mapping):
        weekday, hour, minute = (response.get(name) for name in ("weekday", "hour", "minute"))
        if isinstance(weekday, int) and isinstance(hour, int) and isinstance(minute, int):
            return LockTime(local=clock_wall(weekday, hour, minute, dt_util.now()))
    raise ProviderError(f"node {node.node_id} told its time in a form Housekey cannot read")


def clock_wall(weekday: int, hour: int, minute: int, now: datetime) -> datetime:
    """Return the wall-clock moment nearest to `now` showing this weekday, hour and minute.

    A Clock CC lock keeps no date: its reading is that moment of the week (weekday 1 is
    Monday, 7 Sunday; 0, unknown, matches any day).
    """
    wall = now.replace(tzinfo=None)
    base = wall.replace(hour=hour, minute=minute, second=0, microsecond=0)
    candidates = [base + timedelta(days=days) for days in range(-6, 7)]
    matching = [c for c in candidates if weekday in (0, c.isoweekday())]
    return min(matching, key=lambda c: abs(c - wall))
