"""Snapshot set-up shared by the talk-screen snapshots."""

from __future__ import annotations


async def resume_and_settle(pilot) -> None:
    """Resume the check-in from home (``r``) and let every screen finish mounting and focusing.

    A settling key would type: any printable key on the talk screen starts a note (and moves
    the focus to the note box), so the snapshot would depend on how fast that landed."""
    await pilot.press("r")
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
