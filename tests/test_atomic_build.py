"""`handbook build` never leaves a half site, and MkDocs never outlives `handbook`.

A failed or killed build leaves the previous site exactly as it was; stopping `handbook build`
or `handbook serve` stops its MkDocs child too.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TODAY_EPOCH
from tests.test_render import copy_handbook

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds child processes through /proc"
)


def handbook_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "generator", *arguments]


def environment(**extra: str) -> dict[str, str]:
    return dict(os.environ, SOURCE_DATE_EPOCH=TODAY_EPOCH, NO_MKDOCS_2_WARNING="1", **extra)


def build(handbook: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        handbook_command("build", *options),
        cwd=handbook,
        capture_output=True,
        text=True,
        env=environment(**env),
        check=False,
    )


def snapshot(site: Path) -> dict[str, str]:
    """Every file of the site by path, with a hash of its content."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def break_charters(handbook: Path) -> None:
    (handbook / "charters" / "broken.yaml").write_text("id: [unclosed\n")


def rename_a_charter(handbook: Path) -> None:
    charter = handbook / "charters" / "kestrel-support-services.yaml"
    text = charter.read_text()
    assert "name: Kestrel Support Services" in text
    charter.write_text(text.replace("name: Kestrel Support Services", "name: Kestrel Renamed", 1))


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition: object, seconds: float, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} within {seconds} s")


@pytest.fixture(scope="module")
def built_handbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    handbook = copy_handbook(tmp_path_factory.mktemp("atomic"))
    run = build(handbook)
    assert run.returncode == 0, run.stderr
    site = snapshot(handbook / "site")
    assert len(site) > 20
    return handbook, site


@pytest.fixture
def handbook(built_handbook: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    """A fresh copy of the built handbook, its site included."""
    import shutil

    source, _ = built_handbook
    copy = tmp_path / "handbook"
    shutil.copytree(source, copy, symlinks=True)
    return copy


@pytest.fixture
def orphans() -> Iterator[list[int]]:
    """Child pids to kill after the test, should one outlive its parent."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if is_running(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_failed_build_leaves_the_previous_site(
    handbook: Path, built_handbook: tuple[Path, dict[str, str]]
) -> None:
    _, before = built_handbook
    break_charters(handbook)
    run = build(handbook)
    assert run.returncode != 0
    assert "broken.yaml" in run.stderr
    assert snapshot(handbook / "site") == before
    assert sorted(p.name for p in handbook.iterdir() if p.name.startswith(".")) == []


def test_a_successful_build_replaces_the_whole_site(handbook: Path) -> None:
    (handbook / "site" / "stale.html").write_text("from an older build")
    rename_a_charter(handbook)
    run = build(handbook)
    assert run.returncode == 0, run.stderr
    assert not (handbook / "site" / "stale.html").exists()
    page = handbook / "site" / "charters" / "kestrel-support-services" / "index.html"
    assert "Kestrel Renamed" in page.read_text()
    assert oct((handbook / "site").stat().st_mode & 0o777) != oct(0o700)
    assert sorted(p.name for p in handbook.iterdir() if p.name.startswith(".")) == []


def test_the_site_dir_comes_from_an_env_tag_and_a_failed_build_keeps_it(handbook: Path) -> None:
    config = handbook / "mkdocs.yml"
    text = config.read_text()
    assert "site_dir: site\n" in text
    config.write_text(text.replace("site_dir: site\n", "site_dir: !ENV [HANDBOOK_SITE, public]\n"))
    assert build(handbook, HANDBOOK_SITE="published").returncode == 0
    before = snapshot(handbook / "published")
    assert before
    break_charters(handbook)
    assert build(handbook, HANDBOOK_SITE="published").returncode != 0
    assert snapshot(handbook / "published") == before
    assert not (handbook / "public").exists()


def test_a_failed_build_with_site_dir_keeps_that_site(handbook: Path) -> None:
    assert build(handbook, "--site-dir", "out/site").returncode == 0
    before = snapshot(handbook / "out" / "site")
    break_charters(handbook)
    assert build(handbook, "--site-dir", "out/site").returncode != 0
    assert snapshot(handbook / "out" / "site") == before
    assert [p.name for p in (handbook / "out").iterdir()] == ["site"]


@linux_only
def test_a_killed_build_leaves_the_previous_site_and_stops_mkdocs(
    handbook: Path, built_handbook: tuple[Path, dict[str, str]], orphans: list[int]
) -> None:
    _, before = built_handbook
    rename_a_charter(handbook)  # a build that ran to its end would change the site
    parent = subprocess.Popen(
        handbook_command("build"),
        cwd=handbook,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: children_of(parent.pid), 20, "MkDocs did not start")
    children = children_of(parent.pid)
    orphans.extend(children)
    parent.kill()
    parent.wait()
    wait_until(lambda: not any(map(is_running, children)), 30, "MkDocs kept running")
    assert snapshot(handbook / "site") == before


def start_serve(handbook: Path) -> subprocess.Popen[bytes]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return subprocess.Popen(
        handbook_command("serve", "--dev-addr", f"127.0.0.1:{port}"),
        cwd=handbook,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@linux_only
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_stopping_serve_stops_mkdocs(
    handbook: Path, orphans: list[int], stop: signal.Signals
) -> None:
    parent = start_serve(handbook)
    try:
        wait_until(lambda: children_of(parent.pid), 20, "MkDocs did not start")
        children = children_of(parent.pid)
        orphans.extend(children)
        time.sleep(1)  # MkDocs is up and serving
        parent.send_signal(stop)
        parent.wait(timeout=20)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    wait_until(lambda: not any(map(is_running, children)), 20, "MkDocs kept running")
    if stop == signal.SIGTERM:
        assert parent.returncode in (0, 128 + signal.SIGTERM)


def test_a_replaced_site_is_deleted_without_following_links(tmp_path: Path) -> None:
    """The old site goes, folders of folders included; what a link in it points at stays."""
    from generator.site.mkdocs_command import _remove_folder

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "file.txt").write_text("still here")
    old = tmp_path / "old-site"
    for person in ("ana", "ben"):
        (old / "people" / person).mkdir(parents=True)
        (old / "people" / person / "index.html").write_text(person)
    (old / "index.html").write_text("home")
    (old / "people" / "link").symlink_to(kept, target_is_directory=True)
    (old / "link").symlink_to(kept, target_is_directory=True)
    _remove_folder(old)
    assert not old.exists()
    assert (kept / "file.txt").read_text() == "still here"
