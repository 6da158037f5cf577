"""Build the site: check the charters, render the pages, then run an MkDocs build or serve.

The checking and rendering half is shared by the MkDocs plugin and ``handbook pages``;
``handbook build`` and ``handbook serve`` wrap MkDocs' own commands around the plugin.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

from generator.check.formatters import format_text
from generator.check.validate import CheckResult, check_paths
from generator.settings import Settings
from generator.site import exports
from generator.site.render import RenderedSite, TemplateProblem, render_site, write_pages


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
        site = render_site(result, settings, today, templates_dir)
    except TemplateProblem as problem:
        raise BuildFailed(str(problem)) from problem
    site.files = site_exports(result, settings, today)
    return site


def site_exports(
    result: CheckResult, settings: Settings, today: datetime.date
) -> dict[str, str | bytes]:
    """The machine-readable files of the site: JSON exports and a calendar per charter."""
    files: dict[str, str | bytes] = {
        exports.CHARTERS_EXPORT: exports.export_json(
            exports.charters_export(result, today, settings)
        ),
        exports.GLOSSARY_EXPORT: exports.export_json(exports.glossary_export(result)),
    }
    for charter in result.valid_charters:
        files[exports.charter_calendar_path(charter.id)] = exports.charter_calendar(
            charter, today=today
        )
    return files


def export_for_other_builders(site: RenderedSite, mkdocs_yml: Path, out: Path) -> Path:
    """Write a self-contained copy of the handbook below ``out`` that needs no plugin.

    ``out/docs`` holds the hand-written pages with the generated ones beside them, and
    ``out/mkdocs.yml`` is the project's configuration with the generated navigation written
    in and the ``charters`` plugin removed, so any builder that reads ``mkdocs.yml``
    (MkDocs itself, Zensical) builds the same site. Returns the written configuration.
    """
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order and unknown tags survive
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"))
    docs = mkdocs_yml.parent / str(config.get("docs_dir", "docs"))
    if docs.is_dir():
        shutil.copytree(docs, out / "docs", dirs_exist_ok=True)
    write_pages(site, out / "docs")
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [
        plugin
        for plugin in config.get("plugins", [])
        if not (plugin == "charters" or (isinstance(plugin, dict) and "charters" in plugin))
    ]
    config["nav"] = [*site.nav(), *(config.get("nav") or [])]
    written = out / "mkdocs.yml"
    with written.open("w", encoding="utf-8") as stream:
        yaml.dump(config, stream)
    return written
