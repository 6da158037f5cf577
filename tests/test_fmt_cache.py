"""`handbook fmt`'s cache of formatted contents: it skips only what it may, and only saves work."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.edit.fmt
import generator.edit.fmt_cache
from generator.edit.fmt_cache import CACHE_NAME, FormatCache, content_key
from tests.conftest import FIXTURE_CHARTERS, RunHandbook, copy_handbook

FMT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"
CHARTERS = len(list(FIXTURE_CHARTERS.glob("*.yaml")))


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    return copy_handbook(tmp_path / "handbook")


@pytest.fixture
def formatted_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files `handbook fmt` formats (rather than skips), in order."""
    names: list[str] = []
    real: Callable[..., bool] = generator.edit.fmt.format_file

    def counting(path: Path, **options: Any) -> bool:
        names.append(path.name)
        return real(path, **options)

    monkeypatch.setattr(generator.edit.fmt, "format_file", counting)
    return names


def stored(handbook: Path) -> dict[str, Any]:
    stored_cache: dict[str, Any] = json.loads(_cache_file().read_text())
    return stored_cache


def test_a_second_run_skips_the_files_the_first_found_formatted(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str]
) -> None:
    first = run_handbook("fmt", "--check", cwd=handbook)
    assert first.exit_code == 0 and len(formatted_files) == CHARTERS
    assert len(stored(handbook)["formatted"]) == CHARTERS
    formatted_files.clear()
    second = run_handbook("fmt", "--check", cwd=handbook)
    assert second.exit_code == 0 and formatted_files == []
    assert second.stdout == first.stdout  # skipped files count as formatted


def test_a_changed_file_is_checked_again_and_reported(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str]
) -> None:
    run_handbook("fmt", "--check", cwd=handbook)
    formatted_files.clear()
    charter = handbook / "charters" / "glossary.yaml"
    shutil.copy(FMT_FIXTURES / "glossary.yaml", charter)  # valid but not formatted
    run = run_handbook("fmt", "--check", cwd=handbook)
    assert formatted_files == ["glossary.yaml"]
    assert run.exit_code == 1
    assert "would reformat charters/glossary.yaml" in run.stdout


def test_an_unformatted_file_is_never_cached_as_formatted(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str]
) -> None:
    messy = handbook / "charters" / "out-of-order.yaml"
    shutil.copy(FMT_FIXTURES / "out-of-order.yaml", messy)
    for _ in range(2):
        run = run_handbook("fmt", "--check", cwd=handbook)
        assert run.exit_code == 1 and "would reformat charters/out-of-order.yaml" in run.stdout
    assert content_key(messy, messy.read_bytes()) not in stored(handbook)["formatted"]
    assert formatted_files.count("out-of-order.yaml") == 2
    # once rewritten, its new content is cached: the next check formats nothing
    assert run_handbook("fmt", cwd=handbook).exit_code == 0
    assert content_key(messy, messy.read_bytes()) in stored(handbook)["formatted"]
    formatted_files.clear()
    assert run_handbook("fmt", "--check", cwd=handbook).exit_code == 0
    assert formatted_files == []


def test_a_file_that_cannot_be_formatted_is_never_cached(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str]
) -> None:
    broken = handbook / "charters" / "broken.yaml"
    broken.write_text("id: broken\nname: [unclosed\n")
    for _ in range(2):
        run = run_handbook("fmt", "--check", cwd=handbook)
        assert run.exit_code == 1 and "charters/broken.yaml:2:7: error[yaml-syntax]" in run.stdout
    assert formatted_files.count("broken.yaml") == 2
    assert content_key(broken, broken.read_bytes()) not in stored(handbook)["formatted"]


def test_the_same_text_as_a_charter_and_as_the_glossary_are_distinct_entries(
    tmp_path: Path,
) -> None:
    text = b"id: acme\n"
    as_charter = content_key(tmp_path / "acme.yaml", text)
    assert as_charter != content_key(tmp_path / "glossary.yaml", text)


def test_a_changed_fingerprint_starts_an_empty_cache(
    run_handbook: RunHandbook,
    handbook: Path,
    formatted_files: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_handbook("fmt", "--check", cwd=handbook)
    old = stored(handbook)["fingerprint"]
    monkeypatch.setattr(generator.edit.fmt_cache, "formatter_fingerprint", lambda: "another")
    formatted_files.clear()
    assert run_handbook("fmt", "--check", cwd=handbook).exit_code == 0
    assert len(formatted_files) == CHARTERS
    assert stored(handbook)["fingerprint"] == "another" != old


def test_the_fingerprint_follows_the_formatting_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = generator.edit.fmt_cache.formatter_fingerprint()
    assert before is not None and before == generator.edit.fmt_cache.formatter_fingerprint()
    monkeypatch.setattr("generator.__version__", "999.0")
    assert generator.edit.fmt_cache.formatter_fingerprint() not in (None, before)


@pytest.mark.parametrize(
    "corrupt",
    [b"{not json", b"\xff\xfe", b"[]", b'{"fingerprint": 1}', b'{"formatted": 3}', b"[" * 100_000],
    ids=["syntax", "binary", "list", "no-entries", "wrong-types", "deep"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str], corrupt: bytes
) -> None:
    _cache_file().parent.mkdir()
    _cache_file().write_bytes(corrupt)
    run = run_handbook("fmt", "--check", cwd=handbook)
    assert run.exit_code == 0 and "Traceback" not in run.stdout + run.stderr
    assert len(formatted_files) == CHARTERS
    assert len(stored(handbook)["formatted"]) == CHARTERS


def test_a_cache_that_cannot_be_written_is_skipped(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    _cache_file().parent.write_text("a file where the cache folder should be")
    run = run_handbook("fmt", "--check", cwd=handbook)
    assert run.exit_code == 0 and run.stderr == ""
    assert f"0 of {CHARTERS} files would be reformatted" in run.stdout


def test_no_cache_neither_reads_nor_writes(
    run_handbook: RunHandbook, handbook: Path, formatted_files: list[str]
) -> None:
    assert run_handbook("fmt", "--check", "--no-cache", cwd=handbook).exit_code == 0
    assert not _cache_file().exists()
    run_handbook("fmt", "--check", cwd=handbook)
    before = _cache_file().read_bytes()
    formatted_files.clear()
    assert run_handbook("fmt", "--check", "--no-cache", cwd=handbook).exit_code == 0
    assert len(formatted_files) == CHARTERS
    assert _cache_file().read_bytes() == before


def test_saving_merges_with_entries_another_run_wrote(handbook: Path) -> None:
    location = _cache_file()
    acme, beta = handbook / "charters" / "acme.yaml", handbook / "charters" / "beta.yaml"
    first, second = FormatCache.open(location=location), FormatCache.open(location=location)
    first.add(acme, "id: acme\n")
    second.add(beta, "id: beta\n")
    first.save()
    second.save()
    assert set(stored(handbook)["formatted"]) == {
        content_key(acme, b"id: acme\n"),
        content_key(beta, b"id: beta\n"),
    }


def _cache_file() -> Path:
    """Where this test's runs keep the cache (conftest gives each test a folder of its own)."""
    return Path(os.environ["HANDBOOK_CACHE_DIR"]) / CACHE_NAME
