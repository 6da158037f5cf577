"""``handbook share``: the partner's page holds none of our own notes and runs nothing.

The fixture ``tests/fixtures/share/charters`` is frozen: ``ferrywell-freight`` fills every
field, and each one the partner must never see (``internal``, ``account``, ``risks``, the
review's partner fit and exit criteria, the tier, relations, history, former members, ``x-``
keys) holds a marker starting ``INTERNAL-MARKER-7f3a``; ``hostile-harbour`` carries a hostile
text in every field the page shows; ``broken-basin`` has errors. The golden page is
``tests/fixtures/share/ferrywell-freight.html``; refresh it after an intended change with

    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_share.py

and review the diff like any code.

The ``share`` subcommand is wired in ``generator/cli.py`` separately; these tests call
:func:`generator.share.run_share` with the arguments the parser gives it, and handle a
:class:`~generator.errors.HandbookError` as ``generator.cli.main`` does.
"""

from __future__ import annotations

import argparse
import datetime
import html
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.schema import Charter, strip_extensions
from generator.check.validate import check_paths
from generator.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, HandbookError, UsageError
from generator.settings import Settings
from generator.share import (
    ALWAYS_EXCLUDED,
    excluded_paths,
    field_paths,
    render_share,
    run_share,
    shared_charter,
)
from generator.share.markup import partner_html, visible_text
from tests.conftest import REPOSITORY, TODAY, TODAY_EPOCH
from tests.test_render import assert_matches_golden

SHARE_FIXTURE = Path(__file__).parent / "fixtures" / "share"
CHARTERS = SHARE_FIXTURE / "charters"
TEMPLATES = REPOSITORY / "templates"
MARKER = "INTERNAL-MARKER-7f3a"
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

ALLOWED_TAGS = frozenset(
    {"html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section"}
    | {"div", "h1", "h2", "h3", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead"}
    | {"tbody", "tr", "th", "td", "strong", "em", "b", "i", "code", "pre", "blockquote"}
    | {"del", "br", "hr", "a", "small", "span", "time"}
)
"""Every element the partner's page may hold."""
ALLOWED_ATTRIBUTES = frozenset(
    {"lang", "charset", "http-equiv", "content", "name", "href", "rel", "class", "id"}
    | {"scope", "datetime", "data-label", "start"}
)
"""Every attribute an element of the page may carry."""


# Running the command --------------------------------------------------------------------


@dataclass(frozen=True)
class Shared:
    exit_code: int
    page: bytes
    """What the command wrote to stdout."""
    message: str = ""
    """What ``handbook`` would print after ``handbook: error:``."""


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A handbook made of the fixture's charters and the repository's templates, as cwd."""
    shutil.copytree(CHARTERS, tmp_path / "charters")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    (tmp_path / "handbook.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


ShareCommand = Callable[..., Shared]
"""``share(ID, out=None, today="2026-11-23", config=None)``: one run of the command."""


@pytest.fixture
def share(handbook: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> ShareCommand:
    def run(
        charter_id: str,
        *,
        out: Path | None = None,
        today: str | None = TODAY.isoformat(),
        config: Path | None = None,
    ) -> Shared:
        capsysbinary.readouterr()
        arguments = argparse.Namespace(id=charter_id, out=out, today=today, config=config)
        try:
            exit_code, message = run_share(arguments), ""
        except HandbookError as error:  # as generator.cli.main shows it; anything else fails
            exit_code, message = error.exit_code, str(error)
        return Shared(exit_code, capsysbinary.readouterr().out, message)

    return run


@pytest.fixture(scope="module")
def ferrywell_page() -> str:
    return render(FERRYWELL)


def _checked_fixture() -> tuple[dict[str, Charter], list[Any]]:
    result = check_paths([str(CHARTERS)], Settings(), TODAY)
    charters = {charter.id: charter for charter in result.valid_charters}
    return charters, [item.glossary for item in result.glossaries if item.glossary]


CHECKED, GLOSSARIES = _checked_fixture()
FERRYWELL = CHECKED["ferrywell-freight"]
HOSTILE = CHECKED["hostile-harbour"]


def render(charter: Charter, *extra: str, today: datetime.date = TODAY) -> str:
    exclude = excluded_paths(Settings(share_exclude=list(extra)))
    return render_share(charter, GLOSSARIES, today, TEMPLATES, exclude=exclude)


# What the page is made of ----------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]


class _Audit(HTMLParser):
    """Every element with its attributes, the text of each <style>, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))
        self.in_style = tag == "style"
        if self.in_style:
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.styles[-1] += data


