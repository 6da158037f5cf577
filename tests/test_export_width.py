"""`handbook pages` writes an mkdocs.yml that loads, whatever the length of navigation titles.

ruamel.yaml folds lines at 80 characters by default. A navigation title is a mapping key, and
a plain key shorter than 128 characters folded onto a second line is invalid YAML, which MkDocs
and Zensical both refuse (longer keys are written as explicit ``? key`` entries, which fold
safely). A long tier section is split into alphabetical runs titled "FIRST to LAST"
(generator/site/navigation.py), so names of 45 to 61 characters make the titles that broke.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.site.navigation import SECTION_SIZE
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY

SAMPLE = FIXTURE_CHARTERS / "kestrel-support-services.yaml"
"""A maintain-tier supplier: copies of it fill one tier and one kind, so its section is split."""
COPIES = SECTION_SIZE + 5
STEM = "Kestrel Support Services regional after-hours desk"


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader that reads any tag a MkDocs configuration may hold as None.

    The shipped mkdocs.yml has no tags; a project's may (``!ENV``, ``!!python/name:``), and
    this test is about the YAML syntax of what is written, not about those values.
    """


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _long_name(number: int, length: int) -> str:
    """A name of ``length`` characters, with its number last so names sort by number."""
    return f"{STEM} {'x' * (length - len(STEM) - 5)} {number:03d}"


def _make_handbook(root: Path, name_length: int) -> list[str]:
    """A handbook in ``root`` with ``COPIES`` suppliers of long names; returns their names."""
    for name in ("templates", "docs"):
        shutil.copytree(REPOSITORY / name, root / name)
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    charters = root / "charters"
    charters.mkdir()
    shutil.copy(FIXTURE_CHARTERS / "glossary.yaml", charters / "glossary.yaml")
    text = SAMPLE.read_text(encoding="utf-8")
    names = []
    for number in range(COPIES):
        charter_id = f"kestrel-desk-{number:03d}"
        name = _long_name(number, name_length)
        charter = text.replace("id: kestrel-support-services", f"id: {charter_id}", 1)
        charter = charter.replace("name: Kestrel Support Services", f"name: {name}", 1)
        (charters / f"{charter_id}.yaml").write_text(charter, encoding="utf-8")
        names.append(name)
    return names


def _titles(nav: object) -> Iterator[str]:
    """Every title in an MkDocs ``nav``, sections and pages alike."""
    if isinstance(nav, list):
        for entry in nav:
            yield from _titles(entry)
    elif isinstance(nav, dict):
        for title, target in nav.items():
            yield title
            yield from _titles(target)


@pytest.mark.parametrize(
    "name_length",
    [
        pytest.param(61, id="titles-of-126-characters"),  # plain keys: folded at 80, invalid
        pytest.param(80, id="titles-of-164-characters"),  # explicit keys: folded, yet valid
    ],
)
def test_long_navigation_titles_stay_on_one_line(
    name_length: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "handbook"
    root.mkdir()
    names = _make_handbook(root, name_length)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(root)

    exit_code = main(["pages", str(tmp_path / "out"), "--today", "2026-11-23"])

    assert exit_code == 0, capsys.readouterr().err
    written = (tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(written, Loader=_ConfigLoader)  # safe: a SafeLoader
    titles = set(_titles(config["nav"]))
    runs = [names[i : i + SECTION_SIZE] for i in range(0, len(names), SECTION_SIZE)]
    expected_runs = [f"{run[0]} to {run[-1]}" for run in runs]
    assert all(len(title) == 2 * name_length + 4 > 80 for title in expected_runs)
    lines = written.splitlines()
    for title in [*expected_runs, *names]:
        assert title in titles
        assert any(title in line for line in lines), f"{title!r} is folded"
