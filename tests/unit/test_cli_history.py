"""`checkin history`, `export` and `import`, parsed the way checkin.cli parses them."""

from __future__ import annotations

import argparse
import json
import os
import stat
import time
from pathlib import Path

import arrow
import pytest

from checkin import cli_history
from checkin.cli_support import CliError
from checkin.store.demo import write_demo

os.environ["TZ"] = "UTC"
time.tzset()

END = arrow.get("2026-11-26T12:00:00+00:00")


def parse(argv: list[str]) -> argparse.Namespace:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR")
    parser = argparse.ArgumentParser(prog="checkin", parents=[common])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("doctor", parents=[common])
    cli_history.add_commands(sub, common)
    return parser.parse_args(argv)


def run(*argv: str) -> int | None:
    return cli_history.run(parse(list(argv)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "demo"
    write_demo(folder, 10, seed=7, end=END)
    return folder


def test_other_commands_are_not_ours():
    assert run("doctor") is None


@pytest.mark.parametrize("width", [80, 120])
def test_history_prints_a_table(demo, capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    assert run("history", "--data-dir", str(demo)) == 0
    out = capsys.readouterr().out
    assert "Check-ins of Lena & Tomás" in out
    assert "Weekly" in out and "Completed" in out and "Sun 22 Nov 2026" in out
    assert max(len(line) for line in out.splitlines()) <= width
    assert (" ago" in out) == (width >= 110)


@pytest.mark.parametrize("width", [80, 120])
def test_history_ratings_are_two_labelled_numbers_not_a_fraction(demo, capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    run("history", "--data-dir", str(demo), "--json")
    rows = json.loads(capsys.readouterr().out)
    assert run("history", "--data-dir", str(demo)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not any("/" in line for line in lines[3:])  # no "8/9" anywhere in the table
    assert sum("mood conn" in line for line in lines) == 1 and lines[-1].count("mood and connection") == 1
    rated = next(r for r in rows if r["ratings_after"].get("a") and r["ratings_after"].get("b"))
    a, b = rated["ratings_after"]["a"], rated["ratings_after"]["b"]
    numbers = [a["mood"], a["connection"], b["mood"], b["connection"]]
    body = [line for line in lines if rated["date"] in line]
    assert body and [int(t) for t in body[0].split()[-5:-1]] == numbers
    items = body[0].split()[-1]
    assert items == (str(rated["action_items"]) if rated["action_items"] else "-")  # last column not cut


def test_history_json_is_newest_first(demo, capsys):
    assert run("history", "--json", "--data-dir", str(demo)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and rows[0]["started_at"] > rows[-1]["started_at"]
    assert {"id", "date", "ago", "agenda", "minutes", "ended", "ratings_after", "action_items"} <= set(rows[0])


def test_no_data_yet_is_one_clear_line(tmp_path):
    with pytest.raises(CliError, match="no checkin data in"):
        run("history", "--data-dir", str(tmp_path / "nothing"))


def test_export_to_a_private_file_and_import_it_elsewhere(demo, tmp_path, capsys):
    out = tmp_path / "all.json"
    assert run("export", "--data-dir", str(demo), "-o", str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Exported to" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    count = len(json.loads(out.read_text())["checkins"])
    assert f"Added {count} check-ins" in capsys.readouterr().err
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    assert f"Added 0 check-ins ({count} were already here)" in capsys.readouterr().err
    again = tmp_path / "again.json"
    run("export", "--data-dir", str(fresh), "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_markdown_export_since_a_day(demo, capsys):
    assert run("export", "--format", "markdown", "--since", "2026-11-01", "--data-dir", str(demo)) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Check-ins of Lena & Tomás")
    assert "Oct 2026" not in text.split("\n", 3)[2]  # the range line starts in November


def test_a_bad_since_is_one_clear_line(demo):
    with pytest.raises(CliError, match="is not a date"):
        run("export", "--since", "someday", "--data-dir", str(demo))


def test_import_of_a_broken_file_changes_nothing(demo, tmp_path, capsys):
    run("export", "--data-dir", str(demo), "-o", str(tmp_path / "all.json"))
    data = json.loads((tmp_path / "all.json").read_text())
    data["checkins"][1]["status"] = "unknown"
    data["checkins"][2]["events"][0].pop("type")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh = tmp_path / "fresh"
    with pytest.raises(CliError, match="2 problems .above.; nothing was changed"):
        run("import", str(bad), "--data-dir", str(fresh))
    err = capsys.readouterr().err
    assert "checkins[1]" in err and ".status" in err and "checkins[2]" in err and "events[0].type" in err
    assert (
        not (fresh / "index.json").exists() or json.loads((fresh / "index.json").read_text()).get("summaries", {}) == {}
    )


def test_import_of_a_missing_or_non_json_file(tmp_path):
    with pytest.raises(CliError, match="was not found"):
        run("import", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path / "d"))
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    with pytest.raises(CliError, match="not valid JSON: .* \\(line 1, column 2\\); nothing was changed"):
        run("import", str(junk), "--data-dir", str(tmp_path / "d"))
