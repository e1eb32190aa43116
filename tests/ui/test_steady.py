"""Text updated in place: no layout of the screen when the new text needs the same room."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from checkin.widgets.steady import text_shape, update_in_place


class Two(App):
    CSS = """
    #fixed { width: 28; height: 5; }
    #auto { width: auto; height: auto; }
    #wide { width: 1fr; height: auto; }
    """

    def compose(self):
        yield Static("", id="fixed")
        yield Static("12:00 in", id="auto")
        yield Static("", id="wide")


def _spy(widget, monkeypatch) -> list[bool]:
    """The ``layout`` each update of ``widget`` asked for."""
    calls: list[bool] = []
    real = widget.update

    def spy(content="", *, layout=True):
        calls.append(layout)
        return real(content, layout=layout)

    monkeypatch.setattr(widget, "update", spy)
    return calls


def test_text_shape_counts_cells_without_markup():
    assert text_shape("[b]12:00[/b] in\nab") == (8, 2)
    assert text_shape("♥ 1") == (3,)


async def test_a_fixed_size_box_never_asks_for_a_layout(monkeypatch):
    app = Two()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one("#fixed", Static)
        calls = _spy(box, monkeypatch)
        update_in_place(box, "line one\nline two\nand a much longer third line", "x")
        await pilot.pause()
        assert calls == [False]
        assert "longer third" in str(box.render())


async def test_an_auto_box_is_laid_out_again_only_when_its_text_changes_shape(monkeypatch):
    app = Two()
    async with app.run_test(size=(60, 12)) as pilot:
        box = app.query_one("#auto", Static)
        calls = _spy(box, monkeypatch)
        update_in_place(box, "11:59 in", "12:00 in")  # same width: stays put
        await pilot.pause()
        update_in_place(box, "9:59 in", "11:59 in")  # narrower: the auto width follows
        await pilot.pause()
        update_in_place(box, "9:58 in\nsecond line", "9:59 in")  # taller
        await pilot.pause()
        assert calls == [False, True, True]
        assert box.size.height == 2 and str(box.render()).startswith("9:58 in")
        update_in_place(box, "first", None)  # nothing shown before: lay it out
        assert calls[-1] is True


async def test_a_wrapped_line_is_laid_out_again_only_when_it_wraps_into_more_or_fewer_lines(monkeypatch):
    # the meeting clock at 80 columns: wider than its box, so it wraps; each second it takes
    # two lines again, and the screen need not be laid out for that
    app = Two()
    async with app.run_test(size=(20, 12)) as pilot:
        box = app.query_one("#wide", Static)
        update_in_place(box, "b " * 15, None)
        await pilot.pause()
        assert box.size.height == 2
        calls = _spy(box, monkeypatch)
        update_in_place(box, "a " * 15, "b " * 15)  # as wide, wrapped into as many lines
        await pilot.pause()
        assert calls == [False] and box.size.height == 2
        update_in_place(box, "c " * 25, "a " * 15)  # three lines now: laid out again
        await pilot.pause()
        assert calls == [False, True] and box.size.height == 3
        update_in_place(box, "d " * 5, "c " * 25)  # one line
        await pilot.pause()
        assert calls == [False, True, True] and box.size.height == 1
        assert str(box.render()).startswith("d d")
