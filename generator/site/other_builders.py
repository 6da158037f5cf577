"""The handbook for other MkDocs-compatible builders (``handbook pages``): no plugin needed."""

from __future__ import annotations

import shutil
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.edit.roundtrip import WIDTH
from generator.site.render import RenderedSite, write_pages


def mkdocs_setting(mkdocs_yml: Path, key: str) -> object:
    """One top-level value of the MkDocs configuration, or None when it or the file is absent."""
    try:
        config = YAML().load(mkdocs_yml.read_text(encoding="utf-8"))
    except (OSError, ValueError, YAMLError):
        return None
    return config.get(key) if isinstance(config, dict) else None


def uses_directory_urls(mkdocs_yml: Path) -> bool:
    """The configuration's ``use_directory_urls`` (MkDocs' default: True)."""
    return mkdocs_setting(mkdocs_yml, "use_directory_urls") is not False


def export_for_other_builders(site: RenderedSite, mkdocs_yml: Path, out: Path) -> Path:
    """Write a self-contained copy of the handbook below ``out`` that needs no plugin.

    ``out/docs`` holds the hand-written pages with the generated ones beside them, and
    ``out/mkdocs.yml`` is the project's configuration with the generated navigation written
    in and the ``charters`` plugin removed, so any builder that reads ``mkdocs.yml``
    (MkDocs itself, Zensical) builds the same site. Returns the written configuration.
    """
    yaml = YAML()  # round trip: comments, order and unknown tags survive
    yaml.width = WIDTH  # a navigation title folded onto two lines is invalid YAML
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
