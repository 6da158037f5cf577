"""The ``handbook`` command: arguments only; the work is done by library functions."""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
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

    new = commands.add_parser(
        "new",
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
    _add_common(new)
    new.set_defaults(run=_run_new)

    fmt = commands.add_parser(
        "fmt",
        help="rewrite charters in the canonical key order and indentation",
        description="Rewrite charters into the canonical key order and indentation, keeping "
        "every comment and value. With --check, change nothing and exit 1 listing the files "
        "that would change.",
    )
    fmt.add_argument(
        "paths",
        nargs="*",
        metavar="PATHS",
        help="charter files or directories (default: the charters_dir setting)",
    )
    fmt.add_argument("--check", action="store_true", help="only report what would change")
    fmt.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="settings file (default: handbook.toml if present)",
    )
    fmt.set_defaults(run=_run_fmt)

    rollover = commands.add_parser(
        "rollover",
        help="close the current period and open the next one",
        description="Move the current period, with its key goals and their final status, into "
        "history and open the next period with an empty goal list; comments stay.",
    )
    rollover.add_argument("id", metavar="ID", help="the charter id")
    rollover.add_argument("--label", required=True, help="the new period's label, e.g. 2027-Q1")
    rollover.add_argument("--start", required=True, type=_date, metavar="DATE")
    rollover.add_argument("--end", required=True, type=_date, metavar="DATE")
    rollover.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="settings file (default: handbook.toml if present)",
    )
    rollover.set_defaults(run=_run_rollover)

    diff = commands.add_parser(
        "diff",
        help="summarise what a change does to the handbook, as Markdown",
        description="Compare the charters at BASE_REF (default: the merge base with the main "
        "branch) with the working tree, charter by charter, as Markdown for a pull request's "
        "description or a CI job summary.",
    )
    diff.add_argument("base_ref", nargs="?", metavar="BASE_REF")
    _add_common(diff)
    diff.set_defaults(run=_run_diff)

    report = commands.add_parser(
        "report",
        help="the handbook's state: completeness, overdue reviews, goals at risk",
        description="Report completeness by charter and tier, overdue reviews, goals at risk "
        "and owners over the attention limit, for a CI job summary.",
    )
    report.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _add_common(report)
    report.set_defaults(run=_run_report)

    build = commands.add_parser(
        "build",
        help="check the charters, then build the site into site/",
        description="Check the charters, then run `mkdocs build` with the charters plugin.",
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site/)")
    _add_mkdocs_common(build)
    build.set_defaults(run=_run_build)

    serve = commands.add_parser(
        "serve",
        help="preview the site, rebuilding when charters or templates change",
        description="Run `mkdocs serve`: the page reloads when a charter, the glossary or a "
        "template changes.",
    )
    serve.add_argument("--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000")
    _add_mkdocs_common(serve)
    serve.set_defaults(run=_run_serve)

    pages = commands.add_parser(
        "pages",
        help="write the generated Markdown pages to a folder",
        description="Check the charters and write a copy of the handbook below OUT that needs "
        "no plugin: OUT/docs with the generated pages (portfolio, charters, glossary) and "
        "OUT/mkdocs.yml with the navigation written in, for any MkDocs-compatible builder.",
    )
    pages.add_argument("out", metavar="OUT", type=Path)
    pages.add_argument("--templates", metavar="DIR", type=Path, default=Path("templates"))
    pages.add_argument(
        "--config-file",
        "-f",
        metavar="FILE",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration to adapt",
    )
    _add_common(pages)
    pages.set_defaults(run=_run_pages)

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


def _choices(literal_name: str) -> tuple[str, ...]:
    import typing

    from generator.check import schema

    return tuple(str(value) for value in typing.get_args(getattr(schema, literal_name)))


def _run_new(arguments: argparse.Namespace) -> int:
    from generator.check.validate import check_paths
    from generator.edit.new import SkeletonError, create_charter
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    charters_dir = Path(settings.charters_dir)
    existing = (
        check_paths([str(charters_dir)], settings, today).valid_charters
        if charters_dir.is_dir()
        else []
    )
    try:
        path = create_charter(
            charters_dir,
            arguments.id,
            name=arguments.name,
            kind=arguments.kind,
            tier=arguments.tier,
            owner=arguments.owner,
            today=today,
            existing=existing,
        )
    except SkeletonError as error:
        print(f"handbook: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"wrote {path.as_posix()}: replace each TODO, then run `handbook check {path.as_posix()}`"
    )
    return EXIT_OK


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-01-01") from None


