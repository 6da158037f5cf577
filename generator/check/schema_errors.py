"""Turn schema validation errors into located diagnostics an author can act on."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity
from generator.check.document import Location, SourceDocument, dotted
from generator.check.schema import (
    MAX_ID_LENGTH,
    MAX_KEY_GOALS,
    MEETING_MINUTES_RANGE,
    SLUG_PATTERN,
    strip_extensions,
)
from generator.check.schema_paths import (
    SizedList,
    allowed_keys,
    allowed_values,
    description_at,
    sized_lists,
)
from generator.values import DataPath

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_against(
    document: SourceDocument, model: type[ModelT]
) -> tuple[ModelT | None, list[Diagnostic]]:
    """Validate the document's values against ``model``.

    Returns the typed value when valid, and a located diagnostic for each problem.
    """
    data = strip_extensions(document.data)
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        details = _every_problem(model, data, error.errors(include_url=False))
        return None, [_diagnostic(document, model, detail) for detail in details]


def _every_problem(
    model: type[BaseModel], data: Any, details: list[ErrorDetails]
) -> list[ErrorDetails]:
    """pydantic's problems, with every list's length judged apart from its items.

    pydantic stops checking a list's items once it has too many, and says nothing of a
    list too short when one of its items is wrong; an author should see both at once.
    """
    found = [detail for detail in details if not _is_list_length(detail)]
    for sized in sized_lists(model, data):
        count = len(sized.items)
        if sized.max_length is not None and count > sized.max_length:
            found.append(_length_problem("too_long", sized, "max_length", sized.max_length))
            found += _item_problems(sized)
        elif sized.min_length is not None and count < sized.min_length:
            found.append(_length_problem("too_short", sized, "min_length", sized.min_length))
    return found


def _is_list_length(detail: ErrorDetails) -> bool:
    return detail["type"] in ("too_long", "too_short") and isinstance(detail["input"], list)


def _length_problem(kind: str, sized: SizedList, limit_name: str, limit: int) -> ErrorDetails:
    return ErrorDetails(
        type=kind,
        loc=sized.path,
        msg=f"List should have {limit_name.replace('_', ' ')} {limit}",
        input=sized.items,
        ctx={limit_name: limit},
    )


def _item_problems(sized: SizedList) -> list[ErrorDetails]:
    """The problems of a list's items, which pydantic left unchecked when the list was too long."""
    try:
        _items_adapter(sized.item_type).validate_python(sized.items)
    except ValidationError as error:
        return [
            {**detail, "loc": (*sized.path, *detail["loc"])}
            for detail in error.errors(include_url=False)
            if not _is_list_length(detail)
        ]
    return []


@functools.cache
def _items_adapter(item_type: Any) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[item_type])


def _diagnostic(
    document: SourceDocument, model: type[BaseModel], detail: ErrorDetails
) -> Diagnostic:
    path: DataPath = tuple(detail["loc"])
    kind = detail["type"]
    translate = _TRANSLATIONS.get(kind)
    if translate is None:
        translate = _wrong_type if kind.endswith("_type") else _other
    code, message, hint, located = translate(document, model, path, detail)
    return Diagnostic(
        document.file, located.line, located.column, Severity.ERROR, code, message, hint
    )


_Translation = tuple[Code, str, str, Location]


