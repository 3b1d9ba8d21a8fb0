"""The one way a model parameter is declared: range, default, unit and theory id.

CLI listings, sweep factor bounds, SALib problems and UI sliders all read these
declarations back (see :mod:`collabsim.scenario.params`), so a parameter is never
repeated.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Spec", "packed_type", "param"]

#: The packed NamedTuple type of each group of rates (see :func:`packed_type`).
_PACKED: dict[type[BaseModel], Any] = {}


class Spec(BaseModel):
    """Base of every schema object: frozen, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True
    )

    def packed(self) -> Any:
        """This group's values as its packed NamedTuple, every field a float.

        The model's numeric cores take rates in this form: one argument per group,
        read by field name (``rates.gain``), which Numba compiles. Only groups
        declared with :func:`packed_type` can be packed.

        Raises:
            TypeError: If the group has no packed type.
        """
        kind = _PACKED.get(type(self))
        if kind is None:
            msg = f"{type(self).__name__} has no packed type (see packed_type)"
            raise TypeError(msg)
        values = [float(getattr(self, name)) for name in kind._fields]
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


def param(
    default: float,
    *,
    ge: float,
    le: float,
    unit: str,
    theory: str,
    description: str,
) -> Any:
    """Declare a numeric parameter with its range, unit and theory reference.

    Args:
        default: Default value (a modelling assumption where the papers give none).
        ge: Lowest valid value.
        le: Highest valid value.
        unit: Unit, e.g. ``"per step"``, ``"probability"``, ``"share"``, ``"1"``.
        theory: theory.md ids, e.g. ``"§C4; RF-2"``; ``[M]`` marks assumptions.
        description: One sentence shown by ``collabsim params`` and the UI.

    Returns:
        A pydantic ``FieldInfo`` used as the attribute's default.
    """
    return Field(
        default,
        ge=ge,
        le=le,
        description=description,
        json_schema_extra={"unit": unit, "theory": theory},
    )
