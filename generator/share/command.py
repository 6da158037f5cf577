"""``handbook share ID [--out FILE]``: check the handbook, then write the partner's page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.check.formatters import format_diagnostics, printable
from generator.check.schema import Charter
from generator.check.validate import CheckResult, check_paths
from generator.errors import EXIT_OK, HandbookError, UsageError
from generator.files import write_atomically
from generator.settings import SETTINGS_FILENAME, load_settings, resolve_today
from generator.share.page import render_share
from generator.share.view import excluded_paths
from generator.text import did_you_mean


def run_share(arguments: argparse.Namespace) -> int:
    """Write charter ``arguments.id``'s page for the partner to ``arguments.out`` or stdout.

    Reads ``arguments.config`` (the settings file), ``arguments.today`` and, when given,
    ``arguments.templates`` (default ``templates/``). Refuses an unknown id or setting
    (exit code 2) and a charter ``handbook check`` finds errors in (exit code 1).
    """
    config: Path | None = getattr(arguments, "config", None)
    settings = load_settings(config)
    exclude = excluded_paths(settings, str(config or SETTINGS_FILENAME))
    today = resolve_today(arguments.today)
    templates_dir = Path(getattr(arguments, "templates", None) or "templates")
    try:
        result = check_paths([settings.charters_dir], settings, today)
    except FileNotFoundError as error:
        raise UsageError(f"no such file or directory: {error}") from error
    charter = _valid_charter(result, arguments.id)
    registry = result.people
    page = render_share(
        charter,
        [item.glossary for item in result.glossaries if item.glossary is not None],
        today,
        templates_dir,
        exclude=exclude,
        names={person.id: person.name for person in registry.people} if registry else {},
    )
    out: Path | None = arguments.out
    if out is None:
        _write_stdout(page)
        return EXIT_OK
    try:
        write_atomically(Path(out), page)
    except OSError as error:
        raise UsageError(f"--out {out}: cannot write: {error.strerror or error}") from error
    print(printable(f"wrote {out}: the {charter.name} charter, for the partner"))
    return EXIT_OK


def _valid_charter(result: CheckResult, charter_id: str) -> Charter:
    """Charter ``charter_id``, when neither it, the glossary nor the people registry has an
    error; errors elsewhere in the handbook do not stop it."""
    found = [item for item in result.charters if item.charter_id == charter_id]
    if not found:
        ids = sorted({item.charter_id for item in result.charters})
        hint = did_you_mean(charter_id, ids, f"the charters are: {', '.join(ids) or 'none'}")
        raise UsageError(f"no charter has the id '{charter_id}'; {hint}")
    if len(found) > 1:
        files = ", ".join(item.file for item in found)
        raise UsageError(f"{len(found)} charter files have the id '{charter_id}': {files}")
    shared = {found[0].file} | {item.file for item in [*result.glossaries, *result.registries]}
    errors = [item for item in result.diagnostics if item.is_error and item.file in shared]
    charter = found[0].charter
    if errors or charter is None:
        raise HandbookError(
            f"{printable(charter_id)} is not shared while `handbook check` finds errors in it, "
            f"the glossary or the people registry:\n{format_diagnostics(errors)}".rstrip("\n"),
            preformatted=True,
        )
    return charter


def _write_stdout(page: str) -> None:
    """The page as UTF-8, whatever the terminal's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(page)
        return
    sys.stdout.flush()
    buffer.write(page.encode("utf-8"))
    buffer.flush()
