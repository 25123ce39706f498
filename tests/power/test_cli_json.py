"""Every CLI command in its --json (and, for writes, --dry-run) form against a real anvil.

C's tests (tests/cli_wallet) cover `account` commands, `post --dry-run` and crash recovery; this
file covers the remaining write commands' dry runs, real writes unlocked with --passphrase-fd,
and every read command's JSON shape after those writes are indexed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.conftest import DEV_ADDRESSES
from tests.power.conftest import PASSPHRASE, Agora


def ok(done: Any) -> Any:
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


def write_with_fd(agora: Agora, tmp_path: Path, *args: str) -> dict[str, Any]:
    """A real write, unlocked through --passphrase-fd N (the secret is never in argv)."""
    secret = tmp_path / "fd-passphrase"
    secret.write_text(PASSPHRASE + "\n")
    fd = os.open(secret, os.O_RDONLY)  # the child inherits it under the same number
    try:
        done = agora(*args, "--yes", "--json", "--passphrase-fd", str(fd), pass_fds=(fd,))
    finally:
        os.close(fd)
    data: dict[str, Any] = ok(done)
    assert PASSPHRASE not in done.stdout + done.stderr
    assert data["transaction"]["status"] == "confirmed", data
    return data


def test_writes_reads_and_dry_runs_in_json(agora: Agora, account: str, tmp_path: Path) -> None:
    # Real writes (protected account, unlocked from a file descriptor).
    write_with_fd(agora, tmp_path, "post", "hello from a script")
    write_with_fd(agora, tmp_path, "profile", "set", "--name", "Scripty")
    write_with_fd(agora, tmp_path, "follow", DEV_ADDRESSES[2])
    body = tmp_path / "article.md"
    body.write_text("# Title\n\nBody text.\n")
    write_with_fd(
        agora,
        tmp_path,
        "article",
        "publish",
        str(body),
        "--title",
        "Scripts",
        "--price",
        "0.001",
        "--editions",
        "10",
    )

    # Every write command's dry run: a confirmation and an unsigned tx, nothing sent.
    dry_runs = {
        ("repost", "1"): "repost",
        ("tip", "1", "0.001"): "tip",
        ("follow", DEV_ADDRESSES[3]): "follow",
        ("unfollow", DEV_ADDRESSES[2]): "unfollow",
        ("profile", "set", "--name", "Dry", "--bio", "dry"): "setProfile",
        ("article", "collect", "1"): "collect",
        ("post", "a reply", "--reply-to", "1"): "post",
    }
    for args, function in dry_runs.items():
        data = ok(agora(*args, "--dry-run", "--json"))
        assert data["confirmation"]["function"].startswith(function), (args, data)
        assert data["tx"]["chainId"] == "31337" and data["lines"]
    assert len(ok(agora("tx", "list", "--json"))) == 4

    # Read commands, after indexing.
    synced = ok(agora("sync", "--json"))
    assert isinstance(synced, dict)
    timeline = ok(agora("timeline", "global", "--json"))
    assert [p["text"] for p in timeline] == ["hello from a script"]
    post = timeline[0]
    assert post["author"] == account and post["author_name"] == "Scripty"
    thread = ok(agora("thread", str(post["id"]), "--json"))
    assert "hello from a script" in json.dumps(thread)
    assert [p["id"] for p in ok(agora("search", "script", "--json"))] == [post["id"]]
    articles = ok(agora("articles", "--json"))
    assert [a["title"] for a in articles] == ["Scripts"]
    shown = ok(agora("article", "show", str(articles[0]["id"]), "--json"))
    assert "Scripts" in json.dumps(shown)
    assert isinstance(ok(agora("notifications", "--json")), list)
    assert isinstance(ok(agora("timeline", "home", "--json")), list)
    assert [p["id"] for p in ok(agora("timeline", account, "--limit", "5", "--json"))] == [
        post["id"]
    ]

    # Local commands.
    assert ok(agora("account", "list", "--json"))[0]["address"] == account
    assert "networks" in ok(agora("config", "show", "--json"))
    assert ok(agora("config", "check", "--json"))["ok"] is True
    keys = ok(agora("keys", "--json"))
    assert {"app.command_line", "timeline.tip"} <= {b["id"] for b in keys["bindings"]}
    assert "tip" in {c["name"] for c in ok(agora("commands", "--json"))}
