"""Parameter introspection: every tunable value, read back from the schema.

``collabsim params``, experiment factor validation, SALib problems and UI sliders are
all derived from :func:`parameter_table`, so ranges and defaults are never repeated.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from collabsim.errors import ScenarioError
from collabsim.scenario.paths import suggest_path
from collabsim.scenario.scenario import Scenario

__all__ = ["ParamInfo", "parameter_info", "parameter_table"]

#: Structural fields that are identities or wiring, not parameters to sweep.
_STRUCTURAL = frozenset(
    {
        "id",
        "members",
        "links",
        "name",
        "description",
        "schema_version",
        "disabled",
        "hubs",
        "losing",
        "organisation",
        "sectors",
        "kind",
    }
)


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """One parameter: where it lives in a scenario and what values it takes.

    Attributes:
        path: Dotted path usable with ``--set`` and as an experiment factor.
        kind: ``"float"``, ``"int"``, ``"bool"`` or ``"choice"``.
        default: Schema default.
        value: Value in the given scenario (the default when none was given).
        low: Lowest valid value (numeric kinds), else None.
        high: Highest valid value (numeric kinds), else None.
        choices: Allowed values of a ``"choice"`` parameter.
        unit: Unit of measurement.
        theory: docs/theory.md reference.
        description: One-sentence meaning.
    """

    path: str
    kind: str
    default: Any
    value: Any
    low: float | None
    high: float | None
    choices: tuple[str, ...]
    unit: str
    theory: str
    description: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "path": self.path,
            "kind": self.kind,
            "default": _plain(self.default),
            "value": _plain(self.value),
            "low": self.low,
            "high": self.high,
            "choices": list(self.choices),
            "unit": self.unit,
            "theory": self.theory,
            "description": self.description,
        }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for meta in field.metadata:
        if isinstance(meta, annotated_types.Ge):
            low = float(meta.ge)  # type: ignore[arg-type]
        elif isinstance(meta, annotated_types.Le):
            high = float(meta.le)  # type: ignore[arg-type]
    return low, high


def _scalar_kind(annotation: Any) -> tuple[str, tuple[str, ...]] | None:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if len(args) == 1 else annotation
    if base is bool:
        return "bool", ()
    if base is int:
        return "int", ()
    if base is float:
        return "float", ()
    if isinstance(base, type) and issubclass(base, Enum):
        return "choice", tuple(str(m.value) for m in base)
    return None


def _walk(model: BaseModel, prefix: str) -> list[ParamInfo]:
    rows: list[ParamInfo] = []
    for name, field in type(model).model_fields.items():
        if name in _STRUCTURAL:
            continue
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            rows += _walk(value, f"{path}.")
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                rows += _walk(item, f"{path}.{i}.")
        elif (kind := _scalar_kind(field.annotation)) is not None:
            low, high = _bounds(field)
            extra = (
                field.json_schema_extra
                if isinstance(field.json_schema_extra, dict)
                else {}
            )
            rows.append(
                ParamInfo(
                    path=path,
                    kind=kind[0],
                    default=field.default,
                    value=value,
                    low=low,
                    high=high,
                    choices=kind[1],
                    unit=str(extra.get("unit", "")),
                    theory=str(extra.get("theory", "")),
                    description=field.description or "",
                )
            )
    return rows


def parameter_table(spec: Scenario) -> list[ParamInfo]:
    """Return every parameter of ``spec`` with its path, range, unit and theory id."""
    return _walk(spec, "")


def parameter_info(spec: Scenario, path: str) -> ParamInfo:
    """Return the parameter at ``path``; ``*`` stands for every list index.

    Raises:
        ScenarioError: If no parameter has that path (suggesting the nearest).
    """
    rows = {row.path: row for row in parameter_table(spec)}
    concrete = path.replace("*", "0")
    if concrete in rows:
        return rows[concrete]
    hint = suggest_path(concrete, dict.fromkeys(rows))
    msg = f"no parameter {path!r}{hint}"
    raise ScenarioError(msg)
