"""Generate the site's content: check the charters, render the pages, add the exports.

Shared by the MkDocs plugin and ``handbook pages``. Problems are reported as diagnostics
through :mod:`generator.check.formatters`, like ``handbook check`` reports them.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.check.formatters import format_diagnostics, printable, summary_line
from generator.check.results import CheckResult
from generator.check.run import CheckSession, gc_paused
from generator.errors import HandbookError
from generator.settings import Settings
from generator.site import exports, git_dates
from generator.site.glossary import HandbookGlossary, UsageMemo, glossary_of
from generator.site.render import GeneratedPage, RenderedSite, SiteRenderer, TemplateProblem


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
    return SiteGenerator(charters_dir, templates_dir, again=False).generate(
        settings, today, report_warning, report_draft, directory_urls
    )


@dataclass(frozen=True)
class CheckedSite:
    """A check without errors, with what rendering it needs."""

    result: CheckResult
    settings: Settings
    today: datetime.date


class SiteGenerator:
    """Checks and renders one handbook, as often as asked (``mkdocs serve``: on every save),
    redoing only what changed since the previous time.

    The check runs again only when a charter file's content, the settings or "today" changed;
    pages are rendered again only when what they show changed (:class:`SiteRenderer`); each
    charter's calendar and ``api/charters.json`` entry are made again only when the charter
    or its check did. What is returned is always what a fresh :func:`check_and_render` gives.
    """

    def __init__(
        self,
        charters_dir: Path,
        templates_dir: Path,
        *,
        again: bool = True,
        edit_base: str | None = None,
        dates_from_git: bool = False,
    ) -> None:
        """``again=False`` for a generator used once: it reads nothing to compare later.
        ``edit_base`` is where charter files are edited (:func:`charters_edit_base`);
        ``dates_from_git`` gives each charter page its last change from git."""
        self.charters_dir = charters_dir
        self.templates_dir = templates_dir
        self.edit_base = edit_base
        self.dates_from_git = dates_from_git
        self._again = again
        self.checked = False
        """Whether the last :meth:`generate` ran the check (else its result was still valid)."""
        self._check: tuple[dict[str, bytes], Settings, datetime.date, CheckResult] | None = None
        self._glossary: tuple[CheckResult, HandbookGlossary] | None = None
        self._session = CheckSession()
        """Checks again only the files whose bytes changed."""
        self._usage = UsageMemo()
        self._renderer = SiteRenderer(templates_dir)
        self._exports = exports.ExportMemo()

    def generate(
        self,
        settings: Settings,
        today: datetime.date,
        report_warning: Callable[[str], object] = print,
        report_draft: Callable[[str], object] = print,
        directory_urls: bool = True,
    ) -> RenderedSite:
        """The site as :func:`check_and_render` makes it; errors raise with located messages."""
        return self.render(
            self.check(settings, today, report_warning, report_draft), directory_urls
        )

    def check(
        self,
        settings: Settings,
        today: datetime.date,
        report_warning: Callable[[str], object] = print,
        report_draft: Callable[[str], object] = print,
    ) -> CheckedSite:
        """The charters checked and their glossary; errors raise with located messages, the
        rest is reported."""
        with gc_paused():
            return self._check_paused(settings, today, report_warning, report_draft)

    def _check_paused(
        self,
        settings: Settings,
        today: datetime.date,
        report_warning: Callable[[str], object],
        report_draft: Callable[[str], object],
    ) -> CheckedSite:
        result = self._checked(settings, today)
        if result.error_count:
            # Errors first and alone: never buried under a draft's notes or the reminders.
            errors = [diagnostic for diagnostic in result.diagnostics if diagnostic.is_error]
            raise BuildFailed(
                "the charters have errors:\n" + format_diagnostics(errors) + summary_line(result),
                preformatted=True,
            )
        _report(result, report_warning, report_draft)
        return CheckedSite(result, settings, today)

    def render(
        self,
        checked: CheckedSite,
        directory_urls: bool = True,
        on_page: Callable[[GeneratedPage], object] | None = None,
    ) -> RenderedSite:
        """The pages and files of a checked site; a template problem raises. ``on_page`` is
        given each page as soon as it is ready, before the files are made."""
        with gc_paused():
            if self._glossary is None or self._glossary[0] is not checked.result:
                # Once: the pages and the exports share it.
                self._glossary = (checked.result, glossary_of(checked.result, self._usage))
            glossary = self._glossary[1]
            try:
                site = self._renderer.render(
                    checked.result,
                    checked.settings,
                    checked.today,
                    directory_urls,
                    glossary,
                    on_page,
                    edit_base=self.edit_base,
                    last_changed=(
                        git_dates.last_changed(self.charters_dir) if self.dates_from_git else None
                    ),
                )
            except TemplateProblem as problem:
                raise BuildFailed(str(problem)) from problem
            site.files = site_exports(
                checked.result, checked.settings, checked.today, glossary, self._exports
            )
        return site

    def _checked(self, settings: Settings, today: datetime.date) -> CheckResult:
        """The check of the charters as they are now: the previous one while still valid."""
        # Read before checking: a file saved meanwhile differs next time and is checked again.
        sources = _charter_sources(self.charters_dir) if self._again else None
        previous = self._check
        if (
            previous is not None
            and sources is not None
            and (sources, settings, today) == previous[:3]
        ):
            self.checked = False
            return previous[3]
        self._check = self._glossary = None  # let the previous result go before the next
        self.checked = True
        try:
            result = self._session.check([str(self.charters_dir)], settings, today)
        except FileNotFoundError as error:
            raise BuildFailed(f"charters folder not found: {error}") from error
        if sources is not None:
            self._check = (sources, settings, today, result)
        return result


def _charter_sources(charters_dir: Path) -> dict[str, bytes] | None:
    """The content of every file below ``charters_dir`` named like YAML, by path: what the
    check reads, and more (any case of the suffix). None when one is not a regular file or
    cannot be read, so that the check always runs then and reports it."""
    sources: dict[str, bytes] = {}
    try:
        for path in sorted(charters_dir.rglob("*")):
            if path.suffix.lower() not in (".yaml", ".yml") or path.is_dir():
                continue
            if not path.is_file():
                return None  # a FIFO or a device: never opened here
            sources[str(path)] = path.read_bytes()
    except OSError:
        return None
    return sources


def _report(
    result: CheckResult,
    report_warning: Callable[[str], object],
    report_draft: Callable[[str], object],
) -> None:
    """Warnings, what each draft still lacks, and the reminders from the calendar."""
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


def site_exports(
    result: CheckResult,
    settings: Settings,
    today: datetime.date,
    glossary: HandbookGlossary | None = None,
    memo: exports.ExportMemo | None = None,
) -> dict[str, str | bytes]:
    """The machine-readable files of the site: JSON exports and a calendar per charter.

    ``glossary`` is the one the pages were rendered with, when there is one. ``memo`` keeps
    what each charter gave, to make again only what changed when called again.
    """
    memo = memo if memo is not None else exports.ExportMemo()
    files: dict[str, str | bytes] = {
        exports.CHARTERS_EXPORT: exports.charters_export_text(result, today, settings, memo),
        exports.GLOSSARY_EXPORT: exports.export_json(exports.glossary_export(result, glossary)),
    }
    for charter in result.valid_charters:
        files[exports.charter_calendar_path(charter.id)] = memo.calendar(charter, today)
    memo.forget_others({charter.id for charter in result.valid_charters})
    return files


def export_paths(result: CheckResult) -> list[str]:
    """The site paths of :func:`site_exports`' files, in the same order."""
    return [
        exports.CHARTERS_EXPORT,
        exports.GLOSSARY_EXPORT,
        *(exports.charter_calendar_path(charter.id) for charter in result.valid_charters),
    ]


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
