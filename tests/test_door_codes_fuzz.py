"""Property-based, through Home Assistant: the door-code actions, given anything in any field,
answer or refuse cleanly (the harness and its rules are test_fuzz.py's).

A typed code that is right opens the door; any other answers `granted: false`; anything
that is not a code at all is a translated refusal that changes nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import BACK, FRONT
from .test_fuzz import (
    EXAMPLES,
    TIME_ZONES,
    Harness,
    anything,
    entry_ids,
    harness,  # noqa: F401
    moments,
    mostly,
    people,
)

codes = mostly(
    st.one_of(
        st.sampled_from(["482913", "739154", "739155", "519374", "000000"]),
        st.text(alphabet="0123456789", min_size=1, max_size=12),
        st.integers(min_value=0, max_value=10**12),
    ),
    st.one_of(st.text(max_size=12), st.integers(max_value=-1), anything),
)
locks = mostly(
    st.sampled_from([FRONT, BACK]),
    st.one_of(
        st.sampled_from(["lock.nowhere", "LOCK.FRONT_DOOR", " lock.back_door ", ""]), anything
    ),
)
counts = mostly(st.one_of(st.none(), st.integers(1, 100)), anything)
PERSON = {"person": people}
ACTIONS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "submit_code": st.fixed_dictionaries(
        {"lock": locks, "code": codes}, optional={"config_entry_id": entry_ids}
    ),
    "enrol_authenticator": st.fixed_dictionaries(PERSON),
    "remove_authenticator": st.fixed_dictionaries(PERSON),
    "issue_code_book": st.fixed_dictionaries(
        PERSON, optional={"from": moments, "until": moments, "count": counts}
    ),
    "revoke_code_book": st.fixed_dictionaries(PERSON),
}


async def test_any_door_code_input_answers_or_is_refused_cleanly(harness: Harness) -> None:  # noqa: F811
    loop = asyncio.get_running_loop()

    @settings(
        max_examples=EXAMPLES * 3,  # spread over five actions
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        service=st.sampled_from(list(ACTIONS)).flatmap(lambda s: st.tuples(st.just(s), ACTIONS[s])),
        tz=st.sampled_from(TIME_ZONES),
    )
    def run(service: tuple[str, dict[str, Any]], tz: str) -> None:
        name, data = service
        asyncio.run_coroutine_threadsafe(harness.example(name, data, tz), loop).result()

    await loop.run_in_executor(None, run)
    outcomes = dict(sorted(harness.outcomes.items()))
    print(f"fuzz door codes: {sum(outcomes.values())} examples {outcomes}")
    assert harness.tracebacks == []
    assert harness.outcomes["ok"] > 0
    assert sum(n for k, n in outcomes.items() if k.startswith("refused")) > 0
