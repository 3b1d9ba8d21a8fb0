"""Dotted field paths: readable validation errors and nearest-path suggestions."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from collabsim.errors import did_you_mean

__all__ = ["format_validation_error", "leaf_paths", "suggest_path"]


def leaf_paths(data: Any, prefix: str = "") -> Iterator[str]:
    """Yield the dotted path of every leaf of nested dicts and lists."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from leaf_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list) and data and isinstance(data[0], dict | list):
        for i, value in enumerate(data):
            yield from leaf_paths(value, f"{prefix}{i}.")
    else:
        yield prefix.rstrip(".")


def suggest_path(dotted: str, data: dict[str, Any]) -> str:
    """Return " (did you mean 'x'?)" naming the closest existing path, or ""."""
    return did_you_mean(dotted, leaf_paths(data))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if found := _model_in(arg):
            return found
    return None


def _fields_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] | None = root
    for key in loc:
        if model is None:
            return []
        if isinstance(key, int):
            continue
        field = model.model_fields.get(key)
        if field is None:
            return list(model.model_fields)
        model = _model_in(field.annotation)
    return list(model.model_fields) if model is not None else []


def _dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(k) for k in loc) or "scenario"


def format_validation_error(exc: ValidationError, root: type[BaseModel]) -> str:
    """Turn a pydantic error into one message: field path, problem, suggestion.

    Args:
        exc: The error raised while validating ``root``.
        root: The model class that was validated (e.g. ``Scenario``).
    """
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            valid = _fields_at(root, loc[:-1])
            hint = did_you_mean(str(loc[-1]), valid)
            lines.append(f"{_dotted(loc)}: unknown key{hint}")
            continue
        message = str(err["msg"]).removeprefix("Value error, ")
        if not loc:  # cross-field checks name their own field path
            lines.append(message)
            continue
        shown = err.get("input")
        given = "" if isinstance(shown, dict | list) else f" (got {shown!r})"
        lines.append(f"{_dotted(_strip_tags(loc))}: {message}{given}")
    return "; ".join(lines)


def _strip_tags(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # pydantic adds union member names such as 'int' or 'function-after[...]'
    return tuple(
        k for k in loc if not (isinstance(k, str) and ("[" in k or k in _TAGS))
    )


_TAGS = frozenset({"int", "float", "str", "bool", "none", "tuple"})
