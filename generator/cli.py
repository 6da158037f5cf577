"""The ``handbook`` command: arguments only. :mod:`generator.commands` does the work.

Options shared by several commands are declared once, as parent parsers. Every problem that
ends a command is a :class:`~generator.errors.HandbookError`, shown here and nowhere else.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__, commands
from generator.check.vocabulary import FINAL_GOAL_STATUSES
from generator.errors import EXIT_USAGE, HandbookError
from generator.settings import find_root


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        _move_to_root(arguments)
        return int(arguments.run(arguments))
    except HandbookError as error:
        from generator.check.formatters import printable

        message = str(error) if error.preformatted else printable(str(error))
        print(f"handbook: error: {message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook", description="Check, build and edit a handbook of relationship charters."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
    options = _SharedOptions()

    check = subcommands.add_parser(
        "check",
        parents=[options.paths, options.today, options.settings],
        help="validate charters and report diagnostics",
        description="Validate charters; exit 1 when any has errors.",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for pull-request annotations",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (not on a draft's, and never on reminders)",
    )
    check.add_argument(
        "--changed-since",
        metavar="BASE",
        help="with --strict, fail only on warnings in files changed since the git ref BASE "
        "(errors anywhere still fail): judge a pull request on what it changes",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write .handbook-cache/, the results of files already checked",
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="check with N processes (default: one per CPU when there are many files)",
    )
    check.set_defaults(run=commands.run_check)

    new = subcommands.add_parser(
        "new",
        parents=[options.today, options.settings],
        help="start a charter from a commented skeleton",
        description="Write charters/ID.yaml: a commented skeleton with every section and "
        "status proposed, which passes `handbook check` (completeness warnings expected).",
    )
    new.add_argument("id", metavar="ID", help="the charter id, e.g. acme-retail")
    new.add_argument("--name", required=True, help="the relationship's name")
    new.add_argument("--kind", required=True, choices=_choices("Kind"))
    new.add_argument("--tier", required=True, choices=_choices("Tier"))
    new.add_argument(
        "--owner",
        required=True,
        metavar='"FULL NAME"',
        help="the owner's full name; they become the first member",
    )
    new.set_defaults(run=commands.run_new)

    fmt = subcommands.add_parser(
        "fmt",
        parents=[options.paths, options.settings],
        help="rewrite charters in the canonical key order and indentation",
        description="Rewrite charters into the canonical key order and indentation, keeping "
        "every comment and value. With --check, change nothing and exit 1 listing the files "
        "that would change.",
    )
    fmt.add_argument("--check", action="store_true", help="only report what would change")
    fmt.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write .handbook-cache/, the record of files already formatted",
    )
    fmt.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="format with N processes (default: one per CPU when there are many files)",
    )
    fmt.set_defaults(run=commands.run_fmt)

    rollover = subcommands.add_parser(
        "rollover",
        parents=[options.today, options.settings],
        help="close the current period and open the next one",
        description="Move the current period into history and open the next one; comments "
        "stay. Refused before the period's end (--early), when the new period overlaps it or "
        "leaves a gap (--allow-gap), and while a key goal is open: give each a final status "
        "(--done, --missed, --dropped) or move it into the new period (--carry).",
    )
    rollover.add_argument("id", metavar="ID", help="the charter id")
    rollover.add_argument("--label", required=True, help="the new period's label, e.g. 2027-Q1")
    rollover.add_argument("--start", required=True, type=_date, metavar="DATE")
    rollover.add_argument("--end", required=True, type=_date, metavar="DATE")
    rollover.add_argument("--early", action="store_true", help="close the period before its end")
    rollover.add_argument(
        "--allow-gap", action="store_true", help="let days pass between the two periods"
    )
    rollover.add_argument(
        "--carry",
        action="append",
        default=[],
        metavar="GOAL",
        help="move an open key goal into the new period (repeatable)",
    )
    for status in FINAL_GOAL_STATUSES:
        rollover.add_argument(
            f"--{status}",
            action="append",
            default=[],
            metavar="GOAL",
            help=f"close a key goal as {status} (repeatable)",
        )
    rollover.set_defaults(run=commands.run_rollover)

    diff = subcommands.add_parser(
        "diff",
        parents=[options.today, options.settings],
        help="summarise what a change does to the handbook, as Markdown",
        description="Compare the charters at BASE_REF (default: the merge base with the main "
        "branch) with the working tree, charter by charter, as Markdown for a pull request's "
        "description or a CI job summary.",
    )
    diff.add_argument("base_ref", nargs="?", metavar="BASE_REF")
    diff.set_defaults(run=commands.run_diff)

    report = subcommands.add_parser(
        "report",
        parents=[options.today, options.settings],
        help="the handbook's state: completeness, overdue reviews, goals at risk",
        description="Report completeness by charter and tier, overdue reviews, goals at risk "
        "and owners over the attention limit, for a CI job summary.",
    )
    report.add_argument("--format", choices=("markdown", "json"), default="markdown")
    report.set_defaults(run=commands.run_report)

    remind = subcommands.add_parser(
        "remind",
        parents=[options.today, options.settings, options.mkdocs_config],
        help="what is due, by owner: reviews, meetings, periods to roll over, goals past due",
        description="List the reminders (findings that come from the calendar alone) grouped "
        "by the owner of each charter, with the charter's page and what resolves each. Always "
        "exits 0: nothing here is anyone's mistake.",
    )
    remind.add_argument("--format", choices=("markdown", "json"), default="markdown")
    remind.add_argument(
        "--site-url",
        metavar="URL",
        help="the published site's address, for links (default: site_url in mkdocs.yml)",
    )
    remind.set_defaults(run=commands.run_remind)

    build = subcommands.add_parser(
        "build",
        parents=[options.mkdocs_config, options.today],
        help="check the charters, then build the site into site/",
        description="Check the charters, then run `mkdocs build` with the charters plugin.",
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site/)")
    build.set_defaults(run=commands.run_build)

    serve = subcommands.add_parser(
        "serve",
        parents=[options.mkdocs_config, options.today],
        help="preview the site, rebuilding when charters or templates change",
        description="Run `mkdocs serve`: the page reloads when a charter, the glossary or a "
        "template changes.",
    )
    serve.add_argument("--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000")
    serve.set_defaults(run=commands.run_serve)

    pages = subcommands.add_parser(
        "pages",
        parents=[options.mkdocs_config, options.today, options.settings],
        help="write the generated Markdown pages to a folder",
        description="Check the charters and write a copy of the handbook below OUT that needs "
        "no plugin: OUT/docs with the generated pages (portfolio, charters, glossary) and "
        "OUT/mkdocs.yml with the navigation written in, for any MkDocs-compatible builder.",
    )
    pages.add_argument("out", metavar="OUT", type=Path)
    pages.add_argument("--templates", metavar="DIR", type=Path, default=Path("templates"))
    pages.set_defaults(run=commands.run_pages)

    share = subcommands.add_parser(
        "share",
        parents=[options.today, options.settings],
        help="write one charter as a self-contained HTML page for the partner",
        description="Check the charters, then write charter ID as one HTML page for the "
        "partner: no script, nothing loaded from anywhere, without the internal fields "
        "(internal, account, risks, review.partner_fit, review.exit_criteria and the "
        "share_exclude setting's fields). Refused while `handbook check` finds errors in it.",
    )
    share.add_argument("id", metavar="ID", help="the charter id, e.g. acme-retail")
    share.add_argument(
        "--out", metavar="FILE", type=Path, help="write the page to FILE (default: print it)"
    )
    share.add_argument("--templates", metavar="DIR", type=Path, default=Path("templates"))
    share.set_defaults(run=commands.run_share)

    codeowners = subcommands.add_parser(
        "codeowners",
        parents=[options.today, options.settings],
        help="write the handbook's part of .github/CODEOWNERS: each charter to its owner",
        description="Write the handbook's block in .github/CODEOWNERS: each charter owned by "
        "its owner's `github` handle from charters/people.yaml; the glossary, the registry and "
        "charters whose owner has no handle by the codeowners_team setting. Other lines are "
        "kept; the block goes last. With --check, change nothing and exit 1 with a diff when "
        "it is not current.",
    )
    codeowners.add_argument(
        "--check", action="store_true", help="only report whether the block is current"
    )
    codeowners.add_argument(
        "--file",
        metavar="PATH",
        type=Path,
        help="the CODEOWNERS file (default: .github/CODEOWNERS in the handbook's root)",
    )
    codeowners.set_defaults(run=commands.run_codeowners)

    schema = subcommands.add_parser(
        "schema",
        help="print the charter schema (or the people registry's)",
        description="Print the charter format: JSON Schema (draft 2020-12) for editors and "
        "tools, or the Markdown field reference for the docs.",
    )
    schema.add_argument("--format", choices=("json", "markdown"), default="json")
    schema.add_argument(
        "--kind",
        choices=("charter", "people"),
        default="charter",
        help="the charter format, or the people registry's (charters/people.yaml; JSON only)",
    )
    schema.set_defaults(run=commands.run_schema)
    return parser


class _SharedOptions:
    """Options several commands take, each declared once as a parent parser."""

    def __init__(self) -> None:
        self.paths = _option_group()
        self.paths.add_argument(
            "paths",
            nargs="*",
            metavar="PATHS",
            help="charter files or directories (default: the charters_dir setting, charters/)",
        )
        self.today = _option_group()
        self.today.add_argument(
            "--today",
            metavar="DATE",
            help="the date rules treat as today (default: SOURCE_DATE_EPOCH, else the clock); "
            "builds also get it as SOURCE_DATE_EPOCH, so they are reproducible",
        )
        self.settings = _option_group()
        self.settings.add_argument(
            "--config",
            "--settings",
            dest="config",
            metavar="FILE",
            type=Path,
            help="the handbook settings file (default: handbook.toml if present)",
        )
        self.mkdocs_config = _option_group()
        self.mkdocs_config.add_argument(
            "--config-file",
            "-f",
            metavar="FILE",
            type=Path,
            default=Path("mkdocs.yml"),
            help="the MkDocs configuration (default: mkdocs.yml)",
        )


_PATH_OPTIONS = ("out", "config", "site_dir", "file")
"""Path arguments that are read from where the command was typed."""
_PATH_DEFAULTS = {"config_file": Path("mkdocs.yml"), "templates": Path("templates")}
"""Path options whose defaults are read from the handbook's root."""


def _move_to_root(arguments: argparse.Namespace) -> None:
    """Run from the handbook's root (the nearest folder with handbook.toml or mkdocs.yml).

    Paths typed on the command line keep meaning what they meant where they were typed.
    """
    here = Path.cwd()
    root = find_root(here)
    if root is None or root == here:
        return
    if getattr(arguments, "paths", None):
        arguments.paths = [str(here / path) for path in arguments.paths]
    for name in _PATH_OPTIONS:
        value = getattr(arguments, name, None)
        if value is not None:
            setattr(arguments, name, type(value)(here / value))
    for name, default in _PATH_DEFAULTS.items():
        value = getattr(arguments, name, None)
        if value is not None and value != default:
            setattr(arguments, name, here / value)
    os.chdir(root)


def _option_group() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def _choices(literal_name: str) -> tuple[str, ...]:
    import typing

    from generator.check import vocabulary

    return tuple(str(value) for value in typing.get_args(getattr(vocabulary, literal_name)))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-01-01") from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes, like 2")
    return number
