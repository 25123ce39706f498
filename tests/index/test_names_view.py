"""Names read from the index: impostor names stored earlier are neutralised, twins are flagged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.core.index.schema import connect
from tui.core.index.views import IndexViews

ME = "0x" + "1" * 40
ADA = "0x" + "2" * 40
TWIN = "0x" + "3" * 40
FAKE = "0x" + "4" * 40
BLANK = "0x" + "5" * 40
NAMES = {
    ADA: "Ada Quill",
    TWIN: "ada  QUILL",  # same name, case-folded: not the Ada the user follows
    FAKE: "Ada Quill ✓ verified 0x2222…2222",  # stored before the name rules existed
    BLANK: "\u3164\u3164",
}


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(tmp_path / "i.sqlite")
    conn.execute("BEGIN")
    for n, (account, name) in enumerate(NAMES.items(), start=1):
        conn.execute("INSERT INTO profiles(account, cid) VALUES (?, ?)", (account, f"bafyp{n}"))
        conn.execute(
            "INSERT INTO content(cid, kind, status, title) VALUES (?, 'profile', 'verified', ?)",
            (f"bafyp{n}", name),
        )
    for n, author in enumerate([ADA, TWIN, FAKE, BLANK, ME], start=1):
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)",
            (n, author, 5 if n < 5 else 0, f"bafy{n}", n, f"0x{n:064x}", f"0x{n:064x}"),
        )
    conn.execute("INSERT INTO follows(follower, followee, block) VALUES (?, ?, 1)", (ME, ADA))
    conn.execute(
        "INSERT INTO reposts(block_hash, log_index, post_id, by, block, tx_hash, timestamp)"
        " VALUES ('0xr', 0, 2, ?, 9, '0xr', 0)",
        (ADA,),
    )
    conn.execute("COMMIT")
    return conn


def test_stored_impostor_and_blank_names_read_as_no_name(conn: sqlite3.Connection) -> None:
    views = IndexViews(conn, ME)
    by_author = {p.author: p for p in views.timeline("global")}
    assert by_author[ADA].author_name == "Ada Quill"
    assert by_author[FAKE].author_name == ""
    assert by_author[BLANK].author_name == ""
    assert views.profile(FAKE).name == ""
    assert views.profile(BLANK).to_json()["name"] == ""


def test_a_followed_name_at_another_address_is_flagged(conn: sqlite3.Connection) -> None:
    views = IndexViews(conn, ME)
    by_author = {p.author: p for p in views.timeline("global")}
    assert by_author[TWIN].name_clash
    assert not by_author[ADA].name_clash  # the one the user follows
    assert not by_author[FAKE].name_clash  # neutralised: no name, nothing to flag
    thread = views.thread(5)
    assert {r.post.author: r.post.name_clash for r in thread.replies}[TWIN]
    assert views.profile(TWIN).name_clash
    assert views.timeline("global")[0].to_json()["name_clash"] is False
    # Following the twin too makes both names legitimate.
    conn.execute("INSERT INTO follows(follower, followee, block) VALUES (?, ?, 2)", (ME, TWIN))
    conn.commit()
    assert not {p.author: p for p in views.timeline("global")}[TWIN].name_clash


def test_without_an_account_nothing_is_flagged(conn: sqlite3.Connection) -> None:
    assert not any(p.name_clash for p in IndexViews(conn).timeline("global"))


def test_a_reposter_is_named(conn: sqlite3.Connection) -> None:
    home = IndexViews(conn, ME).timeline("home")
    reposted = next(p for p in home if p.id == 2)
    assert (reposted.reposted_by, reposted.reposted_by_name) == (ADA, "Ada Quill")
