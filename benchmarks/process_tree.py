"""The processes a benchmarked command starts, and the memory they hold together (Linux).

The kernel reports a process's peak resident memory, or the largest of its waited-for
children's, never a sum: a command that spreads its work over a pool of worker processes holds
more than its largest process. `TreeMemory` samples the sum over a process and all its
descendants every `interval` seconds. RSS comes from /proc/PID/stat; pages a forked worker
shares with its parent count in both, so the sum is an upper bound, and a peak shorter than the
interval can be missed. Where there is no /proc the sum is 0.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from types import TracebackType

_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 0.0


def descendants(pid: int) -> list[int]:
    """The ids of every living process below ``pid``: children, their children and so on."""
    return [process for process, _ in _tree(pid, _processes())[1:]]


def tree_rss_mb(pid: int) -> float:
    """The resident memory of ``pid`` and all its descendants together, in MB."""
    return sum(rss_pages for _, rss_pages in _tree(pid, _processes())) * _PAGE_MB


def _processes() -> dict[int, tuple[int, int]]:
    """Every process's parent id and resident pages, by process id, from /proc/PID/stat."""
    processes = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            processes[int(stat.parent.name)] = (int(fields[1]), int(fields[21]))
    return processes


def _tree(pid: int, processes: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    """``pid`` and its descendants, each with its resident pages; ``pid`` first."""
    children: dict[int, list[int]] = {}
    for process, (parent, _) in processes.items():
        children.setdefault(parent, []).append(process)
    found = [(pid, processes.get(pid, (0, 0))[1])]
    waiting = [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append((child, processes[child][1]))
            waiting.append(child)
    return found


class TreeMemory:
    """Samples, while in use, the peak of :func:`tree_rss_mb` for one process."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            if self._stop.wait(self.interval):
                return
