"""Figures over tidy result tables; each function takes DataFrames, returns a Figure.

The public face of the plotting layer: trajectories and distributions
(:mod:`collabsim.plots.trajectories`), the partner network
(:mod:`collabsim.plots.network`) and the sensitivity figures
(:mod:`collabsim.plots.sensitivity`).
"""

from __future__ import annotations

from collabsim.plots.network import final_pairs, plot_partner_network, scenario_pairs
from collabsim.plots.style import save_figure
from collabsim.plots.trajectories import (
    DEFAULT_METRICS,
    ORGANISATION_COLUMNS,
    plot_organisation_distributions,
    plot_trajectories,
    plot_trajectory_grid,
)

__all__ = [
    "DEFAULT_METRICS",
    "ORGANISATION_COLUMNS",
    "final_pairs",
    "plot_organisation_distributions",
    "plot_partner_network",
    "plot_trajectories",
    "plot_trajectory_grid",
    "save_figure",
    "scenario_pairs",
]
