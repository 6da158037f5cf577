"""`handbook check` with its cache and process pool finds exactly what a fresh, single run finds."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import generator
from generator.check import cache as check_cache
from generator.check import run as check_run
from generator.check.cache import CheckCache, check_fingerprint
from generator.settings import Settings
from tests.conftest import FIXTURE_CHARTERS, TODAY, RunHandbook

TODAY_TEXT = TODAY.isoformat()


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(FIXTURE_CHARTERS, root / "charters")
    (root / "handbook.toml").write_text("attention_limit = 2\n", encoding="utf-8")
    return root


def check(run_handbook: RunHandbook, root: Path, *options: str) -> dict[str, Any]:
    done = run_handbook("check", "--format", "json", "--today", TODAY_TEXT, *options, cwd=root)
    assert done.exit_code in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def fresh(run_handbook: RunHandbook, root: Path) -> dict[str, Any]:
    return check(run_handbook, root, "--no-cache", "--jobs", "1")


def codes(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((d["file"], d["code"]) for d in report["diagnostics"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cache_file(root: Path) -> Path:
    return Path(os.environ["HANDBOOK_CACHE_DIR"]) / check_cache.INDEX_NAME


def test_a_warm_run_reads_nothing_again_and_finds_the_same(
    run_handbook: RunHandbook, handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check(run_handbook, handbook_copy)
    assert cache_file(handbook_copy).is_file()
    checked: list[str] = []
    original = check_run._check_one
    monkeypatch.setattr(
        check_run, "_check_one", lambda file: checked.append(file[1]) or original(file)
    )
    assert check(run_handbook, handbook_copy) == cold == fresh(run_handbook, handbook_copy)
    assert checked == sorted(
        str(p.relative_to(handbook_copy)) for p in (handbook_copy / "charters").glob("*.yaml")
    )  # the fresh run only


def test_only_the_changed_charter_is_checked_again(
    run_handbook: RunHandbook, handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(run_handbook, handbook_copy)
    edit(
        handbook_copy / "charters" / "kestrel-support-services.yaml", "tier: maintain", "tier: top"
    )
    checked: list[str] = []
    original = check_run._check_one
    monkeypatch.setattr(
        check_run, "_check_one", lambda file: checked.append(file[1]) or original(file)
    )
    warm = check(run_handbook, handbook_copy)
    assert checked == ["charters/kestrel-support-services.yaml"]
    assert ("charters/kestrel-support-services.yaml", "invalid-value") in codes(warm)
    monkeypatch.undo()
    assert warm == fresh(run_handbook, handbook_copy)


def test_findings_across_files_follow_a_one_file_change(
    run_handbook: RunHandbook, handbook_copy: Path
) -> None:
    charters = handbook_copy / "charters"
    before = check(run_handbook, handbook_copy)
    assert not any(code == "owner-overloaded" for _, code in codes(before))
    # A third key account for Maya (the limit is 2): all three get the warning.
    edit(charters / "harborline-logistics.yaml", "owner: daniel-reyes", "owner: maya-okafor")
    edit(charters / "harborline-logistics.yaml", "  - id: daniel-reyes", "  - id: maya-okafor")
    overloaded = check(run_handbook, handbook_copy)
    assert [file for file, code in codes(overloaded) if code == "owner-overloaded"] == [
        "charters/brightpath-consulting.yaml",
        "charters/cloudpeak-alliance.yaml",
        "charters/harborline-logistics.yaml",
    ]
    assert overloaded == fresh(run_handbook, handbook_copy)
    # A charter redefines a glossary term: a term-conflict pointing at the glossary's line.
    edit(
        charters / "kestrel-support-services.yaml",
        "terms:\n",
        "terms:\n  - term: QBR\n    definition: Our quarterly bill review.\n",
    )
    conflict = check(run_handbook, handbook_copy)
    messages = [d["message"] for d in conflict["diagnostics"] if d["code"] == "term-conflict"]
    assert messages == ["'QBR' is already defined differently in charters/glossary.yaml:12"]
    assert conflict == fresh(run_handbook, handbook_copy)
    # Undone, every finding across files is as it was: the old set of contents is known.
    edit(
        charters / "kestrel-support-services.yaml",
        "  - term: QBR\n    definition: Our quarterly bill review.\n",
        "",
    )
    edit(charters / "harborline-logistics.yaml", "owner: maya-okafor", "owner: daniel-reyes")
    edit(charters / "harborline-logistics.yaml", "  - id: maya-okafor", "  - id: daniel-reyes")
    assert check(run_handbook, handbook_copy) == before


def test_a_term_no_charter_uses_any_more_is_reported(
    run_handbook: RunHandbook, handbook_copy: Path
) -> None:
    charters = handbook_copy / "charters"
    check(run_handbook, handbook_copy)
    users = [
        p
        for p in charters.glob("*.yaml")
        if "health score" in p.read_text(encoding="utf-8").split("terms:")[0].casefold()
        and p.name != "glossary.yaml"
    ]
    assert users
    for path in users:
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("health score", "account score").replace("Health score", "Account score"),
            encoding="utf-8",
        )
    warm = check(run_handbook, handbook_copy)
    unused = [d["message"] for d in warm["diagnostics"] if d["code"] == "term-unused"]
    assert "term 'health score' is not used in any charter" in unused
    assert warm == fresh(run_handbook, handbook_copy)


@pytest.mark.parametrize(
    "change",
    ["settings", "today", "version"],
)
def test_what_decides_a_result_besides_the_file_starts_an_empty_cache(
    run_handbook: RunHandbook, handbook_copy: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    check(run_handbook, handbook_copy)
    options: tuple[str, ...] = ()
    if change == "settings":
        (handbook_copy / "handbook.toml").write_text("attention_limit = 1\n", encoding="utf-8")
    elif change == "today":
        options = ("--today", "2027-06-01")
    else:
        monkeypatch.setattr(generator, "__version__", generator.__version__ + ".post1")
    checked: list[str] = []
    original = check_run._check_one
    monkeypatch.setattr(
        check_run, "_check_one", lambda file: checked.append(file[1]) or original(file)
    )
    done = run_handbook(
        "check", "--format", "json", "--today", TODAY_TEXT, *options, cwd=handbook_copy
    )
    assert len(checked) == 7  # six charters and the glossary
    monkeypatch.setattr(check_run, "_check_one", original)
    again = run_handbook(
        "check",
        "--format",
        "json",
        "--today",
        TODAY_TEXT,
        "--no-cache",
        *options,
        cwd=handbook_copy,
    )
    assert done.stdout == again.stdout


def test_the_fingerprint_covers_the_checking_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "generator"
    shutil.copytree(
        Path(generator.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(generator, "__file__", str(package / "__init__.py"))
    settings, today = Settings(), datetime.date(2026, 11, 23)
    first = check_fingerprint(settings, today)
    assert check_fingerprint(settings, today) == first
    schema = package / "check" / "schema.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert check_fingerprint(settings, today) != first
    site = package / "site" / "render.py"
    changed = check_fingerprint(settings, today)
    site.write_text(site.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert check_fingerprint(settings, today) == changed  # the site does not decide findings


def test_no_cache_neither_reads_nor_writes(run_handbook: RunHandbook, handbook_copy: Path) -> None:
    fresh(run_handbook, handbook_copy)
    assert not cache_file(handbook_copy).exists()
    check(run_handbook, handbook_copy)
    before = cache_file(handbook_copy).read_bytes()
    edit(
        handbook_copy / "charters" / "kestrel-support-services.yaml", "tier: maintain", "tier: top"
    )
    fresh(run_handbook, handbook_copy)
    assert cache_file(handbook_copy).read_bytes() == before
    assert (
        (cache_file(handbook_copy).parent / ".gitignore")
        .read_text(encoding="utf-8")
        .endswith("*\n")
    )


@pytest.mark.parametrize(
    "damage",
    ["truncated", "not-json", "wrong-types", "wrong-code", "bad-terms"],
)
def test_a_damaged_cache_is_never_believed(
    run_handbook: RunHandbook, handbook_copy: Path, damage: str
) -> None:
    expected = check(run_handbook, handbook_copy)
    index = cache_file(handbook_copy)
    stored = json.loads(index.read_text(encoding="utf-8"))
    stored["across"] = {}  # make the rules across files run over the cached facts
    entry = stored["entries"]["charters/harborline-logistics.yaml"]["result"]
    if damage == "truncated":
        text = index.read_text(encoding="utf-8")[:-200]
    elif damage == "not-json":
        text = "\x00garbage"
    else:
        if damage == "wrong-types":
            entry["fields"] = {"id": 7}
        elif damage == "wrong-code":
            entry["diagnostics"] = [[1, 1, "error", "no-such-code", "x", ""]]
        else:
            entry["terms"] = [["zero", {}, None, 5]]
        text = json.dumps(stored)
    index.write_text(text, encoding="utf-8")
    assert check(run_handbook, handbook_copy) == expected


def test_a_change_that_keeps_size_and_times_is_still_seen(
    run_handbook: RunHandbook, handbook_copy: Path
) -> None:
    check(run_handbook, handbook_copy)
    path = handbook_copy / "charters" / "kestrel-support-services.yaml"
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tier: maintain", "tier: mainta1n"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # as a careless copy would
    assert path.stat().st_size == status.st_size
    assert ("charters/kestrel-support-services.yaml", "invalid-value") in codes(
        check(run_handbook, handbook_copy)
    )


def test_two_runs_sharing_the_cache_keep_both_their_entries(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(handbook_copy)
    settings, today = Settings(attention_limit=2), TODAY
    first = CheckCache.open(settings, today)
    second = CheckCache.open(settings, today)
    assert first is not None and second is not None
    check_run.check_paths(
        ["charters/harborline-logistics.yaml"], settings, today, keep_documents=False, cache=first
    )
    check_run.check_paths(
        ["charters/kestrel-support-services.yaml"],
        settings,
        today,
        keep_documents=False,
        cache=second,
    )
    stored = json.loads(cache_file(handbook_copy).read_text(encoding="utf-8"))
    assert set(stored["entries"]) == {
        "charters/harborline-logistics.yaml",
        "charters/kestrel-support-services.yaml",
    }


def test_a_pool_finds_what_one_process_finds(
    run_handbook: RunHandbook, handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    charters = handbook_copy / "charters"
    sources = sorted(path for path in charters.glob("*.yaml") if path.name != "glossary.yaml")
    for copy in range(42):  # enough files for two workers to share, with errors among them
        source = sources[copy % len(sources)]
        text = source.read_text(encoding="utf-8").replace(
            f"id: {source.stem}", f"id: {source.stem}-{copy}", 1
        )
        (charters / f"{source.stem}-{copy}.yaml").write_text(
            text + ("tier: twice\n" if copy % 7 == 0 else ""), encoding="utf-8"
        )
    monkeypatch.setattr(check_run, "POOL_MIN_FILES", 2)
    pooled = check(run_handbook, handbook_copy, "--no-cache", "--jobs", "2")
    single = check(run_handbook, handbook_copy, "--no-cache", "--jobs", "1")
    assert pooled == single
    assert ("charters/brightpath-consulting-0.yaml", "duplicate-key") in codes(single)
    assert ("charters/brightpath-consulting-0.yaml", "owner-overloaded") in codes(single)


def test_a_session_checks_again_only_what_changed_and_finds_what_a_fresh_check_finds(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.check import validate
    from generator.check.run import CheckSession

    monkeypatch.chdir(handbook_copy)
    settings = Settings(attention_limit=2)
    session = CheckSession()
    checked: list[str] = []
    original = validate.check_file

    def counting(document: Any, *arguments: Any, **options: Any) -> Any:
        checked.append(document.file)
        return original(document, *arguments, **options)

    monkeypatch.setattr(validate, "check_file", counting)
    first = session.check(["charters"], settings, TODAY)
    assert len(checked) == 7
    charters = handbook_copy / "charters"
    edit(charters / "harborline-logistics.yaml", "owner: daniel-reyes", "owner: maya-okafor")
    edit(charters / "harborline-logistics.yaml", "  - id: daniel-reyes", "  - id: maya-okafor")
    checked.clear()
    second = session.check(["charters"], settings, TODAY)
    assert checked == ["charters/harborline-logistics.yaml"]
    fresh_result = check_run.check_paths(["charters"], settings, TODAY)
    assert second.diagnostics == fresh_result.diagnostics != first.diagnostics
    assert [r.charter for r in second.charters] == [r.charter for r in fresh_result.charters]
    assert [r.completeness for r in second.charters] == [
        r.completeness for r in fresh_result.charters
    ]
    # Undone: the unchanged files' results were not touched by the findings of the edit.
    edit(charters / "harborline-logistics.yaml", "owner: maya-okafor", "owner: daniel-reyes")
    edit(charters / "harborline-logistics.yaml", "  - id: maya-okafor", "  - id: daniel-reyes")
    assert session.check(["charters"], settings, TODAY).diagnostics == first.diagnostics
