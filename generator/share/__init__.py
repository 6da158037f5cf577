"""``handbook share``: one charter as a self-contained HTML page for the partner.

The page is what both sides follow, so it holds what both sides may read and nothing of our
own notes. It is rendered from the validated :class:`~generator.check.schema.Charter`, never
from the YAML, in four steps, one module each:

- :mod:`~generator.share.view`: the shared view, a copy of the charter without the internal
  fields, the fields the page does not show and those the ``share_exclude`` setting names;
  a template can only show what the view still holds.
- :mod:`~generator.share.markup`: charter Markdown through the site's engine and sanitiser
  (:mod:`generator.safe_html`), then without images and without links that would be dead
  outside the handbook.
- :mod:`~generator.share.page`: the view through ``templates/share.html.j2``, with the terms
  the page uses; no script, nothing loaded, a Content-Security-Policy that says so.
- :mod:`~generator.share.command`: the command itself, which shares only a charter that
  ``handbook check`` finds no errors in.
"""

from __future__ import annotations

from generator.share.command import run_share
from generator.share.page import render_share
from generator.share.view import ALWAYS_EXCLUDED, excluded_paths, field_paths, shared_charter

__all__ = [
    "ALWAYS_EXCLUDED",
    "excluded_paths",
    "field_paths",
    "render_share",
    "run_share",
    "shared_charter",
]
