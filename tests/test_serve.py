"""`mkdocs serve` rebuilds when a charter, the glossary or a template changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_handbook

PAGE = "charters/kestrel-support-services/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    handbook = copy_handbook(tmp_path)
    port = free_port()
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1795392000", NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=handbook,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + PAGE, "Kestrel Support Services")
        yield handbook, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_on_charter_and_template_changes(served: tuple[Path, str]) -> None:
    handbook, base = served
    charter = handbook / "charters" / "kestrel-support-services.yaml"
    charter.write_text(
        charter.read_text().replace(
            "name: Kestrel Support Services", "name: Kestrel Support Services Renamed", 1
        )
    )
    wait_for(base + PAGE, "Kestrel Support Services Renamed")

    template = handbook / "templates" / "partials" / "meetings.md.j2"
    template.write_text(template.read_text() + "\nMeeting notes live in the shared drive.\n")
    wait_for(base + PAGE, "Meeting notes live in the shared drive.")

    glossary = handbook / "charters" / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace(
            "terms:", "terms:\n  - term: triage desk\n    definition: The first support line.", 1
        )
    )
    (handbook / "charters" / "kestrel-support-services.yaml").write_text(
        charter.read_text().replace("purpose: |", "purpose: |\n  The triage desk answers first.", 1)
    )
    wait_for(base + "glossary/", "The first support line.")
