"""One source, two engines: the model's numeric cores, optionally compiled by Numba.

The step's arithmetic lives in *core* functions (``*_core`` in the kernel modules and
the phase cores in :mod:`collabsim.model.phases`). They take arrays and plain floats (no
schema objects, no RNG, no Mesa) and are written in the subset of NumPy that Numba
compiles, so the same source runs in two ways:

* ``numba`` (default when Numba is installed, the ``fast`` extra): each core is
  compiled once in nopython mode and cached on disk. On a four-organisation scenario
  a step costs a fraction of the NumPy engine's, whose time goes to per-call overhead
  on arrays of 4-200 elements.
* ``numpy``: the cores run as plain NumPy (no Numba, or ``COLLABSIM_ENGINE=numpy``).
  Large networks are as fast this way; nothing needs compiling.

Both engines compute in float64 (tie state is *stored* as float32) and give the same
trajectories: ``tests/regression`` checks the goldens under each engine.

The few primitives whose NumPy form Numba cannot compile (``ufunc.at``, ``out=`` /
``where=`` arguments) are given twice, a vectorised form and a loop, and tested
equal; everything else is written once (:mod:`collabsim.rules.engine.primitives`).

Importing this package does no work (:mod:`collabsim.rules.engine.choice`): the
engine is chosen, Numba imported and its cache folder set when the first core is
compiled, or a primitive (``clip01_core``, ``group_sum``...) is first imported from
here. So ``collabsim --help`` and scenario validation never load Numba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from collabsim.arrays import clip01
from collabsim.rules.engine.choice import ENGINE_ENV, ENGINES, compiled, engine_name

if TYPE_CHECKING:
    from collabsim.rules.engine.primitives import (
        add_at,
        clip01_core,
        event_counts,
        group_max,
        group_mean,
        group_prod,
        group_sum,
        keep_power,
        masked_segment_mean,
        pairwise_mean,
        pairwise_sum,
        ratio,
        repeated_keep,
        segment_mean,
        segment_sum,
    )

    #: The engine of this process (read through :func:`engine_name`).
    ENGINE: str

__all__ = [
    "ENGINE",
    "ENGINES",
    "ENGINE_ENV",
    "add_at",
    "clip01",
    "clip01_core",
    "compiled",
    "engine_name",
    "event_counts",
    "group_max",
    "group_mean",
    "group_prod",
    "group_sum",
    "keep_power",
    "masked_segment_mean",
    "pairwise_mean",
    "pairwise_sum",
    "ratio",
    "repeated_keep",
    "segment_mean",
    "segment_sum",
]

#: Names loaded from :mod:`collabsim.rules.engine.primitives` on first use.
_PRIMITIVES = frozenset(
    {
        "add_at",
        "clip01_core",
        "event_counts",
        "group_max",
        "group_mean",
        "group_prod",
        "group_sum",
        "keep_power",
        "masked_segment_mean",
        "pairwise_mean",
        "pairwise_sum",
        "ratio",
        "repeated_keep",
        "segment_mean",
        "segment_sum",
    }
)


def __getattr__(name: str) -> Any:
    """``ENGINE`` and the primitives, on first use (PEP 562); nothing at import."""
    if name == "ENGINE":
        return engine_name()
    if name in _PRIMITIVES:
        from collabsim.rules.engine import primitives

        return getattr(primitives, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
