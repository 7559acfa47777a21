"""Pure against compiled coder: articles per CPU second, resource build time and peak memory.

    python scripts/bench_compiled.py [--repeat 3] IN.jsonl ...

Each (input, build) pair runs in a fresh process (``EVENTPIPE_PURE=1`` for the pure one): the
resources are built (CPU seconds and the process's peak RSS after them), then the input is
coded as ``eventpipe extract --include-verbal`` does with those resources (CPU seconds, peak
RSS after). The fastest of ``--repeat`` runs is kept (the machine may be shared). Needs the
compiled build (`make install`); prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("bench_compiled")

_CHILD = """
import json, resource, sys, tempfile, time
import eventpipe.coder as coder
from eventpipe.extract import extract_jsonl
t = time.process_time()
res = coder.load_resources()
build = time.process_time() - t
rss_res = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
    t = time.process_time()
    stats = extract_jsonl(sys.argv[1], out.name, include_verbal=True, resources=res)
    code = time.process_time() - t
print(json.dumps({"compiled": coder.COMPILED, "articles": stats["articles"], "build_s": build,
                  "code_s": code, "rss_res_mb": rss_res / 1024,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(path: Path, pure: bool) -> dict[str, Any]:
    env = {**os.environ, "EVENTPIPE_PURE": "1" if pure else "0"}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], env=env, check=True,
                         capture_output=True, text=True)
    got: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if got["compiled"] == pure:
        raise RuntimeError("the compiled build is not current: run `make install`")
    return got


def best(path: Path, pure: bool, repeat: int) -> dict[str, Any]:
    runs = [run(path, pure) for _ in range(repeat)]
    return {"articles": runs[0]["articles"], "code_s": min(r["code_s"] for r in runs),
            "build_s": min(r["build_s"] for r in runs),
            "rss_res_mb": min(r["rss_res_mb"] for r in runs),
            "rss_mb": min(r["rss_mb"] for r in runs)}


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print("| input | articles | pure art/s | compiled art/s | speed-up | resources s pure / "
          "compiled | peak RSS MB pure / compiled |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in args.inputs:
        p, c = best(path, True, args.repeat), best(path, False, args.repeat)
        n = p["articles"]
        rp, rc = n / p["code_s"], n / c["code_s"]
        print(f"| {path.stem} | {n:,} | {rp:.1f} | {rc:.1f} | {rc / rp:.2f}x | "
              f"{p['build_s']:.2f} / {c['build_s']:.2f} | "
              f"{p['rss_mb']:.0f} / {c['rss_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
