"""Analytic test functions with known sensitivity indices: Ishigami and Sobol' G.

An experiment may name one of these instead of a scenario (``model = "ishigami"``),
so that the whole pipeline (experiment file, sweep, ``collabsim sensitivity``) can be
checked against exact answers. Factors are ``x1 .. xk``; the function reads the first
inputs it needs and ignores the rest, which are therefore exactly inert (their true
indices are 0). Optional seed noise adds ``noise * N(0, 1)`` to each evaluation.

References:
    Ishigami & Homma (1990), *An importance quantification technique in uncertainty
    analysis for computer models*; Saltelli et al. (2008), *Global Sensitivity
    Analysis: The Primer*, §3 (Ishigami) and §4 (G-function); Sobol' (1993).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from collabsim.scenario.fields import Spec

__all__ = [
    "AnalyticModel",
    "analytic_indices",
    "analytic_value",
    "factor_number",
]

_FACTOR = re.compile(r"^x([1-9][0-9]*)$")
#: The G-function's default coefficients: two important, two moderate, four inert-ish.
_DEFAULT_A = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0)


class AnalyticModel(Spec):
    """A built-in analytic test model in place of a scenario.

    Attributes:
        name: ``ishigami`` (inputs x1..x3 on [-π, π]) or ``sobol_g`` (inputs x1..xk
            on [0, 1], k = len(a)).
        a: Ishigami's a (default 7) is ``a[0]`` and b (default 0.1) ``a[1]``; the
            G-function's coefficients a_i (default 0, 1, 4.5, 9, 99, 99, 99, 99).
        noise: Standard deviation of additive Gaussian seed noise (0: none).
        n_steps: Steps of the ``steps`` table; for Ishigami the a-term grows
            linearly over the steps (a_t = a·t/n_steps), so the importance of x2
            rises over time: a known answer for time-resolved indices.
    """

    name: Literal["ishigami", "sobol_g"]
    a: tuple[float, ...] = ()
    noise: float = Field(0.0, ge=0.0)
    n_steps: int = Field(0, ge=0, le=10_000)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        # ``model = "ishigami"`` is short for ``[model] name = "ishigami"``
        return {"name": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.name == "ishigami" and len(self.a) not in {0, 2}:
            msg = "ishigami takes a = [a, b] (default [7, 0.1])"
            raise ValueError(msg)
        if self.name == "sobol_g" and any(v < 0 for v in self.a):
            msg = "sobol_g coefficients a_i must be >= 0"
            raise ValueError(msg)
        return self

    @property
    def coefficients(self) -> tuple[float, ...]:
        """The coefficients in use (the defaults when ``a`` is empty)."""
        if self.a:
            return self.a
        return (7.0, 0.1) if self.name == "ishigami" else _DEFAULT_A

    @property
    def n_inputs(self) -> int:
        """Number of inputs the function reads (further factors are inert)."""
        return 3 if self.name == "ishigami" else len(self.coefficients)


def factor_number(path: str) -> int:
    """Return i for a factor named ``xi``.

    Raises:
        ValueError: If ``path`` is not ``x1``, ``x2``, ...
    """
    if not (match := _FACTOR.match(path)):
        msg = f"analytic models take factors x1, x2, ...; got {path!r}"
        raise ValueError(msg)
    return int(match.group(1))


def _inputs(model: AnalyticModel, values: Mapping[str, float]) -> list[float]:
    given = {factor_number(path): float(v) for path, v in values.items()}
    # an input that is not a factor sits at the centre of its range
    centre = 0.0 if model.name == "ishigami" else 0.5
    return [given.get(i, centre) for i in range(1, model.n_inputs + 1)]


def analytic_value(
    model: AnalyticModel, values: Mapping[str, float], *, fraction: float = 1.0
) -> float:
    """Evaluate the noise-free function at ``values`` (``{"x1": ..., ...}``).

    Args:
        model: The analytic model.
        values: Factor values by name; factors beyond ``n_inputs`` are ignored.
        fraction: Share of Ishigami's a-term in [0, 1] (time-resolved variant).

    Returns:
        Ishigami: sin x1 + a·fraction·sin² x2 + b·x3⁴·sin x1.
        G-function: prod_i (|4 x_i − 2| + a_i) / (1 + a_i).
    """
    x = _inputs(model, values)
    c = model.coefficients
    if model.name == "ishigami":
        a, b = c
        return math.sin(x[0]) * (1 + b * x[2] ** 4) + a * fraction * math.sin(x[1]) ** 2
    return math.prod(
        (abs(4 * xi - 2) + ai) / (1 + ai) for xi, ai in zip(x, c, strict=True)
    )


def _ishigami(a: float, b: float) -> dict[str, list[float]]:
    pi = math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return {
        "S1": [v1 / var, v2 / var, 0.0],
        "ST": [(v1 + v13) / var, v2 / var, v13 / var],
    }


def _sobol_g(a: Sequence[float]) -> dict[str, list[float]]:
    v = [1 / (3 * (1 + ai) ** 2) for ai in a]
    var = math.prod(1 + vi for vi in v) - 1
    total = [
        vi * math.prod(1 + vj for j, vj in enumerate(v) if j != i)
        for i, vi in enumerate(v)
    ]
    return {"S1": [vi / var for vi in v], "ST": [t / var for t in total]}


def analytic_indices(model: AnalyticModel, factors: Sequence[str]) -> pd.DataFrame:
    """Return the exact first-order and total Sobol' indices of ``model``.

    Args:
        model: The analytic model (noise-free; noise adds variance and lowers all
            indices by the factor var(f) / (var(f) + noise²)).
        factors: Factor names ``x1 ..``; those beyond ``n_inputs`` get 0.

    Returns:
        Columns parameter, kind (``S1``/``ST``), estimate.
    """
    c = model.coefficients
    exact = _ishigami(c[0], c[1]) if model.name == "ishigami" else _sobol_g(c)
    noise_free = _variance(model)
    shrink = noise_free / (noise_free + model.noise**2)
    rows = []
    for kind, values in exact.items():
        for path in factors:
            i = factor_number(path)
            value = values[i - 1] if i <= model.n_inputs else 0.0
            rows.append((path, kind, value * shrink))
    return pd.DataFrame(rows, columns=["parameter", "kind", "estimate"])


def _variance(model: AnalyticModel) -> float:
    c = model.coefficients
    if model.name == "ishigami":
        a, b = c
        pi = math.pi
        return (
            0.5 * (1 + b * pi**4 / 5) ** 2 + a**2 / 8 + b**2 * pi**8 * (1 / 18 - 1 / 50)
        )
    return float(np.prod([1 + 1 / (3 * (1 + ai) ** 2) for ai in c]) - 1)
