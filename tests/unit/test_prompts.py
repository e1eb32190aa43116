"""The prompt library: shipped cards load, count by category, couples' files merge, bad ones are named."""

from __future__ import annotations

import os

import pytest

from checkin.core.prompts import (
    CATEGORY_ORDER,
    DEPTHS,
    MAX_TEXT,
    PromptFileError,
    load_library,
    parse_prompt_file,
    prompt_id,
)

# What the issue asks for, by category (repair phrases come in six families).
EXPECTED = {
    "appreciation", "love-map", "gentle-start", "repair", "feelings", "needs", "dream",
    "reconnect", "good-times",
}  # fmt: skip
REPAIR_FAMILIES = {"I feel", "Sorry", "Getting to yes", "I need to calm down", "Stop", "I appreciate"}


def test_shipped_library_loads_cleanly_with_at_least_300_prompts():
    library, problems = load_library()
    assert problems == []
    assert len(library) >= 300
    counts = library.counts()
    assert set(counts) == EXPECTED
    assert list(counts) == [c for c in CATEGORY_ORDER if c in EXPECTED]
    assert sum(counts.values()) == len(library)
    assert all(n >= 20 for n in counts.values()), counts


def test_every_shipped_prompt_has_a_category_a_depth_and_clean_text():
    library, _ = load_library()
    for prompt in library.prompts.values():
        assert prompt.category in library.categories
        assert prompt.depth in DEPTHS
        assert prompt.text == prompt.text.strip() and 0 < len(prompt.text) <= MAX_TEXT
        assert prompt.id == prompt_id(prompt.category, prompt.text)
        assert not prompt.custom
    for category in library.categories.values():
        assert category.title and category.source  # the idea's source is named
        depths = {p.depth for p in library.in_category(category.id)}
        assert depths == set(DEPTHS), category.id


def test_repair_phrases_cover_the_six_families():
    library, _ = load_library()
    families = {p.family for p in library.in_category("repair")}
    assert families == REPAIR_FAMILIES


def test_ids_are_stable_and_ignore_case_and_spacing():
    assert prompt_id("love-map", "What now?") == prompt_id("love-map", "  what   NOW? ")
    assert prompt_id("love-map", "What now?") != prompt_id("reconnect", "What now?")


def test_a_couples_file_adds_to_a_shipped_category_and_makes_new_ones(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "ours.toml").write_text(
        'category = "love-map"\n[[group]]\ndepth = "deeper"\n'
        'prompts = ["Where shall we live at seventy?", "What are you looking forward to this month?"]\n',
        "utf-8",
    )
    (folder / "jokes.toml").write_text(
        'category = "our-jokes"\ntitle = "Our jokes"\n[[group]]\nprompts = ["The one about the duck"]\n', "utf-8"
    )
    shipped, _ = load_library()
    library, problems = load_library(folder)
    assert problems == []
    counts = library.counts()
    # one new love-map question; the one already shipped is not a second card
    assert counts["love-map"] == shipped.counts()["love-map"] + 1
    assert counts["our-jokes"] == 1
    assert list(counts)[-1] == "our-jokes"  # after the shipped categories
    ours = [p for p in library.in_category("love-map") if p.custom]
    assert [p.text for p in ours] == ["Where shall we live at seventy?"]
    assert ours[0].depth == "deeper"
    assert library.categories["love-map"].title == shipped.categories["love-map"].title
    assert library.categories["our-jokes"].custom


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("category = \n", "not valid TOML"),
        ('category = "Love Map"\ntitle = "x"\n[[group]]\nprompts = ["a"]\n', "category must be"),
        ('category = "new-one"\n[[group]]\nprompts = ["a"]\n', "title is missing"),
        ('category = "love-map"\n', "no prompts"),
        ('category = "love-map"\n[[group]]\ndepth = "deep"\nprompts = ["a"]\n', "depth must be"),
        ('category = "love-map"\n[[group]]\nprompts = ["a", 3]\n', "group 1, prompt 2: must be text"),
        ('category = "love-map"\n[[group]]\nprompts = ["  "]\n', "prompt 1: is empty"),
        ('category = "love-map"\ncolour = "red"\n[[group]]\nprompts = ["a"]\n', "unknown field 'colour'"),
        ('category = "love-map"\n[[group]]\nprompts = ["' + "x" * (MAX_TEXT + 1) + '"]\n', "longer than"),
    ],
)
def test_a_broken_file_is_named_and_the_rest_still_loads(tmp_path, text, reason):
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "broken.toml").write_text(text, "utf-8")
    (folder / "fine.toml").write_text('category = "love-map"\n[[group]]\nprompts = ["A fine new one?"]\n', "utf-8")
    library, problems = load_library(folder)
    assert len(problems) == 1
    assert problems[0].startswith("prompts/broken.toml")
    assert reason in problems[0]
    assert any(p.text == "A fine new one?" for p in library.in_category("love-map"))
    assert len(library) >= 300  # the shipped cards are all still there


def test_unreadable_and_not_utf8_files_are_named(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "latin.toml").write_bytes(b'category = "love-map"\n[[group]]\nprompts = ["caf\xe9"]\n')
    locked = folder / "locked.toml"
    locked.write_text('category = "love-map"\n[[group]]\nprompts = ["x"]\n', "utf-8")
    locked.chmod(0)
    try:
        _, problems = load_library(folder)
    finally:
        locked.chmod(0o600)
    assert any(p.startswith("prompts/latin.toml: is not UTF-8") for p in problems)
    if os.geteuid() != 0:  # root reads anything
        assert any(p.startswith("prompts/locked.toml: cannot be read") for p in problems)


def test_escape_sequences_in_a_couples_file_never_reach_the_screen():
    category, prompts = parse_prompt_file(
        {"category": "x", "title": "T\x1b[2J", "group": [{"prompts": ["Hi\x1b]0;owned\x07 there\u202e"]}]},
        "prompts/x.toml",
        custom=True,
    )
    assert category.title == "T"
    assert prompts[0].text == "Hi there"


def test_parse_refuses_a_file_that_is_not_a_table():
    with pytest.raises(PromptFileError, match="must be a table"):
        parse_prompt_file([], "prompts/x.toml")
