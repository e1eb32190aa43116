"""Private notes lock again whatever screen is on top (issue 12): ten quiet minutes under help or
settings opened from the palette still lock them and close every solo screen, without a crash."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from checkin.screens.help import HelpScreen
from checkin.screens.home import HomeScreen
from checkin.screens.private_note import PrivateNoteScreen
from checkin.screens.settings import SettingsScreen
from checkin.screens.solo_space import SoloScreen
from checkin.screens.talk import TalkScreen
from checkin.store.private import PrivateJournal
from tests.kdf import FAST

from .test_private_note import SECRET, entries, open_dialog, start_talk, wait_for
from .test_solo import set_passphrase


async def test_ten_quiet_minutes_under_settings_lock_and_close_every_solo_screen(make_app, ui_clock):
    app = make_app()
    app.vault_params = FAST
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o", "1")
        await pilot.pause()
        await set_passphrase(app, pilot)
        journal = app.screen.space.journal
        app.open_settings()  # what the palette's "Settings" does, from any screen
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        ui_clock.advance(10 * 60 + 1)
        await wait_for(pilot, lambda: not journal.unlocked)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not any(isinstance(s, SoloScreen) for s in app.screen_stack)


async def test_ten_quiet_minutes_under_help_close_the_private_note_without_a_crash(make_app, tmp_path, ui_clock):
    folder = tmp_path / "data"
    PrivateJournal(folder, "a", FAST).set_up(SECRET)
    app = make_app()
    app.vault_params = FAST
    async with app.run_test(size=(100, 40)) as pilot:
        talk = await start_talk(app, pilot)
        dialog = await open_dialog(app, pilot, talk)
        await pilot.press("1")
        dialog.query_one("#pn-passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.step == "write")
        await pilot.press(*"kept sealed")
        app.action_help()  # the palette's "Help" (ctrl+p works over a dialog)
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        ui_clock.advance(10 * 60 + 1)
        await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen))
        assert not dialog.journal.unlocked
        assert not any(isinstance(s, PrivateNoteScreen) for s in app.screen_stack)
    assert [e["text"] for e in entries(folder, "a")] == ["kept sealed"]


async def test_the_dream_reflection_names_the_topics_that_keep_coming_back(make_app, tmp_path):
    """"The dream behind my position" is for a topic that keeps coming back in history."""
    from checkin.screens.solo_reflection import SoloReflectionScreen
    from checkin.store.demo import write_demo

    folder = tmp_path / "demo"
    write_demo(folder, 26, seed=7)
    app = make_app(couple=None, folder=folder)
    app.vault_params = FAST
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o", "1")
        await pilot.pause()
        await set_passphrase(app, pilot)
        app.screen.query_one("#solo-the-dream").press()
        await wait_for(pilot, lambda: isinstance(app.screen, SoloReflectionScreen) and app.screen.is_mounted)
        prompt = str(app.screen.query_one("#solo-prompt").render())
        assert "From your check-ins together: time with friends, 6 times" in prompt
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "From your check-ins" not in str(app.screen.query_one("#solo-prompt").render())


async def test_what_i_wrote_shows_my_reflections_and_my_private_notes_from_the_talk(make_app, tmp_path, ui_clock):
    from textual.widgets import TextArea

    from checkin.core.solo import private_note_entry
    from checkin.screens.solo_menu import SoloMenuScreen
    from checkin.screens.solo_notes import SoloNotesScreen
    from checkin.screens.solo_reflection import SoloReflectionScreen

    folder = tmp_path / "data"
    journal = PrivateJournal(folder, "b", FAST)
    journal.set_up(SECRET)
    journal.put(private_note_entry("pn1", "b", "said in the talk, only mine", "2026-11-20T19:30:00+00:00",
                                   "c1", draft=False))
    journal.lock()
    other = PrivateJournal(folder, "a", FAST)
    other.set_up(SECRET)
    other.put(private_note_entry("pn1", "a", "Ana's own note", "2026-11-20T19:30:00+00:00", "c1", draft=False))
    other.lock()
    app = make_app()
    app.vault_params = FAST
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o", "2")
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloMenuScreen))
        await pilot.press("5")  # What I appreciate
        await wait_for(pilot, lambda: isinstance(app.screen, SoloReflectionScreen) and app.screen.is_mounted)
        app.screen.query_one("#solo-text", TextArea).load_text("you made tea")
        await pilot.press("ctrl+s", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloMenuScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloNotesScreen))
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "What I appreciate" in text and "you made tea" in text and "unfinished" in text
        assert "said in the talk, only mine" in text
        assert "Ana's own note" not in text  # the other partner's journal stays shut
        assert text.index("What I appreciate") < text.index("said in the talk")  # newest first
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloMenuScreen))



@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_what_i_wrote(snap_compare, make_app, tmp_path, size):
    from checkin.core.solo import private_note_entry

    journal = PrivateJournal(tmp_path / "data", "a", FAST)
    journal.set_up(SECRET)
    journal.put(private_note_entry("pn1", "a", "I want to ask about Sundays, gently.", "2026-11-20T19:30:00+00:00",
                                   "c1", draft=False))
    journal.put(private_note_entry("pn2", "a", "Half a thought", "2026-11-24T19:30:00+00:00", "c2", draft=True))
    app = make_app()
    app.vault_params = FAST

    async def setup(pilot):
        await pilot.press("o", "1")
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SoloMenuScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SoloNotesScreen")

    assert snap_compare(app, terminal_size=size, run_before=setup)


async def test_a_new_passphrase_opens_the_notes_and_a_wrong_current_one_changes_nothing(make_app, tmp_path):
    from checkin.screens.solo_menu import SoloMenuScreen
    from checkin.screens.solo_passphrase import ChangePassphraseScreen

    folder = tmp_path / "data"
    journal = PrivateJournal(folder, "a", FAST)
    code = journal.set_up(SECRET)
    journal.put({"id": "e1", "kind": "note", "text": "kept"})
    journal.lock()
    app = make_app()
    app.vault_params = FAST
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "1")
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloMenuScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangePassphraseScreen))
        before = (folder / "private" / "a.bin").read_bytes()
        screen = app.screen
        screen.query_one("#current", Input).value = "not the one at all"
        screen.query_one("#new-1", Input).value = "a fresh long passphrase"
        screen.query_one("#new-2", Input).value = "a fresh long passphrase"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.busy)
        assert "does not open" in str(screen.query_one("#problem").render())
        assert (folder / "private" / "a.bin").read_bytes() == before
        screen.query_one("#current", Input).value = SECRET
        await pilot.click("#change")
        await wait_for(pilot, lambda: isinstance(app.screen, SoloMenuScreen))
    for opening in (lambda j: j.unlock("a fresh long passphrase"), lambda j: j.unlock_with_recovery(
            code, "yet another passphrase")):
        again = PrivateJournal(folder, "a", FAST)
        opening(again)
        assert [e["text"] for e in again.entries()] == ["kept"]
    old = PrivateJournal(folder, "a", FAST)
    with pytest.raises(Exception, match="does not open"):
        old.unlock(SECRET)
