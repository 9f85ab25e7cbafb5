"""Matter Time Synchronization (cluster 0x0038): Home Assistant's time as the cluster carries it.

SetUTCTime takes microseconds since 2000-01-01 00:00 UTC. A node with the time zone
feature (TZ) shows LocalTime = UTCTime + the valid TimeZone entry's offset + the valid
DSTOffset entry's offset, and shows none (null) once no DSTOffset entry is valid. So
Housekey sends the household's standard offset as one TimeZone entry valid from the
start and, where the node asks for them (SetTimeZoneResponse.DSTOffsetRequired), the
daylight-saving offsets ahead: back-to-back periods from now, as many as the node's
DSTOffsetListMaxSize holds, the last one running on. Each daily set sends them again,
and the set just after each change keeps even a one-entry list right. A Door Lock
without this cluster has no clock Matter can set or read. The conversions here are
pure; the Matter provider sends the commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Final

from ..core.clock import offset_periods, standard_offset
from .matter_schedules import LOCAL_EPOCH

TIME_SYNC_CLUSTER_ID: Final = 0x0038
#: FeatureMap bit of the time zone feature (TimeZone, DSTOffset, LocalTime)
FEATURE_TIME_ZONE: Final = 0x1
#: the longest time zone name the TimeZoneStruct takes
NAME_MAX: Final = 64
UTC_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)


class TimeAttr(IntEnum):
    """Time Synchronization attribute ids Housekey reads."""

    UTC_TIME = 0
    LOCAL_TIME = 7
    DST_OFFSET_LIST_MAX_SIZE = 11
    FEATURE_MAP = 65532


@dataclass(frozen=True, slots=True)
class TimeZoneFields:
    """The fields of one TimeZoneStruct: offset in seconds, valid from epoch-us `valid_at`."""

    offset: int
    valid_at: int
    name: str | None


@dataclass(frozen=True, slots=True)
class DstFields:
    """The fields of one DSTOffsetStruct: offset in seconds, valid over epoch-us bounds."""

    offset: int
    valid_starting: int
    valid_until: int | None


def epoch_us(instant: datetime) -> int:
    """Return an instant as Matter's epoch-us (microseconds since 2000-01-01 UTC)."""
    return (instant - UTC_EPOCH) // _MICROSECOND


def utc_of(epoch: int) -> datetime:
    """Return the instant of an epoch-us UTCTime."""
    return UTC_EPOCH + epoch * _MICROSECOND


def local_of(epoch: int) -> datetime:
    """Return the wall-clock time of an epoch-us LocalTime (naive: the node's local time)."""
    return LOCAL_EPOCH + epoch * _MICROSECOND


def time_zone(now: datetime, zone: tzinfo) -> TimeZoneFields:
    """Return the household's one TimeZone entry: its standard offset, valid from the start."""
    name = str(zone)
    offset = int(standard_offset(now, zone).total_seconds())
    return TimeZoneFields(offset, 0, name if 0 < len(name) <= NAME_MAX else None)


def dst_offsets(now: datetime, zone: tzinfo, size: int) -> list[DstFields]:
    """Return the daylight-saving offsets from now on, at most `size` of them (at least one)."""
    return [
        DstFields(
            int(period.dst.total_seconds()),
            epoch_us(period.start),
            None if period.until is None else epoch_us(period.until),
        )
        for period in offset_periods(now, zone, max(size, 1))
    ]
