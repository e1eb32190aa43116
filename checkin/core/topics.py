"""Recurring topics: the topics of "one issue" blocks, counted over time (no Textual here)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from checkin.core.dates import local_time, span_words
from checkin.core.trends import Row, oldest_first

RECURRING_TIMES = 3
"""A topic that came up this many times is flagged (gently) as recurring."""

RECURRING_NOTE = (
    "Topics that come back are normal: most of a couple's conflicts are lasting differences "
    "to understand, not problems to solve once. It can help to talk about what this one "
    "means to each of you, rather than to settle it."
)


_WORD = re.compile(r"[^\w\s]+")
_LEADING = ("the ", "our ", "my ", "your ", "a ", "an ", "about ")


def normalise_topic(text: str) -> str:
    """'  The Dishes!! ' -> 'dishes': case, punctuation, spacing and a leading article ignored."""
    key = " ".join(_WORD.sub(" ", text.lower()).split())
    changed = True
    while changed:
        changed = False
        for word in _LEADING:
            if key.startswith(word) and len(key) > len(word):
                key, changed = key[len(word) :], True
    return key


@dataclass
class Topic:
    key: str
    label: str  # the most used spelling
    dates: list[str]

    @property
    def count(self) -> int:
        return len(self.dates)

    @property
    def recurring(self) -> bool:
        return self.count >= RECURRING_TIMES

    def words(self) -> str:
        """'the dishes, 5 times in 3 months'."""
        if self.count == 1:
            return f"{self.label}, once"
        return f"{self.label}, {self.count} times in {span_words(self.dates[0], self.dates[-1])}"


def recurring_topics(rows: Iterable[Row], kinds: tuple[str, ...] = ("floor",)) -> list[Topic]:
    """Topics of the "one issue" blocks, most frequent first (ties: the most recent first)."""
    dates: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for row in oldest_first(rows):
        for block in row.get("blocks") or []:
            topic = block.get("topic")
            if not topic or block.get("kind") not in kinds:
                continue
            key = normalise_topic(str(topic))
            if not key:
                continue
            dates[key].append(row["started_at"])
            spellings[key][" ".join(str(topic).split())] += 1
    topics = [Topic(k, spellings[k].most_common(1)[0][0], d) for k, d in dates.items()]
    topics.sort(key=lambda t: (-t.count, _neg_time(t.dates[-1])))
    return topics


def _neg_time(iso: str) -> float:
    return -local_time(iso).timestamp()


__all__ = ["RECURRING_NOTE", "RECURRING_TIMES", "Topic", "normalise_topic", "recurring_topics"]
