"""Benchmark: how the handbook's commands grow with the number of charters, against the targets.

Run: .venv/bin/python benchmarks/bench_scaling.py [--sizes 100,1000,10000] [--repeat 3] [--peers]
         [--timeout 300] [--serve-max N]
Results are recorded by hand in docs/performance.md (what is printed is its Markdown).

For each size a realistic handbook is generated (benchmarks/corpus.py: the fixture charters
varied into N charters with their own organisations, people and terms), and every command runs
as a subprocess in its own session, `--repeat` times, reporting the median:

- the parse floor: a bare PyYAML C-loader parse of the same files in a fresh Python process,
  what no checker of these files can go below;
- `handbook check`, cold (`--no-cache`, and `.handbook-cache/` removed first; on a `handbook`
  whose `check` has no `--no-cache` yet, without it, with a note) and with a warm cache (the
  same command run once, untimed, after removing the cache, then timed);
- `handbook fmt --check`, cold (`--no-cache`, cache removed) and warm (run once untimed first);
  both accept exit code 1, files that would change;
- `handbook pages OUT`, `handbook build --site-dir DIR` (the whole site with the charters
  plugin) and plain `mkdocs build` of the pages `handbook pages` wrote;
- `handbook serve` (benchmarks/serve_latency.py): "first page", the seconds until the home page
  answers, and "edit to page", the seconds from appending a token to one charter's purpose on
  disk until its page is served with it; `--serve-max N` leaves it out above N charters;
- with `--peers` (`pip install -e '.[bench]'`; a peer that is not installed is listed as such):
  `check-jsonschema` with the schema `handbook schema` prints, `yamllint`, and `zensical build`
  of the pages, cold and cached.

Zensical's cache: `zensical build` keeps a `.cache/` folder beside its configuration file (here
`pages/.cache/`): one JSON file for each page's rendered Markdown (its route, metadata, HTML and
table of contents) and one for its finished HTML page, each stored with a 64-bit hash of its
inputs, which include hashes of the configuration, the Markdown extensions' settings, the
plugins and the theme's templates (by path and modification time). A build without `--clean`
reuses every entry whose hash still matches and renders only the rest; `--clean` ("Clean cache")
throws the cache away first. So the cold row runs `zensical build --clean` with `pages/site` and
`pages/.cache` removed, and the cached row builds once untimed, then times `zensical build`
with `pages/site` removed and the cache kept: the same output, from the cache.

Every handbook row except the warm ones starts without `.handbook-cache/`. Each row gives the
median, the ratio to the parse floor at that size, the growth exponent log(t2/t1) / log(n2/n1)
from the size before (1 is linear, 2 quadratic) and the peak resident memory of the command's
largest process, as the kernel reports it (for `serve`, the whole session's). A command that runs
longer than `--timeout` is stopped; one that fails (an exit code it does not accept) is listed
under the machine line, with the end of its output on stderr; either is not run at larger sizes.
Below the table come the ratios the performance targets are stated in; the memory target is
judged on the larger of that peak and the sampled sum over all the command's processes
(benchmarks/process_tree.py), since a process pool spreads memory over several processes.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# benchmarks/ is a folder of scripts, not a package
from corpus import make_corpus
from process_tree import TreeMemory
from serve_latency import ServeTimes, time_serve

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
CACHE = ".handbook-cache"
"""The handbook's own cache folder, in the handbook's root."""
SITE_DIR = "built-site"
"""Where the timed ``handbook build`` writes the site."""

FLOOR = "parse floor: PyYAML C loader"
CHECK_COLD = "handbook check, cold"
CHECK_WARM = "handbook check, warm cache"
FMT_COLD = "handbook fmt --check, cold"
FMT_WARM = "handbook fmt --check, warm cache"
PAGES = "handbook pages"
BUILD = "handbook build"
MKDOCS = "mkdocs build (of the pages)"
SERVE_FIRST = "handbook serve: first page"
SERVE_EDIT = "handbook serve: edit to page"
JSONSCHEMA = "check-jsonschema"
YAMLLINT = "yamllint"
ZENSICAL_COLD = "zensical build (of the pages), cold"
ZENSICAL_CACHED = "zensical build (of the pages), cached"


@dataclasses.dataclass(frozen=True)
class Run:
    seconds: float
    exit_code: int
    peak_rss_mb: float
    """The largest process's peak resident memory, as the kernel counts it."""
    output: str
    timed_out: bool
    tree_rss_mb: float = 0.0
    """The peak of the sampled sum over the command's processes (0 where not sampled)."""
    failed: bool = False
    """Whether it ended with an exit code the command does not accept."""

    @property
    def unfinished(self) -> bool:
        """Whether it did not finish its work: it timed out or failed."""
        return self.timed_out or self.failed


