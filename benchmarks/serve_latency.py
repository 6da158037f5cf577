"""How soon `handbook serve` shows a handbook, and how soon it shows an edit to one charter.

Run on its own: .venv/bin/python benchmarks/serve_latency.py FOLDER [--today 2026-11-23]
(FOLDER is a handbook, e.g. one benchmarks/corpus.py wrote). bench_scaling.py uses it for the
two serve rows of its table.

One session:

1. start `handbook serve --dev-addr 127.0.0.1:PORT --today T` in FOLDER, on a free port and in
   a new session, so the server and what it starts can be stopped together;
2. "first page": the seconds from the start until the home page answers (HTTP 200);
3. wait `SETTLE_SECONDS`, untimed, so the server's file watcher has looked at the files once
   (MkDocs' polling observer takes its first snapshot in a thread of its own as the server
   starts: an edit made before that snapshot is never noticed);
4. append a unique token to the first line of one charter's `purpose:` value, on disk (the
   first charter by file name);
5. "edit to page": the seconds from that write until the charter's page, at the address
   generator/site/addresses.py gives it, is served with the token in it;
6. stop the server: SIGTERM to its process group (`handbook serve` passes it on to MkDocs,
   which runs in a group of its own), SIGKILL after `STOP_SECONDS`; then read its peak resident
   memory (the largest of `handbook serve` and the MkDocs it waited for) and put the charter
   back as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import yaml

from generator.site.addresses import published_url

SETTLE_SECONDS = 2.0
"""Untimed wait between the first page and the edit, for the file watcher's first look."""
STOP_SECONDS = 15.0
"""How long a stopped server has to exit before it is killed."""
POLL_SECONDS = 0.05
"""The pause between two requests for a page."""
_BLOCK_SCALAR = re.compile(r"purpose:\s*[|>][-+0-9]*\s*(#.*)?")


@dataclass(frozen=True)
class ServeTimes:
    first_page: float | None
    """Seconds from the start to the home page answering; None when it did not in time."""
    edit_to_page: float | None
    """Seconds from the edit to the token served; None when not measured or not in time."""
    peak_rss_mb: float
    exit_code: int | None
    """The server's exit code when it stopped by itself (it failed); None when it was stopped."""
    output: str


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def charter_to_edit(folder: Path) -> Path:
    """The charter the session edits: the first by file name, the glossary aside."""
    charters = sorted((folder / "charters").glob("*.yaml"))
    return next(path for path in charters if path.name != "glossary.yaml")


def charter_page(charter_path: Path) -> str:
    """The site-relative address of a charter's page, from its id (else its file name)."""
    values = yaml.safe_load(charter_path.read_text(encoding="utf-8"))
    charter_id = values.get("id") if isinstance(values, dict) else None
    return published_url(f"charters/{charter_id or charter_path.stem}.md")


def with_token_in_purpose(text: str, token: str) -> str:
    """The charter's YAML text with `` token`` appended to the first line of its purpose.

    For a block scalar (``purpose: |``) that is the first line of text below the key; for a
    value on the key's own line, the end of that value (inside its closing quote, if quoted).
    """
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.startswith("purpose:"):
            continue
        if _BLOCK_SCALAR.fullmatch(line.rstrip()):
            index = next(i for i in range(index + 1, len(lines)) if lines[i].strip())
        lines[index] = _appended(lines[index], token)
        return "".join(lines)
    raise ValueError("the charter has no top-level purpose: line")


def _appended(line: str, token: str) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    if body.endswith(("'", '"')) and len(body.split(":", 1)[1].strip()) > 1:
        return f"{body[:-1]} {token}{body[-1]}{ending}"
    return f"{body} {token}{ending}"


def time_serve(
    handbook: Sequence[str],
    folder: Path,
    today: str,
    timeout: float,
    environment: Mapping[str, str] | None = None,
) -> ServeTimes:
    """One session of ``handbook serve`` in ``folder`` (see the module's docstring)."""
    charter = charter_to_edit(folder)
    original = charter.read_bytes()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    arguments = [*handbook, "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", today]
    edit_to_page = None
    with tempfile.TemporaryFile() as output:
        server = _Server(arguments, folder, environment, output)
        try:
            first_page = server.wait_for(base, "", server.started, timeout)
            if first_page is not None:
                time.sleep(SETTLE_SECONDS)
                token = f"servetoken{uuid.uuid4().hex[:12]}"
                text = with_token_in_purpose(original.decode("utf-8"), token)
                edited = time.perf_counter()
                charter.write_text(text, encoding="utf-8")
                edit_to_page = server.wait_for(base + charter_page(charter), token, edited, timeout)
        finally:
            server.stop()
            charter.write_bytes(original)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return ServeTimes(first_page, edit_to_page, server.peak_rss_mb, server.exit_code, text)


class _Server:
    """A server process in a session of its own, reaped with its resource usage."""

    def __init__(
        self,
        arguments: list[str],
        folder: Path,
        environment: Mapping[str, str] | None,
        output: IO[bytes],
    ) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            arguments,
            cwd=folder,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.exit_code: int | None = None
        self.peak_rss_mb = 0.0
        self._reaped = False

    def running(self) -> bool:
        if self._reaped:
            return False
        pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if pid == 0:
            return True
        self._reap(status, usage.ru_maxrss)
        return False

    def wait_for(self, url: str, text: str, since: float, timeout: float) -> float | None:
        """Seconds from ``since`` until ``url`` answers with ``text`` in it; None if never."""
        while time.perf_counter() - since < timeout and self.running():
            page = _fetch(url)
            if page is not None and text in page:
                return time.perf_counter() - since
            time.sleep(POLL_SECONDS)
        return None

    def stop(self) -> None:
        """Stop the server, if it still runs; the exit code is kept only if it stopped itself."""
        if not self.running():
            return
        _signal_group(self.process.pid, signal.SIGTERM)
        deadline = time.perf_counter() + STOP_SECONDS
        while self.running() and time.perf_counter() < deadline:
            time.sleep(POLL_SECONDS)
        if self.running():
            _signal_group(self.process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(self.process.pid, 0)
            self._reap(status, usage.ru_maxrss)
        self.exit_code = None

    def _reap(self, status: int, max_rss_kb: int) -> None:
        self._reaped = True
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.exit_code = self.process.returncode
        self.peak_rss_mb = max_rss_kb / 1024  # kilobytes on Linux


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def _fetch(url: str) -> str | None:
    """The page at ``url``, or None when it does not answer with 200."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the handbook to serve")
    parser.add_argument("--today", default="2026-11-23", help="passed to handbook serve")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per wait (300)")
    arguments = parser.parse_args()
    handbook = Path(sys.executable).with_name("handbook")
    times = time_serve([str(handbook)], arguments.folder, arguments.today, arguments.timeout)
    print(f"first page: {times.first_page}, edit to page: {times.edit_to_page}")
    print(f"peak RSS: {times.peak_rss_mb:,.0f} MB, exit code: {times.exit_code}")


if __name__ == "__main__":
    main()
