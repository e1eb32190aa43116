"""The README's key table, made from the bindings themselves so it cannot go stale.

    python -m checkin.keys_doc            print the table (Markdown)
    python -m checkin.keys_doc --write    put it in README.md between the keys markers
    python -m checkin.keys_doc --check    exit 1 if README.md's table is not the current one

A test runs ``--check``'s comparison, so a changed binding without a refreshed README fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from textual.binding import Binding

from .keymap import PLACES, binding_owners, own_bindings, place

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"

# Words people say for keys whose Textual display is a symbol.
SAID = {"enter": "enter", "up": "up", "down": "down", "left": "left", "right": "right",
        "pageup": "pageup", "pagedown": "pagedown"}


def key_words(key: str) -> str:
    """``ctrl+t``, ``?``, ``esc``, ``space``: a key as the README and help say it."""
    from textual.keys import format_key

    *modifiers, name = key.split("+")
    return "+".join([*modifiers, SAID.get(name) or format_key(name)])


def _what(binding: Binding) -> str:
    words = binding.description
    if binding.tooltip and binding.tooltip.lower() != words.lower():
        words = f"{words}: {binding.tooltip}"
    return words.replace("|", "\\|")


def rows() -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every described binding: places in the order of
    ``PLACES``, each class's bindings in the order it declares them."""
    order = list(PLACES)
    found: list[tuple[int, int, int, tuple[str, str, str, str]]] = []
    for rank_owner, owner in enumerate(binding_owners()):
        for n, binding in enumerate(own_bindings(owner)):
            if not isinstance(binding, Binding) or not binding.description or not binding.id:
                continue
            keys = " ".join(f"`{key_words(k.strip())}`" for k in binding.key.split(","))
            prefix = binding.id.split(".")[0]
            rank = order.index(prefix) if prefix in order else len(order)
            found.append((rank, rank_owner, n, (place(binding.id), keys, _what(binding), binding.id)))
    found.sort(key=lambda r: r[:3])
    return [row for *_, row in found]


def table() -> str:
    lines = ["| where | key | what | id (for keymap.toml) |", "|---|---|---|---|"]
    last = None
    for where, keys, what, ident in rows():
        lines.append(f"| {where if where != last else ''} | {keys} | {what} | `{ident}` |")
        last = where
    return "\n".join(lines)


def block() -> str:
    return f"{START}\n{table()}\n{END}"


def readme_block(text: str) -> str | None:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(END)]


def write(path: Path = README) -> bool:
    """Refresh the table in ``path``; True if it changed."""
    text = path.read_text(encoding="utf-8")
    old = readme_block(text)
    if old is None:
        raise SystemExit(f"{path} has no {START} ... {END} markers")
    new = block()
    if old == new:
        return False
    path.write_text(text.replace(old, new), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checkin.keys_doc", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="refresh the table in README.md")
    group.add_argument("--check", action="store_true", help="exit 1 if README.md's table is stale")
    args = parser.parse_args(argv)
    if args.write:
        print("README.md updated" if write() else "README.md was up to date")
        return 0
    if args.check:
        if readme_block(README.read_text(encoding="utf-8")) != block():
            print("README.md's key table is stale: run python -m checkin.keys_doc --write", file=sys.stderr)
            return 1
        return 0
    print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
