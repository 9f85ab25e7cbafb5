"""How adding people scales: 100 and 1,000 people on 10 simulated locks, and their ratio.

Prints figures; it is not a test. Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import setup_cost


async def main() -> None:
    sizes = [int(n) for n in sys.argv[1:]] or [100, 1000]
    results = {n: await setup_cost(n, 10) for n in sizes}
    for n, r in results.items():
        print(
            f"{n:>5} people, 10 locks: add all {r['populate_s']:.2f} s, "
            f"per person {r['populate_s'] / n * 1000:.1f} ms, load {r['load_ms']:.0f} ms"
        )
    if len(sizes) == 2:
        small, large = (results[n]["populate_s"] for n in sizes)
        print(
            f"ratio {sizes[1]}/{sizes[0]} people: {large / small:.1f} (linear: "
            f"{sizes[1] / sizes[0]:.0f})"
        )


if __name__ == "__main__":
    asyncio.run(main())
