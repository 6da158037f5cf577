"""The site as `mkdocs build` makes it: errors fail the build with located messages,
warnings fail only under --strict, and untrusted charter text stays inert in the HTML."""

from __future__ import annotations

import html as html_module
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CHARTERS, TODAY_EPOCH, RunHandbook, copy_handbook


def mkdocs_build(handbook: Path, *options: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, SOURCE_DATE_EPOCH=TODAY_EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(handbook / "site"), *options],
        cwd=handbook,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def edit_charter(handbook: Path, name: str, old: str, new: str) -> None:
    path = handbook / "charters" / f"{name}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    handbook = copy_handbook(tmp_path_factory.mktemp("handbook"))
    run = mkdocs_build(handbook, "--strict")
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    return handbook / "site"


def test_fixture_charters_build_strict_with_no_warnings(built_site: Path) -> None:
    pages = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.glob("charters/*/index.html")
    )
    assert pages == [
        f"charters/{p.stem}/index.html"
        for p in sorted(FIXTURE_CHARTERS.glob("*.yaml"))
        if p.name != "glossary.yaml"
    ]
    assert (built_site / "glossary" / "index.html").is_file()
    assert (built_site / "index.html").read_text().count("Relationship portfolio") >= 1


def test_site_references_no_other_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert '<script src="http' not in html and '<link href="http' not in html, page


def test_charter_page_shows_goals_and_links_terms(built_site: Path) -> None:
    html = (built_site / "charters" / "harborline-logistics" / "index.html").read_text()
    assert "handbook-goal-at-risk" in html
    assert 'class="glossary-term" href="../../glossary/#term-key-account"' in html


def test_a_javascript_link_fails_the_build_with_its_location(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    edit_charter(
        handbook,
        "harborline-logistics",
        "  Shared planning notes live in the",
        "  Open the [demo](javascript:alert(1)) first.\n  Shared planning notes live in the",
    )
    run = mkdocs_build(handbook)
    assert run.returncode != 0
    line, column = next(
        (number, text.index("javascript:") + 1)
        for number, text in enumerate(
            (handbook / "charters" / "harborline-logistics.yaml").read_text().splitlines(), 1
        )
        if "javascript:" in text
    )
    assert (line, column) == (16, 19)
    assert f"harborline-logistics.yaml:{line}:{column}: error[unsafe-link]" in run.stderr
    assert "Traceback" not in run.stderr


def test_script_in_a_purpose_is_shown_as_text(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    edit_charter(
        handbook,
        "harborline-logistics",
        "  Shared planning notes live in the",
        "  <script>alert('owned')</script> {{ 7 * 7 }}\n  Shared planning notes live in the",
    )
    run = mkdocs_build(handbook, "--strict")
    assert run.returncode == 0, run.stderr
    html = (handbook / "site" / "charters" / "harborline-logistics" / "index.html").read_text()
    assert "<script>alert(" not in html
    shown = html_module.unescape(html)  # what a reader sees, once the browser decoded it
    assert "<script>alert('owned')</script> {{ 7 * 7 }}" in shown


def test_warnings_fail_only_under_strict_and_reminders_never(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    edit_charter(
        handbook, "kestrel-support-services", "  last_held: ", "  last_held: 2026-01-05\n  x-was: "
    )
    strict = mkdocs_build(handbook, "--strict")
    assert strict.returncode == 0, strict.stderr  # a meeting overdue is a reminder
    assert "reminder[meeting-overdue]" in strict.stderr
    edit_charter(handbook, "kestrel-support-services", "  exit_criteria: ", "  x-exit: ")
    assert mkdocs_build(handbook).returncode == 0
    strict = mkdocs_build(handbook, "--strict")
    assert strict.returncode != 0
    assert "warning[no-exit-criteria]" in strict.stderr


def test_pages_export_builds_without_the_plugin(run_handbook: RunHandbook, tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path / "handbook")
    out = tmp_path / "export"
    run = run_handbook("pages", str(out), "--today", "2026-11-23", cwd=handbook)
    assert run.exit_code == 0, run.stderr
    config = (out / "mkdocs.yml").read_text()
    assert "charters:" not in config.split("nav:")[0]
    assert "- Key accounts:" in config
    assert (out / "docs" / "charters" / "harborline-logistics.md").is_file()
    assert (out / "docs" / "authoring.md").is_file()
    build = mkdocs_build(out, "--strict")
    assert build.returncode == 0, build.stderr
    assert (out / "site" / "charters" / "harborline-logistics" / "index.html").is_file()
