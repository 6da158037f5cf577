"""Build the site: check the charters, render the pages, then run an MkDocs build or serve.

The checking and rendering half is shared by the MkDocs plugin and ``handbook pages``;
``handbook build`` and ``handbook serve`` wrap MkDocs' own commands around the plugin.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from generator.render import RenderedSite, TemplateProblem, render_site
from generator.report import format_text
from generator.settings import Settings
from generator.validate import check_paths


def _status(data: object) -> object:
    return data.get("status") if isinstance(data, dict) else None


class BuildFailed(Exception):
    """The charters have errors or a template failed; the message says where."""


def check_and_render(
    charters_dir: Path,
    templates_dir: Path,
    settings: Settings,
    today: datetime.date,
    report_warning: Callable[[str], object] = print,
    report_draft: Callable[[str], object] = print,
) -> RenderedSite:
    """Check ``charters_dir`` and render its pages; errors raise with located messages."""
    try:
        result = check_paths([str(charters_dir)], settings, today)
    except FileNotFoundError as error:
        raise BuildFailed(f"charters folder not found: {error}") from error
    if result.error_count:
        raise BuildFailed("the charters have errors:\n" + format_text(result))
    drafts = {c.document.file for c in result.charters if _status(c.document.data) == "proposed"}
    for diagnostic in result.diagnostics:
        where = f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"
        if diagnostic.file in drafts:
            # A proposed charter is a draft: what it lacks is expected, not a build warning.
            report_draft(f"{where}: draft: {diagnostic.code}: {diagnostic.message}")
        else:
            report_warning(f"{where}: warning[{diagnostic.code}] {diagnostic.message}")
    try:
        return render_site(result, settings, today, templates_dir)
    except TemplateProblem as problem:
        raise BuildFailed(str(problem)) from problem