Results = dict[str, dict[int, list[Run]]]
"""The runs of every table row: by row label, then by number of charters."""


def _nothing(folder: Path) -> None:
    return None


@dataclasses.dataclass
class Command:
    """Something to time in a generated handbook: one row of the table, or several."""

    label: str
    arguments: Callable[[Path], list[str]] = lambda folder: []
    """The command line, given the handbook's folder."""
    accepted: tuple[int, ...] = (0,)
    """Exit codes of a run that did its work (a linter that finds problems exits 1)."""
    prepare: Callable[[Path], None] = _nothing
    """Run before each timed run, untimed: clears what the previous run wrote."""
    warm_up: bool = False
    """Run ``setup``, then the command once untimed, before the timed runs at each size."""
    setup: Callable[[Path], None] = _nothing
    needs: str | None = None
    """The label of a row whose output this one reads."""
    session: Callable[[Path, float], dict[str, Run]] | None = None
    """Times something other than one process run (a server): the run of each of ``rows``."""
    rows: tuple[str, ...] = ()
    """The labels of the table rows it times (default: just ``label``)."""
    largest: int | None = None
    """The most charters it is timed at (None: every size)."""

    def __post_init__(self) -> None:
        self.rows = self.rows or (self.label,)

    def time(self, folder: Path, timeout: float) -> dict[str, Run]:
        """Run it once in ``folder``: the run of each of its rows."""
        if self.session is not None:
            return self.session(folder, timeout)
        return {self.label: run_once(self.arguments(folder), folder, timeout)}


def run_once(arguments: list[str], folder: Path, timeout: float) -> Run:
    """Run a command in ``folder``; its wall time, exit code and peak resident memory.

    The command leads a process group of its own; at ``timeout`` the whole group is killed.
    """
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            arguments,
            cwd=folder,
            env=ENVIRONMENT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, _kill_group, (process.pid, timed_out))
        timer.start()
        try:
            with TreeMemory(process.pid) as memory:
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
        timed_out.is_set(),
        memory.peak_mb,
    )


def _kill_group(pid: int, timed_out: threading.Event) -> None:
    timed_out.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return


def _tool(name: str) -> str | None:
    """A console script installed beside this Python, or else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def _handbook() -> list[str]:
    """The ``handbook`` command of this Python's environment."""
    handbook = _tool("handbook")
    return [handbook] if handbook else [sys.executable, "-m", "generator"]


def check_knows_no_cache(handbook: Sequence[str]) -> bool:
    """Whether this ``handbook check`` has the ``--no-cache`` option (it is being added)."""
    usage = subprocess.run(
        [*handbook, "check", "--help"], capture_output=True, text=True, env=ENVIRONMENT
    )
    return "--no-cache" in usage.stdout


def _removing(*names: str) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        for name in names:
            shutil.rmtree(folder / name, ignore_errors=True)

    return prepare


def commands(
    peers: bool, check_no_cache: bool, serve_max: int | None = None
) -> tuple[list[Command], list[str]]:
    """The commands to time, and notes for the reader (what is not timed, and why)."""
    handbook = _handbook()
    rows = [
        Command(FLOOR, lambda f: [sys.executable, "-c", PARSE_FLOOR]),
        *_check_commands(handbook, check_no_cache),
        *_site_commands(handbook),
        _serve_command(handbook, serve_max),
    ]
    notes = []
    if not check_no_cache:
        notes.append(
            "`handbook check` has no `--no-cache` option yet: the cold check ran without it, "
            f"with `{CACHE}/` removed before each run."
        )
    if serve_max is not None:
        notes.append(f"`handbook serve` is timed up to {serve_max:,} charters (`--serve-max`).")
    if peers:
        peer_rows, missing = _peer_commands()
        rows += peer_rows
        if missing:
            notes.append(f"Not installed, so not timed: {', '.join(missing)}.")
    return rows, notes