def audit(page: str) -> _Audit:
    parser = _Audit()
    parser.feed(page)
    parser.close()
    return parser


def assert_loads_and_runs_nothing(page: str) -> None:
    """The page's structure: only allowed elements and attributes, one inline stylesheet
    that loads nothing, links only to http, https and mailto, and the CSP."""
    found = audit(page)
    assert {element.tag for element in found.elements} <= ALLOWED_TAGS
    for element in found.elements:
        assert set(element.attributes) <= ALLOWED_ATTRIBUTES, element
        for name, value in element.attributes.items():
            if element.tag == "a" and name == "href":
                assert re.match(r"(https?|mailto):", value), value
                assert element.attributes.get("rel") == "noopener noreferrer"
            else:
                assert "http" not in value.lower() or name == "http-equiv", element
                assert not re.search(r"javascript|data:|vbscript", value, re.IGNORECASE)
    assert len(found.styles) == 1
    for sign in ("url(", "@import", "</", "expression(", "http"):
        assert sign not in found.styles[0]
    policies = [e for e in found.elements if e.attributes.get("http-equiv")]
    assert [(e.attributes["http-equiv"], e.attributes["content"]) for e in policies] == [
        ("Content-Security-Policy", CSP)
    ]
    tags = [e.tag for e in found.elements]
    assert found.elements.index(policies[0]) < tags.index("style") < tags.index("body")


# No internal text -------------------------------------------------------------------------


def test_no_internal_text_reaches_the_page(share: ShareCommand) -> None:
    shared = share("ferrywell-freight")
    assert shared.exit_code == EXIT_OK
    page = shared.page
    assert page.startswith(b"<!DOCTYPE html>\n")
    assert MARKER.encode() not in page
    assert b"7f3a" not in page
    for internal in (
        "731905",  # account.annual_value
        "731,905",
        "2027-02-17",  # account.renewal
        "17 February 2027",
        "EUR",
        "Orla Quist",  # a former member
        "2027-01-21",  # review.next_review
        "21 January 2027",
        "2026-09-24",  # review.last_reviewed
        "2026-Q3",  # history
        "partner-of",  # relations
        "walk-away",  # glossary and own terms used only in internal text
        "churn signal",
        "key tier",
        "tier",
        "Pieter Vos moves",
    ):
        assert internal.encode() not in page, internal


def test_every_internal_field_of_the_fixture_holds_a_marker() -> None:
    """The test above proves something only while the fixture fills every internal field."""
    raw = yaml.safe_load((CHARTERS / "ferrywell-freight.yaml").read_text(encoding="utf-8"))
    assert MARKER in raw["internal"]
    assert raw["account"]["annual_value"] == 731905
    assert all(MARKER in risk["risk"] and MARKER in risk["mitigation"] for risk in raw["risks"])
    assert MARKER in raw["review"]["partner_fit"]
    assert MARKER in raw["review"]["exit_criteria"]
    assert MARKER in raw["relations"][0]["note"]
    assert MARKER in raw["x-crm"]["opportunity"]
    assert FERRYWELL.internal and FERRYWELL.account and FERRYWELL.risks


