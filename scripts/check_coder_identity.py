"""Safety net for coder speed work: the coder's output must not change.

``--save DIR`` codes every input (with verbal events, as ``eventpipe extract --include-verbal``)
in one process with resources built once, and writes each output as DIR/<name>.jsonl plus
DIR/digests.json. ``--compare DIR`` codes them again and compares record by record, field by
field, listing the differences (``coder_version`` is ignored; when it differs, the ids derived
from it are ignored too). Both print articles per second in CPU time per input.

    python scripts/check_coder_identity.py --save /tmp/perf_base IN.jsonl ...
    python scripts/check_coder_identity.py --compare /tmp/perf_base IN.jsonl ...

Without inputs, the development files under ../shared/eval/data beside the repository (read by
path, if present; ``--eval-dir`` names another eval directory) and /tmp/perf_gen/*.jsonl
(scripts/gen_corpus.py) are used. Outputs never go into the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("check_coder_identity")
REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO.parent / "shared" / "eval"
GEN = Path("/tmp/perf_gen")
VERSION_FIELDS = ("coder_version",)
ID_FIELDS = ("mention_id", "event_id")


def default_inputs(eval_dir: Path = EVAL_DIR) -> list[Path]:
    data = eval_dir / "data"
    names = ("acled_somalia_dev", "gtd_dev", "gvc_dev", "muc4_dev")
    found = [data / f"{n}.jsonl" for n in names if (data / f"{n}.jsonl").exists()]
    return found + sorted(GEN.glob("*.jsonl"))


def code_file(path: Path, out: Path, res: Any) -> dict[str, float]:
    from eventpipe.extract import extract_jsonl

    t_cpu, t_wall = time.process_time(), time.perf_counter()
    stats = extract_jsonl(path, out, include_verbal=True, resources=res)
    cpu, wall = time.process_time() - t_cpu, time.perf_counter() - t_wall
    n = stats["articles"]
    return {"articles": n, "events": stats["events"], "cpu_s": round(cpu, 2),
            "wall_s": round(wall, 2), "per_s_cpu": round(n / max(cpu, 1e-9), 1)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def diff_records(old: list[dict[str, Any]], new: list[dict[str, Any]],
                 limit: int = 20) -> list[str]:
    """Human-readable differences between two record lists (same order expected)."""
    out: list[str] = []
    if len(old) != len(new):
        out.append(f"record count {len(old)} -> {len(new)}")
    skip = set(VERSION_FIELDS)
    if old and new and old[0].get("coder_version") != new[0].get("coder_version"):
        skip |= set(ID_FIELDS)
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        for key in sorted(set(a) | set(b)):
            if key in skip or a.get(key) == b.get(key):
                continue
            out.append(f"record {i} ({a.get('article_id')}) {key}: {a.get(key)!r} -> "
                       f"{b.get(key)!r}")
            if len(out) >= limit:
                return out
    return out


def _read(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write the reference outputs here")
    mode.add_argument("--compare", type=Path, help="compare against the outputs saved here")
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR,
                    help="eval directory whose data/*_dev.jsonl are the default inputs")
    ap.add_argument("inputs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    inputs = args.inputs or default_inputs(args.eval_dir)
    from eventpipe.coder import load_resources

    t0, c0 = time.perf_counter(), time.process_time()
    res = load_resources()
    log.info("resources: %.2f s wall, %.2f s cpu", time.perf_counter() - t0,
             time.process_time() - c0)
    ref = args.save or args.compare
    ref.mkdir(parents=True, exist_ok=True)
    digests_path = ref / "digests.json"
    digests = json.loads(digests_path.read_text()) if digests_path.exists() else {}
    failed = 0
    for path in inputs:
        name = path.stem
        target = ref / f"{name}.jsonl" if args.save else ref / f"{name}.new.jsonl"
        stats = code_file(path, target, res)
        line = (f"{name}: {stats['articles']} articles, {stats['events']} records, "
                f"{stats['cpu_s']} s cpu ({stats['per_s_cpu']}/s), {stats['wall_s']} s wall")
        if args.save:
            digests[name] = _digest(target)
            log.info("%s  saved", line)
            continue
        base = ref / f"{name}.jsonl"
        if not base.exists():
            log.info("%s  NO BASELINE", line)
            failed += 1
            continue
        if _digest(target) == digests.get(name, _digest(base)):
            log.info("%s  IDENTICAL", line)
            continue
        diffs = diff_records(_read(base), _read(target))
        if diffs:
            failed += 1
            log.info("%s  DIFFERENT:\n  %s", line, "\n  ".join(diffs))
        else:
            log.info("%s  same records (ignored fields differ)", line)
    if args.save:
        digests_path.write_text(json.dumps(digests, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
