"""The sensitivity analysis methods by name, and the sweep designs each one fits.

Apart from :mod:`collabsim.analysis.sensitivity` (SALib, DuckDB, pandas), so that
the command line lists the methods in its help without loading any of them.
"""

from __future__ import annotations

__all__ = ["METHODS", "default_method", "fitting_methods"]

#: Analysis methods, by their ``--method`` name.
METHODS = ("sobol", "morris", "fast", "rbd-fast", "delta", "pawn")
#: Given-data methods accept any space-filling random sample.
_GIVEN_DATA = ("lhs", "sobol", "fast")
_FITS = {
    "sobol": ("sobol",),
    "morris": ("morris",),
    "fast": ("fast",),
    "rbd-fast": _GIVEN_DATA,
    "delta": _GIVEN_DATA,
    "pawn": _GIVEN_DATA,
}
_DEFAULT = {"sobol": "sobol", "morris": "morris", "fast": "fast", "lhs": "delta"}


def fitting_methods(design_method: str) -> list[str]:
    """Return the analysis methods that fit a design method."""
    return [m for m in METHODS if design_method in _FITS[m]]


def default_method(design_method: str) -> str:
    """Return the analysis method of a design when none is named (``lhs``: delta).

    Raises:
        KeyError: For a design with no analysis (``factorial``).
    """
    return _DEFAULT[design_method]
