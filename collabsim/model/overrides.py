"""Per-run values of a batch: which overrides need no new scenario, and their columns.

A sweep varies a scenario's parameters run by run. Most of them are numbers the model
reads from arrays (rates, partnership levers, organisation attributes): a batch takes
them as one value per run (:class:`RunValues`) and never builds or validates a
scenario per run. The others change the scenario's structure (a governance, a
calendar step, a network generator, the number of steps): runs that differ in them
get their own scenario (:func:`split_paths` tells which is which).

Values are checked against the schema's ranges once, for the whole design, by the
experiment (:mod:`collabsim.experiment.spec`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.errors import ScenarioError
from collabsim.model.entities import ORG_ATTRIBUTES
from collabsim.model.params import GROUPS
from collabsim.model.partnerships import lever_names
from collabsim.scenario.params import ParamInfo, parameter_table
from collabsim.scenario.scenario import Scenario

__all__ = ["RunValues", "parametric_targets", "split_paths"]

#: Organisation fields the arrays hold (schema names).
_ORG_FIELDS = frozenset(ORG_ATTRIBUTES.values())


@dataclass(frozen=True, slots=True)
class RunValues:
    """Per-run values of the numeric parameters a batch varies.

    Attributes:
        rates: ``"group.field"`` of a rate to its value per run (per week).
        levers: ``"k.lever"`` (partnership k's lever, dotted) to its value per run.
        organisations: ``"i.field"`` (organisation i's attribute) to its value per
            run.
    """

    rates: dict[str, FloatArray] = field(default_factory=dict)
    levers: dict[str, FloatArray] = field(default_factory=dict)
    organisations: dict[str, FloatArray] = field(default_factory=dict)

    @classmethod
    def from_columns(
        cls, spec: Scenario, columns: Mapping[str, Sequence[float] | FloatArray]
    ) -> RunValues:
        """Sort per-run columns keyed by dotted path into their targets.

        Raises:
            ScenarioError: If a path is not one a batch can vary (see
                :func:`split_paths`), or a value lies outside its parameter's
                range (or is NaN).
        """
        out = cls()
        rows = {row.path: row for row in parameter_table(spec)}
        for path, values in columns.items():
            targets = parametric_targets(spec, path)
            if targets is None:
                msg = f"{path!r} changes the scenario's structure: not a run value"
                raise ScenarioError(msg)
            column = np.asarray(values, dtype=np.float64)
            if (info := rows.get(path.replace("*", "0"))) is not None:
                _check_range(path, column, info)
            for kind, key in targets:
                getattr(out, kind)[key] = column
        return out


def _check_range(path: str, column: FloatArray, info: ParamInfo) -> None:
    """Refuse a run value outside the parameter's schema range, or NaN."""
    low = -np.inf if info.low is None else info.low
    high = np.inf if info.high is None else info.high
    bad = ~((column >= low) & (column <= high))
    if bad.any():
        run = int(np.flatnonzero(bad)[0])
        msg = (
            f"{path}: the value for run {run}, {column[run]!r}, lies outside the "
            f"schema range [{info.low}, {info.high}]"
        )
        raise ScenarioError(msg)


def _indices(key: str, n: int) -> list[int] | None:
    if key == "*":
        return list(range(n))
    if key.isdigit() and int(key) < n:
        return [int(key)]
    return None


def parametric_targets(spec: Scenario, path: str) -> list[tuple[str, str]] | None:
    """Where a numeric override goes in a batch: ``[(kind, key), ...]``, or None.

    ``kind`` is a field of :class:`RunValues`. None: the path changes structure (or
    is not a number the arrays hold), so the run needs its own scenario.
    """
    parts = path.split(".")
    if len(parts) < 3:
        return None
    head, middle, rest = parts[0], parts[1], ".".join(parts[2:])
    generated = spec.network is not None
    targets: list[tuple[str, str]] | None = None
    if head == "dynamics" and middle in GROUPS:
        fields = type(getattr(spec.dynamics, middle)).model_fields
        targets = [("rates", f"{middle}.{rest}")] if rest in fields else None
    elif head == "partnerships" and not generated:
        ks = _indices(middle, len(spec.partnerships)) or []
        if ks and all(_float_lever(spec, k, rest) for k in ks):
            targets = [("levers", f"{k}.{rest}") for k in ks]
    elif head == "organisations" and not generated and rest in _ORG_FIELDS:
        ids = _indices(middle, len(spec.organisations)) or []
        targets = [("organisations", f"{i}.{rest}") for i in ids] or None
    elif head == "network" and generated and middle == "context":
        targets = [("levers", f"0.{rest}")] if _float_lever(spec, 0, rest) else None
    elif head == "network" and generated and middle == "organisation":
        n = len(spec.organisation_ids)
        targets = [("organisations", f"{i}.{rest}") for i in range(n)]
        targets = targets if rest in _ORG_FIELDS else None
    return targets


def _float_lever(spec: Scenario, k: int, dotted: str) -> bool:
    """Whether ``dotted`` is a numeric (not on/off) lever of partnership ``k``."""
    context = spec.network.context if spec.network is not None else None
    partnership = spec.partnerships[k] if context is None else context
    if dotted not in lever_names(partnership):  # type: ignore[arg-type]
        return False
    node: object = partnership
    for part in dotted.split("."):
        node = getattr(node, part)
    return isinstance(node, float) and not isinstance(node, bool)


def split_paths(spec: Scenario, paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split factor paths into (run values, structural) for ``spec``."""
    values = [p for p in paths if parametric_targets(spec, p) is not None]
    return values, [p for p in paths if p not in values]
