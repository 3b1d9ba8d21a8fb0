"""The rates of a run or a batch of runs, packed per step, at each level of elements.

Every rate group of :class:`~collabsim.scenario.rates.Dynamics` is packed
(:meth:`collabsim.scenario.fields.Spec.packed`: converted to one step) into a
NamedTuple of its fields, which the rules read by name (``rates.gain``). Here each
field is an array: one value per run (:class:`Params`), and, for the cores, one
value per element of the level a rule is applied at (:class:`LevelRates`): a
rule computing per tie reads the trust rates per tie, so that the runs of a batch
may each have their own rates (a design point each) and still share one call.

A single run needs no per-element copies at the tie level: its rates there are
arrays of one value, which NumPy and Numba broadcast. Smaller levels are given
per-element copies in every case, so that a core sees the same shapes whether it
runs one run or a batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.model.runs import Level, Runs
from collabsim.scenario.fields import per_step, time_basis
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import (
    BehaviourRates,
    CombRates,
    ConfidenceRates,
    ConflictRates,
    ContactRates,
    CoProductionRates,
    Dynamics,
    FaithRates,
    ProgressRates,
    ThresholdWeights,
    TrustRates,
)

__all__ = ["GROUPS", "LevelRates", "Params", "pack_runs"]

#: The rate groups, in the order of :class:`Params`.
GROUPS: tuple[str, ...] = tuple(Dynamics.model_fields)


class Params(NamedTuple):
    """Every rate group, packed per step with one value per run, and the switches.

    Each field is the packed form of the group its annotation names (a NamedTuple
    with the group's field names) whose fields are float64 arrays with one value per
    run; ``on`` holds the mechanism switches, shared by the runs of a batch
    (``params.on[Link.latent_distrust]``).
    """

    contact: ContactRates
    trust: TrustRates
    conflict: ConflictRates
    confidence: ConfidenceRates
    threshold: ThresholdWeights
    behaviour: BehaviourRates
    progress: ProgressRates
    faith: FaithRates
    comb: CombRates
    coproduction: CoProductionRates
    on: FloatArray

    @classmethod
    def pack(cls, dynamics: Dynamics, switches: MechanismSwitches, dt: float) -> Params:
        """Pack one run's rates for steps of ``dt`` weeks, and its switches."""
        return pack_runs(dynamics, switches, dt, 1, {})


def pack_runs(
    dynamics: Dynamics,
    switches: MechanismSwitches,
    dt: float,
    n_runs: int,
    overrides: Mapping[str, Sequence[float] | FloatArray],
) -> Params:
    """Pack the rates of ``n_runs`` runs: ``dynamics``, with per-run overrides.

    Args:
        dynamics: The rates every run shares unless overridden (validated).
        switches: The mechanism switches of every run.
        dt: Length of a step in weeks.
        n_runs: Number of runs.
        overrides: ``{"trust.gain": values}``: a rate (``group.field``) and its
            value per run, per week as declared (converted here, as
            :meth:`~collabsim.scenario.fields.Spec.packed` converts), already
            checked against the rate's range.

    Raises:
        KeyError: For an override naming no rate.
    """
    groups: dict[str, Any] = {}
    for name in GROUPS:
        spec = getattr(dynamics, name)
        packed = spec.packed(dt)
        fields = type(spec).model_fields
        columns = []
        for key, value in zip(packed._fields, packed, strict=True):
            given = overrides.get(f"{name}.{key}")
            if given is None:
                columns.append(np.full(n_runs, value))
                continue
            basis = time_basis(fields[key])
            columns.append(np.array([per_step(float(v), basis, dt) for v in given]))
        groups[name] = type(packed)(*columns)
    unknown = set(overrides) - {f"{g}.{f}" for g in GROUPS for f in groups[g]._fields}
    if unknown:
        msg = f"no rate(s) {sorted(unknown)} in dynamics"
        raise KeyError(msg)
    return Params(**groups, on=switches.packed())


@dataclass(slots=True)
class LevelRates:
    """The rate groups at each level of elements (see the module docstring).

    Attributes:
        params: The rates per run.
        runs: The runs and their elements.
    """

    params: Params
    runs: Runs
    _cache: dict[tuple[Level, str], Any] = field(default_factory=dict, repr=False)

    def at(self, level: Level, group: str) -> Any:
        """The rates group ``group`` with one value per element of ``level``.

        One run's tie-level rates are its per-run arrays (one value, broadcast).
        """
        if self.runs.n == 1 and level is Level.TIE:
            return getattr(self.params, group)
        key = (level, group)
        if (cached := self._cache.get(key)) is None:
            run = self.runs.run_of(level)
            per_run = getattr(self.params, group)
            cached = self._cache[key] = type(per_run)(*(f[run] for f in per_run))
        return cached

    def records(self, level: Level, group: str) -> Any:
        """The rates group ``group`` per element of ``level``, as a record array.

        For loops in compiled code, which read one element's rates as a record
        (``rates[i].gain``) where array code reads ``rates.gain[i]``.
        """
        key = (level, f"{group}:records")
        if (cached := self._cache.get(key)) is None:
            fields = self.at(level, group)
            dtype = [(name, np.float64) for name in fields._fields]
            cached = self._cache[key] = np.rec.fromarrays(list(fields), dtype=dtype)
        return cached

    def replace(self, params: Params) -> None:
        """Use new rates (tests and the teaching page change them mid-run)."""
        self.params = params
        self._cache.clear()
