"""The one way a model parameter is declared: range, default, unit and theory id.

CLI listings, sweep factor bounds, SALib problems and UI sliders all read these
declarations back (see :mod:`collabsim.scenario.params`), so a parameter is never
repeated.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Spec", "param"]


class Spec(BaseModel):
    """Base of every schema object: frozen, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True
    )


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
