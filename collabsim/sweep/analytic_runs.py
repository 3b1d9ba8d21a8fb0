"""Run a built-in analytic test model as a sweep run (a :class:`RunResult`).

The sweep calls :func:`run_analytic` instead of the scenario runner when an
experiment names ``model = "ishigami"`` or ``"sobol_g"`` (see
:mod:`collabsim.experiment.analytic`), so sampling, seeds, chunking, storage and
analysis are exactly those of a real study.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from collabsim.experiment.analytic import AnalyticModel, analytic_value
from collabsim.model.run import RunResult

__all__ = ["OUTCOME", "run_analytic"]

#: The outcome (and step metric) of an analytic model.
OUTCOME = "y"
#: Analytic models have no events (shared: building a frame per run is slow).
_NO_EVENTS = pd.DataFrame(
    columns=["run_id", "step", "event", "source", "target", "magnitude"]
)


def run_analytic(
    model: AnalyticModel, overrides: Mapping[str, Any], *, seed: int, run_id: str
) -> RunResult:
    """Evaluate ``model`` at the factor values ``overrides``; add seeded noise.

    Args:
        model: The analytic model.
        overrides: Factor values, ``{"x1": ..., ...}``.
        seed: The run's seed; draws the noise (none is drawn when ``noise`` is 0).
        run_id: Identifier written to the tables.

    Returns:
        A result with outcomes ``y_final`` and ``y`` (the same value) and a steps
        table ``run_id, step, y`` over steps 0..n_steps.
    """
    values = {path: float(v) for path, v in overrides.items()}
    rng = np.random.default_rng(seed)
    n = model.n_steps
    fractions = [1.0] if n == 0 else [t / n for t in range(n + 1)]
    ys = np.array([analytic_value(model, values, fraction=f) for f in fractions])
    if model.noise > 0:
        ys = ys + model.noise * rng.standard_normal(ys.size)
    steps = pd.DataFrame(
        {
            "run_id": run_id,
            "step": np.arange(ys.size, dtype=np.int64) if n else np.array([n]),
            OUTCOME: ys,
        }
    )
    final = float(ys[-1])
    return RunResult(
        run_id=run_id,
        seed=seed,
        outcomes={OUTCOME: final, f"{OUTCOME}_final": final},
        steps=steps,
        organisations=None,
        ties=None,
        events=_NO_EVENTS,
        mechanisms=(),
    )
