"""Facts files: directional claims about the model, as data (TOML).

A fact says which way an outcome moves when one thing changes and the rest is held
equal: a *treatment* arm minus a *base* arm, both run on the same seeds (common
random numbers), averaged over a window of steps. ``facts/theory.toml`` holds the
stylised facts of ``docs/theory.md`` §D; a researcher can write their own file in
the same format (``docs/formats.md``) and check it with ``collabsim facts``.

This module declares the format and checks a file against the scenario schema:
paths and values of the overrides, the window against ``n_steps``, organisation ids.
Metric names belong to the model and are checked one layer up, before anything
runs (:func:`collabsim.sweep.facts.plan_facts`). Every problem is one
:class:`~collabsim.errors.FactsError` naming the file, the fact and the field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from collabsim.errors import ExperimentError, FactsError, ScenarioError, did_you_mean
from collabsim.experiment.designs import LatinDesign, design_points
from collabsim.experiment.spec import ExperimentSpec, salib_problem
from collabsim.scenario.fields import Spec
from collabsim.scenario.paths import format_validation_error
from collabsim.scenario.scenario import Scenario, load_scenario, with_overrides
from collabsim.shipped import (
    FACTS,
    SCENARIOS,
    kind_of,
    missing_hint,
    resolve_file,
    shipped_file,
    wrong_kind_message,
)

__all__ = [
    "ARMS",
    "Fact",
    "FactsSpec",
    "OrganisationGroups",
    "arm_overrides",
    "box_points",
    "fact_where",
    "load_facts",
    "parse_facts",
]

Direction = Literal["up", "down"]
Role = Literal["calibration", "validation"]
Construction = Literal["emergent", "mixed", "by_construction"]
FactKind = Literal["fact", "ablation"]
Arm = Literal["base", "treatment"]
#: The two arms of every fact; the effect is treatment minus base.
ARMS: tuple[Arm, Arm] = ("base", "treatment")


class OrganisationGroups(Spec):
    """Organisations whose mean a fact compares, one group per arm.

    With groups, ``metric`` is a column of the ``organisations`` table (``faith``,
    ``trust``...) averaged over the window, then over the group's organisations. If
    the two arms have the same overrides they are the same run: the fact contrasts
    two groups of organisations within each run.
    """

    base: tuple[str, ...] = Field(min_length=1)
    treatment: tuple[str, ...] = Field(min_length=1)


class Fact(Spec):
    """One directional claim: treatment minus base moves ``metric`` in ``direction``.

    Attributes:
        id: Short identifier (``SF3``), unique within the file.
        claim: The claim in words.
        theory: Where it comes from (``docs/theory.md`` ids).
        scenario: The base scenario (absolute once loaded).
        metric: A step metric (``collabsim.METRICS``), or with ``organisations`` a
            column of the organisations table.
        window: Steps averaged, start inclusive, end exclusive.
        direction: ``up`` or ``down``: the sign the effect should have.
        base: Overrides applied to both arms (dotted paths, as ``--set``).
        treatment: Overrides applied on top of ``base`` in the treatment arm.
        organisations: Optional groups of organisations per arm.
        role: ``calibration`` (may inform defaults) or ``validation`` (never used
            to choose a value; docs/odd.md §4).
        construction: ``emergent``, ``mixed`` or ``by_construction`` (docs/odd.md
            §4.1).
        reason: One line: why the fact has that construction.
        kind: ``fact``, or ``ablation`` for a mechanism check (theory §D4).
    """

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=60)
    claim: str = Field(min_length=1)
    theory: str = ""
    scenario: Path
    metric: str = Field(min_length=1)
    window: tuple[int, int]
    direction: Direction
    base: dict[str, Any] = Field(default_factory=dict)
    treatment: dict[str, Any] = Field(default_factory=dict)
    organisations: OrganisationGroups | None = None
    role: Role
    construction: Construction
    reason: str = Field(min_length=1)
    kind: FactKind = "fact"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        start, end = self.window
        if start < 0 or end <= start:
            msg = f"window: needs 0 <= start < end, got {list(self.window)}"
            raise ValueError(msg)
        if not self.treatment and self.organisations is None:
            msg = (
                "treatment: empty, so both arms are the same run; give overrides, "
                "or [facts.organisations] to compare groups within a run"
            )
            raise ValueError(msg)
        return self

    @property
    def sign(self) -> int:
        """+1 for ``up``, -1 for ``down``."""
        return 1 if self.direction == "up" else -1


class FactsSpec(Spec):
    """A validated facts file.

    Attributes:
        name: Name of the set of facts.
        seed: Replicate ``r`` runs on seed ``seed + r`` at the defaults, in both arms
            of every fact (common random numbers); a point ``d`` of a box runs on
            ``run_seed(seed, d, r)``.
        confidence: Level of the paired t interval (0.95).
        source: The file, once loaded.
    """

    schema_version: Literal[1] = 1
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    seed: int = Field(ge=0, lt=2**62)
    confidence: float = Field(0.95, gt=0.5, lt=1.0)
    source: Path | None = None
    facts: tuple[Fact, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [fact.id for fact in self.facts]
        if dupes := sorted({i for i in ids if ids.count(i) > 1}):
            msg = f"facts: id(s) given twice: {dupes}"
            raise ValueError(msg)
        return self

    def fact(self, fact_id: str) -> Fact:
        """The fact called ``fact_id``.

        Raises:
            KeyError: If there is none.
        """
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)


def arm_overrides(fact: Fact, arm: Arm) -> dict[str, Any]:
    """The overrides of one arm: ``base``, plus ``treatment`` in the treatment arm."""
    return dict(fact.base) if arm == "base" else {**fact.base, **fact.treatment}


def fact_where(source: Path | str | None, index: int, fact_id: object) -> str:
    """The prefix of a message about one fact: file, fact id and position."""
    where = f"{source}: " if source is not None else ""
    name = f"fact {fact_id!r}" if isinstance(fact_id, str) else "a fact"
    return f"{where}{name} (facts.{index})"


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        msg = f"{path}: facts file not found{missing_hint(path, FACTS)}"
        raise FactsError(msg)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(f"{path}: cannot read file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FactsError(f"{path}: malformed TOML: {exc}") from exc
    if (found := kind_of(data)) not in {FACTS, None}:
        raise FactsError(wrong_kind_message(path, found or FACTS))
    return data


def _scenario_path(value: object, folder: Path) -> object:
    if not isinstance(value, str):
        return value  # pydantic reports the type
    relative = folder / value
    if relative.exists():
        return relative.resolve()
    return shipped_file(SCENARIOS, value) or relative.resolve()


def load_facts(path: Path | str) -> FactsSpec:
    """Read and check a facts file against the scenario schema.

    Args:
        path: The facts TOML file, or the name of a shipped one (``theory``). Each
            fact's ``scenario`` is relative to this file, or a shipped scenario name.

    Returns:
        The validated facts, with absolute scenario paths and ``source``.

    Raises:
        FactsError: One message naming the file, the fact and the field of the first
            problem: malformed TOML, an unknown key, a missing scenario, an override
            path or value the scenario rejects, a window past ``n_steps``, an
            unknown organisation, a repeated id.
    """
    given = resolve_file(path, FACTS)
    source = given.resolve() if given.exists() else given
    data = _read(source)
    facts = data.get("facts")
    if isinstance(facts, list):
        data["facts"] = [
            {**raw, "scenario": _scenario_path(raw.get("scenario"), source.parent)}
            if isinstance(raw, dict) and "scenario" in raw
            else raw
            for raw in facts
        ]
    return parse_facts({**data, "source": source}, source=source)


def parse_facts(
    data: Mapping[str, Any], *, source: Path | str | None = None
) -> FactsSpec:
    """Validate a mapping as a facts file and check each fact against its scenario.

    Raises:
        FactsError: As for :func:`load_facts`.
    """
    raw_facts = data.get("facts")
    if isinstance(raw_facts, list):
        for index, raw in enumerate(raw_facts):
            _validate_one(raw, index, source)
    try:
        spec = FactsSpec.model_validate(dict(data))
    except ValidationError as exc:
        where = f"{source}: " if source is not None else ""
        raise FactsError(f"{where}{format_validation_error(exc, FactsSpec)}") from exc
    loaded: dict[Path, Scenario] = {}
    for index, fact in enumerate(spec.facts):
        _check_against_scenario(fact, fact_where(source, index, fact.id), loaded)
    return spec


def _validate_one(raw: object, index: int, source: Path | str | None) -> None:
    """Validate one fact alone, so that its message can name the fact's id."""
    fact_id = raw.get("id") if isinstance(raw, dict) else None
    try:
        Fact.model_validate(raw)
    except ValidationError as exc:
        detail = format_validation_error(exc, Fact)
        raise FactsError(f"{fact_where(source, index, fact_id)}: {detail}") from exc


