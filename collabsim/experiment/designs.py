"""Factors and sampling designs: factorial, Latin hypercube, Sobol', Morris, FAST.

Sampling uses SALib's samplers with the experiment's seed; full factorials use
:func:`itertools.product`. Nothing here knows about scenarios: checking factor paths
and bounds against the schema happens in :mod:`collabsim.experiment.spec`.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from typing import Any, Literal, Self, TypeAlias

import numpy as np
import pandas as pd
from pydantic import Field, model_validator
from SALib.sample import fast_sampler, latin, morris, sobol

from collabsim.errors import ExperimentError
from collabsim.scenario.fields import Spec

__all__ = [
    "Design",
    "FactorialDesign",
    "Factor",
    "FastDesign",
    "LatinDesign",
    "Level",
    "MorrisDesign",
    "SobolDesign",
    "design_points",
    "n_design_points",
]

Level: TypeAlias = bool | int | float | str


class Factor(Spec):
    """One varied scenario parameter.

    Give either ``bounds`` (numeric; sampled with ``dist``) or ``levels`` (any kind,
    factorial designs only). ``dist`` follows SALib: ``unif`` and ``logunif`` over
    ``bounds``; ``triang`` with ``peak`` as a fraction of the range; ``truncnorm``
    with ``mean`` and ``sd``, truncated to ``bounds``.
    """

    path: str = Field(min_length=1)
    bounds: tuple[float, float] | None = None
    levels: tuple[Level, ...] | None = Field(None, min_length=1)
    dist: Literal["unif", "logunif", "triang", "truncnorm"] = "unif"
    peak: float | None = Field(None, ge=0, lt=1)
    mean: float | None = None
    sd: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.bounds is None) == (self.levels is None):
            msg = "give exactly one of 'bounds' or 'levels'"
            raise ValueError(msg)
        if self.bounds is not None and not self.bounds[0] < self.bounds[1]:
            msg = f"bounds must be increasing, got {list(self.bounds)}"
            raise ValueError(msg)
        if self.levels is not None and len(set(map(repr, self.levels))) < len(
            self.levels
        ):
            msg = "levels must not repeat"
            raise ValueError(msg)
        if self.dist == "triang" and self.peak is None:
            msg = "dist 'triang' needs 'peak' (fraction of the range, in [0, 1))"
            raise ValueError(msg)
        if self.dist == "truncnorm" and (self.mean is None or self.sd is None):
            msg = "dist 'truncnorm' needs 'mean' and 'sd'"
            raise ValueError(msg)
        if self.dist == "logunif" and self.bounds is not None and self.bounds[0] <= 0:
            msg = "dist 'logunif' needs positive bounds"
            raise ValueError(msg)
        return self

    def salib_bounds(self) -> list[float]:
        """Bounds in SALib's convention for ``dist``."""
        if self.bounds is None:
            msg = f"factor {self.path!r} has levels, not bounds"
            raise ExperimentError(msg)
        low, high = self.bounds
        if self.dist == "triang":
            return [low, high, float(self.peak or 0.0)]
        if self.dist == "truncnorm":
            return [low, high, float(self.mean or 0.0), float(self.sd or 1.0)]
        return [low, high]


class FactorialDesign(Spec):
    """Every combination of levels; ``levels`` evenly spaced points per range."""

    method: Literal["factorial"]
    levels: int = Field(3, ge=2, le=1000, description="Points per factor with bounds.")


class LatinDesign(Spec):
    """Latin hypercube of ``n_samples`` points (SALib ``latin``)."""

    method: Literal["lhs"]
    n_samples: int = Field(ge=1)


class SobolDesign(Spec):
    """Saltelli's extension of the Sobol' sequence (SALib ``sobol``).

    Plans ``n_base * (D + 2)`` points, or ``n_base * (2D + 2)`` with second order.
    """

    method: Literal["sobol"]
    n_base: int = Field(ge=1, description="Base sample size; a power of two.")
    second_order: bool = False


