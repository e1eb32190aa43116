"""Agenda templates: the shipped ones, user ones, and how broken ones are reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkin.core.agenda import Agenda, AgendaError, load_agendas, parse_agenda

GOOD = """
id = "{id}"
title = "{title}"

[[blocks]]
kind = "together"
title = "Talk"
minutes = 10
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def by_id(agendas: list[Agenda]) -> dict[str, Agenda]:
    return {a.id: a for a in agendas}


def test_shipped_agendas_load_without_problems() -> None:
    agendas, problems = load_agendas()
    assert problems == []
    ids = [a.id for a in agendas]
    assert ids[0] == "weekly"
    assert {"weekly", "short", "state-of-the-union", "radar", "deep-listening"} <= set(ids)
    for agenda in agendas:
        assert agenda.blocks and agenda.title and agenda.description
        for block in agenda.blocks:
            assert block.prompt, f"{agenda.id}/{block.id} needs a warm prompt"


def test_weekly_matches_the_suggested_default() -> None:
    weekly = by_id(load_agendas()[0])["weekly"]
    plan = [(b.kind, b.minutes) for b in weekly.blocks]
    assert plan == [
        ("rating", 2),
        ("turns", 8),
        ("together", 5),
        ("review", 7),
        ("activity", 8),
        ("floor", 20),
        ("actions", 3),
        ("turns", 5),
        ("rating", 1),
    ]
    assert 55 <= weekly.minutes <= 65
    floor = weekly.blocks[5]
    assert (floor.turn_minutes, floor.paraphrase_minutes) == (3, 1)
    assert [b.stage for b in weekly.blocks if b.kind == "rating"] == ["before", "after"]


def test_short_deep_listening_and_others() -> None:
    agendas = by_id(load_agendas()[0])
    short = agendas["short"]
    core = [(b.title, b.minutes) for b in short.blocks if b.kind != "rating"]
    assert core == [
        ("Appreciation", 5),
        ("Chores", 5),
        ("Good times", 5),
        ("One issue", 12),
        ("Reconnect", 3),
    ]
    assert 29 <= short.minutes <= 32
    deep = agendas["deep-listening"]
    listening = next(b for b in deep.blocks if b.kind == "turns")
    assert (listening.rounds, listening.turn_minutes, listening.listener_silent) == (3, 15, True)
    assert listening.minutes == 90
    assert any(b.kind == "floor" for b in agendas["state-of-the-union"].blocks)
    assert [b.kind for b in agendas["radar"].blocks].count("actions") == 1


def test_to_dict_round_trips_through_json() -> None:
    for agenda in load_agendas()[0]:
        data = json.loads(json.dumps(agenda.to_dict()))
        assert Agenda.from_dict(data) == agenda


def test_turns_default_turn_length_splits_the_block() -> None:
    agenda = parse_agenda(
        {"id": "x", "title": "X", "blocks": [{"kind": "turns", "title": "T", "minutes": 8, "rounds": 2}]},
        "x.toml",
    )
    assert agenda.blocks[0].turn_minutes == 2
    assert agenda.blocks[0].id == "t"


def test_user_template_is_added_and_overrides_a_shipped_one(tmp_path: Path) -> None:
    folder = tmp_path / "agendas"
    write(folder, "mine.toml", GOOD.format(id="mine", title="Ours"))
    write(folder, "weekly.toml", GOOD.format(id="weekly", title="Our weekly"))
    agendas, problems = load_agendas(folder)
    assert problems == []
    found = by_id(agendas)
    assert found["mine"].title == "Ours"
    assert found["weekly"].title == "Our weekly"
    assert agendas[0].id == "weekly"
    assert [a.id for a in agendas].count("weekly") == 1


def test_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "agendas"
    text = 'title = "Sunday"\n[[blocks]]\nkind = "together"\ntitle = "T"\nminutes = 5\n'
    write(folder, "Sunday Talk.toml", text)
    agendas, problems = load_agendas(folder)
    assert problems == []
    assert by_id(agendas)["sunday-talk"].title == "Sunday"


