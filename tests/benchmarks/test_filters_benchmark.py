"""Reading-filter benchmark (on demand: ``make bench``): open Global over 100,000 cached posts
with 1,000 mute and filter rules, beside the same open with no rules, in the same run.

"Open" is what the TUI does for the Global tab on the real ``CoreBackend``: open the index
(with the reading filter), count the timeline and read its first page, then page down ten
times. Each measurement runs in a fresh process (cold imports, cold SQLite cache); figures are
printed (median of ``AGORA_BENCH_RUNS`` runs, default 5), never asserted against a time limit.

The rules: 500 muted or blocked authors (of 2,000 writing), 400 collapsing words, 40 tags, 40
regexes and 20 hiding words, over posts whose verified text is a few dozen words each, so
the first page has collapsed rows and the count has hidden ones to leave out.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))
POSTS = 100_000

SETTINGS = """\
network = "bench"

[networks.bench]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""

FILL = """
import json, random, sys
from pathlib import Path
from tui.core.index.schema import connect
home, count = Path(sys.argv[1]), int(sys.argv[2])
rng = random.Random(7)
authors = ["0x%040d" % n for n in range(1, 2001)]  # digits only: already checksummed
me = authors[0]
accounts = {"version": 1, "active": me, "accounts": [{"address": me, "label": "bench"}]}
(home / "accounts.json").write_text(json.dumps(accounts))
(home / "index").mkdir(parents=True, exist_ok=True)
conn = connect(home / "index" / "bench-31337.sqlite")
vocab = ["word%d" % n for n in range(5000)]
posts, content = [], []
for i in range(1, count + 1):
    cid = "bafkreibench%08d" % i
    posts.append((i, authors[i % 2000], 0, cid, 10 + i, 0, "0x%064x" % i, "0x%064x" % i,
                  1_700_000_000 + i))
    text = " ".join(rng.choice(vocab) for _ in range(30))
    tags = [rng.choice(vocab)]
    content.append((cid, text, json.dumps({"tags": tags})))
conn.execute("BEGIN")
conn.executemany(  # content first: the posts trigger fills the search index, as sync does
    "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, ?)",
    content)
conn.executemany(
    "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
    " VALUES (?,?,?,?,?,?,?,?,?)", posts)
conn.execute("COMMIT")
"""

RULES = """
import sys
from pathlib import Path
from tui.core.config.settings import load_settings, save_settings
from tui.core.filters.model import FilterRule
from tui.core.filters.store import ReadingStore
home = Path(sys.argv[1])
store = ReadingStore(home)
for n in range(2, 502):
    store.set_level("0x%040d" % n, "block" if n % 10 == 0 else "mute")
settings = load_settings(home / "settings.toml")
rules = settings.filters.rules
for n in range(400):
    rules.append(FilterRule(len(rules) + 1, "word%d" % (1000 + n * 7)))
for n in range(40):
    rules.append(FilterRule(len(rules) + 1, "word%d" % (3000 + n), kind="tag"))
for n in range(40):
    rules.append(FilterRule(len(rules) + 1, r"word%d\\s+word\\d+1\\b" % (4000 + n), kind="regex"))
for n in range(20):
    rules.append(FilterRule(len(rules) + 1, "word%d" % (4500 + n), action="hide"))
save_settings(settings, home / "settings.toml")
print(len(rules) + 500)
"""

OPEN = """
import json, time
t0 = time.perf_counter()
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend
backend = CoreBackend(AgoraContext.load())
count = backend.timeline_count("global")
page = backend.timeline("global", None, 50)
first = time.perf_counter() - t0
t1 = time.perf_counter()
for _ in range(10):
    page = backend.timeline("global", page[-1].id, 50)
paging = time.perf_counter() - t1
t2 = time.perf_counter()
backend.timeline_count("global")
recount = time.perf_counter() - t2
collapsed = sum(1 for p in page if p.filtered is not None)
print("RESULT " + json.dumps({"open_s": first, "page_down_x10_s": paging, "recount_s": recount,
                              "count": count, "collapsed_on_last_page": collapsed}))
"""


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "AGORA_HOME": str(home), "AGORA_CONFIG": str(home / "settings.toml")}


def _home(root: Path, rules: bool) -> Path:
    home = root / ("rules" if rules else "plain")
    home.mkdir()
    (home / "settings.toml").write_text(SETTINGS)
    subprocess.run([sys.executable, "-c", FILL, str(home), str(POSTS)], check=True, timeout=900)
    if rules:
        out = subprocess.run(
            [sys.executable, "-c", RULES, str(home)],
            check=True, timeout=120, capture_output=True, text=True, env=_env(home),
        )  # fmt: skip
        assert int(out.stdout.strip()) == 1000
    return home


def _measure(home: Path) -> dict[str, float]:
    runs = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(OPEN)],
            check=True, timeout=300, capture_output=True, text=True, env=_env(home),
        )  # fmt: skip
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        runs.append(json.loads(line.removeprefix("RESULT ")))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def test_open_global_with_1000_rules_beside_no_rules(tmp_path: Path) -> None:
    plain = _measure(_home(tmp_path, rules=False))
    ruled = _measure(_home(tmp_path, rules=True))
    print(f"\nOpen Global, {POSTS:,} posts, median of {RUNS} fresh processes:")
    for key in ("open_s", "page_down_x10_s", "recount_s"):
        print(f"  {key:<18} no rules {plain[key] * 1000:8.1f} ms   "
              f"1,000 rules {ruled[key] * 1000:8.1f} ms")  # fmt: skip
    print(
        f"  count              {int(plain['count']):,} vs {int(ruled['count']):,} (hidden left out)"
    )
    print(f"  collapsed rows on the last page read: {int(ruled['collapsed_on_last_page'])} of 50")
    print(f"  load average: {os.getloadavg()[0]:.2f}")
    assert plain["count"] == POSTS and ruled["count"] < POSTS
    assert ruled["collapsed_on_last_page"] > 0