def _arm(base: Scenario, overrides: Mapping[str, Any], field: str, where: str) -> int:
    try:
        return with_overrides(base, overrides).n_steps
    except ScenarioError as exc:
        raise FactsError(f"{where}: {field}: {exc}") from exc


def _check_against_scenario(
    fact: Fact, where: str, loaded: dict[Path, Scenario]
) -> None:
    if not fact.scenario.is_file():
        hint = missing_hint(fact.scenario.name, SCENARIOS)
        msg = f"{where}: scenario: file not found: {fact.scenario}{hint}"
        raise FactsError(msg)
    if fact.scenario not in loaded:
        try:
            loaded[fact.scenario] = load_scenario(fact.scenario)
        except ScenarioError as exc:
            raise FactsError(f"{where}: scenario: {exc}") from exc
    base = loaded[fact.scenario]
    steps = min(
        _arm(base, arm_overrides(fact, "base"), "base", where),
        _arm(base, arm_overrides(fact, "treatment"), "treatment", where),
    )
    if fact.window[1] - 1 > steps:
        msg = (
            f"{where}: window: {list(fact.window)} ends past n_steps = {steps} "
            f"(steps 0..{steps} are recorded; the end is exclusive, so at most "
            f"{steps + 1})"
        )
        raise FactsError(msg)
    if fact.organisations is not None:
        known = base.organisation_ids
        for arm in ("base", "treatment"):
            for org in getattr(fact.organisations, arm):
                if org not in known:
                    hint = did_you_mean(org, known)
                    msg = (
                        f"{where}: organisations.{arm}: no organisation {org!r} in "
                        f"{fact.scenario.name}{hint}"
                    )
                    raise FactsError(msg)


