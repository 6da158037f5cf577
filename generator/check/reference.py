"""The field reference page, written from the schema so the docs never drift from it."""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.check import schema

_SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("The charter", schema.Charter),
    ("agreement", schema.Agreement),
    ("account", schema.Account),
    ("parties[]", schema.Party),
    ("objectives[]", schema.Objective),
    ("members[]", schema.Member),
    ("period and history[]", schema.Period),
    ("period.key_goals[]", schema.KeyGoal),
    ("meetings", schema.Meetings),
    ("accomplishments[]", schema.Accomplishment),
    ("review", schema.Review),
    ("risks[]", schema.Risk),
    ("ideas[]", schema.Idea),
    ("relations[]", schema.Relation),
    ("terms[] (also in glossary.yaml)", schema.Term),
    ("people[] (in people.yaml)", schema.Person),
)


def field_reference_markdown() -> str:
    """Markdown tables of every field: type, whether required, and what it holds."""
    lines = [
        "# Field reference",
        "",
        "<!-- Generated from generator/check/schema.py by `handbook schema --format markdown`. -->",
        "",
        f"Charter format version {schema.FORMAT_VERSION}. Keys starting with `x-` are allowed "
        "in every section for your organisation's own data.",
    ]
    for title, model in _SECTIONS:
        lines += [
            "",
            f"## {title} {{#{model.__name__.lower()}}}",
            "",
            (model.__doc__ or "").strip(),
            "",
            "| Field | Type | Required | Description |",
            "| --- | --- | --- | --- |",
        ]
        for name, info in model.model_fields.items():
            type_name = "id" if _is_slug(info) else _type_name(info.annotation)
            required = "yes" if info.is_required() else "no"
            lines.append(f"| `{name}` | {type_name} | {required} | {_description(info)} |")
    return "\n".join(lines) + "\n"


def _is_slug(info: FieldInfo) -> bool:
    return schema.SLUG_PATTERN in schema.field_patterns(info)


def _description(info: FieldInfo) -> str:
    text = schema.field_description(info)
    for pattern in schema.field_patterns(info):
        if pattern != schema.SLUG_PATTERN:
            text = f"{text} Pattern `{pattern}`.".strip()
    return text.replace("|", "\\|")


def _type_name(annotation: Any) -> str:
    names = [
        _single_type_name(member)
        for member in schema.union_members(annotation)
        if member is not type(None)
    ]
    return " or ".join(names)


def _single_type_name(annotation: Any) -> str:
    metadata = (
        typing.get_args(annotation)[1:] if typing.get_origin(annotation) is typing.Annotated else ()
    )
    annotation = schema.unwrap_annotated(annotation)
    if typing.get_origin(annotation) is Literal:
        return " \\| ".join(f"`{value}`" for value in typing.get_args(annotation))
    if typing.get_origin(annotation) is list:
        return f"list of {_single_type_name(typing.get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if any(getattr(item, "pattern", None) == schema.SLUG_PATTERN for item in metadata):
        return "id"
    return {"str": "text", "date": "date", "int": "whole number"}.get(
        getattr(annotation, "__name__", ""), "text"
    )
