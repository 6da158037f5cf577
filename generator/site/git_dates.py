"""When each charter last changed, from git: the date a charter page shows as "Last changed".

One ``git log`` over the charters folder gives every file's last commit in one pass, however
many charters there are. The dates are commit dates, so every build of the same commit shows
the same ones (a file's modification time would not survive a checkout). A shallow clone
knows only the commits it has: there, files last changed before it show the clone's oldest
commit date. Changes not committed yet do not count.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from generator.check.load import YAML_SUFFIXES

GIT_TIMEOUT = 30.0
"""Seconds ``git log`` may take before the dates are given up (the pages show none)."""
_COMMIT = "\x01"
"""Starts a commit's line in the log, which holds its date; file names follow it."""


def last_changed(charters_dir: Path) -> dict[str, datetime.date]:
    """The date of the last commit that changed each charter file below ``charters_dir``, by
    charter id (the file name without ``.yaml``; the check makes it the charter's id).

    The date is the committer's, in the committer's time zone. Empty when git is not installed,
    the folder is not in a git work tree, or git fails: never an error, since the dates are
    only a nicety.
    """
    try:
        run = subprocess.run(
            [
                "git",
                "-c",
                "log.showSignature=false",
                "log",
                "--no-merges",
                "--no-renames",
                "--name-only",
                "--relative",
                "-z",
                f"--format=format:{_COMMIT}%cd",
                "--date=short",
                "--",
                ".",
            ],
            cwd=charters_dir,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    if run.returncode != 0:
        return {}
    return parse_log(run.stdout.decode("utf-8", errors="replace"))


def parse_log(log: str) -> dict[str, datetime.date]:
    """The dates of :func:`last_changed` from the output of its ``git log``, newest commit
    first: a file's first appearance is its last change.

    Each commit is ``\x01DATE``, a line break and its first file name; every name ends with a
    NUL, and so does the commit's list of names.
    """
    dates: dict[str, datetime.date] = {}
    day: datetime.date | None = None
    for field in log.split("\0"):
        if field.startswith(_COMMIT):
            written, _, field = field[1:].partition("\n")
            try:
                day = datetime.date.fromisoformat(written.strip())
            except ValueError:
                day = None
        path = Path(field)
        if day is not None and field and path.suffix in YAML_SUFFIXES:
            dates.setdefault(path.stem, day)
    return dates