def box_points(box: ExperimentSpec, n_points: int | None = None) -> pd.DataFrame:
    """Latin-hypercube points over the factors of an experiment (its uncertainty box).

    Args:
        box: An experiment whose factors give ``bounds`` (e.g.
            ``experiments/uncertain_rates.toml``); only its factors and seed are
            used, not its scenario.
        n_points: Points to draw; default the experiment's own ``n_samples`` if its
            design is a Latin hypercube.

    Returns:
        One row per point, one column per factor path.

    Raises:
        FactsError: If a factor gives levels, or no number of points is known.
    """
    where = f"{box.source}: " if box.source is not None else ""
    if with_levels := [f.path for f in box.factors if f.bounds is None]:
        msg = f"{where}--box samples ranges; factor(s) {with_levels} give levels"
        raise FactsError(msg)
    if n_points is None:
        if not isinstance(box.design, LatinDesign):
            msg = f"{where}give --points: the experiment's design is not 'lhs'"
            raise FactsError(msg)
        n_points = box.design.n_samples
    if n_points < 1:
        raise FactsError(f"--points: at least 1, got {n_points}")
    design = LatinDesign(method="lhs", n_samples=n_points)
    try:
        return design_points(design, box.factors, salib_problem(box), box.seed)
    except ExperimentError as exc:
        raise FactsError(f"{where}{exc}") from exc
