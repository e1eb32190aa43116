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

    __slots__ = ("height",)

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

    __slots__ = ("height",)

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


def _new_dict(items: dict[str, Any], height: int) -> FrozenDict:
    out = FrozenDict(items)
    out.height = height
    return out


def _new_list(items: list[Any], height: int) -> FrozenList:
    out = FrozenList(items)
    out.height = height
    return out


def freeze(value: Any, *, fix_text: bool = True, limit: int = MAX_DEPTH) -> Any:
    """A read-only copy of a JSON value; already frozen parts are shared, not copied.

    Raises :class:`TooDeep` past ``limit`` levels and :class:`NotJSON` for anything that
    is not a str-keyed dict, list, tuple, str, int, float, bool or None. Iterative, so
    even absurd nesting cannot exhaust Python's stack.
    """
    if type(value) in _LEAVES:
        return valid_text(value) if fix_text and type(value) is str else value
    # Depth-first, children before parents: stack items are (value, depth, done).
    stack: list[tuple[Any, int, bool]] = [(value, 1, False)]
    results: list[Any] = []
    while stack:
        node, depth, done = stack.pop()
        kind = type(node)
        if kind is FrozenDict or kind is FrozenList:
            if depth + node.height - 1 > limit:
                raise TooDeep(f"nested more than {limit} levels deep")
            results.append(node)
            continue
        if kind in _LEAVES:
            results.append(valid_text(node) if fix_text and kind is str else node)
            continue
        if depth > limit:
            raise TooDeep(f"nested more than {limit} levels deep")
        if kind is dict or isinstance(node, dict):
            if not done:
                stack.append((node, depth, True))
                for item in node.values():
                    stack.append((item, depth + 1, False))
                continue
            n = len(node)
            children = results[len(results) - n:] if n else []
            del results[len(results) - n:]
            children.reverse()
            height = 1 + max((_height(c) for c in children), default=0)
            keys = []
            for key in node:
                if type(key) is not str:
                    raise NotJSON("a key that is not text")
                keys.append(valid_text(key) if fix_text else key)
            results.append(_new_dict(dict(zip(keys, children, strict=True)), height))
        elif kind is list or kind is tuple or isinstance(node, list | tuple):
            if not done:
                stack.append((node, depth, True))
                for item in node:
                    stack.append((item, depth + 1, False))
                continue
            n = len(node)
            children = results[len(results) - n:] if n else []
            del results[len(results) - n:]
            children.reverse()
            height = 1 + max((_height(c) for c in children), default=0)
            results.append(_new_list(children, height))
        else:
            raise NotJSON(f"a value of type {kind.__name__}")
    return results[0]


def _height(value: Any) -> int:
    return value.height if type(value) is FrozenDict or type(value) is FrozenList else 0


def thaw(value: Any) -> Any:
    """A plain, changeable deep copy of a (frozen or plain) JSON value."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
