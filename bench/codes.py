"""Codes checked at the door: `housekey.submit_code` through a real Home Assistant core.

Every person has a PIN, an authenticator and a code book (a code a day). Prints, for 10, 100
and 1,000 people: checks per second through the action for each kind of code (a hit opens
the simulated lock through `lock.unlock`), the time of a miss (a wrong code, counted against
brute force), the checker alone (`core.codes.check_code`) for a miss, and the cost of
re-indexing everyone's authenticator and code-book codes (once per 30 s step).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from bench.harness import action, household, with_hass
from custom_components.housekey.core.codes import OTP_DRIFT, check_code, otp_code, otp_step

FRONT = "lock.front_door"
MISSES = 400


async def submit(hass: HomeAssistant, code: str) -> bool:
    response = await action(hass, "submit_code", {"lock": FRONT, "code": code})
    return bool(response["granted"])


async def rate(hass: HomeAssistant, codes: list[str]) -> float:
    """Submit each code once; return checks per second (each must open)."""
    start = time.perf_counter()
    for code in codes:
        assert await submit(hass, code)
    return len(codes) / (time.perf_counter() - start)


async def scenario(hass: HomeAssistant, people: int) -> dict[str, Any]:
    entry = await household(hass, 2)
    runtime = entry.runtime_data
    assert FRONT in runtime.locks, list(runtime.locks)
    pins, secrets, books = [], [], []
    now = dt_util.utcnow()
    for i in range(people):
        added = await action(hass, "add_person", {"name": f"Person {i}"})
        pins.append(added["pin"])
        # What the enrol and issue actions do, without drawing 1,000 QR codes.
        _person, secret = await runtime.async_enrol_authenticator(f"Person {i}", None)
        secrets.append(secret)
        _person, codes = await runtime.async_issue_code_book(f"Person {i}", now, None, 1, None)
        books.append(codes[0][0])
    sample = pins[: min(people, 100)]
    pin_rate = await rate(hass, sample * (500 // len(sample)))
    step = otp_step(dt_util.utcnow())
    # With 1,000 people one code now is someone else's too (within the drift) about one time
    # in four among 100: the door rightly refuses such a code as ambiguous, so none is typed.
    near = Counter(
        otp_code(s, at) for s in secrets for at in range(step - OTP_DRIFT, step + OTP_DRIFT + 1)
    )
    unique = [code for s in secrets if near[code := otp_code(s, step)] == 1]
    otp_rate = await rate(hass, unique[:100])
    book_rate = await rate(hass, books[:100])
    wrong = [f"{n:08d}" for n in range(13_579_000, 13_579_000 + MISSES)]
    taken = set(pins) | set(books)
    wrong = [w for w in wrong if w not in taken]
    times = []
    for code in wrong:
        start = time.perf_counter()
        assert not await submit(hass, code)
        times.append(time.perf_counter() - start)
        runtime.guard.attempts.pop(FRONT, None)  # keep the door out of a lockout
    checker = []
    household_ = runtime.household
    for code in wrong:
        start = time.perf_counter()
        check_code(code, FRONT, household_, runtime.door.index, dt_util.utcnow(), runtime.tz)
        checker.append(time.perf_counter() - start)
    runtime.door.index.invalidate()
    start = time.perf_counter()
    check_code(wrong[0], FRONT, household_, runtime.door.index, dt_util.utcnow(), runtime.tz)
    reindex = time.perf_counter() - start
    return {
        "pin": pin_rate,
        "otp": otp_rate,
        "book": book_rate,
        "miss_ms": statistics.median(times) * 1000,
        "checker_us": statistics.median(checker) * 1e6,
        "reindex_ms": reindex * 1000,
    }


async def main() -> None:
    print("Codes checked at the door (submit_code; simulated locks, real Home Assistant core)\n")
    print(
        f"{'people':>7} {'PIN/s':>7} {'authenticator/s':>16} {'code book/s':>12} "
        f"{'miss (ms)':>10} {'checker miss (µs)':>18} {'re-index (ms)':>14}"
    )
    for people in (10, 100, 1000):

        async def run(hass: HomeAssistant, people: int = people) -> dict[str, Any]:
            return await scenario(hass, people)

        r = await with_hass(run)
        print(
            f"{people:>7} {r['pin']:>7.0f} {r['otp']:>16.0f} {r['book']:>12.0f} "
            f"{r['miss_ms']:>10.2f} {r['checker_us']:>18.1f} {r['reindex_ms']:>14.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
