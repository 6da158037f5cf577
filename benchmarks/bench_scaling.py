"""Benchmark: how `handbook check` and `handbook pages` grow with the number of charters.

Run: .venv/bin/python benchmarks/bench_scaling.py [--sizes 100,1000,10000] [--repeat 3] [--peers]
Results are recorded by hand in docs/performance.md (the table printed is its Markdown).

For each size a realistic handbook is generated (benchmarks/corpus.py: the fixture charters
varied into N charters with their own organisations, people and terms), and every command runs
as a subprocess, `--repeat` times, reporting the median:

- the parse floor: a bare PyYAML C-loader parse of the same files in a fresh Python process,
  what no checker of these files can go below;
- `handbook check` and `handbook pages OUT`;
- with `--peers` (`pip install -e '.[bench]'`; a peer that is not installed is listed as such):
  `check-jsonschema` with the schema `handbook schema` prints, `yamllint`, `mkdocs build` of
  the pages `handbook pages` wrote, and `zensical build` of the same.

Each row gives the median, the ratio to the parse floor at that size, the growth exponent
log(t2/t1) / log(n2/n1) from the size before (1 is linear, 2 quadratic) and the process's
peak resident memory. A command that runs longer than `--timeout` is stopped, and not run
at larger sizes.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # benchmarks/ is a folder of scripts, not a package

TODAY = "2026-11-23"
ENVIRONMENT = dict(
    os.environ,
    SOURCE_DATE_EPOCH=str(
        int(datetime.datetime(2026, 11, 23, tzinfo=datetime.timezone.utc).timestamp())
    ),
    NO_MKDOCS_2_WARNING="1",
)
PARSE_FLOOR = (
    "import glob, yaml\n"
    "for path in sorted(glob.glob('charters/*.yaml')):\n"
    "    with open(path, 'rb') as stream:\n"
    "        yaml.load(stream, Loader=yaml.CSafeLoader)\n"
)
"""The parse floor: what reading the same files costs a fresh Python process and nothing more."""
PACKAGES = ("PyYAML", "pydantic", "ruamel.yaml", "mkdocs", "mkdocs-material", "zensical")


@dataclass(frozen=True)
class Run:
    seconds: float
    exit_code: int
    peak_rss_mb: float
    output: str
    timed_out: bool


@dataclass
class Command:
    """One row group of the table: how to run a command in a generated handbook."""

    label: str
    arguments: Callable[[Path], list[str]]
    """The command line, given the handbook's folder."""
    accepted: tuple[int, ...] = (0,)
    """Exit codes of a run that did its work (a linter that finds problems exits 1)."""
    prepare: Callable[[Path], None] = lambda folder: None
    """Run before each timed run, untimed: clears what the previous run wrote."""
    needs: str | None = None
    """The label of a command whose output this one reads."""
    results: dict[int, list[Run]] = field(default_factory=dict)


def run_once(arguments: list[str], folder: Path, timeout: float) -> Run:
    """Run a command in ``folder``; its wall time, exit code and peak resident memory."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            arguments, cwd=folder, env=ENVIRONMENT, stdout=output, stderr=subprocess.STDOUT
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)  # the child's own resource usage
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return Run(
        seconds,
        process.returncode,
        usage.ru_maxrss / 1024,  # kilobytes on Linux
        text,
        timed_out=seconds >= timeout and process.returncode < 0,
    )


def _tool(name: str) -> str | None:
    """A console script installed beside this Python, or else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def _handbook() -> list[str]:
    """The ``handbook`` command of this Python's environment."""
    handbook = _tool("handbook")
    return [handbook] if handbook else [sys.executable, "-m", "generator"]


def _removing(*names: str) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        for name in names:
            shutil.rmtree(folder / name, ignore_errors=True)

    return prepare


def commands(peers: bool) -> tuple[list[Command], list[str]]:
    """The commands to time, and the peers asked for that are not installed."""
    handbook_command = _handbook()
    rows = [
        Command("parse floor: PyYAML C loader", lambda f: [sys.executable, "-c", PARSE_FLOOR]),
        Command("handbook check", lambda f: [*handbook_command, "check", "--today", TODAY]),
        Command(
            "handbook pages",
            lambda f: [*handbook_command, "pages", "pages", "--today", TODAY],
            prepare=_removing("pages"),
        ),
    ]
    missing: list[str] = []
    if not peers:
        return rows, missing
    check_jsonschema, yamllint, zensical = (
        _tool(name) for name in ("check-jsonschema", "yamllint", "zensical")
    )
    if check_jsonschema:
        rows.append(
            Command(
                "check-jsonschema",
                lambda f: [
                    check_jsonschema,
                    "--schemafile",
                    "charter-schema.json",
                    *sorted(
                        str(p.relative_to(f))
                        for p in (f / "charters").glob("*.yaml")
                        if p.name != "glossary.yaml"
                    ),
                ],
                accepted=(0, 1),
            )
        )
    else:
        missing.append("check-jsonschema")
    if yamllint:
        rows.append(Command("yamllint", lambda f: [yamllint, "-d", "relaxed", "charters"], (0, 1)))
    else:
        missing.append("yamllint")
    rows.append(
        Command(
            "mkdocs build (of the pages)",
            lambda f: [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--quiet",
                "-f",
                "pages/mkdocs.yml",
            ],
            prepare=_removing("pages/site"),
            needs="handbook pages",
        )
    )
    if zensical:
        rows.append(
            Command(
                "zensical build (of the pages)",
                lambda f: [zensical, "build", "--clean", "-f", "pages/mkdocs.yml"],
                prepare=_removing("pages/site"),
                needs="handbook pages",
            )
        )
    else:
        missing.append("zensical")
    return rows, missing


