"""The scenario schema: the single source of truth for model inputs.

A :class:`Scenario` is a frozen, validated description of one simulated world. It
loads from TOML (:func:`load_scenario`) and is changed only through re-validated
dotted-path overrides (:func:`with_overrides`).
"""

from __future__ import annotations

import copy
import math
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, ValidationError, model_validator

from collabsim.errors import ScenarioError
from collabsim.scenario.fields import Spec
from collabsim.scenario.mechanisms import MECHANISMS, suggest_mechanism
from collabsim.scenario.network_files import expand_network_file, names_network_file
from collabsim.scenario.parts import (
    Generator,
    NetworkSpec,
    OrganisationSpec,
    PartnershipSpec,
    ShockSpec,
    SystemChangeSpec,
)
from collabsim.scenario.paths import format_validation_error, suggest_path
from collabsim.scenario.rates import Dynamics
from collabsim.shipped import (
    EXPERIMENTS,
    FACTS,
    SCENARIOS,
    kind_of,
    missing_hint,
    resolve_file,
    wrong_kind_message,
)

__all__ = [
    "MechanismSpec",
    "OutputSpec",
    "Scenario",
    "StepUnit",
    "load_scenario",
    "parse_scenario",
    "scenario_json_schema",
    "with_overrides",
]

#: Bytes of model state per directed professional tie (arrays plus working copies).
BYTES_PER_TIE = 96
#: Refuse scenarios whose tie state alone would need more than this.
MAX_STATE_BYTES = 12 * 1024**3


class StepUnit(StrEnum):
    """Calendar meaning of one model step."""

    WEEK = "week"
    MONTH = "month"

    @property
    def weeks(self) -> float:
        """Length of the step in weeks (a month is 365.25 / 12 days)."""
        return 1.0 if self is StepUnit.WEEK else 365.25 / 12 / 7


class MechanismSpec(Spec):
    """Mechanisms switched off for ablation (names from ``collabsim.MECHANISMS``)."""

    disabled: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> Self:
        for name in self.disabled:
            if name not in MECHANISMS:
                msg = f"unknown mechanism {name!r}{suggest_mechanism(name)}"
                raise ValueError(msg)
        return self


class OutputSpec(Spec):
    """Which optional tables a run produces."""

    organisations: bool = True
    ties: bool = False
    tie_every: int = Field(
        10, ge=1, le=100_000, description="Thin ties to every k-th step."
    )
    events: bool = True


class Scenario(Spec):
    """A complete, immutable description of one simulated partnership world.

    Either ``organisations`` with ``partnerships`` or a generated ``network``.
    """

    schema_version: Literal[1] = 1
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    step_unit: StepUnit = StepUnit.WEEK
    n_steps: int = Field(156, ge=1, le=100_000)
    professionals_per_organisation: int = Field(4, ge=1, le=200)
    boundary_spanners: int = Field(
        2,
        ge=0,
        le=200,
        description="Professionals per organisation who span boundaries.",
    )
    organisations: tuple[OrganisationSpec, ...] = ()
    partnerships: tuple[PartnershipSpec, ...] = ()
    network: NetworkSpec | None = None
    shocks: tuple[ShockSpec, ...] = ()
    system_change: SystemChangeSpec | None = None
    dynamics: Dynamics = Dynamics()
    mechanisms: MechanismSpec = MechanismSpec()
    outputs: OutputSpec = OutputSpec()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.network is not None and (self.organisations or self.partnerships):
            msg = "give either 'network' or 'organisations'/'partnerships', not both"
            raise ValueError(msg)
        if self.network is None:
            self._check_explicit()
        known = set(self.organisation_ids)
        for k, shock in enumerate(self.shocks):
            if shock.organisation not in known:
                msg = f"shocks.{k}.organisation: unknown {shock.organisation!r}"
                raise ValueError(msg)
        if self.system_change is not None:
            change = self.system_change
            for org in (*change.hubs, *change.losing):
                if org not in known:
                    msg = f"system_change: unknown organisation {org!r}"
                    raise ValueError(msg)
        return self

    def _check_explicit(self) -> None:
        if len(self.organisations) < 2:
            msg = "organisations: need at least two (or a 'network' generator)"
            raise ValueError(msg)
        ids = [org.id for org in self.organisations]
        if dupes := sorted({i for i in ids if ids.count(i) > 1}):
            msg = f"organisations: duplicate organisation id(s) {dupes}"
            raise ValueError(msg)
        pids = [p.id for p in self.partnerships]
        if dupes := sorted({i for i in pids if pids.count(i) > 1}):
            msg = f"partnerships: duplicate partnership id(s) {dupes}"
            raise ValueError(msg)
        for k, p in enumerate(self.partnerships):
            if unknown := sorted(set(p.members) - set(ids)):
                msg = (
                    f"partnerships.{k}.members: partnership {p.id!r} names unknown "
                    f"organisation(s) {unknown}"
                )
                raise ValueError(msg)
        if not self.partnerships:
            msg = (
                "partnerships: need at least one partnership joining the organisations"
            )
            raise ValueError(msg)

    @property
    def organisation_ids(self) -> tuple[str, ...]:
        """Scenario ids of all organisations, generated ones included."""
        if self.network is not None:
            width = len(str(self.network.n_organisations - 1))
            return tuple(
                f"org_{i:0{width}d}" for i in range(self.network.n_organisations)
            )
        return tuple(org.id for org in self.organisations)

    @property
    def step_weeks(self) -> float:
        """Length of one step in weeks: every rate declared per week applies over it."""
        return self.step_unit.weeks

    def estimated_ties(self) -> int:
        """Expected number of directed professional ties (for memory checks)."""
        per_org = self.professionals_per_organisation
        if self.network is None:
            sizes = {o.id: o.professionals or per_org for o in self.organisations}
            pairs: set[tuple[str, str]] = set()
            for p in self.partnerships:
                links = p.links or [
                    (a, b) for i, a in enumerate(p.members) for b in p.members[i + 1 :]
                ]
                pairs.update(tuple(sorted(link)) for link in links)  # type: ignore[misc]
            return sum(2 * sizes[a] * sizes[b] for a, b in pairs)
        return int(2 * _expected_links(self.network) * per_org**2)

    def estimated_bytes(self) -> int:
        """Expected bytes of tie state; compared with ``MAX_STATE_BYTES``."""
        return self.estimated_ties() * BYTES_PER_TIE