def _missing(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    parent = path[:-1]
    where = f"`{dotted(parent)}`" if parent else "the charter"
    description = description_at(model, path)
    hint = f"add `{path[-1]}:`" + (f" ({description})" if description else "")
    return (
        Code.MISSING_FIELD,
        f"{where} is missing the required field `{path[-1]}`",
        hint,
        document.locate(parent, key=True),
    )


def _unknown_key(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    key = str(path[-1])
    allowed = allowed_keys(model, path[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = (
        f"did you mean `{close[0]}`?"
        if close
        else f"allowed here: {', '.join(allowed)}; prefix your own keys with `x-`"
    )
    where = f" in `{dotted(path[:-1])}`" if path[:-1] else ""
    return (Code.UNKNOWN_KEY, f"unknown key `{key}`{where}", hint, document.locate(path, key=True))


def _not_allowed_value(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    allowed = allowed_values(model, path)
    given = detail["input"]
    close = difflib.get_close_matches(str(given).lower(), allowed, n=1, cutoff=0.6)
    within = [value for value in allowed if re.search(rf"\b{re.escape(value)}", str(given).lower())]
    if within and not close:
        hint = (
            f"write only `{within[0]}` here; keep notes such as {_show(given)} "
            "in a comment (`# ...`) or in the text of another field"
        )
    else:
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(allowed)}"
    return (
        Code.INVALID_VALUE,
        f"`{dotted(path)}` is {_show(given)}; allowed values: {', '.join(allowed)}",
        hint,
        document.locate(path),
    )


def _invalid_date(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    return (
        Code.INVALID_DATE,
        f"`{dotted(path)}` is not a valid date: {_show(detail['input'])}",
        "write dates as YYYY-MM-DD, e.g. 2026-10-01, and check the day exists",
        document.locate(path),
    )


def _pattern(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    given = detail["input"]
    if detail.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(given).lower()).strip("-")
        return (
            Code.INVALID_ID,
            f"`{dotted(path)}` {_show(given)} is not a valid id",
            "use lower-case letters and digits joined by single hyphens"
            + (f", e.g. `{suggestion}`" if suggestion else ""),
            document.locate(path),
        )
    description = description_at(model, path)
    return (
        Code.INVALID_VALUE,
        f"`{dotted(path)}` {_show(given)} has the wrong form",
        description or "see the authoring guide for this field",
        document.locate(path),
    )


def _too_short(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    given = detail["input"]
    if isinstance(given, str):
        return (
            Code.EMPTY_VALUE,
            f"`{dotted(path)}` is empty",
            "write the text; an optional field can be left out instead",
            document.locate(path),
        )
    minimum = detail.get("ctx", {}).get("min_length", 1)
    count = len(given) if isinstance(given, list) else 0
    return (
        Code.TOO_FEW_ITEMS,
        f"`{dotted(path)}` needs at least {minimum} entries, it has {count}",
        "add the missing entries",
        document.locate(path, key=True),
    )


def _too_long(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    maximum = detail.get("ctx", {}).get("max_length", 0)
    given = detail["input"]
    if isinstance(given, str):
        return (
            Code.INVALID_ID,
            f"`{dotted(path)}` is {len(given)} characters long; an id has at most {maximum}",
            "choose a shorter id",
            document.locate(path),
        )
    count = len(given) if isinstance(given, list) else 0
    return (
        Code.TOO_MANY_KEY_GOALS,
        f"the period has {count} key goals; at most {MAX_KEY_GOALS} keep the group focused",
        "keep the three that matter most; move the others to a later period",
        document.locate((*path, maximum)),
    )


_TYPE_NAMES = {
    "string_type": "text",
    "list_type": "a list (lines starting with `- `)",
    "model_type": "a mapping (`key: value` lines)",
    "model_attributes_type": "a mapping (`key: value` lines)",
    "dict_type": "a mapping (`key: value` lines)",
    "date_type": "a date like 2026-10-01",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
}


def _wrong_type(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    kind = detail["type"]
    if kind.startswith("date"):
        return _invalid_date(document, model, path, detail)
    if kind == "string_type" and detail["input"] is None:
        return _too_short(document, model, path, {**detail, "input": ""})
    expected = _TYPE_NAMES.get(kind, kind.removesuffix("_type"))
    if kind in ("int_parsing", "int_from_float"):
        kind = "int_type"
    given = detail["input"]
    hint = (
        'quote the value to keep it as text, e.g. "2026" or "true"'
        if kind == "string_type" and isinstance(given, (bool, int, float, datetime.date))
        else f"write {expected} here"
    )
    return (
        Code.WRONG_TYPE,
        f"`{dotted(path) or 'the charter'}` should be {expected}, not {_describe(given)}",
        hint,
        document.locate(path),
    )


def _out_of_range(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    low, high = MEETING_MINUTES_RANGE
    return (
        Code.INVALID_VALUE,
        f"`{dotted(path)}` is {_show(detail['input'])}; a meeting lasts {low} to {high} minutes",
        "write the meeting's length in minutes, e.g. `duration: 30`",
        document.locate(path),
    )


def _other(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    return (Code.INVALID_VALUE, f"`{dotted(path)}`: {detail['msg']}", "", document.locate(path))


_TRANSLATIONS = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "literal_error": _not_allowed_value,
    "enum": _not_allowed_value,
    "string_pattern_mismatch": _pattern,
    "too_short": _too_short,
    "string_too_short": _too_short,
    "blank_text": _too_short,
    "too_long": _too_long,
    "string_too_long": _too_long,
    "date_parsing": _invalid_date,
    "date_from_datetime_parsing": _invalid_date,
    "date_from_datetime_inexact": _invalid_date,
    "date_type": _invalid_date,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "int_parsing": _wrong_type,
    "int_from_float": _wrong_type,
}


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else _describe(value)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


CODE_DOCS = (
    CodeDoc(
        Code.MISSING_FIELD,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A required field is absent. The message says which section lacks which field, and
        the hint says what the field holds. The position points at the section that lacks it
        (for a top-level field, the start of the charter).

        ```yaml
        agreement:
          signed: 2025-01-01    # error: `agreement` is missing the required field `type`
        ```

        Fix: add the field. The [field reference](fields.md) marks every required field.
        """,
    ),
    CodeDoc(
        Code.UNKNOWN_KEY,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A key is not part of the format at that place, usually a typing mistake. The hint
        suggests the closest known key (did you mean `cadence`?) or lists the keys allowed
        there.

        Fix: correct the spelling. For your organisation's own data, start the key with `x-`
        (`x-crm-id`); such keys are allowed in every section.
        """,
    ),
    CodeDoc(
        Code.INVALID_VALUE,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A value is not one of the allowed choices, or has the wrong form:

        - choice fields (`kind`, `tier`, `status`, `agreement.type`, `serves`, `length`,
          `cadence`, a key goal's `status`) take one of a fixed list of lower-case words;
        - `meetings.day` takes a day name in any case or its first three letters
          (`Thursday`, `thu`), and nothing more: `Thursdays (from February)` is refused, with
          a hint to keep the note in a comment;
        - `meetings.time` takes a time of day such as `"14:30"`, `"9:00"`, `"2pm"` or
          `"2:30 PM"`; `"9h30"`, `"9.30am"` and `"25:00"` are refused. `handbook fmt`
          rewrites day and time as `thursday` and `"14:30"`;
        - `meetings.duration` is a meeting's length in minutes, from 5 to 600;
        - `meetings.timezone` must be written like a time zone name such as `Europe/Berlin`
          or `UTC`: letters, digits, `_`, `+` and `-`, in parts joined by `/`, with no
          spaces (`Central European Time` is refused).

        ```yaml
        serves: wellbeing    # error: allowed values: relationship, business, well-being
        serves: well-being   # fixed
        ```

        Fix: use one of the values the message lists; the hint often suggests the closest one.
        """,
    ),
    CodeDoc(
        Code.INVALID_DATE,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A date is not written `YYYY-MM-DD`, or the day does not exist. `2026-1-5`,
        `01.10.2026`, `20261001`, `2026-02-30` and dates with a time of day are all rejected.

        Fix: write the date as `2026-10-01`, and check the day exists.
        """,
    ),
    CodeDoc(
        Code.INVALID_ID,
        Severity.ERROR,
        Group.SCHEMA,
        f"""
        An id, or a field that refers to an id (`owner`, `party`, `objective`, a goal's
        `owner`, an accomplishment's `goal`), is not lower-case letters and digits joined by
        single hyphens, or is longer than {MAX_ID_LENGTH} characters. The hint suggests a
        corrected form.

        ```yaml
        id: Acme Corp   # error
        id: acme-corp   # fixed (and rename the file to acme-corp.yaml)
        ```

        Fix: use the suggested form, and update every place that refers to it.
        """,
    ),
    CodeDoc(
        Code.EMPTY_VALUE,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A text field, or an item of a list of text, is empty: written as empty quotes
        (`""`), only spaces, or a required key with nothing after it (`format:`).

        Fix: write the text, or remove the entry. (If the field is required, removing it
        gives [missing-field](#missing-field); write the text instead.)
        """,
    ),
    CodeDoc(
        Code.TOO_FEW_ITEMS,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A list has fewer entries than the format needs: `parties` needs at least two;
        `objectives` and `members` need at least one. The entries that are there are still
        checked, and their problems reported in the same run.

        Fix: add the missing entries.
        """,
    ),
    CodeDoc(
        Code.TOO_MANY_KEY_GOALS,
        Severity.ERROR,
        Group.SCHEMA,
        f"""
        A period (the current one or one in `history`) has more than {MAX_KEY_GOALS} key
        goals. The position points at the first goal too many. Every goal is still checked,
        and its problems reported in the same run. At most {MAX_KEY_GOALS} goals keep the group
        focused.

        Fix: keep the {MAX_KEY_GOALS} that matter most; move the others to a later period.
        """,
    ),
    CodeDoc(
        Code.WRONG_TYPE,
        Severity.ERROR,
        Group.SCHEMA,
        """
        A field holds the wrong kind of value: text where a list is expected, a list where
        text is expected, a number or `true`/`false` where text is expected, or nothing at all
        after a required list or section (`parties:`). Optional lists such as `benefits:` or
        `agenda:` may be left empty.

        ```yaml
        label: 2026                    # error: should be text, not the number 2026
        label: "2026"                  # fixed
        membership_criteria: Anyone    # error: should be a list
        membership_criteria:
          - Anyone on the account team # fixed
        ```

        Fix: write the kind of value the message names. To keep a number as text, put it in
        quotes.
        """,
    ),
)
"""What the schema's diagnostics mean, for the diagnostics reference."""
