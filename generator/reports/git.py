"""The git side of ``handbook diff``: find the base commit and read the charters on both sides.

The YAML files at a commit are read with ``git show`` and parsed with the same byte checks as
files on disk; the working tree is read as it is. Every failure is a DiffError.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from generator.check.document import SourceDocument
from generator.check.load import YAML_SUFFIXES, parse_bytes, read_document

MAIN_BRANCHES = ("origin/main", "main", "origin/master", "master")


class DiffError(Exception):
    """The comparison cannot be made: no git, no repository or no base to compare with."""


def _git(repo: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *arguments], cwd=repo, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError as error:
        raise DiffError("git is not installed or not on PATH") from error
    except NotADirectoryError as error:
        raise DiffError(f"{repo} is not a directory") from error


def require_repository(repo: Path) -> None:
    """Raise DiffError unless ``repo`` is a folder inside a git work tree."""
    if not repo.is_dir():
        raise DiffError(f"{repo} is not a directory")
    run = _git(repo, "rev-parse", "--is-inside-work-tree")
    if run.returncode != 0 or run.stdout.strip() != b"true":
        raise DiffError(f"{repo} is not inside a git repository (with a work tree)")


def resolve_commit(repo: Path, ref: str) -> str | None:
    """The commit ``ref`` names, or None when it names none."""
    if ref.startswith("-"):
        return None
    run = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return run.stdout.decode().strip() if run.returncode == 0 else None


def merge_base(repo: Path, main_branches: Sequence[str] = MAIN_BRANCHES) -> str:
    """The merge base of HEAD with the first of ``main_branches`` that exists."""
    return merge_base_with_branch(repo, main_branches)[0]


def merge_base_with_branch(
    repo: Path, main_branches: Sequence[str] = MAIN_BRANCHES
) -> tuple[str, str]:
    """The merge base of HEAD with the first of ``main_branches`` that exists, and that branch."""
    require_repository(repo)
    if resolve_commit(repo, "HEAD") is None:
        raise DiffError(f"{repo} has no commits yet: there is nothing to compare with")
    for branch in main_branches:
        if resolve_commit(repo, branch) is not None:
            run = _git(repo, "merge-base", "HEAD", branch)
            if run.returncode != 0:
                raise DiffError(f"HEAD and {branch} have no common ancestor")
            return run.stdout.decode().strip(), branch
    raise DiffError(
        f"none of the branches {', '.join(main_branches)} exists; "
        "fetch the main branch or name the base to compare with"
    )


def relative_dir(repo: Path, charters_dir: str) -> str:
    """``charters_dir`` as a POSIX path relative to ``repo`` (``.`` for the top)."""
    folder = Path(charters_dir)
    if folder.is_absolute():
        try:
            folder = folder.resolve().relative_to(repo.resolve())
        except ValueError as error:
            raise DiffError(f"{charters_dir} is not inside {repo}") from error
    return folder.as_posix().rstrip("/") or "."


def documents_at(repo: Path, commit: str, folder: str) -> list[SourceDocument]:
    """The YAML files below ``folder`` at ``commit``, parsed like files on disk."""
    listing = _git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", f"{folder}/")
    if listing.returncode != 0:
        raise DiffError(f"cannot list {folder}/ at {commit}: {listing.stderr.decode().strip()}")
    names = sorted(
        name
        for name in listing.stdout.decode("utf-8", errors="replace").split("\0")
        if name.endswith(YAML_SUFFIXES)
    )
    documents = []
    for name in names:
        shown = _git(repo, "show", f"{commit}:./{name}")
        if shown.returncode != 0:
            raise DiffError(f"cannot read {name} at {commit}: {shown.stderr.decode().strip()}")
        # The same byte checks as files on disk.
        documents.append(parse_bytes(shown.stdout, SourceDocument(file=name)))
    return documents


def working_documents(repo: Path, folder: str) -> list[SourceDocument]:
    """The YAML files below ``folder`` in the working tree, named relative to ``repo``."""
    root = repo / folder
    if not root.is_dir():
        return []
    paths = sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    return [read_document(path, path.relative_to(repo).as_posix()) for path in paths]


def changed_files(repo: Path, base: str) -> set[Path]:
    """The files changed since ``base`` (committed, staged, unstaged or new), as absolute paths.

    ``handbook check --changed-since BASE`` judges a pull request's warnings on these only.
    """
    require_repository(repo)
    commit = resolve_commit(repo, base)
    if commit is None:
        raise DiffError(f"'{base}' names no commit: fetch it, or name another base")
    # From where the branch left BASE, so what BASE changed since is not counted.
    fork = _git(repo, "merge-base", commit, "HEAD")
    if fork.returncode == 0:
        commit = fork.stdout.decode().strip()
    top = _git(repo, "rev-parse", "--show-toplevel").stdout.decode().strip()
    changed = _git(repo, "diff", "-z", "--name-only", commit, "--")
    new = _git(repo, "ls-files", "-z", "--others", "--exclude-standard")
    names = [
        *changed.stdout.decode("utf-8", errors="replace").split("\0"),
        *(
            str(Path(repo).resolve().relative_to(Path(top).resolve()) / name)
            for name in new.stdout.decode("utf-8", errors="replace").split("\0")
            if name
        ),
    ]
    return {(Path(top) / name).resolve() for name in names if name}
