"""Crash injection for the crash-safety tests.

``EVENTPIPE_CRASH_AT=<point>`` makes the process kill itself with SIGKILL when it reaches that
point (``after_ingest``, ``after_code``, ``after_validate``, ``during_load``, ``after_load``), so
the tests can prove that a rerun after a crash leaves the same database as one clean run. Unset,
it does nothing.
"""

from __future__ import annotations

import os
import signal

CRASH_POINTS = ("after_ingest", "after_code", "after_validate", "during_load", "after_load")


def crash_point(name: str) -> None:
    """Die here, at once and uncleanly, when the environment asks for it."""
    if os.environ.get("EVENTPIPE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
