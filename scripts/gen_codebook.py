"""Regenerate docs/codebook.md and sql/05_ref_countries.sql from schemas/ (commit the output).

Usage: python scripts/gen_codebook.py [--check]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from eventpipe.codebook import render_ref_countries_sql
from eventpipe.schema import get_schema

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("gen_codebook")


def outputs() -> dict[Path, str]:
    return {
        ROOT / "docs" / "codebook.md": get_schema().render_codebook(),
        ROOT / "sql" / "05_ref_countries.sql": render_ref_countries_sql(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            log.info("wrote %s", path.relative_to(ROOT))
    if args.check and stale:
        log.error("out of date: %s", ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
