"""The event coder: pure functions from article text (+ resources built once) to event records.

Public API::

    from eventpipe.coder import Article, load_resources, code_article, CODER_VERSION
    resources = load_resources()          # dictionaries, gazetteer, matchers: once per process
    records = code_article(article, resources)   # list[dict], keys = schemas/event_fields.yaml

Nothing here imports storage, validation or Prefect.
"""

from __future__ import annotations

from typing import Any

from .types import Article

__all__ = ["Article", "CODER_VERSION", "code_article", "load_resources"]


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