def _expected_links(net: NetworkSpec) -> float:
    n = net.n_organisations
    complete = n * (n - 1) / 2
    expected = {
        Generator.COMPLETE: complete,
        Generator.ERDOS_RENYI: net.edge_probability * complete,
        Generator.BARABASI_ALBERT: min(net.degree, n - 1) * n,
        Generator.WATTS_STROGATZ: n * min(net.degree, n - 1) / 2,
        Generator.STOCHASTIC_BLOCK: min(
            1.0, net.edge_probability * net.within_block_bias
        )
        * complete,
        Generator.HUB_AND_SPOKE: float(n - 1) + max(1, n // 20) ** 2,
    }
    return expected[net.generator]


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        msg = f"file not found{missing_hint(path, SCENARIOS)}"
        raise ScenarioError(msg, source=str(path))
    if path.is_dir():
        msg = "is a directory, not a scenario file"
        raise ScenarioError(msg, source=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read file ({exc})"
        raise ScenarioError(msg, source=str(path)) from exc
    if not text.strip():
        msg = "file is empty"
        raise ScenarioError(msg, source=str(path))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"malformed TOML: {exc}"
        raise ScenarioError(msg, source=str(path)) from exc


def parse_scenario(data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
    """Validate a mapping (e.g. parsed TOML) as a :class:`Scenario`.

    A ``[network]`` that names files (:mod:`collabsim.scenario.network_files`) is
    read first, relative to ``source``'s folder (else the working folder).

    Raises:
        ScenarioError: Naming ``source`` and the field path of the first problem.
    """
    if names_network_file(data):
        base = Path(source).parent if source is not None else Path()
        try:
            data = expand_network_file(data, base)
        except ScenarioError as exc:
            if exc.source is not None:
                raise
            raise ScenarioError(str(exc), source=source) from exc
    try:
        spec = Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise ScenarioError(
            format_validation_error(exc, Scenario), source=source
        ) from exc
    if spec.estimated_bytes() > MAX_STATE_BYTES:
        gib = spec.estimated_bytes() / 1024**3
        msg = (
            f"scenario too large: about {spec.estimated_ties():,} ties needing "
            f"~{gib:.1f} GiB (limit {MAX_STATE_BYTES / 1024**3:.0f} GiB); reduce "
            "organisations, professionals_per_organisation or network density"
        )
        raise ScenarioError(msg, source=source)
    return spec


def load_scenario(
    path: Path | str, overrides: Mapping[str, object] | None = None
) -> Scenario:
    """Read a TOML scenario file, apply dotted-path overrides and validate.

    Args:
        path: The scenario file, or the name of a shipped scenario
            (``"voluntary_baseline"``; see :mod:`collabsim.shipped`).
        overrides: ``{"partnerships.0.contract.strength": 0.8, ...}``; ``*`` matches
            every item of a list, e.g. ``"partnerships.*.governance"``.

    Raises:
        ScenarioError: For a missing, empty or malformed file, an experiment file,
            or invalid content.
    """
    resolved = resolve_file(path, SCENARIOS)
    source = str(resolved)
    data = _read_toml(resolved)
    if (found := kind_of(data)) in {EXPERIMENTS, FACTS}:
        raise ScenarioError(wrong_kind_message(resolved, found or EXPERIMENTS))
    spec = parse_scenario(data, source=source)
    return with_overrides(spec, overrides or {}, source=source)


def with_overrides(
    spec: Scenario, overrides: Mapping[str, object], *, source: str | None = None
) -> Scenario:
    """Return a re-validated copy of ``spec`` with dotted-path overrides applied.

    Raises:
        ScenarioError: If a path does not exist or a value is invalid.
    """
    if not overrides:
        return spec
    data = spec.model_dump(mode="json", exclude_none=False)
    for dotted, value in overrides.items():
        try:
            _set_path(data, dotted, value)
        except ScenarioError as exc:
            raise ScenarioError(str(exc), source=source) from exc
    return parse_scenario(data, source=source)


def _set_path(data: dict[str, Any], dotted: str, value: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"{dotted}: value must be finite, got {value}"
        raise ScenarioError(msg)
    parts = dotted.split(".")
    nodes: list[Any] = [data]
    for depth, key in enumerate(parts):
        last = depth == len(parts) - 1
        nxt: list[Any] = []
        for node in nodes:
            for child_key in _matching_keys(node, key, dotted, data):
                if last:
                    node[child_key] = copy.deepcopy(value)
                else:
                    nxt.append(node[child_key])
        nodes = nxt


def _matching_keys(node: Any, key: str, dotted: str, root: dict[str, Any]) -> list[Any]:
    if isinstance(node, list):
        if key == "*":
            return list(range(len(node)))
        if key.isdigit() and int(key) < len(node):
            return [int(key)]
    elif isinstance(node, dict) and key in node:
        return [key]
    msg = f"no parameter {dotted!r} in this scenario{suggest_path(dotted, root)}"
    raise ScenarioError(msg)


def scenario_json_schema() -> dict[str, Any]:
    """Return the JSON schema of scenario files."""
    return Scenario.model_json_schema()
