"""Registry of the theory's causal links, each switchable off for ablation studies.

Every arrow of the web of causality (docs/theory.md §B(iv)) that the model implements
is a named :class:`Mechanism` with its theory reference and the function that implements
it. A scenario lists names in ``mechanisms.disabled``; kernels receive a
:class:`MechanismSwitches` and multiply that link's contribution by 0.

References:
    docs/theory.md §B(iv) web of causality, §C4 update rules, §C5 context levers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.errors import did_you_mean
from collabsim.scenario.link_table import LINKS

__all__ = [
    "MECHANISMS",
    "Link",
    "Mechanism",
    "MechanismSwitches",
    "suggest_mechanism",
]


@dataclass(frozen=True, slots=True)
class Mechanism:
    """One causal link of the theory.

    Attributes:
        name: Identifier used in scenario files and outputs.
        link: The link in words, e.g. "conflict -> trust (-)".
        theory: docs/theory.md ids, e.g. "RF-2".
        location: Dotted path of the function that implements it.
    """

    name: str
    link: str
    theory: str
    location: str


MECHANISMS: dict[str, Mechanism] = {row[0]: Mechanism(*row) for row in LINKS}


def _links(names: list[str]) -> Any:
    """An IntEnum with one member per mechanism, valued by registry position."""
    return IntEnum("Link", names, start=0)


#: Index of each mechanism in the packed switches (registry order): the numeric
#: cores read a switch as ``on[Link.<mechanism>]`` (1.0 on, 0.0 off). An IntEnum,
#: so that Numba compiles each index as a constant.
Link: Any = _links(list(MECHANISMS))


def suggest_mechanism(name: str) -> str:
    """Return " (did you mean 'x'?)" for an unknown mechanism name, or ""."""
    return did_you_mean(name, MECHANISMS)


@dataclass(frozen=True, slots=True)
class MechanismSwitches:
    """Which mechanisms are active; ``on(name)`` is 1.0 or 0.0 for use in kernels.

    Args:
        disabled: Names of mechanisms switched off.
    """

    disabled: frozenset[str] = frozenset()

    @classmethod
    def from_names(cls, disabled: Iterable[str]) -> MechanismSwitches:
        """Build switches, refusing unknown names."""
        names = frozenset(disabled)
        for name in names:
            if name not in MECHANISMS:
                msg = f"unknown mechanism {name!r}{suggest_mechanism(name)}"
                raise KeyError(msg)
        return cls(names)

    def on(self, name: str) -> float:
        """Return 1.0 if ``name`` is active, else 0.0 (multiplies a link's term)."""
        if name not in MECHANISMS:
            msg = f"unknown mechanism {name!r}{suggest_mechanism(name)}"
            raise KeyError(msg)
        return 0.0 if name in self.disabled else 1.0

    def packed(self) -> FloatArray:
        """Every switch as 1.0 or 0.0, in registry order (index with :data:`Link`)."""
        return np.array([0.0 if n in self.disabled else 1.0 for n in MECHANISMS])

    @property
    def active(self) -> tuple[str, ...]:
        """Names of the active mechanisms, in registry order."""
        return tuple(n for n in MECHANISMS if n not in self.disabled)
