"""Processes for work over many files (``check``, ``fmt``): how many, and how they start."""

from __future__ import annotations

import multiprocessing
import os
import sys


def default_jobs() -> int:
    """The processes a command may use: the CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def pool_context() -> multiprocessing.context.BaseContext:
    """Forked workers on Linux start at once with everything imported; elsewhere the default
    (spawn on macOS and Windows) is the safe choice."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
