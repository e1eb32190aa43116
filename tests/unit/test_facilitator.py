"""Facilitator mode's core: a neutral colour, ground rules, rules and prompts per block, heat-up."""

from __future__ import annotations

import pytest

from checkin.core.agenda import load_agendas
from checkin.core.facilitator import (
    COLOURS,
    HEAT_BREAKS,
    ROLE,
    Agreement,
    Facilitator,
    FacilitatorError,
    colours_close,
    friend_agenda,
    heat_advice,
    load_guide,
    make_facilitator,
    neutral_colour,
    state_heat,
)
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.themes import PARTNER_DEFAULTS

PARTNERS = tuple(PARTNER_DEFAULTS.values())


def test_no_neutral_colour_looks_like_a_partner_default():
    for _label, hex_colour in COLOURS.values():
        assert not any(colours_close(hex_colour, p) for p in PARTNERS)


def test_every_shipped_theme_leaves_a_neutral_colour_unlike_both_partners():
    from checkin.locations import shipped_themes_dir
    from checkin.themes import load_themes

    files, _ = load_themes(shipped_themes_dir())
    assert files
    for tf in files:
        partners = tuple(tf.theme.variables.get(k, v) for k, v in PARTNER_DEFAULTS.items())
        chosen = COLOURS[neutral_colour("slate", partners)][1]
        assert not any(colours_close(chosen, p) for p in partners), tf.theme.name


def test_a_colour_close_to_a_partner_is_swapped_for_a_neutral_one():
    assert neutral_colour("sage", PARTNERS) == "sage"
    # a theme whose partner colour is sage-like: the facilitator gets another neutral colour
    assert neutral_colour("sage", ("#9CAF89", "#7FB8D6")) != "sage"
    assert neutral_colour("purple", PARTNERS) in COLOURS


def test_make_facilitator_checks_the_name():
    f = make_facilitator("  Mira \x1b[31m ", "sand", partner_names=("Ana", "Bo"), partner_colours=PARTNERS)
    assert f == Facilitator("Mira", "sand")
    assert f.to_dict() == {"name": "Mira", "colour": "sand", "role": ROLE}
    assert Facilitator.from_dict(f.to_dict()) == f
    assert Facilitator.from_dict({"name": ""}) is None and Facilitator.from_dict("x") is None
    with pytest.raises(FacilitatorError, match="type the facilitator's name"):
        make_facilitator("   ")
    with pytest.raises(FacilitatorError, match="not one of yours"):
        make_facilitator("ana", partner_names=("Ana", "Bo"))
    with pytest.raises(FacilitatorError, match="longer than"):
        make_facilitator("M" * 41)


def test_the_guide_has_ground_rules_and_a_rule_for_every_block_kind_and_floor_phase():
    guide = load_guide()
    assert len(guide.ground_rules) >= 4
    text = " ".join(guide.ground_rules).lower()
    for idea in ("respect", "one person speaks at a time", "no verdicts", "stays here"):
        assert idea in text
    for kind in ("together", "turns", "rating", "review", "actions", "activity"):
        assert guide.rule(kind), kind
        assert guide.prompts_for(kind), kind
    for phase in ("speak", "paraphrase", "check", "solve"):
        assert guide.rule("floor", phase), phase
        assert guide.prompts_for("floor", phase), phase


def test_prompts_name_the_partners_in_their_roles():
    guide = load_guide()
    names = {"speaker": "Tomás", "listener": "Ana"}
    assert "Ana, what did you hear Tomás say?" in guide.prompts_for("floor", "paraphrase", names)
    assert "Tomás, is there more?" in guide.prompts_for("floor", "check", names)
    assert all("{" not in p for p in guide.prompts_for("floor", "paraphrase"))  # no name: neutral words


def test_heat_up_two_breaks_or_both_not_up_for_a_hard_topic():
    assert heat_advice(0, {}) is None
    assert heat_advice(HEAT_BREAKS - 1, {"a": False, "b": True}) is None
    assert heat_advice(1, {"a": False}) is None  # one answer is not both
    two = heat_advice(HEAT_BREAKS, {})
    assert two is not None and "2 breaks" in two.reason
    assert "professional" in two.professional.lower() or "counsellor" in two.professional.lower()
    both = heat_advice(0, {"a": False, "b": False})
    assert both is not None and "hard topic" in both.reason
    assert both.stop and both.title


def test_heat_up_from_a_running_check_in(clock):
    agenda = friend_agenda()
    runner = CheckinRunner(new_checkin(agenda, "a", clock), clock)
    assert state_heat(runner.state) is None
    runner.set_rating("a", 4, 5, hard_topic_ok=False)
    assert state_heat(runner.state) is None
    runner.set_rating("b", 5, 5, hard_topic_ok=False)
    assert state_heat(runner.state) is not None


def test_both_partners_agree_each_with_their_own_key():
    agreement = Agreement()
    assert agreement.agree("a") is False and not agreement.done
    assert agreement.agree("a") is False  # the same partner twice is still one
    assert agreement.agree("b") is True and agreement.done
    with pytest.raises(ValueError):
        agreement.agree("c")


def test_the_friend_agenda_is_offered_only_with_a_facilitator():
    agenda = friend_agenda()
    assert agenda.title == "With a friend present"
    assert [b.kind for b in agenda.blocks][0] == "rating"
    assert any(b.kind == "floor" for b in agenda.blocks)
    assert agenda.id not in {a.id for a in load_agendas()[0]}
