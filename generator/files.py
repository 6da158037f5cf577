"""Writing files so that a reader, or a run that is stopped, never sees one half written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, LF): readers see the old file or the new one.

    The text goes to a temporary file in the same folder, is flushed to disk and then renamed
    over ``path``; on any failure the temporary file is removed and ``path`` is untouched.
    The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
    A symbolic link stays a link: the file it points to is the one replaced.
    """
    path = Path(os.path.realpath(path))
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


CACHE_FOLDER_VARIABLE = "HANDBOOK_CACHE_DIR"
"""Names another folder for the caches: a CI cache, or a checkout that must stay read-only."""


def cache_folder() -> Path:
    """Where ``check`` and ``fmt`` keep what they found: ``$HANDBOOK_CACHE_DIR``, else
    ``.handbook-cache`` in the handbook's root (the working directory)."""
    return Path(os.environ.get(CACHE_FOLDER_VARIABLE) or ".handbook-cache")
