"""Read-only JSON trees: what the storage keeps in memory and hands out below a document.

The storage caches what it last read or wrote. Handing out that cache would let anyone who
changes a nested value of a returned document change the cache, and the next unrelated
write would then save the change. Deep-copying on every read is too slow for years of
history (TinyDB reads the storage before every operation), so the cache is built of
:class:`FrozenDict` and :class:`FrozenList`: plain ``dict`` / ``list`` for every reader
(``isinstance``, ``json.dumps``, equality, iteration), refusing every change with a
``TypeError``. ``copy.deepcopy`` (and :func:`thaw`) give ordinary, changeable copies.

:func:`freeze` is also the one place text enters the store: lone surrogates (which cannot
be written as UTF-8) become U+FFFD, and nesting deeper than :data:`MAX_DEPTH` is refused.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

MAX_DEPTH = 64
"""Deepest nesting a data file may have (the app's own data is under 10 levels)."""

_LEAVES = (str, int, float, bool, type(None))


def _refuse(*_: Any, **__: Any) -> NoReturn:
    raise TypeError(
        "stored data is read-only: take a copy (copy.deepcopy) before changing it, "
        "then save it through the repository"
    )


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that cannot be changed; ``copy.deepcopy`` gives a plain dict."""

    __slots__ = ()

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        return thaw(self)

    def __reduce__(self) -> Any:
        return (dict, (thaw(self),))


class FrozenList(list):  # type: ignore[type-arg]
    """A list that cannot be changed; ``copy.deepcopy`` gives a plain list."""

    __slots__ = ()

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]
    append = extend = insert = pop = remove = reverse = sort = clear = _refuse  # type: ignore[assignment]

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return thaw(self)

    def __reduce__(self) -> Any:
        return (list, (thaw(self),))


class TooDeep(ValueError):
    """The data is nested deeper than :data:`MAX_DEPTH`."""


class NotJSON(ValueError):
    """A value JSON cannot hold as it is (only ``json.dumps(default=...)`` can decide)."""


def valid_text(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (a pair is joined into its character)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def freeze(value: Any, *, fix_text: bool = True, limit: int = MAX_DEPTH) -> Any:
    """A read-only copy of a JSON value; already frozen parts are shared, not copied.

    Raises :class:`TooDeep` past ``limit`` levels (before Python's own stack could run out)
    and :class:`NotJSON` for anything that is not a str-keyed dict, a list or tuple, str,
    int, float, bool or None (subclasses included: only ``json.dumps`` knows what they
    become). ``fix_text`` replaces lone surrogates in keys and text.
    """
    return _freeze(value, 1, fix_text, limit)


def _freeze(value: Any, depth: int, fix_text: bool, limit: int) -> Any:
    kind = type(value)
    if kind is str:
        return valid_text(value) if fix_text else value
    if kind in _LEAVES:
        return value
    if kind is FrozenDict or kind is FrozenList:
        # Made by us, so no deeper than ``limit`` where it was made; measure it only when it
        # is put deeper than a document's own fields (file, table, document, field).
        if depth > 4 and depth - 1 + _depth(value) > limit:
            raise TooDeep(f"nested more than {limit} levels deep")
        return value
    if depth > limit:
        raise TooDeep(f"nested more than {limit} levels deep")
    down = depth + 1
    if kind is dict:
        if fix_text:
            return FrozenDict({_key(k): _freeze(v, down, fix_text, limit) for k, v in value.items()})
        if not all(type(k) is str for k in value):
            raise NotJSON("a key that is not text")
        return FrozenDict({k: _freeze(v, down, fix_text, limit) for k, v in value.items()})
    if kind is list or kind is tuple:
        return FrozenList([_freeze(v, down, fix_text, limit) for v in value])
    if isinstance(value, dict) and not isinstance(value, FrozenDict):
        # TinyDB's Document and other plain dict subclasses hold JSON like a dict
        return _freeze(dict(value), depth, fix_text, limit)
    raise NotJSON(f"a value of type {kind.__name__}")


_set_item = dict.__setitem__


def loads_frozen(text: str, *, limit: int = MAX_DEPTH) -> Any:
    """``json.loads`` straight into a read-only tree (the fast path for reading a file:
    objects are made frozen by the parser, one pass then freezes the lists). Lone
    surrogates from ``\\ud800``-style escapes are left to :func:`freeze`."""
    data = json.loads(text, object_pairs_hook=FrozenDict)
    if type(data) is FrozenDict:
        return _fix_dict(data, 1, limit)
    if type(data) is list:
        return _fix_list(data, 1, limit)
    return data


def _fix_dict(node: FrozenDict, depth: int, limit: int) -> FrozenDict:
    if depth > limit:
        raise TooDeep(f"nested more than {limit} levels deep")
    for key, value in node.items():
        kind = type(value)
        if kind is list:
            _set_item(node, key, _fix_list(value, depth + 1, limit))
        elif kind is FrozenDict:
            _fix_dict(value, depth + 1, limit)
    return node


def _fix_list(node: list[Any], depth: int, limit: int) -> FrozenList:
    if depth > limit:
        raise TooDeep(f"nested more than {limit} levels deep")
    out = []
    for value in node:
        kind = type(value)
        if kind is FrozenDict:
            _fix_dict(value, depth + 1, limit)
        elif kind is list:
            value = _fix_list(value, depth + 1, limit)
        out.append(value)
    return FrozenList(out)


def _key(key: Any) -> str:
    if type(key) is not str:
        raise NotJSON("a key that is not text")
    return valid_text(key)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def thaw(value: Any) -> Any:
    """A plain, changeable deep copy of a (frozen or plain) JSON value."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
