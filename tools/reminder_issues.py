"""Keep one GitHub issue per charter owner with their reminders (the weekly Reminders workflow).

Reads ``handbook remind --format json`` and, with the GitHub CLI (``gh``, authenticated by
``GH_TOKEN`` on the runner):

- opens an issue for each owner with something due, or updates the body of their open one;
- closes, with a comment, every open reminder issue whose owner has nothing due any more.

Issues carry the label ``handbook-reminder`` and are found again by their title, which names
the owner's id. Usage: ``python tools/reminder_issues.py reminders.json [--dry-run]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

LABEL = "handbook-reminder"
CLOSING_COMMENT = "Nothing is due any more on your charters and risks: closing. Thank you!"


def plan(reminders: dict[str, Any], open_issues: list[dict[str, Any]]) -> list[list[str]]:
    """The ``gh`` commands that bring the open reminder issues in line with ``reminders``."""
    by_title = {issue["title"]: issue["number"] for issue in open_issues}
    commands: list[list[str]] = []
    wanted = set()
    for owner in reminders["owners"]:
        title, body = owner["issue_title"], owner["issue_body"]
        wanted.add(title)
        if title in by_title:
            commands.append(["issue", "edit", str(by_title[title]), "--body", body])
        else:
            commands.append(["issue", "create", "--title", title, "--body", body, "--label", LABEL])
    for title, number in sorted(by_title.items(), key=lambda item: item[1]):
        if title not in wanted:
            commands.append(["issue", "close", str(number), "--comment", CLOSING_COMMENT])
    return commands


def open_reminder_issues() -> list[dict[str, Any]]:
    listed = _gh(
        "issue", "list", "--label", LABEL, "--state", "open", "--limit", "1000",
        "--json", "number,title",
    )  # fmt: skip
    issues: list[dict[str, Any]] = json.loads(listed or "[]")
    return issues


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("reminders", type=Path, help="handbook remind --format json output")
    parser.add_argument("--dry-run", action="store_true", help="print the gh commands only")
    arguments = parser.parse_args(argv)
    reminders = json.loads(arguments.reminders.read_text(encoding="utf-8"))
    if not arguments.dry_run:
        _gh("label", "create", LABEL, "--color", "FBCA04", "--force",
            "--description", "Handbook reminders for a charter owner")  # fmt: skip
    for command in plan(reminders, open_reminder_issues()):
        if arguments.dry_run:
            print("gh", *command[:3])
        else:
            _gh(*command)
    return 0


def _gh(*arguments: str) -> str:
    run = subprocess.run(["gh", *arguments], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f"gh {' '.join(arguments[:2])} failed: {run.stderr.strip()}", file=sys.stderr)
        raise SystemExit(1)
    return run.stdout


if __name__ == "__main__":
    raise SystemExit(main())
