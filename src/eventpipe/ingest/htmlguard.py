"""A cheap estimate of how deeply an HTML document nests, taken before parsing it.

HTML tree construction searches the stack of open elements for every block-level start
tag, so a page of thousands of unclosed elements ("<div><div><div>...", "<li><dt>...")
costs time quadratic in its length: 200 KB of such markup takes seconds, 10 MB hours. This
scan follows the tree-construction rules that close elements implicitly (p, li, dd/dt,
table parts, option, ruby) closely enough that ordinary and sloppy pages stay shallow, and
over-estimates rather than under-estimates the depth of hostile ones. It runs in linear
time and keeps only the top of the stack in view."""

from __future__ import annotations

import re
from collections.abc import Container

MAX_HTML_DEPTH = 1000
_WINDOW = 64

_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][^\s/>]*)")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr".split()
)
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img "
    "input keygen li link listing main marquee menu meta nav noembed noframes noscript "
    "object ol p param plaintext pre script search section select source style summary "
    "table tbody td template textarea tfoot th thead title tr track ul wbr xmp".split()
)
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 "
    "h5 h6 pre listing form table hr xmp li dd dt plaintext".split()
)
_BUTTON_SCOPE = frozenset(
    "applet caption html table td th marquee object template button".split()
)
_LIST_ITEM_STOP = _SPECIAL - {"address", "div", "p"}
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# start tag -> (elements it closes, elements that stop the search, keep the found one?)
_POP_TO: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {
    "td": (frozenset({"tr"}), frozenset({"table"}), True),
    "th": (frozenset({"tr"}), frozenset({"table"}), True),
    "tr": (frozenset({"tbody", "thead", "tfoot", "table"}), frozenset(), True),
    "tbody": (frozenset({"table"}), frozenset(), True),
    "thead": (frozenset({"table"}), frozenset(), True),
    "tfoot": (frozenset({"table"}), frozenset(), True),
    "rb": (frozenset({"ruby"}), frozenset(), True),
    "rt": (frozenset({"ruby"}), frozenset(), True),
    "rp": (frozenset({"ruby"}), frozenset(), True),
    "rtc": (frozenset({"ruby"}), frozenset(), True),
}


def _find(stack: list[str], names: Container[str], stop: Container[str]) -> int:
    """Index of the nearest open element named in `names` within the window, or -1; the
    search stops (-1) at an element in `stop` that is not itself in `names`."""
    for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _WINDOW), -1):
        name = stack[i]
        if name in names:
            return i
        if name in stop:
            return -1
    return -1


def _close_list_item(stack: list[str], names: Container[str]) -> None:
    # li / dd / dt: close an open one unless a special element other than
    # address, div or p lies in between.
    i = _find(stack, names, _LIST_ITEM_STOP)
    if i >= 0:
        del stack[i:]


def _start(stack: list[str], name: str) -> None:
    if name in _CLOSES_P:
        i = _find(stack, ("p",), _BUTTON_SCOPE)
        if i >= 0:
            del stack[i:]
    if name == "li":
        _close_list_item(stack, ("li",))
    elif name in ("dd", "dt"):
        _close_list_item(stack, ("dd", "dt"))
    elif name in _HEADINGS and stack and stack[-1] in _HEADINGS:
        stack.pop()
    elif name in ("option", "optgroup") and stack and stack[-1] == "option":
        stack.pop()
    elif name in _POP_TO:
        names, stop, keep = _POP_TO[name]
        i = _find(stack, names, stop)
        if i >= 0:
            del stack[i + 1 if keep else i:]
    stack.append(name)


def _end(stack: list[str], name: str) -> None:
    if name in _FORMATTING:
        i = _find(stack, (name,), ())
        if i >= 0:
            del stack[i]
        return
    i = _find(stack, (name,), _SPECIAL)
    if i >= 0:
        del stack[i:]


def html_depth_exceeds(markup: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """True when the estimated nesting of `markup` goes over `limit` open elements."""
    if markup.count("<") < limit:
        return False
    stack: list[str] = []
    pos = 0
    lowered: str | None = None
    while True:
        m = _TOKEN.search(markup, pos)
        if m is None:
            return False
        pos = m.end()
        if m.group(0) == "<!--":
            end = markup.find("-->", pos)
            if end < 0:
                return False
            pos = end + 3
            continue
        name = m.group(2).lower()
        if m.group(1):
            _end(stack, name)
            continue
        if name in _VOID:
            continue
        if name in _RAW_TEXT:
            lowered = lowered if lowered is not None else markup.lower()
            end = lowered.find("</" + name, pos)
            if end < 0:
                return False
            pos = end
            continue
        _start(stack, name)
        if len(stack) > limit:
            return True
