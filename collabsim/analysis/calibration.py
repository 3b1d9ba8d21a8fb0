"""Calibration kept apart from validation: where in a box do the calibration facts hold?

Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Toni et al.
2009, *J R Soc Interface* 6:187) with pyabc (Schälte et al. 2022, *J Open Source
Softw* 7:4304), the extra ``calibrate``. The prior is uniform over the box (an
experiment's factor bounds, e.g. ``experiments/uncertain_rates.toml``). A particle
is one point of the box; the model runs every calibration fact of a facts file
there, paired on common seeds, and returns each fact's t statistic signed by its
direction. The distance is the total shortfall below the critical t value of the
facts' interval, so it is 0 exactly where every calibration fact holds, and the
epsilon schedule runs down to 0: the accepted particles are parameter sets at which
every calibration fact holds, weighted as a sample of that region.

Validation facts take no part: they are run afterwards at the accepted particles
(:func:`collabsim.sweep.facts_plan.plan_facts` with the particles as points), to
see how they fare inside the region the calibration facts allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from collabsim.analysis.facts import arm_values, paired_differences
from collabsim.errors import FactsError, require_extra
from collabsim.experiment.facts import FactsSpec
from collabsim.experiment.spec import ExperimentSpec
from collabsim.sweep.facts_plan import plan_facts
from collabsim.sweep.facts_runner import run_in_process

__all__ = [
    "AbcRegion",
    "AbcSettings",
    "FactStatistics",
    "abc_region",
    "calibration_facts",
    "critical_t",
    "shortfall",
    "signed_t",
    "validation_facts",
]


#: Bound of a signed t statistic (identical arms at every seed give an infinite t).
T_CAP = 1e6


@dataclass(frozen=True, slots=True)
class AbcSettings:
    """How to run ABC-SMC.

    Attributes:
        seeds: Seeds per fact arm at each particle (common random numbers).
        population: Particles per generation.
        generations: Most generations; the run stops earlier once epsilon is 0.
        workers: Worker processes of pyabc's sampler (1: in this process).
    """

    seeds: int = 10
    population: int = 40
    generations: int = 4
    workers: int = 1


def _only(spec: FactsSpec, role: str) -> FactsSpec:
    facts = tuple(f for f in spec.facts if f.role == role)
    if not facts:
        where = f"{spec.source}: " if spec.source is not None else ""
        msg = f"{where}no {role} facts (role = {role!r}) to calibrate with"
        raise FactsError(msg)
    return spec.model_copy(update={"facts": facts})


def calibration_facts(spec: FactsSpec) -> FactsSpec:
    """The facts of ``spec`` with ``role = "calibration"``.

    Raises:
        FactsError: If there are none.
    """
    return _only(spec, "calibration")


def validation_facts(spec: FactsSpec) -> FactsSpec:
    """The facts of ``spec`` with ``role = "validation"`` (ablation checks included).

    Raises:
        FactsError: If there are none.
    """
    return _only(spec, "validation")


def signed_t(differences: pd.DataFrame, spec: FactsSpec) -> dict[str, float]:
    """Each fact's paired t statistic, signed so that > 0 is the claimed direction.

    A fact whose differences are all equal gets +/-``T_CAP`` by the sign of their
    mean (0 if that is 0); one without two usable differences gets 0.
    """
    out = {}
    for fact in spec.facts:
        values = differences.loc[differences["fact"] == fact.id, "difference"]
        finite = values.to_numpy(dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        if len(finite) < 2:
            out[fact.id] = 0.0
            continue
        mean, sd = float(finite.mean()), float(finite.std(ddof=1))
        if sd == 0.0:
            out[fact.id] = float(np.sign(mean * fact.sign)) * T_CAP
        else:
            t = fact.sign * mean / (sd / np.sqrt(len(finite)))
            out[fact.id] = float(np.clip(t, -T_CAP, T_CAP))
    return out


def critical_t(spec: FactsSpec, seeds: int) -> float:
    """The t value a fact's statistic must exceed to hold with ``seeds`` pairs."""
    return float(stats.t.ppf(0.5 + spec.confidence / 2, seeds - 1))


def shortfall(x: dict[str, float], x0: dict[str, float]) -> float:
    """ABC distance: the total shortfall of each statistic below its critical value.

    0 exactly where every fact holds (``x[k] >= x0[k]`` for every fact ``k``).
    """
    return float(sum(max(0.0, x0[k] - x[k]) for k in x0))