def _check_commands(handbook: list[str], check_no_cache: bool) -> list[Command]:
    """``check`` and ``fmt --check``, each cold and with a warm cache."""
    no_cache = ["--no-cache"] if check_no_cache else []
    check = [*handbook, "check", "--today", TODAY]
    fmt_check = [*handbook, "fmt", "--check"]
    return [
        Command(CHECK_COLD, lambda f: [*check, *no_cache], prepare=_removing(CACHE)),
        Command(CHECK_WARM, lambda f: check, warm_up=True, setup=_removing(CACHE)),
        Command(
            FMT_COLD,
            lambda f: [*fmt_check, "--no-cache"],
            accepted=(0, 1),
            prepare=_removing(CACHE),
        ),
        Command(
            FMT_WARM, lambda f: fmt_check, accepted=(0, 1), warm_up=True, setup=_removing(CACHE)
        ),
    ]


def _site_commands(handbook: list[str]) -> list[Command]:
    """``pages``, ``build`` and MkDocs' own build of the pages."""
    mkdocs_build = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", "pages/mkdocs.yml"]
    return [
        Command(
            PAGES,
            lambda f: [*handbook, "pages", "pages", "--today", TODAY],
            prepare=_removing("pages", CACHE),
        ),
        Command(
            BUILD,
            lambda f: [*handbook, "build", "--site-dir", SITE_DIR, "--today", TODAY],
            prepare=_removing(SITE_DIR, CACHE),
        ),
        Command(
            MKDOCS,
            lambda f: mkdocs_build,
            prepare=_removing("pages/site"),
            needs=PAGES,
        ),
    ]


def _serve_command(handbook: list[str], serve_max: int | None) -> Command:
    def session(folder: Path, timeout: float) -> dict[str, Run]:
        return serve_runs(time_serve(handbook, folder, TODAY, timeout, ENVIRONMENT), timeout)

    return Command(
        "handbook serve",
        prepare=_removing(CACHE),
        session=session,
        rows=(SERVE_FIRST, SERVE_EDIT),
        largest=serve_max,
    )


def serve_runs(times: ServeTimes, timeout: float) -> dict[str, Run]:
    """A serve session as the runs of its two rows.

    A wait that did not end in time is a timed-out run; a server that stopped by itself failed
    (exit code 1 if it said 0), and both rows carry its exit code and output.
    """
    failed = times.exit_code is not None
    exit_code = (times.exit_code or 1) if failed else 0

    def run(seconds: float | None) -> Run:
        timed_out = seconds is None and not failed
        return Run(
            timeout if seconds is None else seconds,
            exit_code,
            times.peak_rss_mb,
            times.output,
            timed_out,
        )

    return {SERVE_FIRST: run(times.first_page), SERVE_EDIT: run(times.edit_to_page)}


def _peer_commands() -> tuple[list[Command], list[str]]:
    """The peers' commands, and the peers that are not installed."""
    check_jsonschema, yamllint, zensical = (
        _tool(name) for name in ("check-jsonschema", "yamllint", "zensical")
    )
    rows: list[Command] = []
    if check_jsonschema:
        rows.append(
            Command(
                JSONSCHEMA,
                lambda f: [check_jsonschema, "--schemafile", "charter-schema.json", *_charters(f)],
                accepted=(0, 1),
            )
        )
    if yamllint:
        rows.append(Command(YAMLLINT, lambda f: [yamllint, "-d", "relaxed", "charters"], (0, 1)))
    if zensical:
        rows += _zensical_commands(zensical)
    missing = [
        name
        for name, tool in (
            ("check-jsonschema", check_jsonschema),
            ("yamllint", yamllint),
            ("zensical", zensical),
        )
        if not tool
    ]
    return rows, missing


def _charters(folder: Path) -> list[str]:
    """The charter files of the handbook in ``folder``, relative to it, the glossary aside."""
    return sorted(
        str(path.relative_to(folder))
        for path in (folder / "charters").glob("*.yaml")
        if path.name != "glossary.yaml"
    )


def _zensical_commands(zensical: str) -> list[Command]:
    """``zensical build`` of the pages: cold, and again from its own cache (``pages/.cache``)."""
    build = [zensical, "build", "-f", "pages/mkdocs.yml"]
    return [
        Command(
            ZENSICAL_COLD,
            lambda f: [*build, "--clean"],
            prepare=_removing("pages/site", "pages/.cache"),
            needs=PAGES,
        ),
        Command(
            ZENSICAL_CACHED,
            lambda f: build,
            prepare=_removing("pages/site"),
            warm_up=True,
            setup=_removing("pages/.cache"),
            needs=PAGES,
        ),
    ]


# Measuring ------------------------------------------------------------------------------------


