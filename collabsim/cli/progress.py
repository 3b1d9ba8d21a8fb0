"""Progress of multi-run commands on stderr, drawn by tqdm.

One bar for ``run``, ``compare``, ``sweep`` and ``resume``: runs done of planned,
failed runs, runs per second and the time to go. It is drawn only on a terminal and
never with ``--quiet`` (:meth:`Progress.wanted`), so logs and pipes stay clean.
"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collabsim.sweep.dispatch import SweepProgress

__all__ = ["Progress"]

_FORMAT = (
    "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} runs{postfix} "
    "[{elapsed}<{remaining}, {rate_fmt}]"
)


class Progress:
    """A progress bar of runs: done/planned, failed, runs/s and ETA.

    Args:
        total: Runs planned.
        label: Text in front of the bar.
        enabled: Draw at all; callers pass :meth:`wanted`.
        stream: Where to draw (default ``sys.stderr``).
        initial: Runs already done before this session (a resumed sweep); the rate
            and the ETA count only this session's runs.
    """

    def __init__(
        self,
        total: int,
        label: str,
        *,
        enabled: bool,
        stream: TextIO | None = None,
        initial: int = 0,
    ) -> None:
        self.total = max(total, 1)
        self.done = initial
        self.failed = 0
        self.enabled = enabled
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            # the size as shutil reads it (a fallback where the terminal reports
            # none): tqdm draws nothing on a terminal that reports 0 or -1
            columns, lines = shutil.get_terminal_size(fallback=(100, 24))
            self._bar = tqdm(
                total=self.total,
                initial=initial,
                desc=label,
                unit="run",
                bar_format=_FORMAT,
                file=stream if stream is not None else sys.stderr,
                ncols=columns if columns > 0 else 100,
                nrows=lines if lines > 1 else 24,
                mininterval=0.1,
            )

    @staticmethod
    def wanted(*, quiet: bool, stream: TextIO | None = None) -> bool:
        """Return whether to draw: not quiet, and the stream is a terminal."""
        target = stream if stream is not None else sys.stderr
        return not quiet and target.isatty()

    def advance(self, failed: int = 0) -> None:
        """Count one finished run, ``failed`` of them failed (0 or 1)."""
        self.update_to(self.done + 1, self.failed + failed)

    def update_to(self, done: int, failed: int) -> None:
        """Show ``done`` runs finished, ``failed`` of them failed (totals)."""
        step = done - self.done
        self.done, self.failed = done, failed
        if self._bar is None:
            return
        if failed:
            self._bar.set_postfix_str(f"{failed} failed", refresh=False)
        self._bar.update(step)

    def sweep_callback(self, progress: SweepProgress) -> None:
        """Follow a sweep (``SweepOptions.progress``): its totals after each chunk."""
        self.update_to(progress.done, progress.failed)

    def note(self, text: str) -> None:
        """Print a line above the bar (e.g. the Dask dashboard's address)."""
        if self._bar is not None:
            self._bar.write(text, file=self._bar.fp)

    def close(self) -> None:
        """Finish the bar and end its line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
