"""Shared figure style: new axes, the colour-blind-safe palette, saving figures.

Figures are built with ``matplotlib.figure.Figure`` rather than ``pyplot``, so no
global figure state or interactive backend is touched (files render with Agg).
"""

from __future__ import annotations

import logging
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["PALETTE", "new_axes", "save_figure"]

log = logging.getLogger(__name__)

PALETTE = "colorblind"


def new_axes(ax: Axes | None, size: tuple[float, float] = (6.0, 4.0)) -> Axes:
    """``ax`` itself, or the axes of a new constrained-layout figure of ``size``."""
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").subplots()


def save_figure(figure: Figure, directory: Path | str, name: str) -> list[Path]:
    """Write ``figure`` as ``<name>.png`` and ``<name>.svg``; return the paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    figure.savefig(paths[0], dpi=150)
    # no creation date in the SVG, so identical results give identical files
    figure.savefig(paths[1], metadata={"Date": None})
    log.info("wrote %s", ", ".join(str(p) for p in paths))
    return paths