def measure(
    rows: list[Command], results: Results, folder: Path, size: int, repeat: int, timeout: float
) -> None:
    """Time every command ``repeat`` times in the handbook in ``folder``, in order."""
    for command in rows:
        if command.largest is not None and size > command.largest:
            continue
        if command.needs is not None and not _finished(results, command.needs, size):
            continue
        if any(_stopped(results, label) for label in command.rows):
            continue
        _time_at_size(command, results, folder, size, repeat, timeout)


def _time_at_size(
    command: Command, results: Results, folder: Path, size: int, repeat: int, timeout: float
) -> None:
    if command.warm_up:
        command.setup(folder)
        warm = _judged(command, command.time(folder, timeout))
        if any(run.unfinished for run in warm.values()):
            _record(results, size, warm)  # shown as the row's result: why it has no times
            return
    for _ in range(repeat):
        command.prepare(folder)
        runs = _judged(command, command.time(folder, timeout))
        _record(results, size, runs)
        if any(run.unfinished for run in runs.values()):
            return


def _judged(command: Command, runs: dict[str, Run]) -> dict[str, Run]:
    """The runs, each marked failed when it did not time out and its exit code is not accepted."""
    return {
        label: dataclasses.replace(
            run, failed=not run.timed_out and run.exit_code not in command.accepted
        )
        for label, run in runs.items()
    }


def _record(results: Results, size: int, runs: dict[str, Run]) -> None:
    for label, run in runs.items():
        results.setdefault(label, {}).setdefault(size, []).append(run)
        status = "timed out" if run.timed_out else f"exit {run.exit_code}"
        print(f"  {label}, {size:,}: {run.seconds:.2f} s ({status})", file=sys.stderr)
        if run.failed:
            print(f"  {label} failed at {size:,} charters:\n{run.output[-3000:]}", file=sys.stderr)


def _finished(results: Results, label: str, size: int) -> bool:
    runs = results.get(label, {}).get(size, [])
    return bool(runs) and not runs[-1].unfinished


def _stopped(results: Results, label: str) -> bool:
    """Whether this row timed out or failed at some size already measured."""
    return any(runs and runs[-1].unfinished for runs in results.get(label, {}).values())


def _median(results: Results, label: str, size: int) -> float | None:
    runs = results.get(label, {}).get(size)
    if not runs or runs[-1].unfinished:
        return None
    return statistics.median(run.seconds for run in runs)


def failures(results: Results) -> list[str]:
    """One line for each row and size whose last run failed: its exit code and last words."""
    lines = []
    for label, by_size in results.items():
        for size, runs in by_size.items():
            if runs[-1].failed:
                said = [line for line in runs[-1].output.splitlines() if line.strip()]
                last = f": {said[-1].strip()}" if said else ""
                lines.append(
                    f"{label} failed at {size:,} charters (exit {runs[-1].exit_code}){last}"
                )
    return lines


# Reporting ------------------------------------------------------------------------------------


