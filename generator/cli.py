"""The ``handbook`` command: arguments only; the work is done by library functions."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from generator.settings import SettingsError

    try:
        return int(arguments.run(arguments))
    except SettingsError as error:
        print(f"handbook: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook", description="Check, build and edit a handbook of relationship charters."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate charters and report diagnostics",
        description="Validate charters; exit 1 when any has errors.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATHS",
        help="charter files or directories (default: the charters_dir setting, charters/)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for pull-request annotations",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    _add_common(check)
    check.set_defaults(run=_run_check)

    schema = commands.add_parser(
        "schema",
        help="print the charter schema",
        description="Print the charter format: JSON Schema (draft 2020-12) for editors and "
        "tools, or the Markdown field reference for the docs.",
    )
    schema.add_argument("--format", choices=("json", "markdown"), default="json")
    schema.set_defaults(run=_run_schema)
    return parser


def _add_common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--today",
        metavar="DATE",
        help="the date rules treat as today (default: SOURCE_DATE_EPOCH, else the clock)",
    )
    command.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="settings file (default: handbook.toml if present)",
    )


def _run_check(arguments: argparse.Namespace) -> int:
    from generator.report import FORMATTERS, format_text
    from generator.settings import load_settings, resolve_today
    from generator.validate import check_paths

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    try:
        result = check_paths(arguments.paths or [settings.charters_dir], settings, today)
    except FileNotFoundError as error:
        print(f"handbook: error: no such file or directory: {error}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.format == "text":
        output = format_text(result, colour=_colour_wanted(sys.stdout))
    else:
        output = FORMATTERS[arguments.format](result)
    sys.stdout.write(output)
    failed = result.error_count > 0 or (arguments.strict and result.warning_count > 0)
    return EXIT_ERRORS if failed else EXIT_OK


def _colour_wanted(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _run_schema(arguments: argparse.Namespace) -> int:
    if arguments.format == "markdown":
        from generator.field_reference import field_reference_markdown

        sys.stdout.write(field_reference_markdown())
    else:
        from generator.schema import charter_json_schema_text

        sys.stdout.write(charter_json_schema_text())
    return EXIT_OK
