"""A mapping that shares its bulk with the version it was derived from.

A re-plan changes a few slots of a lock that may hold thousands, and the plan it
replaces must stay as it was (the lock is still working from it, and a change that
is refused keeps it). Copying every slot per change would make adding people
quadratic. Each version here keeps its own changes over a base that no version
changes, and folds them into a new base once they outgrow the square root of it:
a change copies a few entries, and the bases cost about as much again in total.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from math import isqrt
from typing import overload


class Layered[K, V](Mapping[K, V]):
    """A read-only mapping once built; values are never None (None marks a removal).

    Change it only between `derive` and handing it to a reader.
    """

    __slots__ = ("_base", "_len", "_over")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        """Start a version of its own (a copy of `items`)."""
        self._base: dict[K, V] = dict(items or {})
        #: this version's own changes over the shared base (None: removed)
        self._over: dict[K, V | None] = {}
        self._len = len(self._base)

    @classmethod
    def derive(cls, source: Mapping[K, V]) -> Layered[K, V]:
        """Return a version to change that leaves `source` as it is."""
        if not isinstance(source, Layered):
            return cls(source)
        version: Layered[K, V] = cls.__new__(cls)
        if len(source._over) > 8 + isqrt(len(source._base)):
            version._base, version._over = source._folded(), {}
        else:
            version._base, version._over = source._base, dict(source._over)
        version._len = source._len
        return version

    def _folded(self) -> dict[K, V]:
        """Return this version as one plain dict (copied at C speed, then the removals)."""
        merged: dict[K, V | None] = {**self._base, **self._over}
        for key, value in self._over.items():
            if value is None:
                del merged[key]
        return merged  # type: ignore[return-value]  # no None is left

    def __getitem__(self, key: K) -> V:
        over = self._over
        value = over[key] if key in over else self._base[key]
        if value is None:
            raise KeyError(key)
        return value

    @overload
    def get(self, key: K, /) -> V | None: ...

    @overload
    def get[T](self, key: K, /, default: V | T) -> V | T: ...

    def get(self, key: K, /, default: object = None) -> object:
        """Return the value of a key, or the default."""
        over = self._over
        value = over[key] if key in over else self._base.get(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        over = self._over
        return over[key] is not None if key in over else key in self._base  # type: ignore[index]

    def __iter__(self) -> Iterator[K]:
        over = self._over
        yield from (key for key in self._base if key not in over)
        yield from (key for key, value in over.items() if value is not None)

    def __len__(self) -> int:
        return self._len

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self:
            self._len += 1
        self._over[key] = value

    def __delitem__(self, key: K) -> None:
        if key not in self:
            raise KeyError(key)
        self._len -= 1
        if key in self._base:
            self._over[key] = None
        else:
            del self._over[key]

    def __repr__(self) -> str:
        return f"Layered({dict(self.items())!r})"
