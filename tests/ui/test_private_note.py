"""A private note during a couple check-in (issue 12): who is writing, their passphrase, the note
sealed in their own journal, locked again; nothing of it anywhere else under the data folder."""

from __future__ import annotations

import json
import os
import signal

import pytest
from textual.widgets import Input, TextArea

from checkin.core.solo import PRIVATE_NOTE_KIND
from checkin.screens.confirm import ConfirmScreen
from checkin.screens.private_note import PrivateNoteScreen
from checkin.screens.talk import TalkScreen
from checkin.store.private import PrivateJournal
from tests.kdf import FAST

SECRET = "slow morning tea"
MARKER = "heron-7731"


def all_bytes(folder) -> bytes:
    out = b""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as fh:
                out += fh.read()
    return out


def fast(app):
    app.vault_params = FAST
    return app


async def wait_for(pilot, condition, tries: int = 150) -> None:
    """Bounded wait for what a worker (the key derivation) produces."""
    for _ in range(tries):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def start_talk(app, pilot) -> TalkScreen:
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen) and app.screen.is_mounted)
    return app.screen


async def open_dialog(app, pilot, talk: TalkScreen, how: str = "key") -> PrivateNoteScreen:
    """From the talk, as a person does: its key (shown in the footer) or its button."""
    assert app.screen is talk
    if how == "key":
        await pilot.press("f2")
    else:
        await pilot.click("#b-private")
    await wait_for(pilot, lambda: isinstance(app.screen, PrivateNoteScreen) and app.screen.is_mounted)
    return app.screen


def entries(folder, partner: str, passphrase: str = SECRET) -> list[dict]:
    journal = PrivateJournal(folder, partner, FAST)
    journal.unlock(passphrase)
    return [e for e in journal.entries() if e.get("kind") == PRIVATE_NOTE_KIND]


async def write(pilot, text: str) -> None:
    pilot.app.screen.query_one("#pn-text", TextArea).load_text(text)
    await pilot.pause()


async def test_first_use_sets_a_passphrase_with_the_warning_and_code_then_seals_the_note(make_app, tmp_path):
    folder = tmp_path / "data"
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        assert "Private note" in [b.binding.description for b in talk.active_bindings.values() if b.binding.show]
        dialog = await open_dialog(app, pilot, talk, how="button")
        assert dialog.step == "who"
        await pilot.press("2")  # Bo
        await pilot.pause()
        assert dialog.step == "set"
        lead = str(dialog.query_one("#pn-lead").render())
        assert "Bo" in lead and "nobody, not even checkin" in lead
        dialog.query_one("#pn-pass-1", Input).value = "short"
        dialog.query_one("#pn-pass-2", Input).value = "short"
        await pilot.click("#pn-set")
        await pilot.pause()
        assert "at least 8" in str(dialog.query_one("#pn-problem").render())
        dialog.query_one("#pn-pass-1", Input).value = SECRET
        dialog.query_one("#pn-pass-2", Input).value = SECRET
        dialog.query_one("#pn-pass-2", Input).focus()
        await pilot.press("enter")  # a second click within the button's 0.2 s press effect would not count
        await wait_for(pilot, lambda: dialog.step == "code")
        code = str(dialog.query_one("#pn-code").render())
        assert len(code.replace("-", "")) == 32
        await pilot.click("#pn-code-done")
        await pilot.pause()
        assert dialog.step == "write"
        await write(pilot, f"I felt unheard about the {MARKER} thing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)
        assert code.encode() not in all_bytes(folder)
        assert MARKER.encode() not in all_bytes(folder)
    (note,) = entries(folder, "b")
    assert note["text"] == f"I felt unheard about the {MARKER} thing" and note["draft"] is False
    assert note["author"] == "b" and note["checkin"] == talk.session.record["id"]
    assert not (folder / "private" / "a.bin").exists()


async def test_the_note_is_nowhere_but_in_the_journal_and_the_talk_goes_on(make_app, tmp_path, ui_clock):
    folder = tmp_path / "data"
    PrivateJournal(folder, "a", FAST).set_up(SECRET)
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        used = talk.session.state.meeting_used
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("1")
        await pilot.pause()
        assert dialog.step == "unlock"
        dialog.query_one("#pn-passphrase", Input).value = "not it at all"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not dialog.busy)
        assert "does not open" in str(dialog.query_one("#pn-problem").render())
        assert dialog.step == "unlock"
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        assert "keeps running" in str(dialog.query_one("#pn-talk").render())
        await pilot.press(*f"only mine {MARKER}")
        ui_clock.advance(40)
        await pilot.pause(1.2)  # the dialog's second: its draft is sealed, the talk ticks under it
        assert not talk.session.state.paused
        assert talk.session.state.meeting_used >= used + 40  # not a pause: the talk's time went on
        journal = dialog.journal
        await pilot.click("#pn-save")
        await pilot.pause()
        assert not journal.unlocked  # locked again: the other partner is right there
        assert isinstance(app.screen, TalkScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        history = json.dumps(app.repo.all_checkins())
        assert MARKER not in history
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "summary" in type(app.screen).__name__.lower() and MARKER not in shown
        from checkin.core.export import export_json, export_markdown

        assert MARKER not in export_markdown(app.repo) and MARKER not in export_json(app.repo)
    assert MARKER.encode() not in all_bytes(folder)
    assert [e["text"] for e in entries(folder, "a")] == [f"only mine {MARKER}"]


async def test_escape_asks_before_dropping_typed_text(make_app, tmp_path):
    folder = tmp_path / "data"
    PrivateJournal(folder, "b", FAST).set_up(SECRET)
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("2")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep writing
        await pilot.pause()
        assert app.screen is dialog and dialog.text == "half a thought"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # drop it
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)
        assert not dialog.journal.unlocked
    assert entries(folder, "b") == []  # the sealed draft went too


