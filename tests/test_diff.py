"""`generator.reports.diff`: what a branch changes in the charters, on a real git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.reports.diff import handbook_diff
from generator.reports.git import DiffError, merge_base
from generator.reports.markdown import escape_inline
from generator.settings import Settings
from tests.conftest import FIXTURE_CHARTERS, TODAY


def git(repo: Path, *arguments: str) -> str:
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "charters" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def diff(repo: Path, base_ref: str | None = None) -> str:
    return handbook_diff(repo, base_ref, "charters", Settings(), TODAY)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture charters committed on `main`, with a branch `change` checked out."""
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "The fixture charters")
    git(tmp_path, "switch", "-q", "-c", "change")
    return tmp_path


@pytest.fixture
def changed(repo: Path) -> Path:
    """Known edits of every kind the report describes, left uncommitted in the work tree."""
    edit(
        repo,
        "harborline-logistics.yaml",
        "      due: 2026-12-18\n      status: on-track",
        "      due: 2026-12-18\n      status: at-risk",
    )
    edit(
        repo,
        "harborline-logistics.yaml",
        "membership_criteria:",
        "  - id: sofia-lind\n    name: Sofia Lind\n    party: harborline\n"
        "    role: Regional Planning Lead\n"
        "    contributes: Brings the planners' view of the forecasts.\n"
        "membership_criteria:",
    )
    edit(
        repo,
        "kestrel-support-services.yaml",
        "  - id: sustainable-on-call\n"
        "    statement: Keep night pages to on-call engineers to genuine emergencies.\n"
        "    serves: well-being\n",
        "",
    )
    edit(repo, "product-field-council.yaml", "tier: growth", "tier: maintain")
    edit(
        repo,
        "glossary.yaml",
        "  - term: enablement\n",
        "  - term: roadmap\n"
        "    definition: The ordered plan of what <b>product</b> and engineering build next.\n"
        "  - term: enablement\n",
    )
    (repo / "charters" / "brightpath-consulting.yaml").unlink()
    learnwell = (repo / "charters" / "learnwell-academy.yaml").read_text(encoding="utf-8")
    (repo / "charters" / "northstar-labs.yaml").write_text(
        learnwell.replace("id: learnwell-academy", "id: northstar-labs").replace(
            "name: Learnwell Academy training partnership",
            "name: Northstar Labs <research> | *partnership*",
        ),
        encoding="utf-8",
    )
    return repo


def section(report: str, heading: str) -> list[str]:
    """The list items under ``### heading``."""
    blocks = report.split("\n\n")
    index = blocks.index(f"### {heading}")
    return blocks[index + 1].splitlines()


def test_summary_line_counts_every_kind_of_change(changed: Path) -> None:
    base = git(changed, "rev-parse", "main")
    report = diff(changed)
    assert report.splitlines()[0] == (
        f"**Handbook changes since the merge base `{base[:12]}`:** "
        "1 charter added, 1 removed, 3 changed; glossary changed; "
        "new problems: 0 errors, 6 warnings."
    )


def test_changed_charters_list_each_change(changed: Path) -> None:
    report = diff(changed)
    assert section(report, "Changed: Harborline Logistics (`harborline-logistics`)") == [
        "- Key goal `q4-health-score`: on-track → at-risk",
        "- Member joined: Sofia Lind (`sofia-lind`), Regional Planning Lead",
        "- Completeness: 100 (unchanged)",
    ]
    assert section(report, "Changed: Kestrel Support Services (`kestrel-support-services`)") == [
        "- Objective removed: `sustainable-on-call`: "
        "Keep night pages to on-call engineers to genuine emergencies.",
        "- Completeness: 100 (unchanged)",
    ]
    assert section(report, "Changed: Product and Field Council (`product-field-council`)") == [
        "- Tier: growth → maintain",
        "- Completeness: 100 (unchanged)",
    ]


def test_added_and_removed_charters_and_glossary_terms(changed: Path) -> None:
    report = diff(changed)
    learnwell_completeness = 73  # the copy scores like learnwell-academy (test_state_report)
    assert section(
        report, "Added: Northstar Labs &lt;research&gt; \\| \\*partnership\\* (`northstar-labs`)"
    ) == [
        "- New charter, tier: growth, status: proposed",
        f"- Completeness: {learnwell_completeness}",
        "- New problems: 0 errors, 6 warnings",
    ]
    assert section(
        report,
        "Removed: BrightPath Consulting implementation partnership (`brightpath-consulting`)",
    ) == ["- Was tier: key, status: under-review, completeness: 100"]
    assert section(report, "Changed: glossary (`charters/glossary.yaml`)") == [
        "- Term added: **roadmap**: "
        "The ordered plan of what &lt;b&gt;product&lt;/b&gt; and engineering build next."
    ]


def test_sections_are_sorted_by_id_with_the_glossary_last(changed: Path) -> None:
    headings = [line for line in diff(changed).splitlines() if line.startswith("### ")]
    assert [heading.split("(`")[-1] for heading in headings] == [
        "brightpath-consulting`)",
        "harborline-logistics`)",
        "kestrel-support-services`)",
        "northstar-labs`)",
        "product-field-council`)",
        "charters/glossary.yaml`)",
    ]


