"""Score the coder on every development file of ../shared/eval (read by path, never copied).

usage: python scripts/score_dev.py [--eval-dir ../shared/eval] [--only gtd_dev] [--limit N]
Writes the scorer's JSON summaries under data/curated/eval/ (git-ignored) and prints the tables
with --no-examples, so the output can be pasted into notes.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--only", action="append", default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    data = args.eval_dir / "data"
    if not data.is_dir():
        print(f"no development data at {data}", file=sys.stderr)
        return 2
    out_dir = REPO / "data" / "curated" / "eval"
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = shlex.quote(str(Path(sys.executable).with_name("eventpipe")))
    status = 0
    for gold in sorted(data.glob("*_dev.jsonl")):
        if args.only and gold.stem not in args.only:
            continue
        cmd = [sys.executable, str(args.eval_dir / "score.py"), str(gold), "--cmd",
               f"{exe} extract {{input}} -o {{output}}", "--no-examples",
               "--json", str(out_dir / f"{gold.stem}.json")]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        status |= subprocess.run(cmd, check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
