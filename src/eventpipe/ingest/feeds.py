"""RSS 2.0 / RSS 1.0 / Atom feeds (.rss, .xml, .atom), read item by item.

Parsed with defusedxml: a document type declaration is refused outright, so entity
expansion (billion laughs) and external entities (XXE) never happen."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import iterparse

from .decode import SNIFF_BYTES, sniff_encoding
from .html import html_cap, html_to_text
from .model import FileRejected, IngestLimits, ItemRejected, RawItem
from .normalise import clean_field, clean_id, parse_feed_date

_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_ROOTS = frozenset({"rss", "feed", "RDF"})
_ITEM_PARENTS = frozenset({"channel", "feed", "RDF"})
_PUBLISHED = ("pubDate", "published", "date", "issued", "created")
_UPDATED = ("updated", "modified")


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def _text(elem: ET.Element) -> str:
    return "".join(elem.itertext())


def _content_text(elem: ET.Element, limits: IngestLimits, html_default: bool) -> str:
    """Text of a content element: HTML stripped; Atom type="text" kept as it is."""
    kind = (elem.get("type") or ("html" if html_default else "text")).lower()
    if kind == "xhtml":
        try:
            markup = "".join(ET.tostring(child, encoding="unicode") for child in elem)
        except RecursionError as err:
            raise ItemRejected("item content nested too deeply") from err
    else:
        markup = _text(elem)
    if kind in ("text", "text/plain"):
        return markup
    cap = html_cap(limits)
    if len(markup) > cap:
        raise ItemRejected(f"item content is {len(markup):,} characters, over {cap:,}")
    return html_to_text(markup)


def _pick_text(children: dict[str, ET.Element], limits: IngestLimits) -> str:
    for key, html_default in (
        (_CONTENT_NS + "encoded", True),
        ("content", False),
        ("description", True),
        ("summary", False),
    ):
        elem = children.get(key)
        if elem is None or elem.get("src"):
            continue
        text = _content_text(elem, limits, html_default)
        if text.strip():
            return text
    return ""


def _link(item: ET.Element) -> str | None:
    fallback = None
    for child in item:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href is None:  # RSS: <link>address</link>
            return _text(child)
        if child.get("rel") in (None, "alternate"):
            return href
        fallback = fallback or href
    return fallback


def _item(elem: ET.Element, key: str, source: str | None, limits: IngestLimits) -> RawItem:
    children: dict[str, ET.Element] = {}
    for child in elem:
        tag = child.tag if isinstance(child.tag, str) else ""
        name = _CONTENT_NS + "encoded" if tag == _CONTENT_NS + "encoded" else _local(tag)
        children.setdefault(name, child)
    item = RawItem(key=key, source=source)
    try:
        item.text = _pick_text(children, limits)
        ident = children.get("guid", children.get("id"))
        item.input_id = clean_id(_text(ident) if ident is not None else elem.get(_RDF_ABOUT))
        title = children.get("title")
        if title is not None:
            raw_title = _text(title)
            if (title.get("type") or "").lower() == "html" and "<" in raw_title:
                raw_title = html_to_text(raw_title)
            item.title = clean_field(raw_title, "title")
        item.url = clean_field(_link(elem), "url")
        for names in (_PUBLISHED, _UPDATED):
            raws = [_text(children[n]) for n in names if n in children]
            for raw in raws:
                item.published = parse_feed_date(raw)
                if item.published is not None:
                    break
                item.notes.append(f"published {raw.strip()[:60]!r} not understood")
            if item.published is not None:
                break
    except ItemRejected as err:
        return RawItem(key=key, error=err.reason)
    except RecursionError:
        return RawItem(key=key, error="item nested too deeply")
    return item


def _defused_reason(err: DefusedXmlException) -> str:
    if isinstance(err, DTDForbidden):
        return (
            "XML document type declaration (DOCTYPE) refused: a DTD can expand entities "
            "(billion laughs) or read other files (XXE); nothing was expanded"
        )
    if isinstance(err, EntitiesForbidden):
        return f"XML entity declaration {err.name!r} refused; nothing was expanded"
    return f"XML refused as unsafe ({err.__class__.__name__}); nothing was expanded"


def read_feed(fh: BinaryIO, limits: IngestLimits) -> Iterator[RawItem]:
    """Items of an RSS or Atom feed ("item N", 1-based); source = the channel/feed title."""
    sniff_encoding(fh.read(SNIFF_BYTES))  # binary data is refused before parsing
    fh.seek(0)
    stack: list[ET.Element] = []
    source: str | None = None
    number = 0
    try:
        for event, elem in iterparse(
            fh, events=("start", "end"), forbid_dtd=True, forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start":
                if not stack and _local(elem.tag) not in _ROOTS:
                    raise FileRejected(
                        f"not an RSS or Atom feed: the root element is <{_local(elem.tag)}>"
                    )
                stack.append(elem)
                continue
            stack.pop()
            if not stack:
                continue
            parent, local = stack[-1], _local(elem.tag)
            if local in ("item", "entry") and _local(parent.tag) in _ITEM_PARENTS:
                number += 1
                yield _item(elem, f"item {number}", source, limits)
                parent.remove(elem)  # keep memory flat on large feeds
            elif local == "title" and source is None and _local(parent.tag) in ("channel", "feed"):
                try:
                    source = clean_field(_text(elem), "source")
                except ItemRejected:
                    source = None
    except DefusedXmlException as err:
        raise FileRejected(_defused_reason(err)) from err
    except ET.ParseError as err:
        raise FileRejected(f"not well-formed XML: {err}") from err
    except (ValueError, LookupError) as err:
        raise FileRejected(f"XML could not be read: {err}") from err
