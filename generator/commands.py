"""What each ``handbook`` command does, as thin functions over the library.

Each takes the parsed arguments and returns an exit code; a problem that stops the command is
raised as a :class:`~generator.errors.HandbookError`. Imports are lazy, so ``handbook check``
loads neither MkDocs nor Jinja.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import EXIT_FAILED, EXIT_OK, UsageError

if TYPE_CHECKING:
    from generator.check.results import CheckResult


def run_check(arguments: argparse.Namespace) -> int:
    from generator.check.formatters import FORMATTERS, format_text

    result = _checked(arguments, arguments.paths, keep_documents=False)
    changed = _changed_since(arguments.changed_since) if arguments.changed_since else None
    if arguments.format == "text":
        output = format_text(result, colour=_colour_wanted(sys.stdout))
    else:
        output = FORMATTERS[arguments.format](result)
    sys.stdout.write(output)
    failed = result.error_count > 0 or (arguments.strict and bool(result.strict_failures(changed)))
    return EXIT_FAILED if failed else EXIT_OK


def _changed_since(base: str) -> set[str]:
    """The display names (as diagnostics give them) of the files changed since ``base``."""
    from generator.check.load import display_name
    from generator.reports.git import DiffError, changed_files

    try:
        return {display_name(path) for path in changed_files(Path.cwd(), base)}
    except DiffError as error:
        raise UsageError(f"--changed-since: {error}") from error


def run_new(arguments: argparse.Namespace) -> int:
    from generator.check.formatters import printable
    from generator.check.validate import check_paths
    from generator.edit.new import NewCharter, SkeletonError, create_charter, registered_person
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    charters_dir = Path(settings.charters_dir)
    result = check_paths([str(charters_dir)], settings, today) if charters_dir.is_dir() else None
    if result is not None and result.registries and result.people is None:
        raise UsageError(
            f"{result.registries[0].file} has errors: fix them first (`handbook check`), so the "
            "new charter's owner can be found in it"
        )
    try:
        new = NewCharter(
            arguments.id, arguments.name, arguments.kind, arguments.tier, arguments.owner
        )
        path = create_charter(
            charters_dir,
            new,
            today=today,
            existing=result.valid_charters if result else [],
            people=result.people if result else None,
        )
    except SkeletonError as error:
        raise UsageError(str(error)) from error
    people = result.people if result else None
    if people is not None and registered_person(people, arguments.owner) is None:
        print(printable(f"added {arguments.owner} to {charters_dir.as_posix()}/people.yaml"))
    print(
        f"wrote {path.as_posix()}: replace each TODO, then run `handbook check {path.as_posix()}`"
    )
    return EXIT_OK


def run_share(arguments: argparse.Namespace) -> int:
    from generator.share import run_share as share

    return share(arguments)


def run_codeowners(arguments: argparse.Namespace) -> int:
    from generator.codeowners import run_codeowners as codeowners

    return codeowners(arguments)


def run_fmt(arguments: argparse.Namespace) -> int:
    from generator.check.formatters import format_diagnostics, printable
    from generator.check.load import find_yaml_files
    from generator.edit.fmt_cache import FormatCache
    from generator.edit.fmt_run import format_files
    from generator.settings import load_settings

    settings = load_settings(arguments.config)
    files, missing = find_yaml_files(arguments.paths or [settings.charters_dir])
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    run = format_files(
        files,
        check=arguments.check,
        cache=FormatCache.open(enabled=not arguments.no_cache),
        jobs=arguments.jobs,
    )
    for name in run.changed:
        print(f"{'would reformat' if arguments.check else 'reformatted'} {printable(name)}")
    sys.stdout.write(format_diagnostics(run.problems, colour=_colour_wanted(sys.stdout)))
    verb = "would be reformatted" if arguments.check else "reformatted"
    print(
        f"{len(run.changed)} of {len(files)} files {verb}"
        + (f", {len(run.problems)} could not be formatted" if run.problems else "")
    )
    failed = bool(run.problems) or (arguments.check and bool(run.changed))
    return EXIT_FAILED if failed else EXIT_OK


def run_rollover(arguments: argparse.Namespace) -> int:
    from generator.check.formatters import format_diagnostics, printable
    from generator.check.schema import SLUG_PATTERN
    from generator.check.vocabulary import FINAL_GOAL_STATUSES
    from generator.edit.fmt import FormatError
    from generator.edit.fmt_run import format_failed, unreadable
    from generator.edit.rollover import RolloverError, rollover_file
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    if not re.fullmatch(SLUG_PATTERN, arguments.id):
        raise UsageError(f"'{arguments.id}' is not a charter id (lower-case words joined by -)")
    path = _charter_file(Path(settings.charters_dir), arguments.id)
    name = path.as_posix()
    try:
        rolled = rollover_file(
            path,
            label=arguments.label,
            start=arguments.start,
            end=arguments.end,
            today=today,
            early=arguments.early,
            allow_gap=arguments.allow_gap,
            carry=arguments.carry,
            outcomes=[
                (goal, status)
                for status in FINAL_GOAL_STATUSES
                for goal in getattr(arguments, status)
            ],
        )
    except RolloverError as error:
        raise UsageError(f"{path}: {error}") from error
    except (FormatError, OSError) as error:
        problem = (
            unreadable(name, error)
            if isinstance(error, OSError)
            else format_failed(name, error, "then roll over")
        )
        sys.stderr.write(format_diagnostics([problem], colour=_colour_wanted(sys.stderr)))
        return EXIT_FAILED
    carried = f"; carried {', '.join(rolled.carried)}" if rolled.carried else ""
    print(
        printable(
            f"{name}: closed {rolled.closed} into history and opened {arguments.label} "
            f"({arguments.start} to {arguments.end}){carried}; plan its key goals next"
        )
    )
    if rolled.due_cleared:
        print(
            printable(
                f"{name}: {', '.join(rolled.due_cleared)} had a due date outside "
                f"{arguments.label}; set a new one"
            )
        )
    return EXIT_OK


def run_diff(arguments: argparse.Namespace) -> int:
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
        raise UsageError(str(error)) from error
    sys.stdout.write(summary)
    return EXIT_OK


def run_report(arguments: argparse.Namespace) -> int:
    import json

    from generator.reports.state import state_report, state_report_markdown
    from generator.settings import load_settings, resolve_today

    result = _checked(arguments, [])
    report = state_report(result, load_settings(arguments.config), resolve_today(arguments.today))
    if arguments.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(state_report_markdown(report))
    return EXIT_OK


def run_remind(arguments: argparse.Namespace) -> int:
    import json

    from generator.reports.reminders import (
        reminders_by_owner,
        reminders_json,
        reminders_markdown,
    )
    from generator.settings import resolve_today
    from generator.site.other_builders import mkdocs_setting

    result = _checked(arguments, [])
    owners = reminders_by_owner(result)
    site_url = arguments.site_url or mkdocs_setting(arguments.config_file, "site_url")
    site_url = str(site_url) if site_url else None
    today = resolve_today(arguments.today)
    if arguments.format == "json":
        report = reminders_json(owners, today, site_url)
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(reminders_markdown(owners, today, site_url))
    return EXIT_OK


def run_build(arguments: argparse.Namespace) -> int:
    from generator.site.mkdocs_command import run_mkdocs

    _require_mkdocs_config(arguments.config_file)
    extra = ["--strict"] if arguments.strict else []
    if arguments.site_dir:
        extra += ["--site-dir", arguments.site_dir]
    returncode = run_mkdocs("build", arguments.config_file, arguments.today, extra)
    return EXIT_OK if returncode == 0 else EXIT_FAILED


def run_serve(arguments: argparse.Namespace) -> int:
    from generator.site.mkdocs_command import run_mkdocs

    _require_mkdocs_config(arguments.config_file)
    return run_mkdocs(
        "serve", arguments.config_file, arguments.today, ["--dev-addr", arguments.dev_addr]
    )


def run_pages(arguments: argparse.Namespace) -> int:
    from generator.settings import load_settings, resolve_today
    from generator.site.generate import check_and_render
    from generator.site.other_builders import export_for_other_builders, uses_directory_urls

    _require_mkdocs_config(arguments.config_file)
    settings = load_settings(arguments.config)
    site = check_and_render(
        Path(settings.charters_dir),
        arguments.templates,
        settings,
        resolve_today(arguments.today),
        report_warning=_stderr,
        report_draft=lambda message: None,
        directory_urls=uses_directory_urls(arguments.config_file),
    )
    written = export_for_other_builders(site, arguments.config_file, arguments.out)
    print(f"wrote {len(site.pages)} generated pages and {written}")
    return EXIT_OK


def run_schema(arguments: argparse.Namespace) -> int:
    if arguments.format == "markdown":
        from generator.check.reference import field_reference_markdown

        sys.stdout.write(field_reference_markdown())
    elif arguments.kind == "people":
        from generator.check.schema import people_json_schema_text

        sys.stdout.write(people_json_schema_text())
    else:
        from generator.check.schema import charter_json_schema_text

        sys.stdout.write(charter_json_schema_text())
    return EXIT_OK


def _checked(
    arguments: argparse.Namespace, paths: list[str], *, keep_documents: bool = True
) -> CheckResult:
    """Check ``paths`` (default: the charters folder) with the command's settings and today.

    A run that does not keep documents uses the cache (unless ``--no-cache``) and a pool of
    processes (``--jobs``); see :mod:`generator.check.run`.
    """
    from generator.settings import load_settings, resolve_today

    settings = load_settings(arguments.config)
    today = resolve_today(arguments.today)
    where = paths or [settings.charters_dir]
    try:
        if keep_documents:
            from generator.check.validate import check_paths

            return check_paths(where, settings, today)
        from generator.check.cache import CheckCache
        from generator.check.run import check_paths as check_quickly
        from generator.workers import default_jobs

        cache = None if arguments.no_cache else CheckCache.open(settings, today)
        jobs = arguments.jobs or default_jobs()
        return check_quickly(where, settings, today, keep_documents=False, jobs=jobs, cache=cache)
    except FileNotFoundError as error:
        raise UsageError(f"no such file or directory: {error}") from error


def _charter_file(charters_dir: Path, charter_id: str) -> Path:
    """The file of charter ``charter_id``: ``ID.yaml`` or ``ID.yml``, in any subfolder."""
    from generator.check.load import find_yaml_files

    files, _ = find_yaml_files([str(charters_dir)]) if charters_dir.is_dir() else ([], [])
    matches = [path for path, _ in files if path.stem == charter_id]
    if len(matches) != 1:
        found = "no charter file" if not matches else f"{len(matches)} charter files"
        raise UsageError(f"{found} named {charter_id}.yaml or .yml below {charters_dir}")
    return matches[0]


def _require_mkdocs_config(config_file: Path) -> None:
    if not config_file.is_file():
        raise UsageError(
            f"{config_file} not found: run handbook inside a handbook (a folder with "
            "mkdocs.yml, or below one), or name the configuration with --config-file"
        )


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _colour_wanted(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
