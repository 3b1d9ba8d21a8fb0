"""Partnerships of a run or a batch: their state, levers, links and central figures.

Each run has the same partnerships (the scenario's, or the one ``"network"`` of a
generated network); partnership ``k`` of run ``r`` is row ``r·K + k`` of every array,
and one last inactive row (all zeros) stands for "no partnership" (index -1). The
numeric levers (ambition, connectivity, contract strength, ...) are per row, so that
each run of a batch can have its own (a design point's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.model.entities import Figures, OrgArrays
from collabsim.scenario.fields import Spec
from collabsim.scenario.parts import (
    Governance,
    PartnershipSpec,
    ResolutionStyle,
)

__all__ = [
    "Holders",
    "PartnershipState",
    "build_figures",
    "build_links",
    "is_constructive",
    "is_mandated",
    "lever_names",
]


def lever_names(spec: PartnershipSpec) -> tuple[str, ...]:
    """The numeric and on/off levers of a partnership, as dotted names.

    Fields of the partnership context (and of its contract, leadership and
    co-production) whose value is a float or a bool; identities, enums and steps
    are structure, not levers.
    """
    names = []
    for name in type(spec).model_fields:
        value = getattr(spec, name)
        if isinstance(value, Spec):
            names += [
                f"{name}.{sub}"
                for sub in type(value).model_fields
                if isinstance(getattr(value, sub), bool | float)
            ]
        elif isinstance(value, bool | float):
            names.append(name)
    return tuple(names)


def _value(spec: PartnershipSpec, dotted: str) -> float:
    node: Any = spec
    for part in dotted.split("."):
        node = getattr(node, part)
    return float(node)


@dataclass(slots=True)
class PartnershipState:
    """Per-partnership arrays (rows ``r·K + k``), plus one inactive row at the end.

    Attributes:
        ids: The partnerships of a run, in scenario order (K of them).
        specs: Their specs (structure: members, governance, calendar), shared by
            the runs of a batch; numeric levers are read from :meth:`lever`.
        n_runs: Number of runs.
        members: For each row, the organisations (batch indices) it joins.
    """

    ids: tuple[str, ...]
    specs: tuple[PartnershipSpec, ...]
    n_runs: int
    members: list[IntArray]
    active: FloatArray
    contract: FloatArray
    mandate: FloatArray
    started_at: FloatArray
    engagement: FloatArray
    alignment: FloatArray
    understanding: FloatArray
    agreement: FloatArray
    effectiveness: FloatArray  # (rows + 1, 6): innovation .. influence (theory RF-8)
    _levers: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        worlds: Sequence[tuple[PartnershipSpec, ...]],
        org_index: Sequence[Mapping[str, int]],
        overrides: Mapping[str, Sequence[float] | FloatArray],
    ) -> PartnershipState:
        """Inactive partnerships of each run; the calendar starts them.

        Args:
            worlds: Each run's partnerships (same ids and structure).
            org_index: Each run's organisation ids to batch indices.
            overrides: ``{"k.lever": values}``: partnership ``k``'s lever, one value
                per run (already checked against the lever's range).
        """
        specs = worlds[0]
        k = len(specs)
        rows = len(worlds) * k + 1
        names = lever_names(specs[0]) if specs else ()
        levers = {
            name: np.array([_value(p, name) for ps in worlds for p in ps] + [0.0])
            for name in names
        }
        for key, values in overrides.items():
            index, name = key.split(".", 1)
            if name not in levers:
                msg = f"no numeric lever {name!r} in partnerships"
                raise KeyError(msg)
            levers[name][int(index) : rows - 1 : k] = np.asarray(values, float)
        for values in levers.values():
            values.flags.writeable = False
        members = [
            np.array([index[m] for m in p.members], dtype=np.int64)
            for ps, index in zip(worlds, org_index, strict=True)
            for p in ps
        ]

        def zeros() -> FloatArray:
            return np.zeros(rows)

        return cls(
            ids=tuple(p.id for p in specs),
            specs=specs,
            n_runs=len(worlds),
            members=members,
            active=zeros(),
            contract=zeros(),
            mandate=zeros(),
            started_at=zeros(),
            engagement=zeros(),
            alignment=zeros(),
            understanding=zeros(),
            agreement=zeros(),
            effectiveness=np.zeros((rows, 6)),
            _levers=levers,
        )

    @property
    def per_run(self) -> int:
        """Partnerships per run (K)."""
        return len(self.specs)

    def rows(self, k: int) -> IntArray:
        """The rows of partnership ``k`` in every run."""
        return np.arange(self.n_runs, dtype=np.int64) * self.per_run + k

    def lever(self, name: str) -> FloatArray:
        """A lever per row (0 for the inactive row), read-only."""
        return self._levers[name]

    def nested(self, group: str, name: str) -> FloatArray:
        """A lever of a nested spec, e.g. ``("contract", "accountability")``."""
        return self._levers[f"{group}.{name}"]

    def constructive(self) -> FloatArray:
        """1.0 where conflict is resolved constructively, else 0."""
        return self._flag("~constructive", is_constructive)

    def voluntary(self) -> FloatArray:
        """1.0 for voluntary partnerships, else 0."""
        return self._flag("~voluntary", lambda p: not is_mandated(p))

    def coproducing(self) -> FloatArray:
        """1.0 for partnerships that co-produce (EAA cycle enabled), else 0."""
        return self.nested("co_production", "enabled")

    def _flag(self, key: str, test: Callable[[PartnershipSpec], bool]) -> FloatArray:
        if (cached := self._levers.get(key)) is None:
            per_run = [float(test(p)) for p in self.specs]
            cached = np.array(per_run * self.n_runs + [0.0])
            cached.flags.writeable = False
            self._levers[key] = cached
        return cached


@dataclass(frozen=True, slots=True)
class Holders:
    """For each undirected link, the partnership rows that hold it (flat).

    Attributes:
        link: The link of each (link, holder) entry, in link order.
        row: The holding partnership's row.
        local: Its index within its run (breaks ties between equal start steps).
    """

    link: IntArray
    row: IntArray
    local: IntArray


def build_links(
    partnerships: tuple[PartnershipSpec, ...], index: Mapping[str, int]
) -> tuple[IntArray, list[list[int]]]:
    """Unique undirected organisation links and the partnerships holding each.

    Args:
        partnerships: One run's partnerships.
        index: Its organisation ids to indices (within the run).
    """
    holders: dict[tuple[int, int], list[int]] = {}
    for k, p in enumerate(partnerships):
        pairs = p.links or tuple(
            (a, b) for i, a in enumerate(p.members) for b in p.members[i + 1 :]
        )
        for a, b in pairs:
            key = (min(index[a], index[b]), max(index[a], index[b]))
            holders.setdefault(key, []).append(k)
    keys = sorted(holders)
    links = np.array(keys, dtype=np.int64).reshape(-1, 2)
    return links, [holders[key] for key in keys]


def build_figures(
    state: PartnershipState, orgs: OrgArrays, org_index: Sequence[Mapping[str, int]]
) -> Figures:
    """Choose each partnership's central figures, run by run.

    A partnership with a central figure gets one from each of its best-connected
    member organisations (the most partner staff to tie to), as many as distributed
    leadership shares the role: ``max(1, round(distributed · members))``. Within an
    organisation the figure is its first boundary-spanning manager (the leader if
    it has none).
    """
    distributed = state.nested("leadership", "distributed")
    central = state.lever("central_figure")
    slots: list[int] = []
    owners: list[int] = []
    for run, index in enumerate(org_index):
        for k, p in enumerate(state.specs):
            row = run * state.per_run + k
            if not central[row]:
                continue
            members = [index[m] for m in p.members]
            staff = sum(int(orgs.prof_count[m]) for m in members)
            ranked = sorted(members, key=lambda m: (-(staff - orgs.prof_count[m]), m))
            n = max(1, round(float(distributed[row]) * len(members)))
            for org in ranked[:n]:
                local = 1 if orgs.senior_count[org] > 1 else 0
                slots.append(int(orgs.prof_start[org]) + local)
                owners.append(row)
    return Figures(
        slot=np.array(slots, dtype=np.int64),
        partnership=np.array(owners, dtype=np.int64),
        active=np.ones(len(slots)),
    )


def is_mandated(p: PartnershipSpec) -> bool:
    """Whether the partnership is mandated (theory §B(v))."""
    return p.governance is Governance.MANDATED


def is_constructive(p: PartnershipSpec) -> bool:
    """Whether conflict is resolved constructively (theory RF-1)."""
    return p.resolution_style is ResolutionStyle.CONSTRUCTIVE
