"""Memory after the first notes filter over 5000 weeks of check-ins, above the app with its
index loaded (issue 11: at most 40 MB). Each figure comes from a fresh process; printed, never
asserted (the test checks only that the filter found its words)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkin.store.demo import write_demo

pytestmark = pytest.mark.bench

PROBE = """
import json, sys
from pathlib import Path
from checkin.store.repository import Repository

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

repo = Repository(Path(sys.argv[1])).open()
rows = repo.summaries()  # the app with its index loaded (Look back is open)
before = rss_mb()
if sys.argv[2] == "search.json":
    texts = repo.search_texts()
else:  # the way before issue 11: the whole history parsed and kept
    from checkin.core.stats import record_search_text
    texts = dict(repo.map_checkins(lambda r: (str(r.get("id")), record_search_text(r))))
after = rss_mb()
print(json.dumps({"before": before, "after": after, "texts": len(texts), "rows": len(rows)}))
"""


def _probe(folder: Path, how: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), how],
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def test_memory_after_the_first_notes_filter(tmp_path: Path, report):
    folder = tmp_path / "data"
    write_demo(folder, 5000, seed=1)
    (folder / "search.json").unlink()  # first filter after an upgrade: made from history.json
    first = _probe(folder, "search.json")
    steady = _probe(folder, "search.json")  # from then on: search.json as it is
    old = _probe(folder, "history")
    assert first["texts"] == steady["texts"] == old["texts"] == first["rows"] > 4000
    report(
        f"memory after the first notes filter, {first['rows']} check-ins: "
        f"+{steady['after'] - steady['before']:.0f} MB above the app with its index "
        f"({steady['before']:.0f} MB) from search.json; +{first['after'] - first['before']:.0f} MB "
        f"the first time (search.json made from history.json); +{old['after'] - old['before']:.0f} MB "
        f"keeping all of history.json as before (target <= 40 MB)"
    )
