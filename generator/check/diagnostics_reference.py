"""The diagnostics reference page, written from the codes' own documentation.

Each rule's section is its docstring (:mod:`generator.check.rules`); every other code is
documented beside the code that emits it, as a :class:`~generator.check.diagnostics.CodeDoc`.
Refresh the page with ``python tools/reference_docs.py``.
"""

from __future__ import annotations

import dataclasses
import inspect
import textwrap

from generator.check import load, schema_errors, validate, yaml_errors, yaml_values
from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Group, Severity
from generator.check.rules.registry import CHARTER_RULES, GLOSSARY_RULES, HANDBOOK_RULES

_EDIT_COMMAND_DOCS = (
    CodeDoc(
        Code.FMT_FAILED,
        Severity.ERROR,
        Group.EDITING,
        """
        `handbook fmt` or `handbook rollover` could not rewrite the file, and left it as it
        was. The file is not valid UTF-8 or not valid YAML, uses something the formatter cannot
        lay out (such as `<<` merge keys), or would not read back to the same values once
        rewritten (a bug in the tool: please report it). The position points at the problem
        when it is known.

        Fix: fix the file (`handbook check` says what is wrong), then format or roll over
        again.
        """,
    ),
)
"""What the edit commands' own code means; it is emitted by :mod:`generator.commands`."""

_INTRO = """\
`handbook check` reports each problem as a **diagnostic**:

```text
charters/acme.yaml:12:9: error[dangling-reference] 'we' is not a party id of this charter
    hint: use one of the ids under parties: acme, us
```

It gives the file, the line and column (counted from 1), the severity, a **code**, a message
and a hint. This page lists every code, grouped by what it looks at.

- **Errors** make the check fail (exit code 1). Fix them before publishing.
- **Warnings** do not fail the check unless you run `handbook check --strict`. Under
  `--strict`, the warnings of a draft (a charter with `status: proposed`) do not fail either:
  a draft may be incomplete. With `--changed-since BASE`, only warnings in the files changed
  since `BASE` fail, so a pull request is judged on what it changes.
- Warnings marked **completeness** each count as one missed chance in the charter's
  [completeness score](../authoring.md#6-completeness).
- **Reminders** come from the calendar alone: a review or meeting that is due, a period
  that is over, a key goal past its due date. Nobody wrote anything wrong, so they never fail
  `handbook check` or `handbook build`, not even under `--strict`; `handbook remind` lists
  them by owner, with the command or edit that resolves each.

The checker never stops at the first problem: one run reports everything it can find in every
file."""

_GROUP_INTROS = {
    Group.READING: """\
These come from reading the bytes and the YAML, before any field is looked at. Unless noted,
the rest of the file cannot be checked until the problem is fixed.""",
    Group.SCHEMA: """\
These compare the file with the [charter format](fields.md): required fields, allowed keys,
allowed values and types. The glossary is checked against its own, smaller format (just a
`terms:` list).""",
    Group.CHARTER_RULES: """\
These check the meaning of one charter. Each rule protects a practice of the handbook, quoted
under **Practice**.""",
    Group.HANDBOOK_RULES: """\
These compare all the files of one run. They only see the files you checked, so run
`handbook check` on the whole `charters/` folder before publishing.""",
    Group.EDITING: """\
`handbook fmt` and `handbook rollover` rewrite charter files. When they cannot do so safely
they leave the file as it is and say why; a file they cannot read or write gets
[file-unreadable](#file-unreadable).""",
}

_FIX = "\n\nFix: "
_WIDTH = 96
"""How wide the page's paragraphs are wrapped, as the hand-written page was."""
_BLOCK_STARTS = ("-", "|", "```", "#", ">", "<!--")
"""Lines that start Markdown blocks that are not paragraphs; those keep their line breaks."""


