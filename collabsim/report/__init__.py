"""Self-contained HTML reports: comparisons, sweeps, rankings and discovery.

Reports read a results folder's tables and manifest only; figures are embedded as
base64 PNG so the single ``report.html`` opens offline.
"""

from __future__ import annotations

from collabsim.report.comparison import comparison_report, read_comparison
from collabsim.report.sweep import DISCOVERY_DIR, read_indices, sweep_report

__all__ = [
    "DISCOVERY_DIR",
    "comparison_report",
    "read_comparison",
    "read_indices",
    "sweep_report",
]
