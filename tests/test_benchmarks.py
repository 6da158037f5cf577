"""The benchmark harness (benchmarks/): arguments, corpus, edits, bookkeeping and reports.

Fast and untimed: the harness is run on fake results and tiny corpora, never measured.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest
import yaml

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # a folder of scripts, not a package
bench = importlib.import_module("bench_scaling")
corpus = importlib.import_module("corpus")
serve_latency = importlib.import_module("serve_latency")
process_tree = importlib.import_module("process_tree")
compare_builds = importlib.import_module("bench_compare_builds")


def run(seconds: float, rss: float = 50.0, timed_out: bool = False, exit_code: int = 0) -> object:
    return bench.Run(seconds, exit_code, rss, "", timed_out)


# Arguments ------------------------------------------------------------------------------------


def test_default_arguments() -> None:
    arguments = bench.parse_arguments([])
    assert arguments.sizes == [100, 1000, 10000]
    assert (arguments.repeat, arguments.peers, arguments.timeout) == (3, False, 300)
    assert arguments.serve_max is None


def test_sizes_are_sorted_and_distinct() -> None:
    arguments = bench.parse_arguments(["--sizes", "60,20,60", "--serve-max", "1000", "--peers"])
    assert arguments.sizes == [20, 60]
    assert (arguments.serve_max, arguments.peers) == (1000, True)


@pytest.mark.parametrize("sizes", ["0,10", "ten", ""])
def test_bad_sizes_are_refused(sizes: str) -> None:
    with pytest.raises(SystemExit):
        bench.parse_arguments(["--sizes", sizes])


# The corpus -----------------------------------------------------------------------------------


def test_a_tiny_corpus_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = corpus.make_corpus(tmp_path / "a", 4, seed=3)
    second = corpus.make_corpus(tmp_path / "b", 4, seed=3)
    names = sorted(path.name for path in first.glob("*.yaml"))
    assert len(names) == 5 and "glossary.yaml" in names
    assert names == sorted(path.name for path in second.glob("*.yaml"))
    for name in names:
        assert (first / name).read_text() == (second / name).read_text()
    assert (tmp_path / "a" / "mkdocs.yml").is_file()


def test_a_corpus_has_at_least_one_charter(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        corpus.make_corpus(tmp_path, 0)


# The serve session's edit ---------------------------------------------------------------------

BLOCK = "id: acme\npurpose: |\n\n  First line.\n  Second line.\nstatus: active\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BLOCK, BLOCK.replace("First line.", "First line. TOKEN")),
        ("purpose: >-  # folded\n  One.\n", "purpose: >-  # folded\n  One. TOKEN\n"),
        ("id: a\npurpose: Plain words\n", "id: a\npurpose: Plain words TOKEN\n"),
        ('purpose: "Quoted"\r\n', 'purpose: "Quoted TOKEN"\r\n'),
        ("purpose: 'Single'\n", "purpose: 'Single TOKEN'\n"),
    ],
)
def test_the_token_goes_on_the_purposes_first_line(text: str, expected: str) -> None:
    assert serve_latency.with_token_in_purpose(text, "TOKEN") == expected


def test_a_charter_without_purpose_is_refused() -> None:
    with pytest.raises(ValueError):
        serve_latency.with_token_in_purpose("id: a\n  purpose: nested\n", "TOKEN")


def test_the_edit_changes_only_the_purpose_of_a_corpus_charter(tmp_path: Path) -> None:
    corpus.make_corpus(tmp_path, 2)
    charter = serve_latency.charter_to_edit(tmp_path)
    text = charter.read_text()
    edited = yaml.safe_load(serve_latency.with_token_in_purpose(text, "servetokenabc"))
    original = yaml.safe_load(text)
    assert "servetokenabc" in edited.pop("purpose")
    original.pop("purpose")
    assert edited == original
    assert serve_latency.charter_page(charter) == f"charters/{original['id']}/"


# Measuring, on fake commands ------------------------------------------------------------------


def test_run_once_reports_the_exit_code_and_a_timeout(tmp_path: Path) -> None:
    done = bench.run_once([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, 60)
    assert (done.exit_code, done.timed_out) == (3, False)
    assert done.peak_rss_mb > 0
    stopped = bench.run_once([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path, 0.3)
    assert stopped.timed_out


def test_a_warm_command_runs_once_untimed_then_repeat_times(tmp_path: Path) -> None:
    calls: list[str] = []

    def session(folder: Path, timeout: float) -> dict[str, object]:
        calls.append("run")
        return {"warm": run(1.0)}

    command = bench.Command(
        "warm", session=session, warm_up=True, setup=lambda folder: calls.append("setup")
    )
    results: dict[str, dict[int, list[object]]] = {}
    bench.measure([command], results, tmp_path, 10, repeat=2, timeout=5)
    assert calls == ["setup", "run", "run", "run"]
    assert len(results["warm"][10]) == 2


def test_a_timed_out_command_is_not_run_at_larger_sizes(tmp_path: Path) -> None:
    outcomes = iter([run(9.0, timed_out=True)])
    command = bench.Command("slow", session=lambda folder, timeout: {"slow": next(outcomes)})
    results: dict[str, dict[int, list[object]]] = {}
    for size in (10, 100):
        bench.measure([command], results, tmp_path, size, repeat=3, timeout=9)
    assert list(results["slow"]) == [10] and len(results["slow"][10]) == 1


def test_largest_and_needs_skip_a_command(tmp_path: Path) -> None:
    limited = bench.Command("limited", session=lambda f, t: {"limited": run(1.0)}, largest=10)
    reader = bench.Command("reader", session=lambda f, t: {"reader": run(1.0)}, needs="absent")
    results: dict[str, dict[int, list[object]]] = {}
    for size in (10, 100):
        bench.measure([limited, reader], results, tmp_path, size, repeat=1, timeout=9)
    assert results == {"limited": {10: [run(1.0)]}}


def test_a_failed_run_is_reported_and_not_run_again(tmp_path: Path) -> None:
    said = "oops\nlast words\n"
    failing = bench.Command(
        "failing", session=lambda f, t: {"failing": bench.Run(1.0, 2, 50.0, said, False)}
    )
    results: dict[str, dict[int, list[object]]] = {}
    for size in (10, 100):
        bench.measure([failing], results, tmp_path, size, repeat=3, timeout=9)
    assert list(results["failing"]) == [10] and len(results["failing"][10]) == 1
    assert bench.failures(results) == ["failing failed at 10 charters (exit 2): last words"]
    rows = bench.table([failing], results, [10, 100], 9).splitlines()
    assert rows[2:] == ["| failing | 10 | failed (exit 2) | | | |"]


def test_serve_times_become_two_rows() -> None:
    served = bench.serve_runs(serve_latency.ServeTimes(1.5, None, 80.0, None, ""), 60)
    assert served[bench.SERVE_FIRST] == bench.Run(1.5, 0, 80.0, "", False)
    assert served[bench.SERVE_EDIT].timed_out
    crashed = bench.serve_runs(serve_latency.ServeTimes(None, None, 0.0, 0, "boom"), 60)
    assert all(r.exit_code == 1 and not r.timed_out for r in crashed.values())


def test_the_rows_asked_for() -> None:
    rows, notes = bench.commands(peers=False, check_no_cache=False, serve_max=1000)
    labels = [label for command in rows for label in command.rows]
    assert labels[:3] == [bench.FLOOR, bench.CHECK_COLD, bench.CHECK_WARM]
    assert {bench.FMT_COLD, bench.FMT_WARM, bench.BUILD, bench.MKDOCS} <= set(labels)
    assert labels[-2:] == [bench.SERVE_FIRST, bench.SERVE_EDIT]
    assert any("--no-cache" in note for note in notes)
    assert any("1,000" in note for note in notes)
    cold = next(command for command in rows if command.label == bench.CHECK_COLD)
    assert "--no-cache" not in cold.arguments(Path("."))
    rows, notes = bench.commands(peers=False, check_no_cache=True)
    cold = next(command for command in rows if command.label == bench.CHECK_COLD)
    assert "--no-cache" in cold.arguments(Path(".")) and notes == []


# Reporting ------------------------------------------------------------------------------------


def test_the_table_gives_ratio_growth_and_timeouts() -> None:
    rows = [bench.Command(bench.FLOOR), bench.Command("check")]
    results = {
        bench.FLOOR: {10: [run(0.1)], 100: [run(1.0)]},
        "check": {10: [run(0.3), run(0.2), run(0.4)], 100: [run(300.0, 90.0, timed_out=True)]},
    }
    assert bench.table(rows, results, [10, 100], 300).splitlines()[2:] == [
        f"| {bench.FLOOR} | 10 | 0.10 s | 1.0 |  | 50 MB |",
        f"| {bench.FLOOR} | 100 | 1.00 s | 1.0 | 1.00 | 50 MB |",
        "| check | 10 | 0.30 s | 3.0 |  | 50 MB |",
        "| check | 100 | over 300 s | | | |",
    ]


def test_target_lines() -> None:
    results = {
        bench.CHECK_COLD: {100: [run(0.5)], 1000: [run(2.0, 400.0)]},
        bench.JSONSCHEMA: {100: [run(2.0)], 1000: [run(12.0)]},
        bench.FMT_COLD: {1000: [run(8.0)]},
    }
    faster, _, _, warm, fmt, memory = (
        bench.target_line(target, results, [100, 1000]) for target in bench.TARGETS
    )
    assert faster.endswith(": 4.00x at 100, 6.00x at 1,000; met at 1,000.")
    assert warm.endswith("(target <= 0.5 s at 10,000): not measured.")
    assert fmt.endswith(": 8.00 s at 1,000; met at 1,000.")
    assert memory.endswith(": 50 MB at 100, 400 MB at 1,000; not measured at 10,000.")


def test_the_memory_target_counts_all_processes() -> None:
    pooled = bench.Run(1.0, 0, 200.0, "", False, tree_rss_mb=500.0)
    results = {bench.CHECK_COLD: {10_000: [pooled]}}
    assert bench.TARGETS[-1].value(results, 10_000) == 500.0


def test_tree_memory_counts_this_process() -> None:
    assert process_tree.tree_rss_mb(1 << 30) == 0  # no such process
    assert process_tree.tree_rss_mb(os.getpid()) > 1


def test_comparing_builds_runs_both_commits_on_one_corpus(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The harness of the before/after build comparison, on a tiny corpus, this commit twice."""
    compare_builds.main(["--before", "HEAD", "--charters", "3", "--rounds", "1", "--fresh"])
    shown = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in shown] == ["before", "after", "before", "after"]
    assert all("median" in line for line in shown[2:])
    assert all(" built " in line and " wall " in line and " cpu " in line for line in shown)
