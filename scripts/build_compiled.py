"""Compile the coder's modules (src/eventpipe/coder/*.py but ``__init__``) with mypyc.

    python scripts/build_compiled.py [--jobs N]

The extension modules go to src/eventpipe/coder/_compiled/ (not beside the sources, where
Python would prefer them to the .py files) with a manifest naming the digest of the sources
they were built from; ``eventpipe.coder`` uses them only while that digest is current (see its
docstring). The C sources and objects stay under build/mypyc/. The new build replaces the old
one in one rename, so a running process never sees a half-written folder. `make install` runs
this whenever a coder source changes; with ``EVENTPIPE_PURE=1`` set it does nothing, and on a
machine without a C compiler or the Python headers it says so and leaves the sources to run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import sysconfig
import time
from pathlib import Path

log = logging.getLogger("build_compiled")
REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
WORK = REPO / "build" / "mypyc"


def build(jobs: int) -> Path:
    """Compile into a fresh folder and swap it in; the compiled folder's path."""
    sys.path.insert(0, str(SRC))
    os.environ["EVENTPIPE_PURE"] = "1"  # read the sources below, not an older build
    from mypyc.build import mypycify
    from setuptools import setup

    import eventpipe.coder as coder

    started = time.time()
    digest, names = coder.sources_digest(), coder.compiled_modules()
    target = coder.COMPILED_DIR
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    out = WORK / "lib"
    shutil.rmtree(out, ignore_errors=True)
    os.chdir(SRC)  # module names follow from the paths: eventpipe/coder/<name>.py
    paths = [f"eventpipe/coder/{name}.py" for name in names]
    extensions = mypycify(["--config-file", str(REPO / "pyproject.toml"), *paths],
                          opt_level="3", target_dir=str(WORK / "c"))
    setup(name="eventpipe-coder-compiled", ext_modules=extensions,
          script_args=["--quiet", "build_ext", "--build-lib", str(out),
                       "--build-temp", str(WORK / "tmp"), "--parallel", str(jobs)])
    suffix = coder.build_tag()
    shared = [p for p in out.glob(f"*__mypyc{suffix}")]
    if len(shared) != 1:
        raise RuntimeError(f"expected one shared mypyc library in {out}, found {shared}")
    fresh.mkdir()
    shutil.copy2(shared[0], fresh / shared[0].name)
    for name in names:
        shutil.copy2(out / "eventpipe" / "coder" / f"{name}{suffix}", fresh / f"{name}{suffix}")
    manifest = {"sources": digest, "tag": suffix, "shared": shared[0].name[:-len(suffix)],
                "modules": names}
    (fresh / coder.MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    # dated when the sources were read: a source saved during the build is newer (make rebuilds)
    os.utime(fresh / coder.MANIFEST, (started, started))
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def missing_toolchain() -> str | None:
    """What the compilation lacks on this machine (a C compiler, Python.h), or None."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) on PATH"
    header = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not header.exists():
        return f"no Python headers ({header})"
    return None


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if os.environ.get("EVENTPIPE_PURE", "").strip().lower() not in ("", "0", "false", "no"):
        log.info("EVENTPIPE_PURE is set: the coder is not compiled (the sources run)")
        return 0
    missing = missing_toolchain()
    if missing:
        log.warning("the coder is not compiled (%s): the pure Python sources run, about a "
                    "quarter slower; install a C compiler and the Python headers, then "
                    "`make install` again", missing)
        return 0
    start = time.perf_counter()
    target = build(args.jobs)
    log.info("compiled coder in %s (%.0f s)", target, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
