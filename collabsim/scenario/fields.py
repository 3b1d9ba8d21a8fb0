"""The one way a model parameter is declared: range, default, unit and theory id.

CLI listings, sweep factor bounds, SALib problems and UI sliders all read these
declarations back (see :mod:`collabsim.scenario.params`), so a parameter is never
repeated.
"""

from __future__ import annotations

import math
from collections import namedtuple
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Spec", "Time", "packed_type", "param", "per_step", "time_basis"]


class Time(StrEnum):
    """How a value declared per week applies over a step of ``dt`` weeks.

    The schema declares every rate per week of calendar time; a step of ``dt``
    weeks (``Scenario.step_weeks``) applies it over ``dt`` (docs/theory.md §C7):

    * ``share``: a share or probability per week, compounded:
      ``1 - (1 - x) ** dt`` (a hazard, or the share of a gap closed);
    * ``rate``: a number of events (or an amount) per week: ``x * dt``;
    * ``weeks``: a duration in weeks, as steps: ``x / dt``.
    """

    SHARE = "share"
    RATE = "rate"
    WEEKS = "weeks"


def per_step(value: float, time: Time | str | None, dt: float) -> float:
    """``value``, declared per week (see :class:`Time`), over a step of ``dt`` weeks.

    Computed once per run in Python (``math.pow``), so both engines read the same
    per-step numbers.
    """
    if time is None or dt == 1.0:
        return value
    kind = Time(time)
    if kind is Time.SHARE:
        return 1.0 - math.pow(1.0 - value, dt)
    if kind is Time.RATE:
        return value * dt
    return value / dt


#: The packed NamedTuple type of each group of rates (see :func:`packed_type`).
_PACKED: dict[type[BaseModel], Any] = {}


class Spec(BaseModel):
    """Base of every schema object: frozen, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True
    )

    def packed(self, dt: float = 1.0) -> Any:
        """This group's values per step of ``dt`` weeks, as its packed NamedTuple.

        The model's numeric cores take rates in this form: one argument per group,
        read by field name (``rates.gain``), which Numba compiles. Every field is a
        float, already converted from its declared time basis to one step
        (:func:`per_step`). Only groups declared with :func:`packed_type` can be
        packed.

        Raises:
            TypeError: If the group has no packed type.
        """
        kind = _PACKED.get(type(self))
        if kind is None:
            msg = f"{type(self).__name__} has no packed type (see packed_type)"
            raise TypeError(msg)
        fields = type(self).model_fields
        values = [
            per_step(float(getattr(self, name)), time_basis(fields[name]), dt)
            for name in kind._fields
        ]
        return kind(*values)


def packed_type(group: type[Spec], name: str) -> Any:
    """Declare the packed form of a group of rates: a NamedTuple of its fields.

    The fields, in the schema's order, are the group's own: nothing is declared
    twice. Bind the result to ``name`` in the group's module, so that pickling (and
    Numba's on-disk cache) can find the type again.

    Args:
        group: The rates group.
        name: The NamedTuple's name, e.g. ``"TrustParams"``.

    Returns:
        The NamedTuple type.
    """
    kind = namedtuple(name, list(group.model_fields), module=group.__module__)  # type: ignore[misc]
    _PACKED[group] = kind
    return kind


def param(  # noqa: PLR0913 - the declaration of one parameter
    default: float,
    *,
    ge: float,
    le: float,
    unit: str,
    theory: str,
    description: str,
    time: Time | None = None,
) -> Any:
    """Declare a numeric parameter with its range, unit and theory reference.

    Args:
        default: Default value (a modelling assumption where the papers give none).
        ge: Lowest valid value.
        le: Highest valid value.
        unit: Unit, e.g. ``"per week"``, ``"events per week"``, ``"share"``,
            ``"weeks"``; a rate's unit names its time basis.
        theory: docs/theory.md ids, e.g. ``"§C4; RF-2"``; ``[M]`` marks assumptions.
        description: One sentence shown by ``collabsim params`` and the UI.
        time: How the value applies over a step (:class:`Time`); None for values
            without a time basis (levels, qualities, per-event amounts).

    Returns:
        A pydantic ``FieldInfo`` used as the attribute's default.
    """
    extra: dict[str, Any] = {"unit": unit, "theory": theory}
    if time is not None:
        extra["time"] = Time(time).value
    return Field(
        default, ge=ge, le=le, description=description, json_schema_extra=extra
    )


def time_basis(field: Any) -> str | None:
    """The :class:`Time` basis declared for a field, or None."""
    extra = field.json_schema_extra
    return extra.get("time") if isinstance(extra, dict) else None
