"""Benchmark: how long reading and checking charters takes, per charter and per step.

Run: .venv/bin/python benchmarks/bench_check.py [--charters 1000]
Results are recorded by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.check.load import read_document
from generator.check.schema import Charter, strip_extensions
from generator.check.schema_errors import validate_against
from generator.check.validate import check_paths
from generator.settings import Settings, resolve_today

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "charters" / "harborline-logistics.yaml"


def _median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _make_handbook(folder: Path, count: int) -> None:
    text = SAMPLE.read_text()
    for number in range(count):
        charter_id = f"account-{number:04d}"
        (folder / f"{charter_id}.yaml").write_text(
            text.replace("id: harborline-logistics", f"id: {charter_id}", 1)
        )
    shutil.copy(REPOSITORY / "charters" / "glossary.yaml", folder / "glossary.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charters", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=200)
    arguments = parser.parse_args()
    text = SAMPLE.read_text()
    document = read_document(SAMPLE)
    plain = strip_extensions(document.data)
    size = len(text.encode())
    rows = [
        (
            "PyYAML C loader, safe_load",
            _median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), arguments.repeat),
        ),
        (
            "load: read + parse with positions",
            _median_seconds(lambda: read_document(SAMPLE), arguments.repeat),
        ),
        (
            "schema: pydantic validation",
            _median_seconds(lambda: Charter.model_validate(plain), arguments.repeat),
        ),
        (
            "schema: with diagnostics",
            _median_seconds(lambda: validate_against(document, Charter), arguments.repeat),
        ),
    ]
    print(f"one charter ({size:,} bytes, {SAMPLE.name}), median of {arguments.repeat}:")
    for label, seconds in rows:
        print(f"  {label:<36} {seconds * 1e6:9.0f} µs")
    with tempfile.TemporaryDirectory() as folder:
        _make_handbook(Path(folder), arguments.charters)
        today = resolve_today("2026-11-23")
        seconds = _median_seconds(lambda: check_paths([folder], Settings(), today), 3)
    print(
        f"handbook check on {arguments.charters:,} charters (median of 3): {seconds:.2f} s, "
        f"{seconds / arguments.charters * 1e3:.2f} ms a charter"
    )


if __name__ == "__main__":
    main()
