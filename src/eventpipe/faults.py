"""Fault injection for the crash-safety and concurrency tests.

``EVENTPIPE_CRASH_AT=<point>`` makes the process kill itself with SIGKILL when it reaches that
point (``after_ingest``, ``after_code``, ``after_validate``, ``during_load``, ``after_load``, and
``after_batch_<n>`` when a run is loaded in several batches), so the tests can prove that a rerun
after a crash leaves the same database as one clean run.

``EVENTPIPE_PAUSE_AT=<point>[,<point>...]`` with ``EVENTPIPE_PAUSE_FILE=<path>`` makes the
process stop at each of those points (holding whatever it holds: the run lock, an open
transaction), create ``<path>.<point>.reached`` and wait until ``<path>.<point>`` exists (at most
``EVENTPIPE_PAUSE_MAX_S`` seconds, default 120), so a test can start a second run or a reader
at a known moment. Unset, both do nothing.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

log = logging.getLogger(__name__)

CRASH_POINTS = ("after_ingest", "after_code", "after_validate", "during_load", "after_load")
PAUSE_POLL_S = 0.05


def crash_point(name: str) -> None:
    """Die here, at once and uncleanly, or pause here, when the environment asks for it."""
    if name in os.environ.get("EVENTPIPE_PAUSE_AT", "").split(","):
        pause_here(name)
    if os.environ.get("EVENTPIPE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def pause_here(name: str) -> None:
    """Create ``<EVENTPIPE_PAUSE_FILE>.<name>.reached``, wait for ``<…PAUSE_FILE>.<name>``."""
    target = os.environ.get("EVENTPIPE_PAUSE_FILE")
    if not target:
        log.warning("EVENTPIPE_PAUSE_AT=%s without EVENTPIPE_PAUSE_FILE; not pausing", name)
        return
    release = Path(f"{target}.{name}")
    try:
        max_s = float(os.environ.get("EVENTPIPE_PAUSE_MAX_S", "120"))
    except ValueError:
        max_s = 120.0
    reached = Path(f"{release}.reached")
    partial = Path(f"{reached}.{os.getpid()}")
    partial.write_text(f"pid {os.getpid()} at {name}\n", encoding="utf-8")
    os.replace(partial, reached)  # whole or absent, for the test that polls it
    log.info("paused at %s until %s exists", name, release)
    deadline = time.monotonic() + max_s
    while not release.exists():
        if time.monotonic() >= deadline:
            log.warning("pause at %s: %s did not appear within %.0fs; going on", name, release,
                        max_s)
            return
        time.sleep(PAUSE_POLL_S)
