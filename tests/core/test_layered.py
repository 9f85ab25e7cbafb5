"""A mapping that shares its bulk with the version it was derived from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.layered import Layered

changes = st.lists(
    st.tuples(st.sampled_from(["set", "del", "derive", "back"]), st.integers(0, 30)),
    max_size=200,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(start=st.dictionaries(st.integers(0, 30), st.integers()), steps=changes)
def test_every_version_reads_as_the_dict_it_stands_for(
    start: dict[int, int], steps: list[tuple[str, int]]
) -> None:
    """Versions are changed, derived (folding into a new base now and then) and left
    behind: each one still reads exactly as a plain dict given the same changes."""
    versions: list[tuple[Layered[int, int], dict[int, int]]] = [(Layered(start), dict(start))]
    layered, plain = versions[0]
    for what, key in steps:
        if what == "set":
            layered[key], plain[key] = key * 7, key * 7
        elif what == "del" and key in plain:
            del layered[key], plain[key]
        elif what == "derive":
            layered, plain = Layered.derive(layered), dict(plain)
            versions.append((layered, plain))
        elif what == "back":
            layered, plain = versions[key % len(versions)]
            layered, plain = Layered.derive(layered), dict(plain)
            versions.append((layered, plain))
    for version, expected in versions:
        assert dict(version.items()) == expected
        assert version == expected
        assert len(version) == len(expected)
        assert sorted(version) == sorted(expected)
        for key in range(-1, 32):
            assert (key in version) is (key in expected)
            assert version.get(key) == expected.get(key)
            assert version.get(key, "none") == expected.get(key, "none")


def test_a_derived_version_copies_its_changes_not_its_base() -> None:
    base: Layered[int, int] = Layered({n: n for n in range(10_000)})
    version = Layered.derive(base)
    version[10_000] = 1
    del version[3]
    assert version._base is base._base
    assert len(version) == 10_000 and 3 in base and 10_000 not in base
