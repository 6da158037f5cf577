"""Which file contents ``handbook fmt`` already found in canonical form, so it can skip them.

The cache is ``.handbook-cache/fmt-v1.json`` in the handbook's root (the working directory). It
holds the SHA-256 of contents known to be formatted, each taken together with the kind of file
(a charter or the glossary: the same text can be canonical for one and not the other), under a
*formatter fingerprint*: a hash of the tool's version, ruamel.yaml's version and the source of
the modules that decide the canonical form. A change to any of them starts an empty cache.

The cache only ever saves work: one that is missing, unreadable, corrupt or for another
fingerprint is treated as empty, and one that cannot be written is not written. Writes are
atomic and merge with the entries on disk, so two runs may share it. A file ``handbook fmt``
could not format, or found not formatted, is never added.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from pathlib import Path

CACHE_NAME = "fmt-v1.json"
"""The cache's file in the cache folder (``.handbook-cache`` in the handbook's root)."""

MAX_ENTRIES = 100_000
"""The most entries kept: those this run used come first, then the others on disk."""

FORMATTER_MODULES = (
    "generator.edit.fmt",
    "generator.edit.roundtrip",
    "generator.edit.libyaml_load",
    "generator.edit.comments",
    "generator.edit.layout",
    "generator.check.schema",
    "generator.check.load",
)
"""Modules whose source decides the canonical form (``schema``: the key order) or which files
are refused (``load``: the limits ``handbook check`` reads with)."""


def formatter_fingerprint() -> str | None:
    """The hash of everything that decides what is canonical; None if a source cannot be read."""
    import ruamel.yaml

    import generator

    digest = hashlib.sha256()
    for part in (generator.__version__, ruamel.yaml.__version__):
        digest.update(part.encode("utf-8") + b"\0")
    for name in FORMATTER_MODULES:
        source = importlib.import_module(name).__file__
        if source is None:
            return None
        try:
            digest.update(name.encode("utf-8") + b"\0" + Path(source).read_bytes() + b"\0")
        except OSError:
            return None
    return digest.hexdigest()


def content_key(path: Path, content: bytes) -> str:
    """The entry for ``content`` as the file ``path``: a charter's, the glossary's and the
    people registry's differ (each has its own key order)."""
    from generator.check.document import file_kind

    return hashlib.sha256(file_kind(str(path)).encode() + b"\0" + content).hexdigest()


class FormatCache:
    """The contents known to be formatted, read once, saved once at the end of a run.

    A disabled cache (``--no-cache``) reads nothing, holds nothing and writes nothing.
    """

    def __init__(self, location: Path | None, fingerprint: str | None) -> None:
        self._location = location if fingerprint is not None else None
        self._fingerprint = fingerprint
        self._known: set[str] = self._read() if self._location is not None else set()
        self._used: set[str] = set()
        self._added: set[str] = set()

    @classmethod
    def open(cls, *, enabled: bool = True, location: Path | None = None) -> FormatCache:
        """The cache at ``location`` (default: ``fmt-v1.json`` in
        :func:`~generator.files.cache_folder`), or a disabled one."""
        from generator.files import cache_folder

        if not enabled:
            return cls(None, None)
        return cls(location or cache_folder() / CACHE_NAME, formatter_fingerprint())

    def holds(self, path: Path) -> bool:
        """Whether ``path``'s current content is known to be formatted."""
        if self._location is None:
            return False
        from generator.check.document import SourceDocument
        from generator.check.load import read_bytes

        content = read_bytes(path, SourceDocument(file=path.name))
        if content is None:
            return False  # formatting reports why it cannot be read
        key = content_key(path, content)
        if key not in self._known:
            return False
        self._used.add(key)
        return True

    @property
    def enabled(self) -> bool:
        """Whether the cache is read and saved (not ``--no-cache``)."""
        return self._location is not None

    def add(self, path: Path, text: str) -> None:
        """Note that ``text``, now the content of ``path``, is formatted."""
        if self._location is None:
            return
        self.add_key(content_key(path, text.encode("utf-8")))

    def add_key(self, key: str) -> None:
        """Note that the content whose :func:`content_key` is ``key`` is formatted."""
        if self._location is None:
            return
        self._used.add(key)
        if key not in self._known:
            self._known.add(key)
            self._added.add(key)

    def save(self) -> None:
        """Write the new entries, merged with those on disk; silently not when it cannot."""
        if self._location is None or not self._added:
            return
        from generator.files import write_atomically

        others = sorted((self._read() | self._known) - self._used)
        entries = sorted(self._used) + others[: max(0, MAX_ENTRIES - len(self._used))]
        text = json.dumps({"fingerprint": self._fingerprint, "formatted": sorted(entries)})
        with contextlib.suppress(OSError):
            self._location.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self._location, text + "\n")

    def _read(self) -> set[str]:
        """The entries on disk for this fingerprint; none if the file is missing or corrupt."""
        assert self._location is not None
        try:
            stored = json.loads(self._location.read_bytes())
        except (OSError, ValueError, RecursionError):
            return set()
        if not isinstance(stored, dict) or stored.get("fingerprint") != self._fingerprint:
            return set()
        entries = stored.get("formatted")
        if not isinstance(entries, list):
            return set()
        return {entry for entry in entries if isinstance(entry, str)}