def test_shared_fields_appear(ferrywell_page: str) -> None:
    text = " ".join(visible_text(ferrywell_page).split())
    for shown in (
        "Ferrywell Freight",
        "customer relationship",
        "plans every dock slot with our scheduling platform",
        "contract, Master Subscription Agreement MSA-2024-118, signed 6 May 2024",
        "Every Ferrywell terminal plans its dock slots in the shared planner. serves the business",
        "Northwind Analytics",
        "Fewer idle trucks at the gates through better slot planning",
        "Ines Barros",
        "Pieter Vos",  # leaves after today: still a member
        "Hanna Lind",
        "Head of Terminal Operations and executive sponsor",
        "Tests every planner release with real schedules.",
        "Plans, configures or decides on dock slots at a Ferrywell terminal",
        "Key goals for 2026-Q4",
        "1 October 2026 to 31 December 2026",
        "Bring the last four terminals onto the shared planner.",
        "Measure: 12 of 12 terminals planning in the planner for two weeks",
        "11 December 2026",
        "on track",
        "The group meets monthly on Thursdays at 10:00 (Europe/Copenhagen), for 45 minutes",
        "the December meeting is the QBR, held in Esbjerg",
        "Roadmap requests from Ferrywell",
        "13 November 2026: Both dispatch teams held their fourth weekly planning call.",
        "Dispatchers still keep a paper plan as a fallback.",
        "Show dispatchers tomorrow's slot plan on the terminal screens. proposed",
        "Shared from the Ferrywell Freight charter on 23 November 2026.",
    ):
        assert shown in text, shown
    goal_row = re.search(
        r"<tr>\s*<td data-label=\"Goal\">Bring the last.*?</tr>", ferrywell_page, re.S
    )
    assert goal_row is not None and "Pieter Vos" in goal_row.group()


def test_the_page_matches_its_golden_file(ferrywell_page: str) -> None:
    assert_matches_golden(ferrywell_page, SHARE_FIXTURE / "ferrywell-freight.html")


def test_terms_are_those_the_page_uses(ferrywell_page: str) -> None:
    terms = ferrywell_page.split('<section id="terms">')[1].split("</section>")[0]
    defined = re.findall(r"<dt>([^<]*)", terms)
    assert defined == ["dock slot", "gate wait", "QBR "]
    assert "A booked time window at a terminal gate" in terms  # from the shared glossary
    assert "The minutes a truck waits" in terms  # the charter's own
    assert "quarterly business review" in terms  # an alias


def test_a_term_used_only_in_a_left_out_field_is_not_defined() -> None:
    page = render(FERRYWELL, "challenges")
    assert "<dt>gate wait</dt>" not in page  # used only in the challenges
    assert "<dt>dock slot</dt>" in page


# Loads nothing, runs nothing -------------------------------------------------------------


def test_the_page_loads_and_runs_nothing(ferrywell_page: str) -> None:
    for sign in ("<script", "src=", "url(", "@import", "<link", "<img", "<iframe", "<base"):
        assert sign not in ferrywell_page.lower(), sign
    assert_loads_and_runs_nothing(ferrywell_page)
    assert '<a href="https://portal.ferrywell.example/plan" rel="noopener noreferrer">' in (
        ferrywell_page
    )
    assert '<a href="mailto:ferrywell-team@northwind.example"' in ferrywell_page


def test_links_inside_the_handbook_become_text(ferrywell_page: str) -> None:
    assert "Our setup mirrors the one in Hostile Harbour and the\nrunbook." in ferrywell_page
    assert ".yaml" not in ferrywell_page
    assert "runbook.md" not in ferrywell_page


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [Acme](acme.yaml#goals).", "<p>See Acme.</p>"),
        ("See [the guide](../docs/guide.md).", "<p>See the guide.</p>"),
        ("[top](#top) and [x](javascript:alert(1))", "<p>top and x</p>"),
        ("[x](JaVa&#115;cript:alert(1))", "<p>x</p>"),
        ("![chart](chart.png) and ![far](https://evil.example/x.png)", "<p>chart and far</p>"),
        (
            '[site](https://example.org/a?b=1&c=2 "https://title.example")',
            '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">site</a></p>',
        ),
        (
            "<img src=x onerror=alert(1)> </style><script>alert(1)</script>",
            "<p>&lt;img src=x onerror=alert(1)&gt; &lt;/style&gt;&lt;script&gt;alert(1)"
            "&lt;/script&gt;</p>",
        ),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("`<b>` and **bold**", "<p><code>&lt;b&gt;</code> and <strong>bold</strong></p>"),
    ],
)
def test_charter_markdown_for_the_partner(markdown: str, expected: str) -> None:
    assert partner_html(markdown, inline=False) == expected


