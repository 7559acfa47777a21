"""Rows held in the writer's caches: a tuple of values read by column name like a dict.

The merge reads its rows by name (``row["event_date"]``, ``row.get("claimant")``,
``operator.itemgetter(*columns)(row)``). A dict per row costs ~1.2 KB for the 32 columns of a
member row and ~0.4 KB for the 8 blocking columns; a caller that holds many rows between loads
holds them as a :class:`NamedRow` subclass instead (the tuple's size, ~0.1-0.3 KB) and hands
them out as they are: nothing is copied per load. A subclass names its columns in
:attr:`NamedRow.names`. Read-only, like a tuple; equal to (and hashed like) the plain tuple of
its values; ``dict(row)`` gives the dict it stands for.
"""

from __future__ import annotations

from typing import Any, ClassVar

_item = tuple.__getitem__


class NamedRow(tuple):  # type: ignore[type-arg]
    """A tuple whose values are also read by column name (module docstring)."""

    __slots__ = ()
    #: the columns, in the order of the values (set by each subclass)
    names: ClassVar[tuple[str, ...]] = ()
    _slot: ClassVar[dict[str, int]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._slot = {name: i for i, name in enumerate(cls.names)}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if type(key) is str:
            return _item(self, self._slot[key])
        return _item(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        i = self._slot.get(key)
        return default if i is None else _item(self, i)

    def keys(self) -> tuple[str, ...]:
        return self.names

    def __contains__(self, key: object) -> bool:  # a column name, as for a dict
        return key in self._slot


__all__ = ["NamedRow"]
