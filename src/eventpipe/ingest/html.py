"""HTML pages (.html, .htm) and HTML fragments in feeds -> main text and metadata.

Boilerplate (script, style, iframe, nav, header, footer, aside, form, noscript, ...) is
dropped; the main text is taken from the largest <article>, else <main>, else <body>;
paragraphs are joined by blank lines."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decode import decode_bytes, read_bounded
from .htmlguard import MAX_HTML_DEPTH, html_depth_exceeds
from .model import FileRejected, IngestLimits, ItemRejected, RawItem
from .normalise import clean_field, parse_feed_date

# A page carries markup around its text: allow this many page bytes per byte of article limit.
HTML_BYTES_PER_TEXT_BYTE = 10

_DROP = (
    "script, style, iframe, nav, header, footer, aside, form, noscript, template, svg, math, "
    "object, embed, button, select, canvas, dialog"
)
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_SKIP = frozenset(t.strip() for t in _DROP.split(","))
# Boilerplate marked by ARIA role or by a class / id word (split on non-letters: "ad-slot").
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_DROP_WORDS = frozenset(
    "ad ads advert adverts advertisement advertising sponsored promo newsletter subscribe "
    "paywall social share sharing related cookie cookies consent comments".split()
)
_NEVER_DROP = frozenset({"html", "head", "body", "article", "main"})
_WORD = re.compile(r"[a-z]+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
# meta key (property / name / itemprop, lower case) -> rank; the best-ranked parseable wins
_PUBLISHED_META = {
    "article:published_time": 0, "datepublished": 1, "og:published_time": 2,
    "pubdate": 3, "publishdate": 3, "date": 4, "dc.date": 5, "dc.date.issued": 5,
    "dcterms.created": 6, "dcterms.issued": 6,
}


def html_cap(limits: IngestLimits) -> int:
    cap = limits.max_article_bytes * HTML_BYTES_PER_TEXT_BYTE
    return cap if limits.max_file_bytes is None else min(cap, limits.max_file_bytes)


def _parse(markup: str) -> LexborHTMLParser:
    if html_depth_exceeds(markup):
        raise ItemRejected(f"HTML nested too deeply (over {MAX_HTML_DEPTH} open elements)")
    return LexborHTMLParser(markup)


def _collapse(text: str) -> str:
    """HTML white space: every run becomes one space (kept at either end)."""
    core = " ".join(text.split())
    if not core:
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + core + trail


def _paragraphs(root: LexborNode) -> list[str]:
    """Text of `root` as paragraphs: block elements break paragraphs, <br> breaks lines.
    Walks the tree without recursion (pages may nest deeply)."""
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if not buf:
            return
        lines = (" ".join(line.split()) for line in "".join(buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        buf.clear()
        if text:
            paragraphs.append(text)

    def enter(node: LexborNode) -> bool:
        if node.is_text_node:
            buf.append(_collapse(node.text_content or ""))
            return False
        tag = node.tag or ""
        if tag == "br":
            buf.append("\n")
            return False
        if not node.is_element_node or tag in _SKIP:
            return False
        if tag in _BLOCK:
            flush()
        return True

    def leave(node: LexborNode) -> None:
        if node.tag in _BLOCK:
            flush()

    root_id = root.mem_id
    node = root.child
    while node is not None:
        if enter(node) and node.child is not None:
            node = node.child
            continue
        leave(node)
        while node.next is None:
            node = node.parent
            if node is None or node.mem_id == root_id:
                flush()
                return paragraphs
            leave(node)
        node = node.next
    flush()
    return paragraphs


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    articles = tree.css("article")
    if articles:
        best = max(articles, key=lambda n: len(n.text(deep=True) or ""))
        if (best.text(deep=True) or "").strip():
            return best
    main = tree.css_first("main")
    if main is not None and (main.text(deep=True) or "").strip():
        return main
    return tree.body or tree.root


def _is_boilerplate(node: LexborNode) -> bool:
    if node.tag in _SKIP:
        return True
    if node.tag in _NEVER_DROP:
        return False
    attrs = node.attributes
    if (attrs.get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    words = _WORD.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower())
    return not _DROP_WORDS.isdisjoint(words)


def _drop_boilerplate(tree: LexborHTMLParser) -> None:
    """Remove boilerplate elements; only the outermost of nested ones is removed (a node
    inside a removed one is gone with it and must not be touched again)."""
    doomed: dict[int, LexborNode] = {}
    for node in tree.css(f"{_DROP}, [class], [id], [role]"):
        if not _is_boilerplate(node):
            continue
        parent = node.parent
        while parent is not None and parent.mem_id not in doomed:
            parent = parent.parent
        if parent is None:
            doomed[node.mem_id] = node
    for node in doomed.values():
        node.decompose()


def html_to_text(markup: str) -> str:
    """Main text of an HTML page or fragment: paragraphs joined by blank lines."""
    if "<" not in markup and "&" not in markup:  # plain text: one paragraph, as HTML shows it
        return " ".join(markup.split())
    tree = _parse(markup)
    _drop_boilerplate(tree)
    root = _main_node(tree)
    return "\n\n".join(_paragraphs(root)) if root is not None else ""


def _meta_value(tree: LexborHTMLParser, *keys: str) -> str | None:
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        if key in keys and attrs.get("content"):
            return attrs["content"]
    return None


def _published(tree: LexborHTMLParser, notes: list[str]) -> date | None:
    candidates: list[tuple[int, str]] = []
    for node in tree.css("meta"):
        attrs = node.attributes
        for attr in ("property", "name", "itemprop"):
            key = (attrs.get(attr) or "").strip().lower()
            if key in _PUBLISHED_META and attrs.get("content"):
                candidates.append((_PUBLISHED_META[key], attrs["content"] or ""))
    time_node = tree.css_first("time[datetime]")
    if time_node is not None and time_node.attributes.get("datetime"):
        candidates.append((10, time_node.attributes["datetime"] or ""))
    for _, raw in sorted(candidates, key=lambda c: c[0]):
        parsed = parse_feed_date(raw)
        if parsed is not None:
            return parsed
        notes.append(f"published {raw.strip()[:60]!r} not understood")
    return None


def _decode_html(data: bytes) -> str:
    """UTF-8 / UTF-16 with BOM, or the charset the page declares in a <meta> tag."""
    try:
        return decode_bytes(data)
    except FileRejected as err:
        m = _META_CHARSET.search(data[:4096])
        if m is None or b"\x00" in data:
            raise
        label = m.group(1).decode("ascii").lower()
        try:
            info = codecs.lookup(label)
        except LookupError:
            raise FileRejected(f"{err.reason}; declared charset {label!r} is unknown") from err
        if not getattr(info, "_is_text_encoding", True) or info.name == "utf-8":
            raise
        # As browsers do (WHATWG Encoding), Latin-1 and ASCII labels mean Windows-1252.
        name = "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name
        try:
            return data.decode(name)
        except UnicodeDecodeError as bad:
            raise FileRejected(
                f"not {label} text as declared: invalid byte 0x{data[bad.start]:02x} "
                f"at offset {bad.start}"
            ) from bad


def read_html(fh: BinaryIO, size: int, limits: IngestLimits) -> Iterator[RawItem]:
    """One article per page: text, title (og:title / <title>), published, source, url."""
    data = read_bounded(fh, size, html_cap(limits), "an HTML page")
    markup = _decode_html(data)
    del data
    try:
        tree = _parse(markup)
    except ItemRejected as err:
        raise FileRejected(err.reason) from err
    notes: list[str] = []
    title_node = tree.css_first("title")
    title = _meta_value(tree, "og:title") or (title_node.text() if title_node else None)
    canonical = tree.css_first("link[rel=canonical]")
    url = (canonical.attributes.get("href") if canonical else None) or _meta_value(
        tree, "og:url"
    )
    item = RawItem(
        key=None,
        title=clean_field(title, "title"),
        published=_published(tree, notes),
        source=clean_field(_meta_value(tree, "og:site_name"), "source"),
        url=clean_field(url, "url"),
        notes=notes,
    )
    _drop_boilerplate(tree)
    root = _main_node(tree)
    item.text = "\n\n".join(_paragraphs(root)) if root is not None else ""
    yield item