def test_one_line_text_has_no_blocks() -> None:
    assert partner_html("A *goal* [here](other.yaml)", inline=True) == "A <em>goal</em> here"


# Hostile text ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render(HOSTILE)


def test_hostile_page_loads_and_runs_nothing(hostile_page: str) -> None:
    assert_loads_and_runs_nothing(hostile_page)
    found = audit(hostile_page)
    assert [e.tag for e in found.elements].count("title") == 1
    assert not any(name.startswith("on") for e in found.elements for name in e.attributes)
    assert "{{" in hostile_page and "49" not in visible_text(hostile_page)  # no template ran


HOSTILE_SIGNS = ("__pwned", "evil.example", "{{")
"""What each payload of the hostile fixture holds."""


def _hostile_texts() -> Iterator[tuple[str, str]]:
    """``(path, text)`` for each hostile text in the fields the page shows."""
    shown = strip_extensions(HOSTILE.model_dump(mode="json"))
    for key in ("internal", "account", "risks", "review", "relations", "history"):
        shown.pop(key, None)
    stack: list[tuple[str, Any]] = [("", shown)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{path}.{key}".strip("."), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(f"{path}[{index}]", item) for index, item in enumerate(value)]
        elif isinstance(value, str) and any(sign in value for sign in HOSTILE_SIGNS):
            yield path, value


HOSTILE_TEXTS = sorted(_hostile_texts())
AS_WRITTEN = [
    (path, text)
    for path, text in HOSTILE_TEXTS
    if not any(sign in text for sign in ("&lt;", "&#", "](", "\n"))
]
"""The hostile texts with no Markdown or character reference in them: each must show exactly
as written. (The others are covered by the page's structure and by the purpose's test.)"""


def test_the_hostile_fixture_covers_every_shown_field() -> None:
    fields = {re.sub(r"\[\d+\]", "", path) for path, _ in HOSTILE_TEXTS}
    assert fields >= {
        "name",
        "agreement.reference",
        "parties.name",
        "parties.benefits",
        "objectives.statement",
        "members.name",
        "members.role",
        "members.contributes",
        "membership_criteria",
        "period.label",
        "period.key_goals.goal",
        "period.key_goals.measure",
        "meetings.format",
        "meetings.agenda",
        "accomplishments.summary",
        "challenges",
        "ideas.idea",
        "terms.aliases",
        "terms.definition",
    }


@pytest.mark.parametrize(("path", "text"), AS_WRITTEN, ids=[path for path, _ in AS_WRITTEN])
def test_hostile_text_shows_as_written(hostile_page: str, path: str, text: str) -> None:
    assert " ".join(text.split()) in " ".join(visible_text(hostile_page).split())


def test_hostile_purpose_shows_as_text(hostile_page: str) -> None:
    text = visible_text(hostile_page)
    for payload in (
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        "</style><script>window.__pwned=1</script>",
        '<a href="javascript:window.__pwned=1">click</a>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<link rel=stylesheet href=https://evil.example/x.css> @import url(",
        '<base href="https://evil.example/">',
        "<style>body{display:none}</style>",
    ):
        assert payload in text, payload


# Every field can be left out ---------------------------------------------------------------


def _values_at(value: Any, steps: list[str]) -> list[Any]:
    if isinstance(value, list):
        return [found for item in value for found in _values_at(item, steps)]
    if not steps:
        return [value]
    if isinstance(value, dict) and steps[0] in value:
        return _values_at(value[steps[0]], steps[1:])
    return []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


FIELD_PATHS = list(field_paths())


@pytest.mark.parametrize("path", [path for path in FIELD_PATHS if path != "name"])
def test_every_field_can_be_left_out(ferrywell_page: str, path: str) -> None:
    """Leaving out any field renders, and what only that field holds leaves the page."""
    page = render(FERRYWELL, path)
    dumped = FERRYWELL.model_dump(mode="json")
    own = _strings(_values_at(dumped, path.split(".")))
    elsewhere = [
        text
        for other in FIELD_PATHS
        if not (other == path or other.startswith(f"{path}.") or path.startswith(f"{other}."))
        for text in _strings(_values_at(dumped, other.split(".")))
    ]
    checked = 0
    for text in own:
        escaped = html.escape(text, quote=False)
        if " " not in text or len(text) < 12 or escaped not in ferrywell_page:
            continue  # not shown as written (Markdown), or a word other text may hold
        if any(text in other for other in elsewhere):
            continue  # also shown through another field
        assert escaped not in page, text
        checked += 1
    assert MARKER not in page
    if path in ("objectives.statement", "members.contributes", "meetings.format", "challenges"):
        assert checked, f"nothing of {path} was checked"


def test_the_setting_leaves_out_what_it_names(share: ShareCommand, handbook: Path) -> None:
    settings = handbook / "handbook.toml"
    settings.write_text(
        'share_exclude = ["members.contributes", "meetings.format", "ideas"]\n', encoding="utf-8"
    )
    shared = share("ferrywell-freight")
    page = shared.page.decode("utf-8")
    assert shared.exit_code == EXIT_OK
    assert "Configures the slot planner" not in page
    assert "45-minute video call" not in page
    assert "Show dispatchers tomorrow" not in page and "<h2>Ideas</h2>" not in page
    assert "Solutions Engineer" in page and "Adoption by terminal" in page


def test_always_excluded_fields_are_gone_from_the_view() -> None:
    view = shared_charter(FERRYWELL, TODAY)
    assert view.internal is None and view.account is None and view.risks == []
    assert view.review is None or (view.review.partner_fit, view.review.exit_criteria) == (
        None,
        None,
    )
    assert view.relations == [] and view.history == [] and view.tier is None
    assert [member.id for member in view.members] == [
        "ines-barros",
        "pieter-vos",
        "hanna-lind",
        "jonas-beck",
    ]
    assert set(ALWAYS_EXCLUDED) <= set(excluded_paths(Settings(share_exclude=["ideas"])))


def test_former_members_are_left_out_from_the_day_they_leave() -> None:
    assert "Pieter Vos" in render(FERRYWELL, today=datetime.date(2027, 1, 30))
    after = render(FERRYWELL, today=datetime.date(2027, 1, 31))
    assert "Pieter Vos" not in after
    assert "Ines Barros" in after


def test_members_without_a_name_take_the_registry_name() -> None:
    unnamed = FERRYWELL.model_copy(
        update={"members": [m.model_copy(update={"name": None}) for m in FERRYWELL.members]}
    )
    view = shared_charter(unnamed, TODAY, names={"ines-barros": "Inês Barros"})
    assert [member.name for member in view.members][:2] == ["Inês Barros", None]
    hidden = shared_charter(unnamed, TODAY, ["members.name"], {"ines-barros": "Inês Barros"})
    assert {member.name for member in hidden.members} == {None}


# Usage and refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("members.contribute", "did you mean `members.contributes`?"),
        ("meeting.format", "did you mean `meetings.format`?"),
        ("members[0].name", "'members[0].name' is no charter field"),
        ("", "'' is no charter field"),
        ("name", "'name' cannot be left out: it is the page's title"),
    ],
)
def test_a_wrong_setting_is_a_usage_error(path: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)) as raised:
        excluded_paths(Settings(share_exclude=[path]), "handbook.toml")
    assert raised.value.exit_code == EXIT_USAGE
    assert str(raised.value).startswith("handbook.toml: share_exclude: ")