def test_committed_changes_compare_with_the_merge_base(changed: Path) -> None:
    uncommitted = diff(changed)
    git(changed, "add", "-A")
    git(changed, "commit", "-q", "-m", "Edit charters")
    assert diff(changed) == uncommitted
    assert diff(changed, "main").splitlines()[1:] == uncommitted.splitlines()[1:]


def test_nothing_changed(repo: Path) -> None:
    (repo / "charters" / "harborline-logistics.yaml").write_text(
        (repo / "charters" / "harborline-logistics.yaml").read_text() + "# a comment only\n"
    )
    assert diff(repo, "main") == (
        "**Handbook changes since `main`:** nothing changed in the charters or the glossary.\n"
    )


def test_reworded_texts_redefined_terms_and_new_errors(repo: Path) -> None:
    edit(
        repo,
        "harborline-logistics.yaml",
        "Keep the health score above 75 so",
        "Keep the [health score](javascript:alert(1)) above 80 so",
    )
    edit(
        repo,
        "harborline-logistics.yaml",
        "    definition: Harborline's highest-volume shipping window, from mid-November",
        "    definition: Harborline's busiest shipping window, from mid-November",
    )
    edit(
        repo, "harborline-logistics.yaml", "owner: daniel-reyes\npurpose", "owner: nobody\npurpose"
    )
    edit(repo, "harborline-logistics.yaml", "  format: 60-minute", "  format: 90-minute")
    lines = section(diff(repo), "Changed: Harborline Logistics (`harborline-logistics`)")
    assert lines == [
        "- Owner: `daniel-reyes` → `nobody`",
        "- Objective `secure-renewal` reworded: "
        "Keep the health score above 75 so the 2027 renewal is a formality, not a negotiation. → "
        "Keep the \\[health score\\](javascript:alert(1)) above 80 so the 2027 renewal is a "
        "formality, not a negotiation.",
        "- Term redefined: **peak season**: "
        "Harborline's highest-volume shipping window, from mid-November to early January. → "
        "Harborline's busiest shipping window, from mid-November to early January.",
        "- Other changes: `meetings`",
        "- Completeness: 100 (unchanged)",
        "- New problems: 2 errors, 0 warnings",
    ]


def test_unparsable_charter_is_reported_without_field_comparisons(repo: Path) -> None:
    path = repo / "charters" / "kestrel-support-services.yaml"
    path.write_text(path.read_text().replace("tier: maintain", "tier: platinum"))
    lines = section(diff(repo), "Changed: Kestrel Support Services (`kestrel-support-services`)")
    assert lines[0] == "- Fields not compared: the charter does not match the format now"
    assert lines[1] == "- Other changes: `tier`"
    assert lines[-1].startswith("- New problems: 1 error")


def test_not_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    with pytest.raises(DiffError, match="not inside a git repository"):
        merge_base(tmp_path)
    with pytest.raises(DiffError, match="not inside a git repository"):
        diff(tmp_path)


def test_no_main_branch(repo: Path) -> None:
    git(repo, "branch", "-q", "-m", "main", "trunk")
    with pytest.raises(DiffError, match="none of the branches origin/main, main"):
        merge_base(repo)
    assert merge_base(repo, ("trunk",)) == git(repo, "rev-parse", "trunk")


def test_unknown_base_ref(repo: Path) -> None:
    with pytest.raises(DiffError, match="'no-such-branch' does not name a commit"):
        diff(repo, "no-such-branch")


def test_merge_base_is_where_the_branch_left_main(repo: Path) -> None:
    fork = git(repo, "rev-parse", "HEAD")
    git(repo, "commit", "-q", "--allow-empty", "-m", "On the branch")
    git(repo, "switch", "-q", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "On main")
    git(repo, "switch", "-q", "change")
    assert merge_base(repo) == fork


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a | b", "a \\| b"),
        ("![x](http://e.example/x.png)", "!\\[x\\](http:\u200b//e.example/x.png)"),
        ("line\n# heading\n- item", "line # heading - item"),
        ("`code` *em* _em_ ~~s~~ \\", "\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~ \\\\"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_escape_inline(text: str, escaped: str) -> None:
    assert escape_inline(text) == escaped


def test_glossary_terms_redefined_and_removed(repo: Path) -> None:
    edit(
        repo,
        "glossary.yaml",
        "      Raising an issue to a more senior or specialised team because it cannot be\n"
        "      resolved at the current level within the expected time.\n",
        "      Handing an issue to a more senior team.\n",
    )
    edit(
        repo,
        "glossary.yaml",
        "  - term: enablement\n    definition: >-\n"
        "      Training and material that prepares sellers, partners or customers to use,\n"
        "      sell or support Northwind products.\n",
        "",
    )
    report = diff(repo, "main")
    assert report.splitlines()[0] == (
        "**Handbook changes since `main`:** glossary changed; no new problems."
    )
    assert section(report, "Changed: glossary (`charters/glossary.yaml`)") == [
        "- Term removed: **enablement**",
        "- Term redefined: **escalation**: Raising an issue to a more senior or specialised "
        "team because it cannot be resolved at the current level within the expected time. → "
        "Handing an issue to a more senior team.",
    ]
