"""Turn schema validation errors into located diagnostics an author can act on."""

from __future__ import annotations

import datetime
import difflib
import re
import typing
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.check.diagnostics import Diagnostic, Severity
from generator.check.load import SourceDocument, dotted
from generator.check.schema import (
    MAX_KEY_GOALS,
    SLUG_PATTERN,
    field_description,
    strip_extensions,
    union_members,
    unwrap_annotated,
)
from generator.values import DataPath

ModelT = TypeVar("ModelT", bound=BaseModel)

CODES = (
    "missing-field",
    "unknown-key",
    "invalid-value",
    "invalid-date",
    "invalid-id",
    "empty-value",
    "too-few-items",
    "too-many-key-goals",
    "wrong-type",
)
"""Codes of the diagnostics the schema can produce."""


def validate_against(
    document: SourceDocument, model: type[ModelT]
) -> tuple[ModelT | None, list[Diagnostic]]:
    """Validate the document's values against ``model``.

    Returns the typed value when valid, and a located diagnostic for each problem.
    """
    try:
        return model.model_validate(strip_extensions(document.data)), []
    except ValidationError as error:
        return None, [
            _diagnostic(document, model, detail) for detail in error.errors(include_url=False)
        ]


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


_Translation = tuple[str, str, str, Any]


def _missing(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    parent = path[:-1]
    where = f"`{dotted(parent)}`" if parent else "the charter"
    description = _field_description(model, path)
    hint = f"add `{path[-1]}:`" + (f" ({description})" if description else "")
    return (
        "missing-field",
        f"{where} is missing the required field `{path[-1]}`",
        hint,
        document.locate(parent, key=True),
    )


def _unknown_key(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    key = str(path[-1])
    allowed = _allowed_keys(model, path[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = (
        f"did you mean `{close[0]}`?"
        if close
        else f"allowed here: {', '.join(allowed)}; prefix your own keys with `x-`"
    )
    where = f" in `{dotted(path[:-1])}`" if path[:-1] else ""
    return ("unknown-key", f"unknown key `{key}`{where}", hint, document.locate(path, key=True))


def _not_allowed_value(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    allowed = _allowed_values(model, path)
    given = detail["input"]
    close = difflib.get_close_matches(str(given), allowed, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(allowed)}"
    return (
        "invalid-value",
        f"`{dotted(path)}` is {_show(given)}; allowed values: {', '.join(allowed)}",
        hint,
        document.locate(path),
    )


def _invalid_date(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    return (
        "invalid-date",
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
            "invalid-id",
            f"`{dotted(path)}` {_show(given)} is not a valid id",
            "use lower-case letters and digits joined by single hyphens"
            + (f", e.g. `{suggestion}`" if suggestion else ""),
            document.locate(path),
        )
    description = _field_description(model, path)
    return (
        "invalid-value",
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
            "empty-value",
            f"`{dotted(path)}` is empty",
            "write the text; an optional field can be left out instead",
            document.locate(path),
        )
    minimum = detail.get("ctx", {}).get("min_length", 1)
    count = len(given) if isinstance(given, list) else 0
    return (
        "too-few-items",
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
            "invalid-id",
            f"`{dotted(path)}` is {len(given)} characters long; an id has at most {maximum}",
            "choose a shorter id",
            document.locate(path),
        )
    count = len(given) if isinstance(given, list) else 0
    return (
        "too-many-key-goals",
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
    given = detail["input"]
    hint = (
        'quote the value to keep it as text, e.g. "2026" or "true"'
        if kind == "string_type" and isinstance(given, (bool, int, float, datetime.date))
        else f"write {expected} here"
    )
    return (
        "wrong-type",
        f"`{dotted(path) or 'the charter'}` should be {expected}, not {_describe(given)}",
        hint,
        document.locate(path),
    )


def _other(
    document: SourceDocument, model: type[BaseModel], path: DataPath, detail: ErrorDetails
) -> _Translation:
    return ("invalid-value", f"`{dotted(path)}`: {detail['msg']}", "", document.locate(path))


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


def _model_at(model: type[BaseModel], path: DataPath) -> tuple[type[BaseModel] | None, Any]:
    """The model class holding the last step of ``path`` and that field's annotation."""
    current: Any = model
    annotation: Any = model
    for step in path:
        if isinstance(step, int):
            annotation = _list_item(annotation)
            current = _model_in(annotation)
            continue
        holder = _model_in(annotation)
        if holder is None or step not in holder.model_fields:
            return holder, None
        current = holder
        annotation = holder.model_fields[step].annotation
    return (
        current if isinstance(current, type) and issubclass(current, BaseModel) else None,
        annotation,
    )


def _list_item(annotation: Any) -> Any:
    for candidate in union_members(annotation):
        if typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in union_members(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _allowed_keys(model: type[BaseModel], path: DataPath) -> list[str]:
    _, annotation = _model_at(model, path) if path else (model, model)
    holder = _model_in(annotation) if path else model
    return list(holder.model_fields) if holder else []


def _allowed_values(model: type[BaseModel], path: DataPath) -> list[str]:
    _, annotation = _model_at(model, path)
    for candidate in union_members(annotation):
        candidate = unwrap_annotated(candidate)
        if typing.get_origin(candidate) is Literal:
            return [str(value) for value in typing.get_args(candidate)]
    return []


def _field_description(model: type[BaseModel], path: DataPath) -> str:
    holder = _model_in(_model_at(model, path[:-1])[1]) if path[:-1] else model
    if holder is None or not isinstance(path[-1], str) or path[-1] not in holder.model_fields:
        return ""
    return field_description(holder.model_fields[path[-1]])
