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


def fixture_repository(folder: Path) -> Path:
    """The fixture charters committed on `main` in ``folder``, with a branch `change` checked
    out (the ``repo`` fixture, shared with ``test_diff_problems``)."""
    shutil.copytree(FIXTURE_CHARTERS, folder / "charters")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "The fixture charters")
    git(folder, "switch", "-q", "-c", "change")
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture charters committed on `main`, with a branch `change` checked out."""
    return fixture_repository(tmp_path)


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
        f"**Handbook changes since the merge base with `main` ({base[:12]}):** "
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


def test_new_charter_lists_owner_members_objectives_key_goals_and_each_problem(
    changed: Path,
) -> None:
    report = diff(changed)
    learnwell_completeness = 77  # the copy scores like learnwell-academy (test_state_report)
    file = "charters/northstar-labs.yaml"
    assert section(
        report, "Added: Northstar Labs &lt;research&gt; \\| \\*partnership\\* (`northstar-labs`)"
    ) == [
        "- New charter, tier: growth, status: proposed",
        "- Owner: Grace Whitfield (`grace-whitfield`)",
        "- Members:",
        "  - Grace Whitfield (`grace-whitfield`), Northwind Analytics, Customer Education Lead",
        "  - Maya Okafor (`maya-okafor`), Northwind Analytics, VP of Partnerships",
        "  - Clara Jensen (`clara-jensen`), Learnwell Academy, Partnerships Manager",
        "- Objectives:",
        "  - `customer-enablement`: Offer self-paced and live Northwind courses that customers "
        "can buy without a sales call. (serves: business)",
        "  - `analyst-growth`: Give customer analysts a recognised way to grow their skills "
        "and careers. (serves: well-being)",
        "- Key goals for 2026-Q4:",
        '  - `q4-pilot-course`: Agree the outline of a pilot course, "Northwind Dashboards '
        'Fundamentals". (owner: Grace Whitfield (`grace-whitfield`); due: 2026-12-15; '
        "status: on-track)",
        "  - `q4-pricing-model`: Settle a pricing and revenue-split model for paid courses. "
        "(owner: none; due: none; status: planned)",
        f"- Completeness: {learnwell_completeness}",
        "- New problems: 0 errors, 6 warnings",
        f"  - warning `no-agreement` at `{file}:1`: no agreement is recorded",
        f"  - warning `party-without-benefits` at `{file}:21`: "
        "party 'Learnwell Academy' lists no benefits",
        f"  - warning `member-without-contribution` at `{file}:42`: "
        "member 'Clara Jensen' has no \\`contributes\\`",
        f"  - warning `goal-without-due` at `{file}:61`: key goal 'q4-pricing-model' has no due",
        f"  - warning `goal-without-measure` at `{file}:61`: "
        "key goal 'q4-pricing-model' has no measure",
        f"  - warning `goal-without-owner` at `{file}:61`: "
        "key goal 'q4-pricing-model' has no owner",
    ]


def test_removed_charter_and_glossary_terms(changed: Path) -> None:
    report = diff(changed)
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
    assert (
        diff(changed, "main")
        .splitlines()[0]
        .startswith(
            f"**Handbook changes since `main` ({git(changed, 'rev-parse', 'main')[:12]}):**"
        )
    )


def test_nothing_changed(repo: Path) -> None:
    (repo / "charters" / "harborline-logistics.yaml").write_text(
        (repo / "charters" / "harborline-logistics.yaml").read_text() + "# a comment only\n"
    )
    base = git(repo, "rev-parse", "main")[:12]
    assert diff(repo, "main") == (
        f"**Handbook changes since `main` ({base}):** "
        "nothing changed in the charters or the glossary.\n"
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
        "  - error `dangling-reference` at `charters/harborline-logistics.yaml:6`: "
        "'nobody' is not a member id of this charter",
        "  - error `unsafe-link` at `charters/harborline-logistics.yaml:45`: "
        "link target 'javascript:alert(1)' uses the scheme 'javascript:'",
    ]


def test_unparsable_charter_is_reported_without_field_comparisons(repo: Path) -> None:
    path = repo / "charters" / "kestrel-support-services.yaml"
    path.write_text(path.read_text().replace("tier: maintain", "tier: platinum"))
    lines = section(diff(repo), "Changed: Kestrel Support Services (`kestrel-support-services`)")
    assert lines[0] == "- Fields not compared: the charter does not match the format now"
    assert lines[1] == "- Other changes: `tier`"
    assert lines[-2].startswith("- New problems: 1 error")
    assert lines[-1].startswith("  - error `invalid-value` at ")


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
        f"**Handbook changes since `main` ({git(repo, 'rev-parse', 'main')[:12]}):** "
        "glossary changed; no new problems."
    )
    assert section(report, "Changed: glossary (`charters/glossary.yaml`)") == [
        "- Term removed: **enablement**",
        "- Term redefined: **escalation**: Raising an issue to a more senior or specialised "
        "team because it cannot be resolved at the current level within the expected time. → "
        "Handing an issue to a more senior team.",
    ]


@pytest.mark.parametrize("base_ref", ["HEAD~1", "change^", "@{-1}", "main"])
def test_base_ref_is_shown_as_written_with_its_commit(repo: Path, base_ref: str) -> None:
    base = git(repo, "rev-parse", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "On the branch")
    assert diff(repo, base_ref).splitlines()[0] == (
        f"**Handbook changes since `{base_ref}` ({base[:12]}):** "
        "nothing changed in the charters or the glossary."
    )


def test_new_charter_that_does_not_match_the_format_is_not_detailed(repo: Path) -> None:
    kestrel = (repo / "charters" / "kestrel-support-services.yaml").read_text(encoding="utf-8")
    (repo / "charters" / "osprey.yaml").write_text(
        kestrel.replace("id: kestrel-support-services", "id: osprey").replace(
            "tier: maintain", "tier: platinum"
        ),
        encoding="utf-8",
    )
    lines = section(diff(repo), "Added: Kestrel Support Services (`osprey`)")
    assert lines[:2] == [
        "- New charter, tier: platinum, status: active",
        "- Details not listed: the charter does not match the format",
    ]
    assert "  - error `invalid-value` at `charters/osprey.yaml:4`: " in "\n".join(lines)
