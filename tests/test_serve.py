"""`mkdocs serve` and `handbook serve`: rebuilds on changes, shows errors as a page, and
refuses a port in use in one line."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import RunHandbook, copy_handbook

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


SERVERS = {
    "mkdocs serve": ["mkdocs", "serve"],
    "handbook serve": ["generator", "serve"],  # mkdocs serve --dirty: partial rebuilds
}


@pytest.fixture(params=SERVERS.values(), ids=SERVERS.keys())
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    handbook = copy_handbook(tmp_path)
    port = free_port()
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1795392000", NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", *request.param, "--dev-addr", f"127.0.0.1:{port}"],
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

    kestrel = charter.read_text()
    charter.write_text(kestrel.replace("purpose: |", "purpose: |\n  Answered within the hour.", 1))
    wait_for(base + PAGE, "Answered within the hour.")
    assert "Kestrel Support Services Renamed" in fetch(base + "about/")  # the navigation

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


def test_a_charter_error_while_serving_shows_an_error_page_until_fixed(
    served: tuple[Path, str],
) -> None:
    handbook, base = served
    charter = handbook / "charters" / "kestrel-support-services.yaml"
    written = charter.read_text()
    assert "\ntier: maintain\n" in written
    charter.write_text(written.replace("\ntier: maintain\n", "\ntier: <b>platinum</b>\n", 1))

    page = wait_for(base, "error[invalid-value]", seconds=30)
    assert "charters/kestrel-support-services.yaml:4:7: error[invalid-value]" in page
    assert "&lt;b&gt;platinum&lt;/b&gt;" in page and "<b>platinum</b>" not in page
    assert "Relationship portfolio" not in page

    charter.write_text(written)
    wait_for(base, "Relationship portfolio", seconds=30)
    wait_for(base + PAGE, "Kestrel Support Services")


def test_a_configuration_error_while_serving_shows_an_error_page(
    served: tuple[Path, str],
) -> None:
    handbook, base = served
    config = handbook / "mkdocs.yml"
    written = config.read_text()
    assert "templates_dir: templates\n" in written
    config.write_text(written.replace("templates_dir: templates\n", "templates_dir: nowhere\n"))

    page = wait_for(base, "plugins.charters.templates_dir", seconds=30)
    assert "mkdocs.yml: plugins.charters.templates_dir: folder 'nowhere' not found" in page

    config.write_text(written)
    wait_for(base, "Relationship portfolio", seconds=30)


def test_the_error_page_shows_its_text_as_written() -> None:
    import markdown

    from generator.site.generate import error_page

    problem = "a.yaml:1:1: error[x] ```` closes nothing <script>alert(1)</script>\n    hint: `y`"
    page = error_page(problem)
    for extensions in ([], ["attr_list", "md_in_html", "tables", "admonition", "toc"]):
        html = markdown.markdown(page, extensions=extensions)
        assert "<script>" not in html
        (shown,) = re.findall(r"<pre[^>]*><code>(.*?)</code></pre>", html, re.DOTALL)
        assert unescape(shown) == problem


def test_serve_on_a_port_in_use_is_one_line_and_exit_code_2(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    handbook = copy_handbook(tmp_path)
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        run = run_handbook("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=handbook)
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert f"127.0.0.1:{port} is in use: stop the other server or pass --dev-addr 127.0.0.1:" in (
        run.stderr
    )
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("plugins", "dirty"),
    [
        ("plugins:\n  - search\n  - charters\n", True),
        ("plugins:\n  - search\n  - charters:\n      templates_dir: templates\n", True),
        ("plugins:\n  - search\n", False),
        ("", False),
    ],
    ids=["charters", "charters with options", "no charters", "no plugins"],
)
def test_handbook_serve_runs_mkdocs_serve_dirty_with_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plugins: str, dirty: bool
) -> None:
    """With the ``charters`` plugin, which keeps partial rebuilds right; MkDocs' own dirty
    builds leave the navigation of unchanged pages out of date."""
    from generator.site import mkdocs_command

    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Handbook\n{plugins}", encoding="utf-8")
    ran: list[list[str]] = []
    monkeypatch.setattr(
        mkdocs_command,
        "_run_child",
        lambda arguments, environment, **options: ran.append(arguments) or 0,
    )
    assert mkdocs_command.run_mkdocs("serve", config, None, ["--dev-addr", "127.0.0.1:0"]) == 0
    (arguments,) = ran
    assert ("--dirty" in arguments) is dirty
    assert arguments[arguments.index("serve") + 1 : arguments.index("serve") + 3] == [
        "--dev-addr",
        "127.0.0.1:0",
    ]


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_stopping_handbook_serve_leaves_no_temporary_folders(tmp_path: Path) -> None:
    """SIGTERM reaches `mkdocs serve` as Ctrl-C, on which it removes its site folder and the
    plugin its folder of generated files."""
    handbook = copy_handbook(tmp_path / "handbook")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=handbook,
        env=dict(os.environ, SOURCE_DATE_EPOCH="1795392000", TMPDIR=str(scratch)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/{PAGE}", "Kestrel Support Services")
        assert {path.name.split("_")[0].split("-")[0] for path in scratch.iterdir()} >= {
            "mkdocs",
            "handbook",
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert list(scratch.iterdir()) == []
