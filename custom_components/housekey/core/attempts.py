"""Wrong codes at one lock: counted over sliding windows, in episodes, with a growing lockout.

A guesser can be fast (hundreds of codes a minute) or slow (a few an hour, all day),
so wrong codes are counted over several windows at once (by default 5 within a
minute and 30 within a day). The rules, in one place:

- A window *trips* when it holds `limit` wrong codes or more: the `limit`-th most
  recent wrong code is less than `seconds` old.
- An *episode* opens when a window trips and none is open. It is the one moment an
  alert is raised, so a thousand guesses cost one alert, not two hundred.
- An episode *ends* once every window is below its limit again and the keypad has
  been quiet for the shortest window's length: no wrong code, and no lockout, for
  that long (silence during a lockout is not quiet; the keypad was not listening).
  Until then further trips belong to it.
- Every wrong code that trips a window while the keypad is not locked out is a
  *strike* and locks the keypad out: `lockout_base` seconds for the first strike,
  doubling with each strike up to `lockout_cap`. Strikes are forgiven after
  `forgive_after` seconds without a wrong code (a quiet day).
- Attempts the keypad refused because it was locked out are tallied, never
  counted as wrong codes: the keypad did not look at them (they may be the right
  code), and counting them would let someone keep the keypad locked, or an episode
  open, for ever by pressing keys.

Times are wall-clock UTC seconds passed in by the caller, so counters persisted in
the Store survive a restart and tests inject the clock. Only the most recent
wrong codes are kept (as many as the largest limit): enough to decide every
window exactly, and 2,000 guesses take as much room as 30.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: What an episode opened by the lock's own wrong-code alarm is attributed to.
LOCK_ALARM = "lock"


@dataclass(frozen=True, slots=True)
class Window:
    """Wrong codes that may come within a span of time before it counts as guessing."""

    name: str
    limit: int
    seconds: float

    def __post_init__(self) -> None:
        """Refuse windows that could never trip or always trip."""
        if self.limit < 1 or not self.seconds > 0 or not math.isfinite(self.seconds):
            raise ValueError(f"invalid window {self.name}: {self.limit} in {self.seconds} s")

    def describe(self) -> str:
        """Say what the window counts, for an alert's detail."""
        return f"{self.name} window: {self.limit} wrong codes within {span(self.seconds)}"


