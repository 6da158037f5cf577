"""Benchmark: `handbook build` of one corpus by an earlier commit and by this tree, alternating.

Run: .venv/bin/python benchmarks/bench_compare_builds.py --before REV [--charters 1000]
     [--rounds 4] [--fresh]
Results are recorded by hand in docs/performance.md.

The earlier commit is checked out in a temporary git worktree. Both build the same corpus
(benchmarks/corpus.py), each with its own commit's templates, hand-written pages and
mkdocs.yml. Runs alternate, so that a slow spell of the machine hits both. Each run prints
MkDocs' own "Documentation built in", the wall time of the whole `handbook build` (which also
replaces the previous site, unless --fresh empties it first) and the CPU time of every process
it ran; the medians come last.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import SITE_SOURCES, make_corpus

REPOSITORY = Path(__file__).resolve().parent.parent

TODAY = "2026-11-23"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", required=True, help="the earlier commit")
    parser.add_argument("--charters", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--fresh", action="store_true", help="build into an empty folder")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="handbook-compare-") as scratch:
        root = Path(scratch)
        trees = {"before": root / "before-tree", "after": REPOSITORY}
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(trees["before"]), arguments.before],
            cwd=REPOSITORY,
            check=True,
            capture_output=True,
        )
        try:
            handbooks = _handbooks(root, trees, arguments.charters)
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
            for _ in range(arguments.rounds):
                for name, tree in trees.items():
                    site = root / f"site-{name}"
                    if arguments.fresh:
                        shutil.rmtree(site, ignore_errors=True)
                    runs[name].append(_build(tree, handbooks[name], site))
                    wall, built, cpu = runs[name][-1]
                    print(f"{name:6} built {built:6.2f} s  wall {wall:6.2f} s  cpu {cpu:6.2f} s")
            for name, rows in runs.items():
                wall, built, cpu = (statistics.median(row[k] for row in rows) for k in range(3))
                print(f"{name:6} median: built {built:.2f} s  wall {wall:.2f} s  cpu {cpu:.2f} s")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(trees["before"])],
                cwd=REPOSITORY,
                check=False,
                capture_output=True,
            )


def _handbooks(root: Path, trees: dict[str, Path], charters: int) -> dict[str, Path]:
    """One corpus, copied beside each tree's own site sources."""
    corpus = root / "corpus"
    make_corpus(corpus, charters, 1)
    handbooks = {}
    for name, tree in trees.items():
        handbook = root / f"handbook-{name}"
        shutil.copytree(corpus / "charters", handbook / "charters")
        for source in SITE_SOURCES:
            if (tree / source).is_dir():
                shutil.copytree(tree / source, handbook / source)
            else:
                shutil.copy(tree / source, handbook / source)
        handbooks[name] = handbook
    return handbooks


def _build(tree: Path, handbook: Path, site: Path) -> tuple[float, float, float]:
    """Wall time, MkDocs' own time and CPU time of one `handbook build`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", TODAY, "--site-dir", str(site)],
        cwd=handbook,
        env=dict(os.environ, PYTHONPATH=str(tree)),
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"the build with {tree} failed:\n{run.stderr[-2000:]}")
    built = re.search(r"built in ([0-9.]+) seconds", run.stderr + run.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, float(built[1]) if built else float("nan"), cpu


if __name__ == "__main__":
    main()
