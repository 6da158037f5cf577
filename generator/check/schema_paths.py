"""What the schema allows at a path into a charter: its keys, its values and its description.

Paths are the ones pydantic reports, e.g. ``("period", "key_goals", 0, "due")``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
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


@dataclass(frozen=True)
class SizedList:
    """A list in the data whose field limits its length, e.g. ``period.key_goals``."""

    path: DataPath
    items: list[Any]
    item_type: Any
    min_length: int | None
    max_length: int | None


def sized_lists(model: type[BaseModel], data: Any, path: DataPath = ()) -> Iterator[SizedList]:
    """Every list in ``data`` whose field in ``model`` sets a minimum or maximum length.

    The data is walked as far as it has the shape the model expects, so that a list's
    length can be judged apart from its items (pydantic stops at either).
    """
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        value = data.get(name)
        item_type = _list_item(info.annotation)
        if item_type is not None and isinstance(value, list):
            minimum = _limit(info.metadata, annotated_types.MinLen, "min_length")
            maximum = _limit(info.metadata, annotated_types.MaxLen, "max_length")
            if minimum is not None or maximum is not None:
                yield SizedList((*path, name), value, item_type, minimum, maximum)
            inner = _model_in(item_type)
            for index, item in enumerate(value):
                if inner is not None:
                    yield from sized_lists(inner, item, (*path, name, index))
        elif (inner := _model_in(info.annotation)) is not None:
            yield from sized_lists(inner, value, (*path, name))


def _limit(metadata: list[Any], kind: type[Any], attribute: str) -> int | None:
    found = [getattr(item, attribute) for item in metadata if isinstance(item, kind)]
    return found[0] if found else None


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