@dataclass(frozen=True, slots=True)
class AttemptPolicy:
    """The windows and the lockout of a household."""

    windows: tuple[Window, ...] = (Window("burst", 5, 60.0), Window("slow", 30, 86_400.0))
    lockout_base: float = 30.0
    lockout_cap: float = 3_600.0
    forgive_after: float = 86_400.0

    def __post_init__(self) -> None:
        """Refuse a policy without windows or with a lockout that shrinks."""
        if not self.windows:
            raise ValueError("a policy needs at least one window")
        if not 0 < self.lockout_base <= self.lockout_cap:
            raise ValueError("the lockout must start positive and stay under its cap")

    @property
    def keep(self) -> int:
        """Return how many recent wrong codes decide every window."""
        return max(w.limit for w in self.windows)

    @property
    def quiet(self) -> float:
        """Return how long no wrong code must come before an episode can end."""
        return min(w.seconds for w in self.windows)

    @property
    def horizon(self) -> float:
        """Return the age past which a wrong code is in no window any more."""
        return max(w.seconds for w in self.windows)

    def lockout(self, strikes: int) -> float:
        """Return the lockout of the n-th strike in a row (1-based)."""
        doublings = min(max(strikes - 1, 0), 64)
        return min(self.lockout_base * 2.0**doublings, self.lockout_cap)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one wrong code leads to."""

    #: the window whose trip opened an episode with this code (alert once), else None
    opened: Window | None = None
    #: the lockout that starts now, in seconds (0: none starts)
    lockout: float = 0.0
    #: until when the keypad is locked out (UTC seconds; 0: never was)
    lockout_until: float = 0.0


@dataclass(slots=True)
class Attempts:
    """The wrong-code state of one lock, as persisted."""

    #: times of the most recent wrong codes, oldest first (at most policy.keep)
    recent: list[float] = field(default_factory=list)
    #: when the open episode started, and what opened it (a window name or LOCK_ALARM)
    episode_since: float | None = None
    episode_cause: str = ""
    lockout_until: float = 0.0
    strikes: int = 0
    #: attempts refused during lockouts in the open episode
    refused: int = 0
    last_wrong: float | None = None

    # ---- what happened -----------------------------------------------------------------

    def wrong_code(self, now: float, policy: AttemptPolicy) -> Verdict:
        """Count a wrong code the keypad checked; return what it leads to."""
        self._age(now, policy)
        kept = (t for t in [*self.recent, now] if t > now - policy.horizon)
        self.recent = sorted(kept)[-policy.keep :]
        self.last_wrong = now
        tripped = self.tripped(now, policy)
        if tripped is None:
            return Verdict(lockout_until=self.lockout_until)
        opened = None
        if self.episode_since is None:
            self.episode_since, self.episode_cause = now, tripped.name
            opened = tripped
        lockout = 0.0
        if not self.locked_out(now, policy):
            self.strikes += 1
            lockout = policy.lockout(self.strikes)
            self.lockout_until = now + lockout
        return Verdict(opened, lockout, self.lockout_until)

    def refused_attempt(self, now: float, policy: AttemptPolicy) -> None:
        """Tally an attempt the keypad refused unread because it was locked out."""
        self._age(now, policy)
        self.refused += 1

    def lock_alarm(self, now: float, policy: AttemptPolicy) -> bool:
        """Note the lock's own wrong-code alarm; return whether it opened an episode."""
        self._age(now, policy)
        self.last_wrong = now
        if self.episode_since is not None:
            return False
        self.episode_since, self.episode_cause = now, LOCK_ALARM
        return True

    # ---- what holds now ----------------------------------------------------------------

    def locked_out(self, now: float, policy: AttemptPolicy) -> bool:
        """Return whether the keypad is locked out at `now`."""
        return now < self.lockout_until

    def in_episode(self, now: float, policy: AttemptPolicy) -> bool:
        """Return whether an episode is open at `now`."""
        return self.episode_since is not None and not self._episode_over(now, policy)

    def tripped(self, now: float, policy: AttemptPolicy) -> Window | None:
        """Return the first window (in policy order) that holds its limit at `now`."""
        return next((w for w in policy.windows if self._count(w, now) >= w.limit), None)

    def _count(self, window: Window, now: float) -> int:
        return sum(1 for t in self.recent if now - window.seconds < t <= now)

    def _episode_over(self, now: float, policy: AttemptPolicy) -> bool:
        # Silence while locked out is not quiet: the keypad was not listening.
        since = max(self.last_wrong or 0.0, self.lockout_until)
        return now - since >= policy.quiet and self.tripped(now, policy) is None

    def _age(self, now: float, policy: AttemptPolicy) -> None:
        """Close a finished episode and forgive strikes after a quiet day.

        A lockout reaching further than the cap (the clock was set back since) is cut
        to the cap, so a wrong clock cannot keep the keypad shut.
        """
        self.lockout_until = min(self.lockout_until, now + policy.lockout_cap)
        if self.episode_since is not None and self._episode_over(now, policy):
            self.episode_since, self.episode_cause, self.refused = None, "", 0
        if self.last_wrong is not None and now - self.last_wrong >= policy.forgive_after:
            self.strikes = 0

    # ---- persistence -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Serialize (a bounded size, however many attempts there were)."""
        return {
            "recent": [round(t, 3) for t in self.recent],
            "episode_since": self.episode_since,
            "episode_cause": self.episode_cause,
            "lockout_until": self.lockout_until,
            "strikes": self.strikes,
            "refused": self.refused,
            "last_wrong": self.last_wrong,
        }

    @classmethod
    def from_dict(cls, data: Any, policy: AttemptPolicy) -> Attempts:
        """Deserialize; values that are not what they should be are dropped, not trusted."""
        if not isinstance(data, dict):
            return cls()
        recent = data.get("recent")
        times = (
            [t for t in map(_finite, recent) if t is not None] if isinstance(recent, list) else []
        )
        return cls(
            recent=sorted(times)[-policy.keep :],
            episode_since=_finite(data.get("episode_since")),
            episode_cause=str(data.get("episode_cause") or ""),
            lockout_until=_finite(data.get("lockout_until")) or 0.0,
            strikes=_count(data.get("strikes")),
            refused=_count(data.get("refused")),
            last_wrong=_finite(data.get("last_wrong")),
        )


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def span(seconds: float) -> str:
    """Return a duration the way people say it: 30 s, 5 min, 24 h."""
    whole = round(seconds)
    if whole >= 3600 and whole % 3600 == 0:
        return f"{whole // 3600} h"
    if whole >= 60 and whole % 60 == 0:
        return f"{whole // 60} min"
    return f"{whole} s"