class MorrisDesign(Spec):
    """Morris elementary-effect trajectories: ``trajectories * (D + 1)`` points."""

    method: Literal["morris"]
    trajectories: int = Field(ge=2)
    num_levels: int = Field(4, ge=2, le=100, description="Grid levels; even.")

    @model_validator(mode="after")
    def _even(self) -> Self:
        if self.num_levels % 2:
            msg = f"num_levels must be even (got {self.num_levels})"
            raise ValueError(msg)
        return self


class FastDesign(Spec):
    """Extended FAST: ``n_samples * D`` points; needs ``n_samples > 4 M²``."""

    method: Literal["fast"]
    n_samples: int = Field(ge=1)
    interference: int = Field(4, ge=1, le=20, description="Interference factor M.")

    @model_validator(mode="after")
    def _enough(self) -> Self:
        if self.n_samples <= 4 * self.interference**2:
            msg = (
                f"n_samples must exceed 4 * interference**2 = "
                f"{4 * self.interference**2} (got {self.n_samples})"
            )
            raise ValueError(msg)
        return self


Design: TypeAlias = (
    FactorialDesign | LatinDesign | SobolDesign | MorrisDesign | FastDesign
)


def _factorial_values(factor: Factor, n_levels: int) -> list[Any]:
    if factor.levels is not None:
        return list(factor.levels)
    low, high = factor.salib_bounds()[:2]
    return [float(x) for x in np.linspace(low, high, n_levels)]


def n_design_points(design: Design, factors: Sequence[Factor]) -> int:
    """Return the number of design points (before replicates)."""
    d = len(factors)
    if isinstance(design, FactorialDesign):
        return math.prod(
            len(f.levels) if f.levels is not None else design.levels for f in factors
        )
    if isinstance(design, LatinDesign):
        return design.n_samples
    if isinstance(design, SobolDesign):
        return design.n_base * (2 * d + 2 if design.second_order else d + 2)
    if isinstance(design, MorrisDesign):
        return design.trajectories * (d + 1)
    return design.n_samples * d


def _sobol(problem: dict[str, Any], design: SobolDesign, seed: int) -> Any:
    n = design.n_base
    if n & (n - 1):
        msg = f"Sobol' n_base={n} is not a power of two; convergence suffers"
        warnings.warn(msg, stacklevel=3)
    with warnings.catch_warnings():
        # replaced by the warning above (scipy's balance-property message)
        warnings.simplefilter("ignore", UserWarning)
        return sobol.sample(
            problem, n, calc_second_order=design.second_order, seed=seed
        )


def design_points(
    design: Design,
    factors: Sequence[Factor],
    problem: dict[str, Any],
    seed: int,
) -> pd.DataFrame:
    """Return the design points, one column per factor path, one row per point.

    Args:
        design: The sampling design.
        factors: The factors, in column order.
        problem: The SALib problem of ``factors`` (ignored for factorial designs).
        seed: Seed of the sampler (the experiment's root seed).

    Raises:
        ExperimentError: If the sampler rejects the problem.
    """
    paths = [f.path for f in factors]
    if isinstance(design, FactorialDesign):
        grids = [_factorial_values(f, design.levels) for f in factors]
        return pd.DataFrame(list(itertools.product(*grids)), columns=paths)
    try:
        if isinstance(design, LatinDesign):
            points = latin.sample(problem, design.n_samples, seed=seed)
        elif isinstance(design, SobolDesign):
            points = _sobol(problem, design, seed)
        elif isinstance(design, MorrisDesign):
            points = morris.sample(
                problem, design.trajectories, num_levels=design.num_levels, seed=seed
            )
        else:
            points = fast_sampler.sample(
                problem, design.n_samples, M=design.interference, seed=seed
            )
    except ValueError as exc:
        msg = f"design {design.method!r}: SALib rejected the problem: {exc}"
        raise ExperimentError(msg) from exc
    return pd.DataFrame(np.asarray(points, dtype=np.float64), columns=paths)
