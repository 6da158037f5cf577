"""How ``handbook fmt`` gets through many files: from the cache, then in a pool of processes.

1. the cache (:mod:`generator.edit.fmt_cache`) knows the file's content is formatted: skipped;
2. a pool of ``jobs`` processes formats the others, when there are enough of them for the
   pool's start to pay off;
3. otherwise this process formats them, one after the other.

Either way each file is read, formatted and (unless checking) written by one process only, all
files that are one file on disk (through symbolic links) by the same process, one after the
other in file order; the results are reported in file order, and only this process writes the
cache. A worker returns plain data: whether the file changed, the problem that stopped it, and
the cache entry of its canonical content.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic, Severity
from generator.edit import fmt
from generator.edit.fmt_cache import FormatCache, content_key
from generator.workers import default_jobs, pool_context

POOL_MIN_FILES = 200
"""Fewer files to format than this are formatted in this process: starting workers costs more."""

_CHUNKS_PER_WORKER = 8
"""How many pieces each worker's share is cut into, so that no worker waits long at the end."""


@dataclass(frozen=True)
class FileOutcome:
    """What formatting one file found."""

    name: str
    changed: bool
    """Not in canonical form (rewritten unless checking)."""
    problem: Diagnostic | None = None
    """Why the file could not be read, formatted or written."""
    canonical_key: str | None = None
    """The cache entry of the file's content once known to be canonical (None when the cache
    is off, or the file was not left canonical)."""


@dataclass
class FormatRun:
    """The files ``handbook fmt`` found not formatted, and the problems, in file order."""

    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def format_files(
    files: Sequence[tuple[Path, str]],
    *,
    check: bool,
    cache: FormatCache,
    jobs: int | None = None,
    pool_min_files: int = POOL_MIN_FILES,
) -> FormatRun:
    """Format ``files`` (path, display name), or with ``check`` only find which need it.

    Files ``cache`` knows are skipped, and the canonical contents met are saved to it at the
    end. ``jobs`` processes (default: one per CPU) share the work when at least
    ``pool_min_files`` files are left to format.
    """
    pending = [(path, name) for path, name in files if not cache.holds(path)]
    workers = min(jobs or default_jobs(), len(pending))
    if workers > 1 and len(pending) >= pool_min_files:
        outcomes = _in_pool(pending, workers, check=check, keys=cache.enabled)
    else:
        outcomes = [
            format_one(path, name, check=check, key=cache.enabled) for path, name in pending
        ]
    run = FormatRun()
    for outcome in outcomes:
        if outcome.changed:
            run.changed.append(outcome.name)
        if outcome.problem is not None:
            run.problems.append(outcome.problem)
        if outcome.canonical_key is not None:
            cache.add_key(outcome.canonical_key)
    cache.save()
    return run


def format_one(path: Path, name: str, *, check: bool, key: bool) -> FileOutcome:
    """Format one file (only check it with ``check``), in whichever process runs it.

    With ``key``, the outcome carries the cache entry of the file's canonical content.
    """
    canonical: list[str] = []

    def note(text: str) -> None:
        canonical.append(content_key(path, text.encode("utf-8")))

    try:
        changed = fmt.format_file(path, check=check, on_canonical=note if key else None)
    except OSError as error:
        return FileOutcome(name, False, unreadable(name, error))
    except fmt.FormatError as error:
        return FileOutcome(name, False, format_failed(name, error, "then format again"))
    return FileOutcome(name, changed, canonical_key=canonical[0] if canonical else None)


def unreadable(name: str, error: OSError) -> Diagnostic:
    """The problem for a file that cannot be read or written."""
    return Diagnostic(
        name,
        1,
        1,
        Severity.ERROR,
        Code.FILE_UNREADABLE,
        f"cannot read or write the file: {error.strerror}",
    )


def format_failed(name: str, error: fmt.FormatError, then: str) -> Diagnostic:
    """The problem for a file that cannot be formatted; ``then`` ends the hint."""
    return Diagnostic(
        name,
        error.line,
        error.column,
        Severity.ERROR,
        error.code,
        error.message,
        f"fix the file (see `handbook check`), {then}",
    )


_Group = tuple[tuple[Path, str], ...]
"""Files that are one file on disk, in file order: one worker formats them in turn."""


def _in_pool(
    pending: list[tuple[Path, str]], workers: int, *, check: bool, keys: bool
) -> list[FileOutcome]:
    """Each file's outcome, in the order of ``pending``, from ``workers`` processes."""
    groups: dict[str, list[int]] = {}
    for index, (path, _) in enumerate(pending):
        groups.setdefault(os.path.realpath(path), []).append(index)
    tasks = [(tuple(pending[i] for i in indices), check, keys) for indices in groups.values()]
    chunk = max(1, len(tasks) // (workers * _CHUNKS_PER_WORKER))
    outcomes: list[FileOutcome | None] = [None] * len(pending)
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        for indices, found in zip(
            groups.values(), pool.map(_format_group, tasks, chunksize=chunk), strict=True
        ):
            for index, outcome in zip(indices, found, strict=True):
                outcomes[index] = outcome
    assert all(outcome is not None for outcome in outcomes)
    return [outcome for outcome in outcomes if outcome is not None]


def _format_group(task: tuple[_Group, bool, bool]) -> list[FileOutcome]:
    files, check, key = task
    return [format_one(path, name, check=check, key=key) for path, name in files]