def test_the_command_refuses_a_wrong_setting(share: ShareCommand, handbook: Path) -> None:
    (handbook / "handbook.toml").write_text(
        'share_exclude = ["members.contribute"]\n', encoding="utf-8"
    )
    shared = share("ferrywell-freight")
    assert shared.exit_code == EXIT_USAGE
    assert "did you mean `members.contributes`?" in shared.message
    assert shared.page == b""


def test_an_unknown_id_suggests_the_closest(share: ShareCommand) -> None:
    shared = share("ferrywell-fraight")
    assert shared.exit_code == EXIT_USAGE
    assert shared.message == (
        "no charter has the id 'ferrywell-fraight'; did you mean `ferrywell-freight`?"
    )
    assert shared.page == b""


def test_an_unknown_id_with_nothing_close_lists_the_charters(share: ShareCommand) -> None:
    shared = share("zzz")
    assert shared.exit_code == EXIT_USAGE
    assert "broken-basin, ferrywell-freight, hostile-harbour" in shared.message


def test_a_charter_with_errors_is_refused(share: ShareCommand, handbook: Path) -> None:
    out = handbook / "partner.html"
    shared = share("broken-basin", out=out)
    assert shared.exit_code == EXIT_FAILED
    assert shared.message.startswith("broken-basin is not shared while `handbook check` finds")
    assert "charters/broken-basin.yaml:43:3: error[unknown-key] unknown key `cadense`" in (
        shared.message
    )
    assert "    hint: did you mean `cadence`?" in shared.message
    assert "warning" not in shared.message
    assert not out.exists() and shared.page == b""


