"""Turn YAML parser errors into located diagnostics an author can act on."""

from __future__ import annotations

import yaml

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity


def yaml_error_diagnostic(file: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    """The diagnostic for a file PyYAML could not parse, pointing where the author must look."""
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 text.
        before = text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return _error(
            (file, line, column),
            Code.YAML_SYNTAX,
            f"invalid YAML: the control character U+{error.character:04X} is not allowed",
            "delete the invisible character (it often comes from copy and paste)",
        )
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if "flow" in context and context_mark is not None:
        line, column = context_mark.line + 1, context_mark.column + 1
        closer = "]" if "sequence" in context else "}"
        return _error(
            (file, line, column),
            Code.YAML_SYNTAX,
            f"invalid YAML: the {'list' if closer == ']' else 'mapping'} opened here is not "
            f"closed ({problem}" + _gave_up_at(getattr(error, "problem_mark", None)) + ")",
            f"add the missing `{closer}`, or put each item on its own `- ` line",
        )
    problem_mark = getattr(error, "problem_mark", None)
    unclosed = "end of stream" in problem or "document separator" in problem
    if "quoted scalar" in context and unclosed and context_mark is not None:
        line, column = context_mark.line + 1, context_mark.column + 1
        quote = _character_at(text, line, column) or '"'
        return _error(
            (file, line, column),
            Code.YAML_SYNTAX,
            f"invalid YAML: the quoted text opened here is not closed ({problem}"
            + _gave_up_at(problem_mark)
            + ")",
            f"add the closing `{quote}` at the end of the text",
        )
    mark = problem_mark or context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "tab" in problem or _character_at(text, line, column) == "\t":
        return _error(
            (file, line, column),
            Code.YAML_TAB,
            "a tab character is used for indentation",
            "YAML indents with spaces only: replace the tab with spaces",
        )
    if "expected a single document" in context:
        return _error(
            (file, line, column),
            Code.YAML_SYNTAX,
            "the file holds more than one YAML document",
            "a charter is one document: remove the `---` line and what follows",
        )
    message = f"{context}: {problem}" if context else problem
    return _error(
        (file, line, column),
        Code.YAML_SYNTAX,
        f"invalid YAML {message}" if context else f"invalid YAML: {message}",
        "check indentation and quoting near this point; "
        "quote text that contains ': ' or starts with a special character",
    )


def _gave_up_at(mark: object) -> str:
    """Where the reader gave up, as a note to a problem located where its construct opened."""
    line = getattr(mark, "line", None)
    return f"; the reader gave up at line {line + 1}" if isinstance(line, int) else ""


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


CODE_DOCS = (
    CodeDoc(
        Code.YAML_SYNTAX,
        Severity.ERROR,
        Group.READING,
        """
        The text is not valid YAML. The message says what the YAML reader expected. The
        position is where the reader noticed the problem, which may be just after the actual
        mistake; for a quote, a list (`[`) or a mapping (`{`) that is never closed, it is
        where it opened, and the message notes the line where the reader gave up.
        Common causes:

        - text containing a colon and a space, without quotes;
        - text starting with a special character such as `*`, `&`, `@`, `[` or `>`;
        - wrong indentation, or an unclosed quote or bracket;
        - more than one document in the file (a `---` line followed by more content);
        - an invisible control character, usually from copy and paste.

        ```yaml
        format: Video call: link in the invite     # error: unquoted ': '
        format: "Video call: link in the invite"   # fixed
        ```

        Fix: check the indentation and quoting near the position; quote text that contains
        `: ` or starts with a special character. See
        [Writing YAML safely](../authoring.md#4-writing-yaml-safely).
        """,
    ),
    CodeDoc(
        Code.YAML_TAB,
        Severity.ERROR,
        Group.READING,
        """
        A tab character is used for indentation. YAML indents with spaces only.

        Fix: replace the tab with spaces. Most editors can be set to insert spaces when you
        press Tab.
        """,
    ),
)
"""What the YAML errors mean, for the diagnostics reference."""


def _error(where: tuple[str, int, int], code: Code, message: str, hint: str) -> Diagnostic:
    """A reading error at ``(file, line, column)``."""
    file, line, column = where
    return Diagnostic(file, line, column, Severity.ERROR, code, message, hint)