async def test_escape_before_writing_closes_at_once(make_app):
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        await open_dialog(app, pilot, talk)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)


async def test_a_draft_left_by_a_closed_app_comes_back_and_is_never_in_a_rescue_file(make_app, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    PrivateJournal(folder, "a", FAST).set_up(SECRET)
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("1")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        await write(pilot, f"not finished {MARKER}")
        journal = dialog.journal
        app._rescue("a test")  # what the app keeps when the data folder cannot be written
        app._on_signal(signal.SIGTERM)  # leaving seals the draft and locks
        await pilot.pause()
    assert not journal.unlocked
    assert MARKER.encode() not in all_bytes(folder)
    assert MARKER.encode() not in all_bytes(tmp_path / "state")
    (draft,) = entries(folder, "a")
    assert draft["draft"] is True and draft["text"] == f"not finished {MARKER}"

    again = fast(make_app())
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(again.screen, TalkScreen) and again.screen.is_mounted)
        dialog = await open_dialog(again, pilot, again.screen)
        await pilot.press("1")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        assert dialog.text == f"not finished {MARKER}"
        assert "not saved last time" in str(dialog.query_one("#pn-problem").render())
        await pilot.press(*" now done", "ctrl+s")
        await pilot.pause()
    (note,) = entries(folder, "a")
    assert note["draft"] is False and note["text"] == f"not finished {MARKER} now done"


async def test_ten_quiet_minutes_lock_the_dialog(make_app, tmp_path, ui_clock):
    folder = tmp_path / "data"
    PrivateJournal(folder, "a", FAST).set_up(SECRET)
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("1")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        await pilot.press(*"a thought")
        ui_clock.advance(10 * 60 + 1)
        await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen))
        assert not dialog.journal.unlocked
    assert [e["text"] for e in entries(folder, "a")] == ["a thought"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_private_note(snap_compare, make_app, size, tmp_path):
    app = fast(make_app())
    PrivateJournal(tmp_path / "data", "b", FAST).set_up(SECRET)

    async def setup(pilot):
        await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, app.screen)
        await pilot.press("2")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        await write(pilot, "I want to say this gently on Sunday")
        dialog.query_one("#pn-text", TextArea).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


async def test_a_rescue_file_never_holds_a_passphrase_or_solo_text(make_app, tmp_path):
    """What the app keeps when it cannot save on exit (``_unsaved``) skips private screens."""
    from checkin.leaving import _unsaved
    from checkin.screens.solo_reflection import SoloReflectionScreen

    app = fast(make_app())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o", "1")
        await pilot.pause()
        app.screen.query_one("#pass-1", Input).value = SECRET
        assert SECRET not in json.dumps(_unsaved(app.screen_stack))  # a passphrase being typed
        app.screen.query_one("#pass-2", Input).value = SECRET
        await pilot.click("#set")
        await wait_for(pilot, lambda: hasattr(app.screen, "code"))
        await pilot.click("#done")
        await pilot.pause()
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloReflectionScreen) and app.screen.is_mounted)
        app.screen.query_one("#solo-text", TextArea).load_text(f"solo {MARKER}")
        await pilot.pause()
        assert MARKER not in json.dumps(_unsaved(app.screen_stack))


async def test_the_first_letter_of_a_name_picks_and_a_damaged_journal_is_named(make_app, tmp_path):
    folder = tmp_path / "data"
    PrivateJournal(folder, "b", FAST).set_up(SECRET)
    path = folder / "private" / "b.bin"
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0x55
    path.write_bytes(bytes(raw))
    app = fast(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        talk = await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("B")  # Bo
        await pilot.pause()
        assert dialog.step == "unlock" and dialog.author == "b"
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: not dialog.busy)
        problem = str(dialog.query_one("#pn-problem").render())
        assert "damaged" in problem and "b.bin" in problem and dialog.step == "unlock"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)  # the talk goes on
    assert path.read_bytes() == bytes(raw)
