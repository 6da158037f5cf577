"""`handbook fmt` over many files: a pool of processes finds and writes what one process does.

The pool starts at ``pool_min_files`` files; the tests lower it to run the pool on a few.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import generator.edit.fmt_run
from generator.edit.fmt_cache import FormatCache
from generator.edit.fmt_run import FileOutcome, FormatRun, default_jobs, format_files
from tests.conftest import FIXTURE_CHARTERS

FMT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"


def mixed_folder(folder: Path) -> list[tuple[Path, str]]:
    """Canonical charters, messy ones, broken ones and one that is not UTF-8, in an order
    that is not alphabetical: the order reports must follow."""
    (folder / "sub").mkdir(parents=True)
    sources = [
        FMT_FIXTURES / "out-of-order.yaml",
        *sorted(FIXTURE_CHARTERS.glob("*.yaml")),  # the glossary among them
        FMT_FIXTURES / "invalid" / "unclosed-list.yaml",
        FMT_FIXTURES / "odd-indentation.yaml",
        FMT_FIXTURES / "invalid" / "duplicate-key.yaml",
        FMT_FIXTURES / "glossary.yaml",
    ]
    files = []
    for number, source in enumerate(sources):
        name = f"{90 - number}-{source.name}"
        if source.name == "glossary.yaml":
            name = "sub/glossary.yaml" if source.parent == FMT_FIXTURES else "glossary.yaml"
        shutil.copy(source, folder / name)
        files.append((folder / name, f"charters/{name}"))
    (folder / "50-latin-1.yaml").write_bytes(b"id: caf\xe9\n")
    files.insert(3, (folder / "50-latin-1.yaml", "charters/50-latin-1.yaml"))
    return files


def run(
    files: list[tuple[Path, str]], *, check: bool, jobs: int, cache: FormatCache | None = None
) -> FormatRun:
    return format_files(
        files,
        check=check,
        cache=cache or FormatCache.open(enabled=False),
        jobs=jobs,
        pool_min_files=1,
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.yaml"))
    }


@pytest.mark.parametrize("check", [True, False], ids=["check", "write"])
def test_the_pool_finds_and_writes_what_one_process_does(tmp_path: Path, check: bool) -> None:
    alone = run(mixed_folder(tmp_path / "alone"), check=check, jobs=1)
    pooled = run(mixed_folder(tmp_path / "pooled"), check=check, jobs=2)
    assert alone.changed and alone.problems  # both kinds of outcome are compared
    assert pooled == alone
    assert contents(tmp_path / "pooled") == contents(tmp_path / "alone")


def test_reports_follow_the_order_of_the_files(tmp_path: Path) -> None:
    files = mixed_folder(tmp_path / "charters")
    found = run(files, check=True, jobs=2)
    names = [name for _, name in files]
    assert found.changed == [
        "charters/90-out-of-order.yaml",
        "charters/81-odd-indentation.yaml",
        "charters/sub/glossary.yaml",
    ]
    assert [problem.file for problem in found.problems] == [
        "charters/50-latin-1.yaml",
        "charters/82-unclosed-list.yaml",
        "charters/80-duplicate-key.yaml",
    ]
    reported = found.changed + [problem.file for problem in found.problems]
    assert sorted(reported, key=names.index) == [name for name in names if name in reported]


def test_a_file_reached_twice_is_written_once_as_one_process_would(tmp_path: Path) -> None:
    def linked(folder: Path) -> list[tuple[Path, str]]:
        folder.mkdir()
        shutil.copy(FMT_FIXTURES / "out-of-order.yaml", folder / "a.yaml")
        (folder / "b.yaml").symlink_to("a.yaml")
        shutil.copy(FMT_FIXTURES / "odd-indentation.yaml", folder / "c.yaml")
        return [(folder / name, name) for name in ("a.yaml", "b.yaml", "c.yaml")]

    alone = run(linked(tmp_path / "alone"), check=False, jobs=1)
    pooled = run(linked(tmp_path / "pooled"), check=False, jobs=2)
    assert alone.changed == ["a.yaml", "c.yaml"]  # b.yaml was formatted through a.yaml
    assert pooled == alone
    expected = (FMT_FIXTURES / "out-of-order.expected.yaml").read_bytes()
    assert (tmp_path / "pooled" / "a.yaml").read_bytes() == expected
    assert (tmp_path / "pooled" / "b.yaml").is_symlink()


@pytest.mark.parametrize("check", [True, False], ids=["check", "write"])
def test_the_pool_caches_what_one_process_caches(tmp_path: Path, check: bool) -> None:
    stored = []
    for jobs in (1, 2):
        location = tmp_path / f"cache-{jobs}.json"
        folder = tmp_path / f"charters-{jobs}"
        run(mixed_folder(folder), check=check, jobs=jobs, cache=FormatCache.open(location=location))
        stored.append(json.loads(location.read_text())["formatted"])
    canonical = len(list(FIXTURE_CHARTERS.glob("*.yaml")))
    assert len(stored[0]) == canonical + (0 if check else 3)  # and never a broken file
    assert stored[1] == stored[0]


def test_a_cached_file_is_not_formatted_again(tmp_path: Path) -> None:
    files = mixed_folder(tmp_path / "charters")
    location = tmp_path / "cache.json"
    first = run(files, check=False, jobs=2, cache=FormatCache.open(location=location))
    again = run(files, check=True, jobs=2, cache=FormatCache.open(location=location))
    assert len(first.changed) == 3
    assert again.changed == [] and again.problems == first.problems


def test_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers see the patch")
def test_many_files_are_shared_by_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def where(path: Path, name: str, *, check: bool, key: bool) -> FileOutcome:
        return FileOutcome(f"{name} in {os.getpid()}", changed=True)

    monkeypatch.setattr(generator.edit.fmt_run, "format_one", where)
    files = mixed_folder(tmp_path / "charters")
    names = run(files, check=True, jobs=2).changed
    assert [name.split(" in ")[0] for name in names] == [name for _, name in files]
    assert str(os.getpid()) not in {name.split(" in ")[1] for name in names}
    alone = format_files(files, check=True, cache=FormatCache.open(enabled=False), jobs=2)
    assert {name.split(" in ")[1] for name in alone.changed} == {str(os.getpid())}  # too few