def test_errors_in_other_charters_do_not_stop_sharing(share: ShareCommand) -> None:
    assert share("ferrywell-freight").exit_code == EXIT_OK  # broken-basin is beside it


def test_a_glossary_with_errors_stops_sharing(share: ShareCommand, handbook: Path) -> None:
    glossary = handbook / "charters" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - term: lonely\n")
    shared = share("ferrywell-freight")
    assert shared.exit_code == EXIT_FAILED
    assert "charters/glossary.yaml:" in shared.message and "error[" in shared.message


@pytest.mark.parametrize(
    "text",
    ["", "id: [unclosed", "- a list\n", "id: ferrywell-freight\n", "\x00\x01", "a: &a [*a]\n"],
    ids=["empty", "bad-yaml", "list", "id-only", "binary", "alias"],
)
def test_a_broken_file_never_gives_a_traceback(
    share: ShareCommand, handbook: Path, text: str
) -> None:
    (handbook / "charters" / "ferrywell-freight.yaml").write_text(text, encoding="utf-8")
    shared = share("ferrywell-freight")
    assert shared.exit_code in (EXIT_FAILED, EXIT_USAGE)
    assert shared.message


def test_a_missing_template_is_a_usage_error(share: ShareCommand, handbook: Path) -> None:
    (handbook / "templates" / "share.html.j2").unlink()
    shared = share("ferrywell-freight")
    assert shared.exit_code == EXIT_USAGE
    assert shared.message.endswith("share.html.j2: template not found")


def test_a_bad_today_is_a_usage_error(share: ShareCommand) -> None:
    assert share("ferrywell-freight", today="someday").exit_code == EXIT_USAGE


# Output ----------------------------------------------------------------------------------------


def test_the_page_is_the_same_for_the_same_inputs_and_day(
    share: ShareCommand, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = share("ferrywell-freight").page
    assert share("ferrywell-freight").page == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    assert share("ferrywell-freight", today=None).page == first
    other_day = share("ferrywell-freight", today="2026-11-24").page
    assert other_day != first
    assert (
        other_day.replace(b"2026-11-24", b"2026-11-23").replace(b"24 November", b"23 November")
        == first
    )


def test_out_writes_the_page_to_a_file(share: ShareCommand, handbook: Path) -> None:
    out = handbook / "for-ferrywell.html"
    out.write_text("an older page", encoding="utf-8")
    shared = share("ferrywell-freight", out=out)
    assert shared.exit_code == EXIT_OK
    assert shared.page.decode() == f"wrote {out}: the Ferrywell Freight charter, for the partner\n"
    assert out.read_bytes() == share("ferrywell-freight").page
    assert [path.name for path in handbook.iterdir() if path.name.startswith(".for-")] == []


def test_out_in_a_missing_folder_is_a_usage_error(share: ShareCommand, handbook: Path) -> None:
    shared = share("ferrywell-freight", out=handbook / "no-such-folder" / "page.html")
    assert shared.exit_code == EXIT_USAGE
    assert "cannot write" in shared.message


def test_stdout_gets_utf8_bytes(share: ShareCommand) -> None:
    page = share("hostile-harbour").page
    assert page.decode("utf-8").startswith("<!DOCTYPE html>")
