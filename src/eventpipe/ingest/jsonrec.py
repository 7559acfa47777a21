"""JSON records: .jsonl (one object per line) and .json (one object, or a list of objects).

Both are read item by item: a large file of small records never sits in memory whole, and
a bad line or item is rejected on its own while the others go on."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from .decode import SNIFF_BYTES, DecodingReader, decode_error_reason, first_bad_byte, sniff_encoding
from .model import FileRejected, IngestLimits, ItemRejected, RawItem
from .normalise import clean_field, clean_id, parse_iso_published

# JSON escapes can make a record several times longer than its text ("\u00e9" is six
# characters for one): an item may take this many characters per byte of article limit.
ITEM_CHARS_PER_BYTE = 6
ITEM_SLACK_CHARS = 1 << 16
_READ_CHARS = 1 << 16
_NON_WS = re.compile(r"[^ \t\n\r]")


def item_char_cap(limits: IngestLimits) -> int:
    return limits.max_article_bytes * ITEM_CHARS_PER_BYTE + ITEM_SLACK_CHARS


def record_from_obj(obj: Any, key: str | None) -> RawItem:
    """One decoded JSON value -> RawItem (fields id, text, published, title, source, url)."""
    if not isinstance(obj, dict):
        return RawItem(key=key, error=f"a JSON {_json_type(obj)} where an object was expected")
    try:
        if "text" not in obj:
            raise ItemRejected("no 'text' field")
        text = obj["text"]
        if not isinstance(text, str):
            raise ItemRejected(f"text must be a non-empty string, not {_json_type(text)}")
        if not text.strip():
            raise ItemRejected("text is empty")
        return RawItem(
            key=key,
            text=text,
            input_id=clean_id(obj.get("id")),
            title=clean_field(obj.get("title"), "title"),
            published=parse_iso_published(obj.get("published")),
            source=clean_field(obj.get("source"), "source"),
            url=clean_field(obj.get("url"), "url"),
        )
    except ItemRejected as err:
        return RawItem(key=key, error=err.reason)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except RecursionError as err:
        raise ItemRejected("JSON nested too deeply") from err
    except json.JSONDecodeError as err:
        raise ItemRejected(f"invalid JSON: {err.msg} at column {err.colno}") from err
    except ValueError as err:  # e.g. an integer too long to convert
        raise ItemRejected(f"invalid JSON: {err}") from err


def read_jsonl(fh: BinaryIO, limits: IngestLimits) -> Iterator[RawItem]:
    """One object per line; blank lines are skipped; item keys are "line N" (1-based)."""
    enc = sniff_encoding(fh.read(SNIFF_BYTES))
    fh.seek(enc.bom)
    errors = "surrogateescape" if enc.name == "utf-8" else "strict"
    stream = io.TextIOWrapper(fh, encoding=enc.name, errors=errors, newline="")  # type: ignore[arg-type]
    cap = item_char_cap(limits)
    number = 0
    while True:
        try:
            line = stream.readline(cap)
        except UnicodeDecodeError as err:
            reason = decode_error_reason(err, enc.name)
            raise FileRejected(f"{reason.split(':')[0]} after line {number}") from err
        if not line:
            return
        number += 1
        key = f"line {number}"
        if len(line) >= cap and not line.endswith(("\n", "\r")):
            _skip_rest_of_line(stream, cap)
            yield RawItem(key=key, error=f"line is over {cap:,} characters")
            continue
        if not line.strip():
            continue
        bad = first_bad_byte(line)
        if bad is not None:
            offset = len(line[:bad].encode("utf-8", "surrogateescape"))
            byte = ord(line[bad]) - 0xDC00
            yield RawItem(
                key=key,
                error=f"not UTF-8 text: invalid byte 0x{byte:02x} at offset {offset} of the line",
            )
            continue
        try:
            obj = _loads(line)
        except ItemRejected as err:
            yield RawItem(key=key, error=err.reason)
            continue
        yield record_from_obj(obj, key)


def _skip_rest_of_line(stream: io.TextIOWrapper, cap: int) -> None:
    while True:
        part = stream.readline(cap)
        if not part or part.endswith(("\n", "\r")):
            return


class _JsonStream:
    """Values of a JSON document read one at a time from a text reader."""

    def __init__(self, reader: DecodingReader, cap: int) -> None:
        self._reader = reader
        self._decoder = json.JSONDecoder()
        self.cap = cap
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _fill(self, want: int) -> bool:
        if self.eof:
            return False
        if self.pos:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        chunk = self._reader.read(max(_READ_CHARS, want))
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end), without consuming it."""
        while True:
            m = _NON_WS.search(self.buf, self.pos)
            if m:
                self.pos = m.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._fill(0):
                return ""

    def value(self, what: str) -> Any:
        """Decode the value at the next non-whitespace position, reading more as needed."""
        self.peek()
        while True:
            pending = len(self.buf) - self.pos
            try:
                obj, end = self._decoder.raw_decode(self.buf, self.pos)
            except RecursionError as err:
                raise FileRejected(f"{what}: JSON nested too deeply") from err
            except ValueError as err:
                if pending > self.cap:
                    raise FileRejected(
                        f"{what} is over {self.cap:,} characters or not valid JSON"
                    ) from err
                if self._fill(pending):
                    continue
                msg = err.msg if isinstance(err, json.JSONDecodeError) else str(err)
                raise FileRejected(f"invalid JSON in {what}: {msg}") from err
            # A number or literal cut by the end of the buffer may go on: read on and retry.
            if end == len(self.buf) and self._fill(pending):
                continue
            self.pos = end
            return obj


def read_json(fh: BinaryIO, limits: IngestLimits) -> Iterator[RawItem]:
    """One object (item_key None) or a list of objects ("item N", 1-based)."""
    enc = sniff_encoding(fh.read(SNIFF_BYTES))
    stream = _JsonStream(DecodingReader(fh, enc), item_char_cap(limits))
    first = stream.peek()
    if first == "{":
        obj = stream.value("the JSON object")
        if stream.peek():
            raise FileRejected("extra data after the JSON object")
        yield record_from_obj(obj, None)
        return
    if first != "[":
        raise FileRejected("not a JSON object or list of objects")
    stream.pos += 1
    number = 0
    if stream.peek() == "]":
        stream.pos += 1
    else:
        while True:
            number += 1
            yield record_from_obj(stream.value(f"item {number}"), f"item {number}")
            sep = stream.peek()
            stream.pos += 1
            if sep == "]":
                break
            if sep != ",":
                raise FileRejected(f"invalid JSON after item {number}: expected ',' or ']'")
    if stream.peek():
        raise FileRejected("extra data after the JSON list")
