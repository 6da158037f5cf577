"""`handbook new`: a skeleton that passes check, points editors at the schema, never overwrites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import yaml

from generator.check.validate import check_paths
from generator.edit.new import quarter_of
from generator.settings import Settings
from generator.text import slugify
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY
from tests.test_cli import handbook


def new_handbook(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    shutil.copytree(REPOSITORY / "docs" / "schema", tmp_path / "docs" / "schema")
    return tmp_path


def test_new_charter_passes_check_with_completeness_warnings_only(tmp_path: Path) -> None:
    root = new_handbook(tmp_path)
    run = handbook(
        "new",
        "acme-retail",
        "--name",
        "Acme Retail: stores",
        "--kind",
        "customer",
        "--tier",
        "key",
        "--owner",
        "Ana Lima",
        "--today",
        "2026-11-23",
        cwd=root,
    )
    assert run.returncode == 0, run.stderr
    path = root / "charters" / "acme-retail.yaml"
    result = check_paths([str(path)], Settings(), TODAY)
    assert result.error_count == 0
    codes = {d.code for d in result.diagnostics}
    assert {"placeholder-text", "no-key-goals", "no-agreement"} <= codes
    charter = yaml.safe_load(path.read_text())
    assert charter["status"] == "proposed"
    assert charter["owner"] == "ana-lima" and charter["members"][0]["name"] == "Ana Lima"
    assert charter["parties"][0] == {
        "id": "northwind",
        "name": "Northwind Analytics",
        "benefits": [],
    }
    assert charter["period"]["label"] == "2026-Q4"


def test_new_charter_points_editors_at_the_shipped_schema(tmp_path: Path) -> None:
    root = new_handbook(tmp_path)
    handbook(
        "new",
        "acme",
        "--name",
        "Acme",
        "--kind",
        "partner",
        "--tier",
        "growth",
        "--owner",
        "Zoë Brandt",
        cwd=root,
    )
    path = root / "charters" / "acme.yaml"
    first_line = path.read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../docs/schema/charter-v1.json"
    schema = json.loads((path.parent / "../docs/schema/charter-v1.json").read_text())
    charter = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(charter)) == []
    assert charter["owner"] == "zoe-brandt"


NEW_OPTIONS = ("--name", "X", "--kind", "customer", "--tier", "key", "--owner", "X Y")


def test_new_refuses_to_overwrite_or_take_an_invalid_id(tmp_path: Path) -> None:
    root = new_handbook(tmp_path)
    before = (root / "charters" / "harborline-logistics.yaml").read_bytes()
    run = handbook("new", "harborline-logistics", *NEW_OPTIONS, cwd=root)
    assert run.returncode == 2 and "already exists" in run.stderr
    assert (root / "charters" / "harborline-logistics.yaml").read_bytes() == before
    run = handbook("new", "Acme Corp", *NEW_OPTIONS, cwd=root)
    assert run.returncode == 2 and "e.g. acme-corp" in run.stderr
    assert not list((root / "charters").glob("Acme*"))


def test_helpers() -> None:
    assert slugify("Zoë  O'Brien-Smith") == "zoe-o-brien-smith"
    assert [str(x) for x in quarter_of(TODAY)] == ["2026-Q4", "2026-10-01", "2026-12-31"]
    assert quarter_of(TODAY.replace(month=2))[1:] == (
        TODAY.replace(month=1, day=1),
        TODAY.replace(month=3, day=31),
    )
