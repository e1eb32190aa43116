"""What the talk screen says, as markup built from the runner's state (no widgets here)."""

from __future__ import annotations

from ..core.state import CheckinState
from .markup import escape
from .partner import partner_markup


def caption_text(state: CheckinState, names: dict[str, str] | None = None) -> str:
    """Beside the big countdown: whose time it counts (a turn's or the whole part's), so it
    never jumps from one to the other without saying so."""
    if state.turn_planned is None or not state.speaker:
        return "time left in this part"
    p = state.listener if state.phase == "paraphrase" and state.listener else state.speaker
    who = partner_markup(names[p], p) if names else ("the listener" if p != state.speaker else "the speaker")
    if state.phase == "paraphrase":
        return f"{who}'s paraphrase"
    label = f"{who}'s turn"
    if state.round and state.block.kind == "turns":
        return f"{label} ({state.turn_index + 1} of {(state.block.rounds or 1) * 2})"
    return label


def floor_text(state: CheckinState, names: dict[str, str]) -> str:
    """Whose turn it is, by name and colour: "Ana has the floor, Bo listens"."""
    s, li = state.speaker, state.listener
    if state.phase in ("speak", "turn") and s and li:
        return f"{partner_markup(names[s], s)} has the floor, {partner_markup(names[li], li, False)} listens"
    if state.phase == "paraphrase" and s and li:
        return f"{partner_markup(names[li], li)} paraphrases, {partner_markup(names[s], s, False)} listens"
    if state.phase == "check" and s:
        return (f"{partner_markup(names[s], s)}: is there more?  "
                "[dim](space: I feel understood · ctrl+o: there is more)[/]")
    if state.phase == "turns_done":
        return "All turns done. When you are ready: ctrl+n\u00a0twice."
    if state.phase == "solve":
        return "Together: you both feel understood"
    return "Together"


def agenda_text(state: CheckinState) -> str:
    """The agenda: done, current (bold) and to come, with used / planned minutes."""
    lines = []
    for i, (block, (planned, used)) in enumerate(zip(state.agenda.blocks, state.block_times, strict=True)):
        mark = "▸" if i == state.block_index else ("✓" if i < state.block_index else " ")
        planned_min = f"{(planned + state.block_added[i]) / 60:.1f}".removesuffix(".0")
        title = block.title if len(block.title) <= 16 else block.title[:15] + "…"
        line = escape(f"{mark} {title:<16} {round(used / 60):>2}/{planned_min}")
        lines.append(f"[b]{line}[/]" if i == state.block_index else line)
    return "\n".join(lines)


def notes_text(state: CheckinState, names: dict[str, str], last: int = 6) -> str:
    """This part's latest notes, each with who wrote it."""
    lines = []
    for note in state.notes_for()[-last:]:
        who = "Both" if note.partner == "both" else partner_markup(names[note.partner], note.partner)
        if note.kind == "agreement":
            who = "[b]Agreed[/b]"
        lines.append(f"{who}: {escape(note.text)}")
    return "\n".join(lines)
