"""`handbook codeowners`: the handbook's block in `.github/CODEOWNERS`, and `--check`.

The handbook is ``tests/fixtures/codeowners/handbook`` (three charters; cedar-council's owner
has no GitHub handle), copied to a temporary folder for each test. ``existing/`` holds
CODEOWNERS files as an organisation might have them; ``expected/`` what the command makes of
them (``new``: of no file at all). The expected files are reviewed by hand in the diff.

Until the command is wired into the CLI these tests call ``run_codeowners`` as ``cli.main``
would: from the handbook's root, showing a HandbookError as one line and its exit code.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.check.formatters import printable
from generator.codeowners import (
    BEGIN_LINE,
    END_LINE,
    MarkerError,
    Merged,
    codeowners_pattern,
    merge_block,
    run_codeowners,
)
from generator.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HandbookError
from tests.conftest import REPOSITORY, TODAY

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "codeowners"
EXPECTED = FIXTURES / "expected"
EXISTING = FIXTURES / "existing"
BLOCK = (EXPECTED / "new").read_text(encoding="utf-8")
"""The fixture handbook's block, alone."""
CEDAR_NOTE = (
    "charters/cedar-council.yaml: owner 'priya-natarajan' has no github handle in "
    "charters/people.yaml; owned by @northwind/handbook-editors\n"
)


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture handbook, made the working directory."""
    root = tmp_path / "handbook"
    shutil.copytree(FIXTURES / "handbook", root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def codeowners(
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., Run]:
    """Run `handbook codeowners` in the working directory, as ``cli.main`` runs a command
    and shows what stops it."""

    def run(*, check: bool = False, file: str | None = None, config: str | None = None) -> Run:
        capsys.readouterr()
        arguments = argparse.Namespace(
            check=check,
            file=Path(file) if file is not None else None,
            config=Path(config) if config is not None else None,
            today=TODAY.isoformat(),
        )
        try:
            exit_code = run_codeowners(arguments)
        except HandbookError as error:
            print(f"handbook: error: {printable(str(error))}", file=sys.stderr)
            exit_code = error.exit_code
        printed = capsys.readouterr()
        return Run(exit_code, printed.out, printed.err)

    return run


def place(handbook: Path, content: bytes | str | Path) -> Path:
    """Put ``content`` (bytes, text or a file's) in ``.github/CODEOWNERS``."""
    path = handbook / ".github" / "CODEOWNERS"
    path.parent.mkdir(exist_ok=True)
    if isinstance(content, Path):
        content = content.read_bytes()
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# Writing -------------------------------------------------------------------------------------


def test_writes_the_block_into_a_new_file(handbook: Path, codeowners: Callable[..., Run]) -> None:
    run = codeowners()
    assert (run.exit_code, run.stderr) == (EXIT_OK, CEDAR_NOTE)
    assert run.stdout == "wrote the handbook's block into .github/CODEOWNERS\n"
    assert (handbook / ".github" / "CODEOWNERS").read_bytes() == (EXPECTED / "new").read_bytes()


@pytest.mark.parametrize("case", ["organisation-lines", "block-in-the-middle"])
def test_writes_the_block_into_an_existing_file(
    handbook: Path, codeowners: Callable[..., Run], case: str
) -> None:
    path = place(handbook, EXISTING / case)
    assert codeowners().exit_code == EXIT_OK
    assert path.read_bytes() == (EXPECTED / case).read_bytes()


def test_keeps_every_other_line_byte_for_byte(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    theirs = (
        "* @northwind/eng  \r\n\t# Zoë's rules\u2028 stay\n/docs/   @northwind/docs\r\n".encode()
    )
    path = place(handbook, theirs)
    codeowners()
    assert path.read_bytes() == theirs + b"\n" + BLOCK.encode()


def test_a_last_line_without_its_line_end_gets_one(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    path = place(handbook, b"* @northwind/eng")
    codeowners()
    assert path.read_bytes() == b"* @northwind/eng\n\n" + BLOCK.encode()


def test_replaces_an_outdated_block_where_it_is(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    theirs = "* @northwind/eng\n\n"
    path = place(handbook, f"{theirs}{BEGIN_LINE}\n/charters/old.yaml @someone\n{END_LINE}\n\n")
    run = codeowners()
    assert "moved" not in run.stdout
    assert path.read_text(encoding="utf-8") == theirs + BLOCK + "\n"


def test_moving_the_block_to_the_end_is_said(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    place(handbook, EXISTING / "block-in-the-middle")
    run = codeowners()
    assert run.stdout.startswith(
        ".github/CODEOWNERS: moved the handbook's block to the end, below lines that followed "
        "it: in CODEOWNERS the last matching pattern wins\n"
    )


def test_a_second_run_changes_nothing(handbook: Path, codeowners: Callable[..., Run]) -> None:
    path = place(handbook, EXISTING / "block-in-the-middle")
    codeowners()
    written = path.read_bytes(), path.stat().st_mtime_ns
    run = codeowners()
    assert run.stdout == ".github/CODEOWNERS: the handbook's block is up to date\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == written
    assert codeowners(check=True).exit_code == EXIT_OK


def test_a_handbook_below_the_repository_root_names_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codeowners: Callable[..., Run]
) -> None:
    shutil.copytree(FIXTURES / "handbook", tmp_path / "repository" / "team handbook")
    monkeypatch.chdir(tmp_path / "repository" / "team handbook")
    codeowners(file="../.github/CODEOWNERS")
    written = (tmp_path / "repository" / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert written == BLOCK.replace("/charters/", "/team\\ handbook/charters/")


# Owners --------------------------------------------------------------------------------------


def test_a_charter_with_other_errors_keeps_its_owner(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    charter = handbook / "charters" / "alder-academy.yaml"
    charter.write_text(
        charter.read_text(encoding="utf-8").replace("tier: growth", "tier: platinum"),
        encoding="utf-8",
    )
    codeowners()
    assert (handbook / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == BLOCK


@pytest.mark.parametrize(
    ("owner_line", "why"),
    [
        ("owner: nobody-known", "owner 'nobody-known' is not in charters/people.yaml"),
        ("owner: [maya-okafor]", "no `owner` written as an id"),
        ("", "no `owner` written as an id"),
    ],
)
def test_an_owner_without_a_handle_falls_back_to_the_team(
    handbook: Path, codeowners: Callable[..., Run], owner_line: str, why: str
) -> None:
    charter = handbook / "charters" / "birch-support.yaml"
    text = charter.read_text(encoding="utf-8").replace("owner: tomas-herrera\n", owner_line + "\n")
    charter.write_text(text, encoding="utf-8")
    run = codeowners()
    assert f"charters/birch-support.yaml: {why}; owned by @northwind/handbook-editors\n" in (
        run.stderr
    )
    assert (handbook / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == BLOCK.replace(
        "birch-support.yaml @therrera-nw", "birch-support.yaml @northwind/handbook-editors"
    )


def test_without_a_team_the_shared_files_have_no_owner(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    (handbook / "handbook.toml").write_text("", encoding="utf-8")
    run = codeowners()
    assert run.stderr == (
        "charters/cedar-council.yaml: owner 'priya-natarajan' has no github handle in "
        "charters/people.yaml, and no codeowners_team is set (handbook.toml): left without an "
        "owner in CODEOWNERS\n"
        "charters/glossary.yaml: no codeowners_team is set (handbook.toml): left without an "
        "owner in CODEOWNERS\n"
        "charters/people.yaml: no codeowners_team is set (handbook.toml): left without an "
        "owner in CODEOWNERS\n"
    )
    assert (handbook / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == (
        f"{BEGIN_LINE}\n"
        "/charters/alder-academy.yaml @gwhitfield\n"
        "/charters/birch-support.yaml @therrera-nw\n"
        "# /charters/cedar-council.yaml has no owner: set codeowners_team\n"
        "# /charters/glossary.yaml has no owner: set codeowners_team\n"
        "# /charters/people.yaml has no owner: set codeowners_team\n"
        f"{END_LINE}\n"
    )


def test_file_names_codeowners_cannot_match_are_left_out(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    charters = handbook / "charters"
    shutil.copy(charters / "alder-academy.yaml", charters / "alder academy.yaml")
    shutil.copy(charters / "alder-academy.yaml", charters / "alder[1].yaml")
    run = codeowners()
    assert "charters/alder[1].yaml: CODEOWNERS cannot name this file" in run.stderr
    written = (handbook / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/charters/alder\\ academy.yaml @gwhitfield\n" in written
    assert "alder[1]" not in written


@pytest.mark.parametrize(
    ("relative", "pattern"),
    [
        ("charters/acme.yaml", "/charters/acme.yaml"),
        ("team handbook/charters/acme retail.yaml", "/team\\ handbook/charters/acme\\ retail.yaml"),
        ("charters/zoë.yaml", "/charters/zoë.yaml"),
        ("charters/#1.yaml", None),
        ("charters/!acme.yaml", None),
        ("charters/acme[1].yaml", None),
        ("charters/acme*.yaml", None),
        ("charters/acme?.yaml", None),
        ("charters/acme\\.yaml", None),
        ("charters/acme\t.yaml", None),
        ("charters/acme\n.yaml", None),
        ("charters/acme\u00a0.yaml", None),
        ("", None),
        (None, None),
    ],
)
def test_codeowners_patterns(relative: str | None, pattern: str | None) -> None:
    assert codeowners_pattern(relative) == pattern


# --check -------------------------------------------------------------------------------------


def test_check_passes_when_the_block_is_current(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    place(handbook, EXPECTED / "organisation-lines")
    run = codeowners(check=True)
    assert (run.exit_code, run.stdout) == (
        EXIT_OK,
        ".github/CODEOWNERS: the handbook's block is up to date\n",
    )


def test_check_shows_the_drift_and_writes_nothing(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    outdated = (EXPECTED / "organisation-lines").read_text(encoding="utf-8")
    outdated = outdated.replace("cedar-council.yaml @northwind/handbook-editors", "cedar.yaml @x")
    path = place(handbook, outdated)
    run = codeowners(check=True)
    assert run.exit_code == EXIT_FAILED
    assert run.stdout == (
        "--- .github/CODEOWNERS (now)\n"
        "+++ .github/CODEOWNERS (handbook codeowners)\n"
        "@@ -6,7 +6,7 @@\n"
        " # BEGIN handbook codeowners (generated by `handbook codeowners`; do not edit by hand)\n"
        " /charters/alder-academy.yaml @gwhitfield\n"
        " /charters/birch-support.yaml @therrera-nw\n"
        "-/charters/cedar.yaml @x\n"
        "+/charters/cedar-council.yaml @northwind/handbook-editors\n"
        " /charters/glossary.yaml @northwind/handbook-editors\n"
        " /charters/people.yaml @northwind/handbook-editors\n"
        " # END handbook codeowners\n"
        ".github/CODEOWNERS: the handbook's block is out of date: run `handbook codeowners`\n"
    )
    assert path.read_text(encoding="utf-8") == outdated


def test_check_fails_when_the_block_is_missing(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    run = codeowners(check=True)
    assert run.exit_code == EXIT_FAILED
    assert "+/charters/alder-academy.yaml @gwhitfield\n" in run.stdout
    assert run.stdout.endswith(
        ".github/CODEOWNERS: the handbook's block is missing: run `handbook codeowners`\n"
    )
    assert not (handbook / ".github").exists()


def test_check_fails_when_the_block_is_not_last(
    handbook: Path, codeowners: Callable[..., Run]
) -> None:
    moved = (EXPECTED / "block-in-the-middle").read_text(encoding="utf-8")
    place(handbook, f"{moved}/charters/ @northwind/everyone\n")
    run = codeowners(check=True)
    assert run.exit_code == EXIT_FAILED
    assert run.stdout.endswith(
        ".github/CODEOWNERS: the handbook's block must come last: run `handbook codeowners`\n"
    )


# Broken inputs -------------------------------------------------------------------------------


def test_no_people_registry(handbook: Path, codeowners: Callable[..., Run]) -> None:
    (handbook / "charters" / "people.yaml").unlink()
    run = codeowners()
    assert run.exit_code == EXIT_FAILED
    assert run.stderr == (
        "handbook: error: codeowners takes each charter owner's GitHub handle from the people "
        "registry, charters/people.yaml, and there is none: write one, giving each person who "
        "owns a charter a `github` handle\n"
    )
    assert not (handbook / ".github").exists()


@pytest.mark.parametrize(
    "registry",
    ["people:\n  - id: Not A Slug\n    name: X\n", "people: [", "- a list\n", "people:\n  - 3\n"],
)
def test_an_invalid_people_registry(
    handbook: Path, codeowners: Callable[..., Run], registry: str
) -> None:
    (handbook / "charters" / "people.yaml").write_text(registry, encoding="utf-8")
    run = codeowners()
    assert run.exit_code == EXIT_FAILED
    assert run.stderr == (
        "handbook: error: charters/people.yaml: the people registry is not valid, so no GitHub "
        "handle can be read from it: run `handbook check charters/people.yaml` and fix its "
        "errors\n"
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            f"* @x\n{BEGIN_LINE}\n/a @b\n",
            ".github/CODEOWNERS:2: `# BEGIN handbook codeowners` without a "
            "`# END handbook codeowners` after it",
        ),
        (
            f"{BEGIN_LINE}\n{END_LINE}\n\n{BEGIN_LINE}\n{END_LINE}\n",
            ".github/CODEOWNERS:4: a second `# BEGIN handbook codeowners` (the first is on line 1)",
        ),
        (
            f"* @x\n{END_LINE}\n",
            ".github/CODEOWNERS:2: `# END handbook codeowners` without a "
            "`# BEGIN handbook codeowners` before it",
        ),
        (b"* @x\n\xff\xfe\n", ".github/CODEOWNERS:2: not UTF-8 text: save the file as UTF-8"),
    ],
)
@pytest.mark.parametrize("check", [False, True])
def test_a_damaged_codeowners_file(
    handbook: Path,
    codeowners: Callable[..., Run],
    content: str | bytes,
    error: str,
    check: bool,
) -> None:
    path = place(handbook, content)
    before = path.read_bytes()
    run = codeowners(check=check)
    assert run.exit_code == EXIT_FAILED
    assert run.stderr.startswith(CEDAR_NOTE + f"handbook: error: {error}")
    assert path.read_bytes() == before


def test_codeowners_is_a_folder(handbook: Path, codeowners: Callable[..., Run]) -> None:
    (handbook / ".github" / "CODEOWNERS").mkdir(parents=True)
    run = codeowners()
    assert (run.exit_code, run.stderr.splitlines()[-1]) == (
        EXIT_FAILED,
        "handbook: error: .github/CODEOWNERS is a folder: CODEOWNERS must be a file",
    )


def test_github_is_a_file(handbook: Path, codeowners: Callable[..., Run]) -> None:
    (handbook / ".github").write_text("", encoding="utf-8")
    run = codeowners()
    assert run.exit_code == EXIT_FAILED
    assert run.stderr.splitlines()[-1].startswith("handbook: error: .github/CODEOWNERS: cannot ")


def test_a_path_no_file_can_have(handbook: Path, codeowners: Callable[..., Run]) -> None:
    run = codeowners(file="CODE\0OWNERS")
    assert run.exit_code == EXIT_FAILED
    assert run.stderr.splitlines()[-1].startswith("handbook: error: CODE\\x00OWNERS: not a usable")


def test_no_charters_folder(handbook: Path, codeowners: Callable[..., Run]) -> None:
    shutil.rmtree(handbook / "charters")
    run = codeowners()
    assert (run.exit_code, run.stderr) == (
        EXIT_USAGE,
        "handbook: error: no such file or directory: charters\n",
    )


# Merging, on its own -------------------------------------------------------------------------

NEW = f"{BEGIN_LINE}\nnew\n{END_LINE}\n"
OLD = f"{BEGIN_LINE}\nold\n{END_LINE}\n"


@pytest.mark.parametrize(
    ("existing", "merged"),
    [
        ("", Merged(NEW, moved=False)),
        ("* @x\n", Merged(f"* @x\n\n{NEW}", moved=False)),
        ("* @x\n\n", Merged(f"* @x\n\n{NEW}", moved=False)),
        ("* @x", Merged(f"* @x\n\n{NEW}", moved=False)),
        (OLD, Merged(NEW, moved=False)),
        (f"* @x\n\n{OLD}\n\n", Merged(f"* @x\n\n{NEW}\n\n", moved=False)),
        (f"* @x\n\n{OLD}\n/y @z\n", Merged(f"* @x\n\n/y @z\n\n{NEW}", moved=True)),
        (f"{OLD}/y @z", Merged(f"/y @z\n\n{NEW}", moved=True)),
        (f"* @x\r\n{OLD.replace(chr(10), chr(13) + chr(10))}", Merged(f"* @x\r\n{NEW}", False)),
        (f"\ufeff{OLD}", Merged(NEW, moved=False)),
    ],
)
def test_merge_block(existing: str, merged: Merged) -> None:
    assert merge_block(existing, NEW) == merged
    assert merge_block(merged.text, NEW) == Merged(merged.text, moved=False)


@pytest.mark.parametrize(
    ("existing", "line"),
    [
        (f"{BEGIN_LINE}\n", 1),
        (f"{OLD}{OLD}", 4),
        (f"{END_LINE}\n{OLD}", 1),
        (f"{OLD}{END_LINE}\n", 4),
        (f"* @x\n{BEGIN_LINE}\n{BEGIN_LINE}\n{END_LINE}\n", 3),
    ],
)
def test_merge_block_refuses_damaged_markers(existing: str, line: int) -> None:
    with pytest.raises(MarkerError) as raised:
        merge_block(existing, NEW)
    assert raised.value.line == line


# The pull-request workflow ---------------------------------------------------------------------


def test_pull_requests_check_the_block() -> None:
    workflow = (REPOSITORY / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    assert "run: handbook codeowners --check\n" in workflow