def table(rows: list[Command], results: Results, sizes: list[int], timeout: float) -> str:
    """The results as a Markdown table, one line per row and size."""
    lines = [
        "| Command | Charters | Median | Ratio to parse floor | Growth exponent | Peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label in (label for command in rows for label in command.rows):
        previous: tuple[int, float] | None = None
        for size in sizes:
            runs = results.get(label, {}).get(size)
            if runs is None:
                continue
            seconds = _median(results, label, size)
            rss = max(run.peak_rss_mb for run in runs)
            if runs[-1].failed:
                lines.append(f"| {label} | {size:,} | failed (exit {runs[-1].exit_code}) | | | |")
                previous = None
                continue
            if seconds is None:
                lines.append(f"| {label} | {size:,} | over {timeout:.0f} s | | | |")
                previous = None
                continue
            floor_seconds = _median(results, FLOOR, size)
            ratio = f"{seconds / floor_seconds:.1f}" if floor_seconds else ""
            growth = ""
            if previous is not None:
                growth = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
            lines.append(
                f"| {label} | {size:,} | {_seconds(seconds)} | {ratio} | {growth} | {rss:,.0f} MB |"
            )
            previous = (size, seconds)
    return "\n".join(lines)


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


@dataclasses.dataclass(frozen=True)
class Target:
    """A target of the performance issue, in the terms it is stated in."""

    name: str
    goal: str
    value: Callable[[Results, int], float | None]
    met: Callable[[float], bool]
    unit: str = ""
    size: int | None = None
    """The size the target is stated for (None: judged at the largest size measured)."""
    digits: int = 2

    def show(self, value: float) -> str:
        return f"{value:,.{self.digits}f}{self.unit}"


def _ratio(numerator: str, denominator: str) -> Callable[[Results, int], float | None]:
    def value(results: Results, size: int) -> float | None:
        top, bottom = _median(results, numerator, size), _median(results, denominator, size)
        return top / bottom if top is not None and bottom else None

    return value


def _median_of(label: str) -> Callable[[Results, int], float | None]:
    return lambda results, size: _median(results, label, size)


def _memory_of(label: str) -> Callable[[Results, int], float | None]:
    def value(results: Results, size: int) -> float | None:
        runs = results.get(label, {}).get(size)
        if not runs or runs[-1].unfinished:
            return None
        return max(max(run.peak_rss_mb, run.tree_rss_mb) for run in runs)

    return value


TARGETS = (
    Target(
        "check-jsonschema / handbook check, cold: how many times faster check is",
        ">= 5",
        _ratio(JSONSCHEMA, CHECK_COLD),
        lambda ratio: ratio >= 5,
        "x",
    ),
    Target(
        "handbook check, cold / parse floor",
        "<= 1.0",
        _ratio(CHECK_COLD, FLOOR),
        lambda ratio: ratio <= 1.0,
    ),
    Target(
        "handbook build / mkdocs build of the pages",
        "<= 1.15",
        _ratio(BUILD, MKDOCS),
        lambda ratio: ratio <= 1.15,
    ),
    Target(
        "handbook check, warm cache",
        "<= 0.5 s at 10,000",
        _median_of(CHECK_WARM),
        lambda seconds: seconds <= 0.5,
        " s",
        10_000,
    ),
    Target(
        "handbook fmt --check, cold",
        "< 10 s at 1,000",
        _median_of(FMT_COLD),
        lambda seconds: seconds < 10,
        " s",
        1_000,
    ),
    Target(
        "handbook check, cold: peak RSS (largest process, or all its processes together)",
        "<= 300 MB at 10,000",
        _memory_of(CHECK_COLD),
        lambda megabytes: megabytes <= 300,
        " MB",
        10_000,
        digits=0,
    ),
)


def target_line(target: Target, results: Results, sizes: list[int]) -> str:
    """One target: its value at every size measured, and whether it is met."""
    values = {size: value for size in sizes if (value := target.value(results, size)) is not None}
    head = f"- {target.name} (target {target.goal}):"
    if not values:
        return f"{head} not measured."
    shown = ", ".join(f"{target.show(value)} at {size:,}" for size, value in values.items())
    judged = target.size or max(values)
    if judged not in values:
        return f"{head} {shown}; not measured at {judged:,}."
    verdict = "met" if target.met(values[judged]) else "NOT met"
    return f"{head} {shown}; {verdict} at {judged:,}."


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


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(size) for size in text.split(",")})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are whole numbers of charters, at least 1")
    return sizes


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=_sizes("100,1000,10000"),
        type=_sizes,
        help="comma-separated numbers of charters (default 100,1000,10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--peers", action="store_true", help="also time the peer tools")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's seed (default 1)")
    parser.add_argument(
        "--timeout", type=float, default=300, help="stop a run after this many seconds (300)"
    )
    parser.add_argument(
        "--serve-max",
        type=int,
        default=None,
        metavar="N",
        help="time handbook serve only up to N charters (default: at every size)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    handbook = _handbook()
    rows, notes = commands(arguments.peers, check_knows_no_cache(handbook), arguments.serve_max)
    results: Results = {}
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as directory:
        for size in arguments.sizes:
            folder = Path(directory) / f"handbook-{size}"
            make_corpus(folder, size, arguments.seed)
            schema = subprocess.run(
                [*handbook, "schema"], capture_output=True, text=True, check=True
            ).stdout
            (folder / "charter-schema.json").write_text(schema, encoding="utf-8")
            print(f"{size:,} charters in {folder}", file=sys.stderr)
            measure(rows, results, folder, size, arguments.repeat, arguments.timeout)
            shutil.rmtree(folder)
    print(f"Machine: {machine()}; median of {arguments.repeat} runs, seed {arguments.seed}.")
    for note in notes:
        print(f"Note: {note}")
    for failure in failures(results):
        print(f"Failed: {failure}")
    print()
    print(table(rows, results, arguments.sizes, arguments.timeout))
    print()
    print("Targets:")
    for target in TARGETS:
        print(target_line(target, results, arguments.sizes))


if __name__ == "__main__":
    main()
