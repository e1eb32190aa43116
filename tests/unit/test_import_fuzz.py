"""Fuzzing `checkin import` (issue 9): a real export with a few fields made hostile.

For every input: no traceback and no crash.log; a refused input changes no file; an accepted one
leaves history, export (both formats), doctor and the app's start working; and nothing from the
input reaches the terminal, or the stored data, as a control character.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import arrow
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checkin import cli
from checkin.core.clock import FakeClock
from checkin.store.demo import write_demo
from checkin.store.repository import Repository

os.environ["TZ"] = "UTC"
time.tzset()

END = arrow.get("2026-11-26T12:00:00+00:00")
HUGE = "@@a number of 5000 digits@@"
CONTROLS = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | set(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def controls_in(text: str) -> set[str]:
    return {ch for ch in text if ch in CONTROLS}


@functools.cache
def base() -> tuple[str, Path]:
    """A demo export, and a data folder that already holds the first two of its check-ins."""
    root = Path(tempfile.mkdtemp(prefix="checkin-fuzz-"))
    write_demo(root / "demo", 5, seed=11, end=END)
    repo = Repository(root / "demo", FakeClock(END)).open()
    from checkin.core import export

    text = export.export_json(repo)
    repo.close()
    data = json.loads(text)
    data["checkins"] = data["checkins"][:2]
    (root / "first.json").write_text(json.dumps(data))
    assert cli.main(["import", str(root / "first.json"), "--data-dir", str(root / "seed")]) == 0
    return text, root / "seed"


ALPHABET = [*"ab \n\t\r\x1b[]0;2JmP\\\x07\x08\x00\x7f\x9b\x9d\x9c\x85\u202a\u202e\u2066\u2069\u2028", "\ud800"]
hostile_text = st.text(
    st.sampled_from(ALPHABET),
    max_size=24,
)
values = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0000-01-01", "2026-02-30", "c", "both",
            "", "start", "note", "rating", "completed", HUGE,
        ]
    ),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(hostile_text, st.integers(-5, 5) | hostile_text, max_size=2),
)  # fmt: skip


@st.composite
def mutated(draw: Any) -> str:
    """The export with one to three values replaced or removed, anywhere in the tree."""
    text, _ = base()
    data = json.loads(text)
    if draw(st.booleans()):  # a note, a topic or an agenda title: text shown on screen and printed
        record = draw(st.sampled_from(data["checkins"]))
        shown = [e for e in record["events"] if e["type"] in ("note", "topic")] + [record["agenda"]]
        target = draw(st.sampled_from(shown))
        target["text" if "text" in target else "title"] = "x" + draw(hostile_text)
    for _ in range(draw(st.integers(0, 2))):
        node: Any = data
        # An earlier mutation may have replaced or removed what is picked from here (the list of
        # check-ins, a check-in, an event): descend only into objects that are still there.
        records = data.get("checkins") if isinstance(data.get("checkins"), list) else []
        records = [r for r in records if isinstance(r, dict)]
        if records and draw(st.integers(0, 3)):  # mostly inside a check-in, where most fields are
            node = draw(st.sampled_from(records))
            events = node.get("events") if isinstance(node.get("events"), list) else []
            events = [e for e in events if isinstance(e, dict)]
            if events and draw(st.booleans()):
                node = draw(st.sampled_from(events))
        for _depth in range(draw(st.integers(1, 7))):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = node[key]
            if not isinstance(child, dict | list) or not child or draw(st.integers(0, 3)) == 0:
                if isinstance(node, dict) and draw(st.integers(0, 4)) == 0:
                    del node[key]
                else:
                    node[key] = draw(values)
                break
            node = child
    return json.dumps(data, allow_nan=True).replace(json.dumps(HUGE), "9" * 5000)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys: Any, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert not controls_in(out + err), (argv, controls_in(out + err))
    return code, out + err


async def start_app(folder: Path) -> None:
    from checkin.app import CheckinApp

    repo = Repository(folder, FakeClock(END)).open()
    try:
        app = CheckinApp(repo, FakeClock(END))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.screen is not None
        assert app.return_code in (None, 0)
    finally:
        repo.close()


@settings(
    max_examples=int(os.environ.get("CHECKIN_FUZZ_EXAMPLES", "12")),  # kept small: a run stays under 30 s
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(text=mutated())
def test_any_import_is_refused_untouched_or_leaves_everything_working(capsys, text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(base()[1], folder)
        source = Path(tmp) / "in.json"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = files(folder)
        code, said = run(capsys, "import", str(source), "--data-dir", str(folder))
        log = folder / "crash.log"
        assert code in (0, 2), said + (log.read_text() if log.exists() else "")  # 1: "an unexpected problem"
        assert not (folder / "crash.log").exists()
        event("refused" if code else "accepted")
        if code != 0:
            assert "nothing was changed" in said
            assert files(folder) == before
            return
        d = ["--data-dir", str(folder)]
        for argv in (["history"], ["history", "--json"], ["export"], ["export", "--format", "markdown"], ["doctor"]):
            got, said = run(capsys, *argv, *d)
            assert got == 0, (argv, said)
            if argv == ["doctor"]:
                assert "damaged" not in said
        code, exported = run(capsys, "export", *d)
        stored = json.loads(exported)
        texts: list[str] = []
        stack: list[Any] = [stored]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                texts.append(node)
            elif isinstance(node, dict):
                texts.extend(node)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        assert not controls_in("".join(texts).replace("\n", "").replace("\t", ""))  # the data itself is clean
        asyncio.run(start_app(folder))
        assert not (folder / "crash.log").exists()
