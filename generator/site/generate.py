"""Generate the site's content: check the charters, render the pages, add the exports.

Shared by the MkDocs plugin and ``handbook pages``. Problems are reported as diagnostics
through :mod:`generator.check.formatters`, like ``handbook check`` reports them.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from pathlib import Path

from generator.check.formatters import format_diagnostics, printable, summary_line
from generator.check.validate import CheckResult, check_paths
from generator.errors import HandbookError
from generator.settings import Settings
from generator.site import exports
from generator.site.glossary import HandbookGlossary, glossary_of
from generator.site.render import RenderedSite, TemplateProblem, render_site


class BuildFailed(HandbookError):
    """The charters have errors or a template failed; the message says where."""


def check_and_render(
    charters_dir: Path,
    templates_dir: Path,
    settings: Settings,
    today: datetime.date,
    report_warning: Callable[[str], object] = print,
    report_draft: Callable[[str], object] = print,
    directory_urls: bool = True,
) -> RenderedSite:
    """Check ``charters_dir`` and render its pages; errors raise with located messages.

    ``directory_urls`` is the site's ``use_directory_urls`` (MkDocs' default, True).
    """
    try:
        result = check_paths([str(charters_dir)], settings, today)
    except FileNotFoundError as error:
        raise BuildFailed(f"charters folder not found: {error}") from error
    if result.error_count:
        # Errors first and alone: never buried under a draft's notes or the reminders.
        errors = [diagnostic for diagnostic in result.diagnostics if diagnostic.is_error]
        raise BuildFailed(
            "the charters have errors:\n" + format_diagnostics(errors) + summary_line(result),
            preformatted=True,
        )
    for diagnostic in result.strict_failures():
        report_warning(format_diagnostics([diagnostic]).rstrip("\n"))
    for draft in sorted(result.draft_files):
        # A proposed charter is a draft: what it lacks is expected, not a build warning.
        lacking = [d for d in result.diagnostics if d.file == draft and d.is_warning]
        if lacking:
            report_draft(
                f"{printable(draft)} is a draft (status: proposed); what it still lacks:\n"
                + format_diagnostics(lacking).rstrip("\n")
            )
    reminders = [diagnostic for diagnostic in result.diagnostics if diagnostic.is_reminder]
    if reminders:
        report_draft(
            "reminders from the calendar (they never fail a build; `handbook remind` lists "
            "them by owner):\n" + format_diagnostics(reminders).rstrip("\n")
        )
    glossary = glossary_of(result)  # once: the pages and the export share it
    try:
        site = render_site(result, settings, today, templates_dir, directory_urls, glossary)
    except TemplateProblem as problem:
        raise BuildFailed(str(problem)) from problem
    site.files = site_exports(result, settings, today, glossary)
    return site


def site_exports(
    result: CheckResult,
    settings: Settings,
    today: datetime.date,
    glossary: HandbookGlossary | None = None,
) -> dict[str, str | bytes]:
    """The machine-readable files of the site: JSON exports and a calendar per charter.

    ``glossary`` is the one the pages were rendered with, when there is one.
    """
    files: dict[str, str | bytes] = {
        exports.CHARTERS_EXPORT: exports.export_json(
            exports.charters_export(result, today, settings)
        ),
        exports.GLOSSARY_EXPORT: exports.export_json(exports.glossary_export(result, glossary)),
    }
    for charter in result.valid_charters:
        files[exports.charter_calendar_path(charter.id)] = exports.charter_calendar(
            charter, today=today
        )
    return files


def error_page(problem: str) -> str:
    """A Markdown page that shows ``problem`` as written: what `mkdocs serve` shows in place of
    the handbook while the charters, a template or the configuration are wrong.

    The text goes in one raw HTML ``<pre>`` block on a single line, HTML-escaped, with each
    line break written as ``&#10;``: Markdown leaves a raw HTML block as it is, so no extension
    (or its absence) can end the block or turn the text into markup.
    """
    lines = [printable(line) for line in problem.strip("\n").split("\n")]
    body = "&#10;".join(html.escape(line, quote=False) for line in lines)
    return (
        "# The site cannot be built\n\n"
        "The handbook shows this page until the problem below is fixed. Save the fix and the "
        "page reloads by itself; `mkdocs build` and `handbook build` fail until then.\n\n"
        f'<pre class="handbook-error"><code>{body}</code></pre>\n'
    )
