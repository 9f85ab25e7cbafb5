#!/usr/bin/env python3
"""Verify an export of Housekey's audit journal (JSON or CSV), with no Home Assistant.

    python3 scripts/verify_export.py journal-20261201T090000-01jx2a3b.json

Checks every record against the one before it and the export's checkpoint: the hash
of the record before the first one exported and the hash of the last one. Exit status
0 when the export is whole, 1 when a record does not match (named by its seq), 2 when
the file cannot be read. The hashes it prints can be compared with the ones Housekey
recorded when it made the export (the `journal_exported` admin event, in Home
Assistant's recorder and in the journal itself), or with a later export of the same
period: an export that verifies alone but carries other hashes was rebuilt.

Only the standard library is needed: the chain's rules are read from
custom_components/housekey/core/journal.py beside this script (copy both files
together to check exports elsewhere).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

CORE = (
    Path(__file__).resolve().parents[1] / "custom_components" / "housekey" / "core" / "journal.py"
)


def load_rules(path: Path = CORE) -> ModuleType:
    """Load core/journal.py by its path (it imports nothing outside the standard library)."""
    spec = importlib.util.spec_from_file_location("housekey_journal_rules", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    rules = load_rules()
    try:
        content = Path(argv[1]).read_bytes()
    except OSError as err:
        print(f"cannot read {argv[1]}: {err.strerror}")
        return 2
    checked = rules.verify_export(content)
    verdict, point = checked.verdict, checked.checkpoint
    if point is None and verdict.reason == "unreadable":
        print(f"{argv[1]}: not a Housekey journal export")
        return 2
    period = f"{checked.header.get('start')} to {checked.header.get('end')}"
    print(f"household: {checked.header.get('household')}, period {period}")
    if point is not None:
        print(f"records {point.before.seq + 1} to {point.last.seq} ({point.records})")
        print(f"hash before the first: {point.before.hash}")
        print(f"hash of the last:      {point.last.hash}")
    if verdict.ok:
        print(f"OK: {verdict.records} records, every one matches")
        return 0
    print(f"NOT OK: record {verdict.first_bad_seq} is {verdict.reason.replace('_', ' ')}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
