"""A one-line progress bar on stderr for multi-run commands (no extra dependency)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Redraws ``label [#####.....] 5/10  2.1s`` in place; silent unless enabled.

    Args:
        total: Number of units of work.
        label: Text in front of the bar.
        enabled: Draw at all; callers pass False when stderr is not a terminal
            or ``--quiet`` was given.
        stream: Where to draw (default ``sys.stderr``).
    """

    width = 30

    def __init__(
        self, total: int, label: str, *, enabled: bool, stream: TextIO | None = None
    ) -> None:
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._start = time.monotonic()

    @staticmethod
    def wanted(*, quiet: bool, stream: TextIO | None = None) -> bool:
        """Return whether to draw: not quiet, and the stream is a terminal."""
        target = stream if stream is not None else sys.stderr
        return not quiet and target.isatty()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` finished units and redraw."""
        self.done += n
        if not self.enabled:
            return
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.monotonic() - self._start
        self.stream.write(
            f"\r{self.label} [{bar}] {self.done}/{self.total}  {elapsed:.1f}s"
        )
        self.stream.flush()

    def close(self) -> None:
        """End the line the bar was drawn on."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
