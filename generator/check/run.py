"""How ``handbook check`` gets through many files: from the cache, then in a pool of processes.

A run that does not keep documents (``handbook check``) checks each file on its own, keeps only
its findings and :class:`~generator.check.facts.FileFacts`, and lets the file's values go. That
is what makes the three ways of getting a file's result interchangeable:

1. the cache (:mod:`generator.check.cache`) has the result for the file's content;
2. a pool of ``jobs`` processes checks the files the cache does not have, when there are
   enough of them for the pool's start to pay off;
3. otherwise this process checks them, one after the other.

The rules across files (:mod:`generator.check.across`) then run over every file's facts,
whichever way they came; for a set of contents the cache has seen, their findings come from the
cache too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.across import check_across_files, findings_across_files
from generator.check.document import SourceDocument
from generator.check.load import find_yaml_files, parse_bytes, read_bytes, read_document
from generator.check.results import CheckResult, FileResult
from generator.settings import Settings
from generator.workers import pool_context

if TYPE_CHECKING:
    from generator.check.cache import CheckCache

Checked = tuple["str | None", "FileResult"]
"""A file's result, with the digest of the content it was checked from (None if unread)."""

POOL_MIN_FILES = 300
"""Fewer files to check than this are checked in this process: starting workers costs more."""

_CHUNKS_PER_WORKER = 8
"""How many pieces each worker's share is cut into, so that no worker waits long at the end."""


def check_paths(
    paths: Iterable[str],
    settings: Settings,
    today: datetime.date,
    *,
    keep_documents: bool = True,
    jobs: int = 1,
    cache: CheckCache | None = None,
) -> CheckResult:
    """Read every YAML file under ``paths`` and check them together.

    ``keep_documents=False`` lets each file's values go once it is checked (its facts and
    findings stay), which is what allows ``jobs`` processes and the ``cache``. Raises
    FileNotFoundError naming the paths that do not exist.
    """
    files, missing = find_yaml_files(paths)
    if missing:
        raise FileNotFoundError(", ".join(missing))
    with gc_paused():
        if not keep_documents:
            return _check_without_documents(files, settings, today, jobs=jobs, cache=cache)
        from generator.check.validate import check_file

        results = [
            check_file(read_document(path, name), settings, today, keep=True)
            for path, name in files
        ]
        return check_across_files(results, settings, today)


class CheckSession:
    """Checks one handbook again and again (``serve``, after each save), keeping documents.

    A file whose bytes are what they were keeps the result of its own check: only changed
    files are parsed and checked again. The rules across files always run again, over every
    file's facts; a charter's term mentions are kept per set of term names
    (:mod:`generator.check.mentions`), so only changed text is searched. What :meth:`check`
    returns is what :func:`check_paths` gives for the same files.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, FileResult]] = {}
        self._judged_with: tuple[Settings, datetime.date] | None = None

    def check(self, paths: Iterable[str], settings: Settings, today: datetime.date) -> CheckResult:
        """Like ``check_paths(paths, settings, today)``. Raises FileNotFoundError likewise."""
        from generator.check.validate import check_file

        files, missing = find_yaml_files(paths)
        if missing:
            raise FileNotFoundError(", ".join(missing))
        if self._judged_with != (settings, today):
            self._kept, self._judged_with = {}, (settings, today)
        kept: dict[str, tuple[bytes, FileResult]] = {}
        results: list[FileResult] = []
        with gc_paused():
            for path, name in files:
                document = SourceDocument(file=name)
                raw = read_bytes(path, document)
                earlier = self._kept.get(name)
                if raw is not None and earlier is not None and earlier[0] == raw:
                    result = _before_rules_across_files(earlier[1])
                else:
                    if raw is not None:
                        parse_bytes(raw, document)
                    result = check_file(document, settings, today, keep=True)
                if raw is not None:
                    kept[name] = (raw, _before_rules_across_files(result))
                results.append(result)
            self._kept = kept
            return check_across_files(results, settings, today)


def _before_rules_across_files(result: FileResult) -> FileResult:
    """A copy the rules across files may add findings to, leaving ``result`` as it was."""
    return dataclasses.replace(result, diagnostics=list(result.diagnostics))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while many files are read, or results loaded, and kept.

    Checking allocates many small objects that live on; Python's collector would go over all
    of them again and again, which made checking grow faster than the number of files.
    Checking makes little cyclic garbage, which is collected once the pause ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_without_documents(
    files: list[tuple[Path, str]],
    settings: Settings,
    today: datetime.date,
    *,
    jobs: int,
    cache: CheckCache | None,
) -> CheckResult:
    """Check ``files`` (path, display name) with the cache and ``jobs`` processes."""
    found: list[Checked | None] = [
        cache.result(path, name) if cache is not None else None for path, name in files
    ]
    missing = [index for index, checked in enumerate(found) if checked is None]
    for index, checked in zip(
        missing, _check_all([files[i] for i in missing], settings, today, jobs), strict=True
    ):
        found[index] = checked
        digest, result = checked
        if cache is not None and digest is not None:
            cache.add(files[index][0], digest, result)
    results = [result for _, result in filter(None, found)]
    if cache is None:
        return check_across_files(results, settings, today)
    from generator.check.cache import CacheCorrupt

    contents = [(result.file, digest or "") for digest, result in filter(None, found)]
    known = cache.findings_across_files(contents)
    if known is None:
        try:
            cache.add_rule_facts()
        except CacheCorrupt:
            return _check_without_documents(files, settings, today, jobs=jobs, cache=None)
        known = findings_across_files(results, settings, today, cache.words_of)
        cache.keep_findings_across_files(contents, known)
    checked_all = check_across_files(results, settings, today, known=known)
    cache.save()
    return checked_all


def _check_all(
    files: list[tuple[Path, str]], settings: Settings, today: datetime.date, jobs: int
) -> list[Checked]:
    if jobs < 2 or len(files) < POOL_MIN_FILES:
        _set_run(settings, today)
        return [_check_one(file) for file in files]
    import generator.check.validate  # noqa: F401  (before forking: workers start with it)

    workers = min(jobs, len(files))
    chunk = max(1, len(files) // (workers * _CHUNKS_PER_WORKER))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=pool_context(),
        initializer=_start_worker,
        initargs=(settings, today),
    ) as pool:
        return list(pool.map(_check_one, files, chunksize=chunk))


_settings: Settings | None = None
_today: datetime.date | None = None


def _set_run(settings: Settings, today: datetime.date) -> None:
    global _settings, _today
    _settings, _today = settings, today


def _start_worker(settings: Settings, today: datetime.date) -> None:
    """A worker keeps nothing between files, so its garbage collector costs little: it runs
    even when the parent paused its own (see :func:`gc_paused`)."""
    gc.enable()
    _set_run(settings, today)


def _check_one(file: tuple[Path, str]) -> Checked:
    """Read, parse and check one file on its own, in whichever process runs it."""
    from generator.check.validate import check_file

    assert _settings is not None and _today is not None
    path, name = file
    document = SourceDocument(file=name)
    raw = read_bytes(path, document)
    if raw is not None:
        parse_bytes(raw, document)
    result = check_file(document, _settings, _today, keep=False)
    return (hashlib.sha256(raw).hexdigest() if raw is not None else None), result