def _run_fmt(arguments: argparse.Namespace) -> int:
    from generator.check.diagnostics import Diagnostic, Severity
    from generator.check.formatters import format_diagnostics
    from generator.check.load import find_yaml_files
    from generator.edit.fmt import FormatError, format_file
    from generator.settings import load_settings

    settings = load_settings(arguments.config)
    files, missing = find_yaml_files(arguments.paths or [settings.charters_dir])
    if missing:
        print(f"handbook: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    changed, problems = [], []
    for path, name in files:
        try:
            if format_file(path, check=arguments.check):
                changed.append(name)
        except OSError as error:
            problems.append(
                Diagnostic(
                    name,
                    1,
                    1,
                    Severity.ERROR,
                    "file-unreadable",
                    f"cannot read or write the file: {error.strerror}",
                )
            )
        except FormatError as error:
            problems.append(
                Diagnostic(
                    name,
                    error.line,
                    error.column,
                    Severity.ERROR,
                    "fmt-failed",
                    error.message,
                    "fix the file (see `handbook check`), then format again",
                )
            )
    for name in changed:
        print(f"{'would reformat' if arguments.check else 'reformatted'} {name}")
    sys.stdout.write(format_diagnostics(problems, colour=_colour_wanted(sys.stdout)))
    verb = "would be reformatted" if arguments.check else "reformatted"
    print(
        f"{len(changed)} of {len(files)} files {verb}"
        + (f", {len(problems)} could not be formatted" if problems else "")
    )
    failed = bool(problems) or (arguments.check and bool(changed))
    return EXIT_ERRORS if failed else EXIT_OK


def _run_rollover(arguments: argparse.Namespace) -> int:
    from generator.edit.fmt import FormatError
    from generator.edit.rollover import RolloverError, rollover_file
    from generator.settings import load_settings

    settings = load_settings(arguments.config)
    path = Path(settings.charters_dir) / f"{arguments.id}.yaml"
    if not path.is_file():
        print(f"handbook: error: no charter {path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        rollover_file(path, label=arguments.label, start=arguments.start, end=arguments.end)
    except RolloverError as error:
        print(f"handbook: error: {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except FormatError as error:
        print(
            f"{path.as_posix()}:{error.line}:{error.column}: error[fmt-failed] "
            f"{error.message}\n    hint: fix the file (see `handbook check`), then roll over",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    except OSError as error:
        print(f"handbook: error: {path}: {error.strerror}", file=sys.stderr)
        return EXIT_ERRORS
    print(
        f"{path.as_posix()}: closed the current period into history and opened "
        f"{arguments.label} ({arguments.start} to {arguments.end}); plan its key goals next"
    )
    return EXIT_OK


def _run_diff(arguments: argparse.Namespace) -> int:
    from generator.reports.diff import DiffError, handbook_diff
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    try:
        summary = handbook_diff(
            Path.cwd(),
            arguments.base_ref,
            settings.charters_dir,
            settings,
            resolve_today(arguments.today),
        )
    except DiffError as error:
        print(f"handbook: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(summary)
    return EXIT_OK


def _run_report(arguments: argparse.Namespace) -> int:
    import json

    from generator.check.validate import check_paths
    from generator.reports.state import state_report, state_report_markdown
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    try:
        result = check_paths([settings.charters_dir], settings, today)
    except FileNotFoundError as error:
        print(f"handbook: error: no such file or directory: {error}", file=sys.stderr)
        return EXIT_USAGE
    report = state_report(result, settings, today)
    if arguments.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(state_report_markdown(report))
    return EXIT_OK


def _add_mkdocs_common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config-file",
        "-f",
        metavar="FILE",
        default="mkdocs.yml",
        help="the MkDocs configuration (default: mkdocs.yml)",
    )
    command.add_argument(
        "--today",
        metavar="DATE",
        help="the date rules treat as today; sets SOURCE_DATE_EPOCH for a reproducible build",
    )


def _mkdocs(arguments: argparse.Namespace, *mkdocs_arguments: str) -> int:
    from generator.settings import resolve_today

    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if arguments.today:
        today = resolve_today(arguments.today)
        midnight = datetime.datetime.combine(today, datetime.time(), datetime.timezone.utc)
        environment["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        *mkdocs_arguments,
        "--config-file",
        arguments.config_file,
    ]
    return subprocess.run(command, env=environment, check=False).returncode


def _run_build(arguments: argparse.Namespace) -> int:
    extra = ["--strict"] if arguments.strict else []
    if arguments.site_dir:
        extra += ["--site-dir", arguments.site_dir]
    return EXIT_OK if _mkdocs(arguments, "build", *extra) == 0 else EXIT_ERRORS


def _run_serve(arguments: argparse.Namespace) -> int:
    return _mkdocs(arguments, "serve", "--dev-addr", arguments.dev_addr)


def _run_pages(arguments: argparse.Namespace) -> int:
    from generator.settings import load_settings, resolve_today
    from generator.site.generate import BuildFailed, check_and_render, export_for_other_builders

    settings = load_settings(arguments.config)
    try:
        site = check_and_render(
            Path(settings.charters_dir),
            arguments.templates,
            settings,
            resolve_today(arguments.today),
            report_warning=_stderr,
            report_draft=lambda message: None,
        )
    except BuildFailed as error:
        print(f"handbook: {error}", file=sys.stderr)
        return EXIT_ERRORS
    written = export_for_other_builders(site, arguments.config_file, arguments.out)
    print(f"wrote {len(site.pages)} generated pages and {written}")
    return EXIT_OK


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _run_check(arguments: argparse.Namespace) -> int:
    from generator.check.formatters import FORMATTERS, format_text
    from generator.check.validate import check_paths
    from generator.settings import load_settings, resolve_today

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
        from generator.check.reference import field_reference_markdown

        sys.stdout.write(field_reference_markdown())
    else:
        from generator.check.schema import charter_json_schema_text

        sys.stdout.write(charter_json_schema_text())
    return EXIT_OK
