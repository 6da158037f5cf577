"""What the schema allows at a path into a charter: its keys, its values and its description.

Paths are the ones pydantic reports, e.g. ``("period", "key_goals", 0, "due")``.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel

from generator.check.schema import field_description, union_members, unwrap_annotated
from generator.values import DataPath


def allowed_keys(model: type[BaseModel], path: DataPath) -> list[str]:
    """The keys the section at ``path`` may hold."""
    _, annotation = _model_at(model, path) if path else (model, model)
    holder = _model_in(annotation) if path else model
    return list(holder.model_fields) if holder else []


def allowed_values(model: type[BaseModel], path: DataPath) -> list[str]:
    """The choices of the field at ``path``; empty when it is no choice field."""
    _, annotation = _model_at(model, path)
    for candidate in union_members(annotation):
        candidate = unwrap_annotated(candidate)
        if typing.get_origin(candidate) is Literal:
            return [str(value) for value in typing.get_args(candidate)]
    return []


def description_at(model: type[BaseModel], path: DataPath) -> str:
    """The description of the field at ``path``, or ``""``."""
    holder = _model_in(_model_at(model, path[:-1])[1]) if path[:-1] else model
    if holder is None or not isinstance(path[-1], str) or path[-1] not in holder.model_fields:
        return ""
    return field_description(holder.model_fields[path[-1]])


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
