"""Write the generated reference pages: fields (from the schema) and diagnostics (from the codes).

Run from anywhere after changing the schema, a rule's docstring or a code's documentation::

    python tools/reference_docs.py            # rewrite docs/reference/fields.md and diagnostics.md
    python tools/reference_docs.py --check    # exit 1 when either page is out of date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``generator`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.check.diagnostics_reference import diagnostics_reference_markdown
from generator.check.reference import field_reference_markdown

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "docs" / "reference"

PAGES: dict[str, Callable[[], str]] = {
    "fields.md": field_reference_markdown,
    "diagnostics.md": diagnostics_reference_markdown,
}
"""Each generated page's file name under the reference folder, and what writes it."""


def stale_pages(reference_dir: Path) -> dict[Path, str]:
    """The pages whose file differs from what the code generates, with the generated text."""
    stale: dict[Path, str] = {}
    for name, generate in PAGES.items():
        path = reference_dir / name
        text = generate()
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale[path] = text
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="only report out-of-date pages; exit 1 if any"
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=REFERENCE_DIR,
        metavar="DIR",
        help="where the pages live (default: docs/reference)",
    )
    arguments = parser.parse_args(argv)
    stale = stale_pages(arguments.reference_dir)
    for path, text in stale.items():
        if arguments.check:
            print(f"{path} is out of date: run python tools/reference_docs.py", file=sys.stderr)
        else:
            path.write_bytes(text.encode("utf-8"))
            print(f"wrote {path}")
    if not stale:
        print(f"{', '.join(PAGES)} are up to date")
    return 1 if arguments.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
