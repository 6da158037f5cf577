"""Benchmark: `mkdocs build` of a generated handbook of many charters.

Run: .venv/bin/python benchmarks/bench_build.py [--charters 1000] [--compare-flat]
Results are recorded by hand in docs/performance.md.

The handbook's navigation groups charters by tier and Material's `navigation.prune` keeps
each page's navigation to its own section; `--compare-flat` also times the same pages with
`navigation.prune` and `navigation.sections` turned off, to show what the layout saves.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "charters" / "harborline-logistics.yaml"
TIERS = ("key", "growth", "growth", "maintain", "maintain", "maintain")


def make_handbook(folder: Path, count: int) -> None:
    for name in ("docs", "templates"):
        shutil.copytree(REPOSITORY / name, folder / name)
    shutil.copy(REPOSITORY / "mkdocs.yml", folder / "mkdocs.yml")
    charters = folder / "charters"
    charters.mkdir()
    shutil.copy(REPOSITORY / "charters" / "glossary.yaml", charters / "glossary.yaml")
    text = SAMPLE.read_text()
    for number in range(count):
        charter_id = f"account-{number:04d}"
        tier = TIERS[number % len(TIERS)]
        charter = text.replace("id: harborline-logistics", f"id: {charter_id}", 1)
        charter = charter.replace("name: Harborline Logistics", f"name: Account {number:04d}", 1)
        charter = re.sub(r"^tier: \w+", f"tier: {tier}", charter, count=1, flags=re.MULTILINE)
        # Spread ownership so no owner is over the attention limit.
        charter = charter.replace("daniel-reyes", f"owner-{number:04d}")
        (charters / f"{charter_id}.yaml").write_text(charter)


def flatten(folder: Path) -> None:
    config = folder / "mkdocs.yml"
    text = config.read_text()
    for feature in ("navigation.prune", "navigation.sections"):
        text = text.replace(f"    - {feature}\n", "")
    config.write_text(text)


def build_seconds(folder: Path) -> float:
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1795392000", NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(run.stderr[-3000:])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charters", type=int, default=1000)
    parser.add_argument("--compare-flat", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        make_handbook(folder, arguments.charters)
        seconds = build_seconds(folder)
        pages = len(list((folder / "site").rglob("index.html")))
        size = sum(p.stat().st_size for p in (folder / "site").rglob("*.html"))
        print(
            f"{arguments.charters:,} charters, tier sections with navigation.prune: "
            f"{seconds:.1f} s, {pages:,} pages, {size / 1e6:.0f} MB of HTML"
        )
        if arguments.compare_flat:
            flatten(folder)
            seconds = build_seconds(folder)
            size = sum(p.stat().st_size for p in (folder / "site").rglob("*.html"))
            print(
                f"{arguments.charters:,} charters, no pruning: {seconds:.1f} s, "
                f"{size / 1e6:.0f} MB of HTML"
            )


if __name__ == "__main__":
    main()