def test_missing_folder_is_fine(tmp_path: Path) -> None:
    agendas, problems = load_agendas(tmp_path / "nope")
    assert problems == [] and agendas


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title = "X"\n[[blocks]]\nkind = "turns"\ntitle = "Appreciations"\nminutes = 0\n',
            "agendas/bad.toml, block 1 'Appreciations': minutes must be a positive number",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "together"\ntitle = "A"\nminutes = 2\n'
            '[[blocks]]\nkind = "together"\ntitle = "B"\nminutes = 2\n'
            '[[blocks]]\nkind = "turns"\ntitle = "Appreciations"\nminutes = "eight"\n',
            "agendas/bad.toml, block 3 'Appreciations': minutes must be a positive number",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "chat"\ntitle = "Hi"\nminutes = 2\n',
            "agendas/bad.toml, block 1 'Hi': kind must be one of",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "together"\ntitle = "Hi"\nminuts = 2\n',
            "agendas/bad.toml, block 1 'Hi': unknown field 'minuts'",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "together"\ntitle = "Hi"\n',
            "agendas/bad.toml, block 1 'Hi': minutes is missing",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "together"\nminutes = 3\n',
            "agendas/bad.toml, block 1: title is missing",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "turns"\ntitle = "T"\nminutes = 3\nrounds = 0\n',
            "agendas/bad.toml, block 1 'T': rounds must be a whole number",
        ),
        (
            'title = "X"\n[[blocks]]\nkind = "rating"\ntitle = "R"\nminutes = 1\nstage = "middle"\n',
            "agendas/bad.toml, block 1 'R': stage must be",
        ),
        ('title = "X"\n', "agendas/bad.toml: no blocks; an agenda needs at least one block"),
        ('title = "X"\nblocks = []\n', "agendas/bad.toml: no blocks"),
        ("title = \n", "agendas/bad.toml: not valid TOML"),
        ('[[blocks]]\nkind = "together"\ntitle = "T"\nminutes = 3\n', "agendas/bad.toml: title is missing"),
    ],
)
def test_broken_template_is_reported_and_skipped(tmp_path: Path, text: str, expected: str) -> None:
    folder = tmp_path / "agendas"
    write(folder, "bad.toml", text)
    write(folder, "good.toml", GOOD.format(id="good", title="Good"))
    agendas, problems = load_agendas(folder)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]
    assert "\n" not in problems[0]
    ids = {a.id for a in agendas}
    assert "good" in ids and "bad" not in ids


def test_unreadable_bytes_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "agendas"
    folder.mkdir()
    (folder / "latin.toml").write_bytes(b'title = "\xe9"\n')
    _, problems = load_agendas(folder)
    assert len(problems) == 1 and problems[0].startswith("agendas/latin.toml: cannot be read")


def test_duplicate_block_ids_are_rejected() -> None:
    data = {
        "id": "x",
        "title": "X",
        "blocks": [
            {"kind": "together", "title": "Talk", "minutes": 1},
            {"kind": "together", "title": "Talk", "minutes": 1},
            {"kind": "together", "title": "Talk", "minutes": 1},
        ],
    }
    assert [b.id for b in parse_agenda(data, "x.toml").blocks] == ["talk", "talk-2", "talk-3"]
    data["blocks"][2]["id"] = "talk"
    with pytest.raises(AgendaError, match="block 3 'Talk': id 'talk' is used twice"):
        parse_agenda(data, "x.toml")


def test_empty_agenda_is_rejected_with_a_clear_reason() -> None:
    with pytest.raises(AgendaError, match="no blocks; an agenda needs at least one block"):
        Agenda.from_dict({"id": "x", "title": "X", "blocks": []})


def test_core_imports_no_textual() -> None:
    code = (
        "import sys\n"
        "import checkin.core.agenda, checkin.core.runner, checkin.core.events, checkin.core.summary\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_agenda_read_again_from_a_record_is_the_same_and_a_bad_one_is_refused_every_time():
    """Replays read the stored agenda again and again: the parsed one is kept, never a refusal."""
    agenda = load_agendas()[0][0]
    stored = json.loads(json.dumps(agenda.to_dict()))
    first = Agenda.from_dict(stored, "check-in agenda")
    assert first == agenda and Agenda.from_dict(json.loads(json.dumps(stored)), "check-in agenda") is first
    changed = dict(stored, title="Another title")
    assert Agenda.from_dict(changed, "check-in agenda").title == "Another title"
    broken = dict(stored, blocks=[{"kind": "dance", "title": "?", "minutes": 1}])
    for _ in range(2):
        with pytest.raises(AgendaError):
            Agenda.from_dict(broken, "check-in agenda")
    with pytest.raises(AgendaError):  # not JSON at all (a set): still a clear refusal
        Agenda.from_dict(dict(stored, blocks={1, 2}), "check-in agenda")
