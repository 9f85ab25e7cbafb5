"""The audit journal's chain: any sequence of records verifies; any single changed byte is found."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.housekey.core.journal import (
    CHECKPOINT,
    EMPTY,
    Chain,
    Head,
    checkpoint_data,
    decode,
    export_checkpoint,
    export_csv,
    export_json,
    verify,
    verify_export,
)

TIME = "2026-11-03T10:00:00.000000+00:00"

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
events = st.lists(
    st.tuples(
        st.sampled_from(["access", "admin", "alert", "gap", "stop"]),
        st.dictionaries(st.text(max_size=10), values, max_size=5),
        st.booleans(),
    ),
    min_size=1,
    max_size=25,
)


def build(items: list[tuple[str, dict[str, Any], bool]]) -> tuple[list[bytes], Head]:
    chain = Chain()
    lines = []
    for kind, data, recovered in items:
        _record, line = chain.append(kind, data, TIME, recovered=recovered)
        lines.append(line)
    return lines, chain.head


def simple(count: int) -> tuple[list[bytes], Head]:
    return build([("access", {"lock": "lock.front_door", "n": n}, False) for n in range(count)])


@given(events)
@settings(max_examples=200, deadline=None)
def test_any_sequence_of_records_verifies(items: list[tuple[str, dict[str, Any], bool]]) -> None:
    lines, head = build(items)
    verdict = verify(lines, anchor=head)
    assert verdict.ok, verdict
    assert verdict.records == len(items)
    assert verdict.head == head


@given(events, st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_single_byte_change_is_found(
    items: list[tuple[str, dict[str, Any], bool]], data: st.DataObject
) -> None:
    lines, head = build(items)
    blob = bytearray(b"".join(lines))
    at = data.draw(st.integers(0, len(blob) - 1), label="at")
    new = data.draw(st.integers(0, 255).filter(lambda b: b != blob[at]), label="byte")
    blob[at] = new
    changed = io.BytesIO(bytes(blob)).readlines()  # split as a segment file is read
    verdict = verify(changed, anchor=head)
    assert not verdict.ok
    # The record reported is the one that holds the changed byte (its newline included).
    assert verdict.first_bad_seq == bytes(blob)[:at].count(b"\n") + 1


def test_a_changed_record_is_found_with_its_seq() -> None:
    lines, head = simple(10)
    record = json.loads(lines[4])
    record["data"]["n"] = 99
    lines[4] = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    assert verify(lines, anchor=head).to_dict() | {"head": None} == {
        "ok": False,
        "records": 10,
        "first_bad_seq": 5,
        "reason": "altered",
        "head": None,
    }


def test_a_changed_prev_is_found_at_its_own_record() -> None:
    lines, head = simple(10)
    record = json.loads(lines[6])
    record["prev"] = "f" * 64
    lines[6] = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    verdict = verify(lines, anchor=head)
    assert (verdict.first_bad_seq, verdict.reason) == (7, "altered")


def test_a_removed_record_is_found_with_its_seq() -> None:
    lines, head = simple(10)
    del lines[3]
    verdict = verify(lines, anchor=head)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, 4, "missing")


def test_two_swapped_records_are_found_at_the_first() -> None:
    lines, head = simple(10)
    lines[5], lines[6] = lines[6], lines[5]
    verdict = verify(lines, anchor=head)
    assert (verdict.first_bad_seq, verdict.reason) == (6, "out_of_order")


def test_the_last_record_and_the_end_are_anchored_by_the_head() -> None:
    lines, head = simple(5)
    assert verify(lines[:-1]).ok  # without its head a chain cut short looks whole
    verdict = verify(lines[:-1], anchor=head)
    assert (verdict.first_bad_seq, verdict.reason) == (5, "missing")
    record = json.loads(lines[-1])
    record["data"]["n"] = -1
    lines[-1] = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    verdict = verify(lines, anchor=head)
    assert (verdict.first_bad_seq, verdict.reason) == (5, "altered")


def test_a_line_in_another_encoding_is_not_canonical() -> None:
    lines, head = simple(3)
    record = json.loads(lines[1])
    lines[1] = json.dumps(record, sort_keys=True).encode() + b"\n"  # with spaces
    verdict = verify(lines, anchor=head)
    assert (verdict.first_bad_seq, verdict.reason) == (2, "not_canonical")
    lines[1] = b"{not json\n"
    assert verify(lines, anchor=head).reason == "unreadable"


def test_dropped_records_need_the_checkpoint_that_names_them() -> None:
    chain = Chain()
    lines = [chain.append("access", {"n": n}, TIME)[1] for n in range(6)]
    dropped = [decode(line.removesuffix(b"\n")) for line in lines[:3]]
    last_hash = json.loads(lines[3])["prev"]
    point = checkpoint_data(dropped[0], dropped[-1], last_hash)
    lines.append(chain.append(CHECKPOINT, point, TIME)[1])
    kept = lines[3:]
    assert verify(kept, anchor=chain.head).ok
    verdict = verify(kept[1:], anchor=chain.head)  # one more gone, with no checkpoint
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, 4, "missing")
    forged = json.loads(lines[-1])
    forged["data"]["last_hash"] = "0" * 64
    assert not verify([*lines[3:-1], json.dumps(forged).encode()]).ok


def test_an_empty_chain_verifies_and_an_empty_head_is_genesis() -> None:
    assert verify([]).ok
    assert verify([], anchor=EMPTY).ok
    assert not verify([], anchor=Head(3, "a" * 64)).ok


def export_of(count: int, first: int) -> tuple[list[dict[str, Any]], Any]:
    lines, _head = simple(count)
    chosen = lines[first:]
    records = [decode(line.removesuffix(b"\n")) for line in chosen]
    before = Head(records[0]["seq"] - 1, records[0]["prev"])
    return records, export_checkpoint(records, chosen, before)


def test_json_and_csv_exports_verify_and_a_change_is_found() -> None:
    records, point = export_of(8, 3)
    header = {"household": "Maple Street", "start": "a", "end": "b"}
    for build_export in (export_json, export_csv):
        content = build_export(header, point, records)
        checked = verify_export(content)
        assert checked.verdict.ok, checked
        assert checked.verdict.records == 5
        assert checked.checkpoint == point
        assert not verify_export(content[: len(content) // 2]).verdict.ok
    csv_text = export_csv(header, point, records).decode()
    changed = csv_text.replace("lock.front_door,", "lock.back_door,", 1)  # a shown column
    verdict = verify_export(changed.encode()).verdict
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, 4, "altered")
    document = json.loads(export_json(header, point, records))
    document["records"][2]["data"]["n"] = 0
    verdict = verify_export(json.dumps(document).encode()).verdict
    assert (verdict.ok, verdict.first_bad_seq) == (False, 6)
    document = json.loads(export_json(header, point, records))
    del document["records"][-1]
    verdict = verify_export(json.dumps(document).encode()).verdict
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, 8, "missing")
    assert verify_export(b"not an export").verdict.reason == "unreadable"