def measure(rows: list[Command], folder: Path, size: int, repeat: int, timeout: float) -> None:
    """Time every command ``repeat`` times in the handbook in ``folder``, in order."""
    for row in rows:
        needed = next((r for r in rows if r.label == row.needs), None)
        if needed is not None and not _finished(needed, size):
            continue
        if any(_stopped(row, smaller) for smaller in row.results):
            continue
        runs = row.results.setdefault(size, [])
        for _ in range(repeat):
            row.prepare(folder)
            run = run_once(row.arguments(folder), folder, timeout)
            runs.append(run)
            status = "timed out" if run.timed_out else f"exit {run.exit_code}"
            print(f"  {row.label}, {size:,}: {run.seconds:.2f} s ({status})", file=sys.stderr)
            if run.timed_out:
                break
            if run.exit_code not in row.accepted:
                raise SystemExit(f"{row.label} failed at {size:,} charters:\n{run.output[-3000:]}")


def _finished(row: Command, size: int) -> bool:
    runs = row.results.get(size, [])
    return bool(runs) and not runs[-1].timed_out


def _stopped(row: Command, size: int) -> bool:
    runs = row.results.get(size, [])
    return bool(runs) and runs[-1].timed_out


def _median(row: Command, size: int) -> float | None:
    runs = row.results.get(size)
    if not runs or runs[-1].timed_out:
        return None
    return statistics.median(run.seconds for run in runs)


def table(rows: list[Command], sizes: list[int], timeout: float) -> str:
    """The results as a Markdown table, one line per command and size."""
    floor = rows[0]
    lines = [
        "| Command | Charters | Median | Ratio to parse floor | Growth exponent | Peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        previous: tuple[int, float] | None = None
        for size in sizes:
            runs = row.results.get(size)
            if runs is None:
                continue
            seconds = _median(row, size)
            rss = max(run.peak_rss_mb for run in runs)
            if seconds is None:
                lines.append(f"| {row.label} | {size:,} | over {timeout:.0f} s | | | |")
                previous = None
                continue
            floor_seconds = _median(floor, size)
            ratio = f"{seconds / floor_seconds:.1f}" if floor_seconds else ""
            growth = ""
            if previous is not None:
                growth = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
            lines.append(
                f"| {row.label} | {size:,} | {_seconds(seconds)} | {ratio} | {growth} "
                f"| {rss:,.0f} MB |"
            )
            previous = (size, seconds)
    return "\n".join(lines)


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def machine() -> str:
    """The machine and the versions the numbers depend on, in one line."""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        + ", ".join(versions)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="100,1000,10000",
        type=lambda text: sorted({int(size) for size in text.split(",")}),
        help="comma-separated numbers of charters (default 100,1000,10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--peers", action="store_true", help="also time the peer tools")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's seed (default 1)")
    parser.add_argument(
        "--timeout", type=float, default=300, help="stop a run after this many seconds (300)"
    )
    arguments = parser.parse_args()
    rows, missing = commands(arguments.peers)
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as directory:
        for size in arguments.sizes:
            folder = Path(directory) / f"handbook-{size}"
            make_corpus(folder, size, arguments.seed)
            schema = subprocess.run(
                [*_handbook(), "schema"], capture_output=True, text=True, check=True
            ).stdout
            (folder / "charter-schema.json").write_text(schema, encoding="utf-8")
            print(f"{size:,} charters in {folder}", file=sys.stderr)
            measure(rows, folder, size, arguments.repeat, arguments.timeout)
            shutil.rmtree(folder)
    print(f"Machine: {machine()}; median of {arguments.repeat} runs, seed {arguments.seed}.")
    if missing:
        print(f"Not installed, so not timed: {', '.join(missing)}.")
    print()
    print(table(rows, arguments.sizes, arguments.timeout))


if __name__ == "__main__":
    main()