def code_docs() -> list[CodeDoc]:
    """The documentation of every code, in the order of :class:`Code`."""
    rules = [*CHARTER_RULES, *(rule for rule in GLOSSARY_RULES if rule not in CHARTER_RULES)]
    docs = [
        *load.CODE_DOCS,
        *yaml_errors.CODE_DOCS,
        *yaml_values.CODE_DOCS,
        *schema_errors.CODE_DOCS,
        *validate.CODE_DOCS,
        *(rule.doc for rule in rules),
        *(rule.doc for rule in HANDBOOK_RULES),
        *_EDIT_COMMAND_DOCS,
    ]
    order = {code: index for index, code in enumerate(Code)}
    return sorted(_one_per_code(docs), key=lambda doc: order[doc.code])


def _one_per_code(docs: list[CodeDoc]) -> list[CodeDoc]:
    """One section per code: a code found both by the schema or a rule of one file and by a
    rule across files (``missing-field``, ``dangling-reference``) gets both texts, each fix."""
    merged: dict[Code, CodeDoc] = {}
    for doc in docs:
        first = merged.get(doc.code)
        if first is None:
            merged[doc.code] = doc
            continue
        (explanation, fix), (more, more_fix) = explanation_and_fix(first), explanation_and_fix(doc)
        practice = " ".join(text for text in (first.practice, doc.practice) if text)
        merged[doc.code] = dataclasses.replace(
            first,
            text=f"{explanation}\n\n{more}{_FIX}{fix} {more_fix[:1].upper()}{more_fix[1:]}",
            practice=practice,
            completeness=first.completeness or doc.completeness,
        )
    return list(merged.values())


def explanation_and_fix(doc: CodeDoc) -> tuple[str, str]:
    """A code's explanation and its fix, from its text's last paragraph starting ``Fix:``."""
    explanation, _, fix = inspect.cleandoc(doc.text).rpartition(_FIX)
    return explanation, fix


def diagnostics_reference_markdown() -> str:
    """The diagnostics reference page: every code by group, with what it finds and the fix."""
    docs = code_docs()
    groups = [group for group in Group if any(doc.group is group for doc in docs)]
    lines = [
        "# Diagnostics reference",
        "",
        "<!-- Generated from the rule registry and the code documentation in generator/check/ "
        "by `python tools/reference_docs.py`. -->",
        "",
        _INTRO,
        "",
        "| Group | Codes |",
        "| --- | --- |",
    ]
    for group in groups:
        codes = ", ".join(f"[{doc.code}](#{doc.code})" for doc in docs if doc.group is group)
        lines.append(f"| [{group.value}](#{_anchor(group.value)}) | {codes} |")
    for group in groups:
        lines += ["", f"## {group.value}", "", _GROUP_INTROS[group]]
        for doc in docs:
            if doc.group is group:
                lines += ["", *_section(doc)]
    return _wrap_paragraphs("\n".join(lines)) + "\n"


def _section(doc: CodeDoc) -> list[str]:
    explanation, fix = explanation_and_fix(doc)
    label = doc.severity.value.capitalize()
    if doc.completeness:
        label += ", completeness"
    lines = [f"### {doc.code}", "", f"**{label}.** {explanation}", ""]
    if doc.practice:
        lines += [f"**Practice:** {inspect.cleandoc(doc.practice)}", ""]
    return [*lines, f"**Fix:** {fix}"]


def _anchor(title: str) -> str:
    """The heading's anchor as MkDocs writes it: ``Reading the file`` is ``reading-the-file``."""
    return "-".join(title.lower().split())


def _wrap_paragraphs(markdown: str) -> str:
    """Plain paragraphs re-wrapped to the page's width; lists, tables and code left as written.

    Texts come from docstrings and f-strings, whose lines break where the source did.
    """
    wrapped: list[str] = []
    paragraph: list[str] = []
    fenced = in_block = False

    def flush() -> None:
        if paragraph:
            text = " ".join(line.strip() for line in paragraph)
            wrapped.extend(
                textwrap.wrap(text, _WIDTH, break_long_words=False, break_on_hyphens=False)
            )
            paragraph.clear()

    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.startswith("```") or not line.strip():
            in_block = False
        elif in_block or line.lstrip().startswith(_BLOCK_STARTS):
            in_block = True  # a list, table or quote runs to the next blank line
        else:
            paragraph.append(line)
            continue
        flush()
        wrapped.append(line)
    flush()
    return "\n".join(wrapped)
