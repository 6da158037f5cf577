"""Shared test helpers: the fixed "today" and the repository's paths."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TODAY = datetime.date(2026, 11, 23)
"""Every test judges dates as of this day."""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
