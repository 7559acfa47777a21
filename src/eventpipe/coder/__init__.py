"""The event coder: pure functions from article text (+ resources built once) to event records.

Public API::

    from eventpipe.coder import Article, load_resources, code_article, CODER_VERSION
    resources = load_resources()          # dictionaries, gazetteer, matchers: once per process
    records = code_article(article, resources)   # list[dict], keys = schemas/event_fields.yaml

Nothing here imports storage, validation or Prefect.

Compiled build: ``make install`` compiles the coder's modules with mypyc
(scripts/build_compiled.py) into ``_compiled/`` beside them. That folder is put in front of
this package's ``__path__`` only when its manifest names the digest of the current sources
(``sources_digest``) and this Python; otherwise the pure sources run, with one warning when a
build exists but is stale. ``EVENTPIPE_PURE=1`` always runs the pure sources. This module is
never compiled. The compiled modules give the same records as the sources.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

__all__ = ["Article", "CODER_VERSION", "code_article", "load_resources"]

SOURCE_DIR = Path(__file__).resolve().parent
COMPILED_DIR = SOURCE_DIR / "_compiled"
MANIFEST = "manifest.json"
#: the modules that stay interpreted (this one: its module ``__getattr__`` does not compile)
PURE_ONLY = frozenset({"__init__"})
_LOG = logging.getLogger(__name__)


def compiled_modules() -> list[str]:
    """The names of the coder modules the compiled build holds, sorted."""
    return sorted(p.stem for p in SOURCE_DIR.glob("*.py") if p.stem not in PURE_ONLY)


def sources_digest() -> str:
    """SHA-256 over the names and bytes of the modules ``compiled_modules`` names."""
    h = hashlib.sha256()
    for name in compiled_modules():
        h.update(name.encode() + b"\0")
        h.update((SOURCE_DIR / f"{name}.py").read_bytes())
    return h.hexdigest()


def build_tag() -> str:
    """What a compiled build must match besides its sources: this Python's extension ABI."""
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


def _pure_wanted() -> bool:
    return os.environ.get("EVENTPIPE_PURE", "").strip().lower() not in ("", "0", "false", "no")


def _activate() -> str:
    """Put a current compiled build in front of ``__path__``: "compiled" when it is, else
    why the pure sources run."""
    if _pure_wanted():
        return "pure (EVENTPIPE_PURE)"
    try:
        manifest = json.loads((COMPILED_DIR / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "pure (not built)"  # an install without the compiled build: silently
    except (OSError, ValueError) as exc:
        _LOG.warning("compiled coder unreadable (%s): running the pure Python sources", exc)
        return "pure (unreadable build)"
    if manifest.get("sources") != sources_digest() or manifest.get("tag") != build_tag():
        _LOG.warning("compiled coder in %s is stale (built from other sources or for another "
                     "Python): running the pure Python sources; `make install` rebuilds it",
                     COMPILED_DIR)
        return "pure (stale build)"
    shared = str(manifest.get("shared", ""))
    try:
        if shared and shared not in sys.modules:  # the library every compiled module imports
            spec = importlib.util.spec_from_file_location(
                shared, COMPILED_DIR / f"{shared}{build_tag()}")
            if spec is None or spec.loader is None:
                raise ImportError(f"no loader for {shared}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[shared] = module
    except (ImportError, OSError) as exc:
        _LOG.warning("compiled coder not loadable (%s): running the pure Python sources", exc)
        return "pure (build not loadable)"
    __path__.insert(0, str(COMPILED_DIR))
    return "compiled"


def shadowing() -> list[str]:
    """Extension modules beside the sources (an in-place mypyc run): Python imports them
    instead of the .py files, whatever the build's manifest says."""
    return sorted(p.name for p in SOURCE_DIR.glob(f"*{build_tag()}"))


if shadowing():
    _LOG.warning("extension modules beside the coder's sources in %s shadow the .py files "
                 "(%s): delete them; `make install` builds into _compiled/", SOURCE_DIR,
                 ", ".join(shadowing()))

#: "compiled" when the coder's modules below run compiled, else why not (import them only
#: after these lines)
BUILD = _activate()
COMPILED = BUILD == "compiled"

from .types import Article  # noqa: E402  (after __path__ is set)


def __getattr__(name: str) -> Any:
    # CODER_VERSION hashes the dictionaries: computed on first access, not at import.
    if name == "CODER_VERSION":
        from .lexicon import coder_version

        return coder_version()
    raise AttributeError(name)


def load_resources(gazetteer: Any = None) -> Any:
    """Build dictionaries, matchers and the gazetteer once; pass the result to code_article."""
    from .resources import Resources

    return Resources.build(gazetteer)


def code_article(article: Article, resources: Any) -> list[dict[str, Any]]:
    """Event records of one article (verbal CAMEO events included, event_type NULL)."""
    from .pipeline import code_text

    return code_text(article, resources)


def __dir__() -> list[str]:
    return sorted(__all__)
