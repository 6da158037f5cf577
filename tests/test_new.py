"""`handbook new`: a skeleton that passes check, points editors at the schema, never overwrites."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import yaml

from generator.check.diagnostics import Severity
from generator.check.schema import Charter, Member
from generator.check.validate import check_paths
from generator.edit.fmt import format_file
from generator.edit.new import OTHER_CHARTER, quarter_of, related_example
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


def test_new_refuses_the_name_of_the_people_registry(tmp_path: Path) -> None:
    root = new_handbook(tmp_path)
    (root / "charters" / "people.yaml").unlink(missing_ok=True)
    run = handbook("new", "people", *NEW_OPTIONS, cwd=root)
    assert run.returncode == 2, run.stderr
    assert "'people.yaml' is the people registry, not a charter" in run.stderr
    assert not (root / "charters" / "people.yaml").exists()


def test_helpers() -> None:
    assert slugify("Zoë  O'Brien-Smith") == "zoe-o-brien-smith"
    assert [str(x) for x in quarter_of(TODAY)] == ["2026-Q4", "2026-10-01", "2026-12-31"]
    assert quarter_of(TODAY.replace(month=2))[1:] == (
        TODAY.replace(month=1, day=1),
        TODAY.replace(month=3, day=31),
    )


_EXAMPLE = re.compile(r"^(?P<indent> *)# [a-z_]+:")
"""The first line of a commented-out example: ``# account:``, ``    # joined: ...``."""


def uncommented(text: str) -> tuple[str, list[str]]:
    """``text`` with each commented-out example block as the author would uncomment it: the
    ``# `` after the indentation removed from its first line and from the deeper lines after."""
    lines: list[str] = []
    keys: list[str] = []
    indent: str | None = None
    for line in text.splitlines(keepends=True):
        if match := _EXAMPLE.match(line):
            indent = match["indent"]
            keys.append(line.split(":")[0].removeprefix(f"{indent}# "))
        elif indent is None or not line.startswith(f"{indent}#   "):
            indent = None
            lines.append(line)
            continue
        lines.append(indent + line[len(indent) + 2 :])
    return "".join(lines), keys


def new_acme(root: Path) -> Path:
    run = handbook(
        "new",
        "acme",
        *("--name", "Acme", "--kind", "customer", "--tier", "growth", "--owner", "Ana Lima"),
        *("--today", TODAY.isoformat()),
        cwd=root,
    )
    assert run.returncode == 0, run.stderr
    return root / "charters" / "acme.yaml"


def test_new_charter_is_already_formatted(tmp_path: Path) -> None:
    path = new_acme(new_handbook(tmp_path))
    before = path.read_bytes()
    assert format_file(path, check=True) is False
    assert path.read_bytes() == before


def test_every_example_passes_check_once_uncommented(tmp_path: Path) -> None:
    path = new_acme(new_handbook(tmp_path))
    text, keys = uncommented(path.read_text(encoding="utf-8"))
    new_fields = ["account", "joined", "challenges", "risks", "ideas", "relations", "internal"]
    assert set(new_fields) <= set(keys)
    path.write_text(text, encoding="utf-8")
    result = check_paths([str(path.parent)], Settings(), TODAY)
    found = [d for d in result.diagnostics if d.file == str(path)]
    assert found  # checked: a draft still has completeness warnings
    assert [d for d in found if d.severity is Severity.ERROR] == []
    charter = yaml.safe_load(text)
    assert list(charter) == list(Charter.model_fields)  # every section, in the schema's order
    member_fields = list(Member.model_fields)
    assert list(charter["members"][0]) == member_fields[: member_fields.index("joined") + 1]
    others = {path.stem for path in FIXTURE_CHARTERS.glob("*.yaml")} - {"glossary"}
    assert charter["relations"][0]["to"] in others
    assert charter["risks"][0]["owner"] == charter["owner"]
    assert format_file(path, check=True) is False  # the examples are in canonical order


def test_the_example_relation_points_at_another_charter() -> None:
    charters = [
        Charter.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(FIXTURE_CHARTERS.glob("*.yaml"))
        if path.name != "glossary.yaml"
    ]
    assert related_example(charters, "acme") == "brightpath-consulting"
    assert related_example(charters, "brightpath-consulting") == "cloudpeak-alliance"
    assert related_example([], "acme") == OTHER_CHARTER


def registry_handbook(tmp_path: Path) -> Path:
    """The fixture handbook with a people registry, written as an author would, comments and
    all, naming everyone the fixture's charters name."""
    root = new_handbook(tmp_path)
    result = check_paths([str(root / "charters")], Settings(), TODAY)
    names = {member.id: member.name for c in result.valid_charters for member in c.members}
    lines = ["# Everyone, once.", "people:"]
    for person_id, name in sorted(names.items()):
        lines += [f"  - id: {person_id}  # {person_id}'s entry", f"    name: {name}"]
    (root / "charters" / "people.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_with_a_registry_a_new_owner_is_added_to_it_and_named_once(tmp_path: Path) -> None:
    root = registry_handbook(tmp_path)
    registry = root / "charters" / "people.yaml"
    before = registry.read_text(encoding="utf-8")
    run = handbook("new", "acme-retail", *NEW_OPTIONS[:-1], "Zoë Brandt", cwd=root)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("added Zoë Brandt to charters/people.yaml\n")
    assert registry.read_text(encoding="utf-8") == (
        before + "  - id: zoe-brandt\n    name: Zoë Brandt\n"
    )
    charter = (root / "charters" / "acme-retail.yaml").read_text(encoding="utf-8")
    assert "  - id: zoe-brandt\n    # name: in people.yaml\n    party:" in charter
    checked = check_paths([str(root / "charters")], Settings(), TODAY)
    assert [d for d in checked.diagnostics if d.is_error] == []
    (new,) = [c for c in checked.valid_charters if c.id == "acme-retail"]
    assert [(m.id, m.name) for m in new.members] == [("zoe-brandt", "Zoë Brandt")]


def test_with_a_registry_a_known_owner_is_found_by_name(tmp_path: Path) -> None:
    root = registry_handbook(tmp_path)
    registry = root / "charters" / "people.yaml"
    before = registry.read_bytes()
    run = handbook("new", "acme-retail", *NEW_OPTIONS[:-1], "daniel  REYES", cwd=root)
    assert run.returncode == 0, run.stderr
    assert not run.stdout.startswith("added")
    assert registry.read_bytes() == before
    charter = (root / "charters" / "acme-retail.yaml").read_text(encoding="utf-8")
    assert "owner: daniel-reyes\n" in charter


def test_a_broken_registry_stops_new_before_it_writes_anything(tmp_path: Path) -> None:
    root = registry_handbook(tmp_path)
    (root / "charters" / "people.yaml").write_text("people:\n  - id: [\n", encoding="utf-8")
    run = handbook("new", "acme-retail", *NEW_OPTIONS, cwd=root)
    assert run.returncode == 2
    assert "people.yaml has errors: fix them first" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (root / "charters" / "acme-retail.yaml").exists()
