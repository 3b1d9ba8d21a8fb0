"""The progress bar of multi-run commands (tqdm): counts, failures, rate, ETA."""

import io

from collabsim.cli.progress import Progress


def test_progress_bar_only_when_enabled():
    stream = io.StringIO()
    bar = Progress(4, "demo", enabled=True, stream=stream)
    for failed in (0, 1, 0, 0):
        bar.advance(failed)
    bar.close()
    text = stream.getvalue()
    assert "demo:" in text
    assert "4/4 runs" in text
    assert "1 failed" in text
    assert "run/s" in text  # the rate
    assert "<" in text  # elapsed<remaining: the ETA
    assert text.endswith("\n")
    silent = io.StringIO()
    quiet = Progress(4, "demo", enabled=False, stream=silent)
    quiet.advance()
    quiet.close()
    assert silent.getvalue() == ""
    assert not Progress.wanted(quiet=False, stream=io.StringIO())  # not a terminal
    assert not Progress.wanted(quiet=True, stream=_Terminal())
    assert Progress.wanted(quiet=False, stream=_Terminal())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sweep_progress_starts_from_runs_already_done():
    from collabsim.sweep.dispatch import SweepProgress

    stream = io.StringIO()
    bar = Progress(10, "resume", enabled=True, stream=stream, initial=6)
    bar.sweep_callback(
        SweepProgress(done=8, failed=1, total=10, elapsed=1.0, rate=2.0, eta=1.0)
    )
    bar.close()
    assert "8/10 runs" in stream.getvalue()
    assert "1 failed" in stream.getvalue()
    assert (bar.done, bar.failed) == (8, 1)
