"""Run MkDocs' own ``build`` and ``serve`` around the ``charters`` plugin.

``handbook build`` and ``handbook serve`` are MkDocs with the handbook's "today": an explicit
``--today`` reaches the plugin as ``SOURCE_DATE_EPOCH``, which also makes the build
reproducible.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.settings import resolve_today


def run_mkdocs(
    command: str, config_file: Path, today: str | None, options: Sequence[str] = ()
) -> int:
    """Run ``mkdocs COMMAND`` on ``config_file`` and return its exit code."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if today:
        midnight = datetime.datetime.combine(
            resolve_today(today), datetime.time(), datetime.timezone.utc
        )
        environment["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    arguments = [
        sys.executable,
        "-m",
        "mkdocs",
        command,
        *options,
        "--config-file",
        str(config_file),
    ]
    return subprocess.run(arguments, env=environment, check=False).returncode