class FactStatistics:
    """The ABC model: a box point in, each calibration fact's signed t out.

    Args:
        spec: The calibration facts.
        names: pyabc parameter name to factor path (pyabc wants plain names).
        seeds: Seeds per arm.
    """

    def __init__(self, spec: FactsSpec, names: dict[str, str], seeds: int) -> None:
        self.spec, self.names, self.seeds = spec, names, seeds

    def point(self, parameter: Any) -> pd.DataFrame:
        """The particle as a one-row box point (columns: factor paths)."""
        return pd.DataFrame(
            [{path: float(parameter[name]) for name, path in self.names.items()}]
        )

    def __call__(self, parameter: Any) -> dict[str, float]:
        """Run the calibration facts at ``parameter``; return their signed t."""
        plan = plan_facts(self.spec, seeds=self.seeds, points=self.point(parameter))
        tables = run_in_process(plan, {1})
        runs = tables["runs"]
        values = arm_values(
            runs.loc[runs["status"] == "ok"],
            plan.arms,
            tables.get("steps", pd.DataFrame(columns=["run_id", "step"])),
            tables.get("organisations"),
        )
        return signed_t(paired_differences(values), self.spec)


@dataclass(frozen=True, slots=True)
class AbcRegion:
    """What ABC-SMC found.

    Attributes:
        particles: The last generation: ``particle``, ``weight``, ``distance``,
            ``all_hold`` (distance 0), one column per factor path.
        statistics: Signed t per particle and calibration fact (``particle``,
            ``fact``, ``t``).
        populations: One row per generation: ``t``, ``epsilon``, ``samples``.
        critical: The critical t value.
    """

    particles: pd.DataFrame
    statistics: pd.DataFrame
    populations: pd.DataFrame
    critical: float


def abc_region(
    spec: FactsSpec, box: ExperimentSpec, settings: AbcSettings, database: Path
) -> AbcRegion:
    """Run ABC-SMC over ``box`` with the calibration facts of ``spec``.

    Args:
        spec: A facts file; its calibration facts are used, nothing else.
        box: The experiment whose factor bounds are the uniform prior.
        settings: Seeds, population, generations and workers.
        database: The pyabc history (SQLite file), created anew.

    Raises:
        MissingExtraError: If pyabc (extra ``calibrate``) is not installed.
        FactsError: If ``spec`` has no calibration facts or a factor gives levels.
    """
    require_extra("calibrate", feature="collabsim calibrate")
    import pyabc

    calibration = calibration_facts(spec)
    if levels := [f.path for f in box.factors if f.bounds is None]:
        raise FactsError(f"{box.source}: --box samples ranges; {levels} give levels")
    names = {f"p{i:03d}": f.path for i, f in enumerate(box.factors)}
    prior = pyabc.Distribution(
        **{
            name: pyabc.RV("uniform", f.bounds[0], f.bounds[1] - f.bounds[0])
            for name, f in zip(names, box.factors, strict=True)
            if f.bounds is not None
        }
    )
    critical = critical_t(calibration, settings.seeds)
    observed = {fact.id: critical for fact in calibration.facts}
    sampler = (
        pyabc.sampler.SingleCoreSampler()
        if settings.workers == 1
        else pyabc.sampler.MulticoreEvalParallelSampler(n_procs=settings.workers)
    )
    abc = pyabc.ABCSMC(
        FactStatistics(calibration, names, settings.seeds),
        prior,
        shortfall,
        population_size=settings.population,
        sampler=sampler,
    )
    abc.new(f"sqlite:///{database}", observed)
    history = abc.run(minimum_epsilon=0.0, max_nr_populations=settings.generations)
    return _region(history, names, critical)


def _region(history: Any, names: dict[str, str], critical: float) -> AbcRegion:
    population = history.get_population(t=history.max_t)
    rows, statistics = [], []
    for k, particle in enumerate(population.particles):
        rows.append(
            {
                "particle": k,
                "weight": float(particle.weight),
                "distance": float(particle.distance),
                "all_hold": bool(particle.distance <= 0.0),
                **{path: float(particle.parameter[n]) for n, path in names.items()},
            }
        )
        statistics += [
            {"particle": k, "fact": fact, "t": float(t)}
            for fact, t in particle.sum_stat.items()
        ]
    particles = pd.DataFrame(rows)
    particles["weight"] /= particles["weight"].sum()
    populations = history.get_all_populations()
    populations = populations.loc[populations["t"] >= 0, ["t", "epsilon", "samples"]]
    return AbcRegion(
        particles,
        pd.DataFrame(statistics),
        populations.reset_index(drop=True),
        critical,
    )
