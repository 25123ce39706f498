"""`agora community …` end to end: real anvil, real index, the real outbox, as a script would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_wallet.conftest import kit, passphrase_file  # noqa: F401 - fixtures
from tests.cli_wallet.test_cli_flows import agora
from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora


def run(pw: Path, *args: str, ok: bool = True) -> Any:
    done = agora("community", *args, "--json", "--passphrase-file", str(pw), "--yes")
    if ok:
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads(done.stdout)
    return done


def read(*args: str) -> Any:
    done = agora("community", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.txt"
    path.write_text("1. Be kind\n2. No spam\n3. Stay on topic\n")
    return path


def test_create_post_hide_fork_restore(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
    rules: Path,
) -> None:
    pw = passphrase_file
    created = run(pw, "create", "Gardeners", "--goal", "Grow food together", "--rules", str(rules))
    assert created["community"] == 1
    assert created["transaction"]["status"] == "confirmed"
    posted = run(pw, "post", "1", "Tomatoes need sun")
    post_id = posted["post"]
    reply = run(pw, "post", "1", "And water", "--reply-to", str(post_id))
    assert reply["post"] == post_id + 1

    # A rule that does not exist is refused before anything is signed.
    bad = run(pw, "hide", str(post_id), "--rule", "7", ok=False)
    assert bad.returncode != 0
    assert "no rule 7" in bad.stdout + bad.stderr
    run(pw, "hide", str(post_id), "--rule", "3", "--note", "off topic for this thread")

    timeline = read("timeline", "1")
    hidden = {p["id"]: p for p in timeline}
    assert hidden[post_id]["hidden"] is True
    collapse = hidden[post_id]["collapse"]
    assert collapse["reason"]["rules"] == [3] and collapse["reason"]["verified"] is True
    assert "rule 3 · reason ✓ verified" in collapse["label"]
    assert hidden[post_id + 1]["hidden"] is False

    log = read("log", "1")
    assert log[0]["action"] == "hide" and log[0]["reason"]["note"] == "off topic for this thread"
    assert log[0]["moderator"] == DEV_ADDRESSES[1]

    forked = run(pw, "fork", "1", "Gardeners (open)", "--goal", "Grow food, all posts welcome")
    assert forked["community"] == 2
    shown = read("show", "2")
    assert shown["parent"] == 1 and shown["lineage"] == [1]
    assert [r["n"] for r in shown["rules"]] == [1, 2, 3]  # the parent's rules by default
    inherited = {p["id"]: p for p in read("timeline", "2")}
    assert inherited[post_id]["hidden"] is True  # the parent's log up to the fork
    assert inherited[post_id]["collapse"]["inherited_from"] == 1

    run(pw, "restore", str(post_id), "--rule", "1", "--community", "2")
    in_fork = {p["id"]: p for p in read("timeline", "2")}
    assert in_fork[post_id]["hidden"] is False
    still = {p["id"]: p for p in read("timeline", "1")}
    assert still[post_id]["hidden"] is True
    listed = read("list")
    assert {c["id"] for c in listed} == {1, 2}
    unmatched = agora("community", "list", "--search", "no such words")
    assert unmatched.stdout == "No community matches 'no such words'.\n"  # not "yet"


def test_dry_run_and_clear_errors(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
    rules: Path,
) -> None:
    pw = passphrase_file
    dry = run(pw, "create", "X", "--goal", "y", "--rules", str(rules), "--dry-run")
    assert "transaction" not in dry
    assert dry["confirmation"]["function"] == "create(string,string,bool,uint8)"
    assert read("list") == []
    # The simulation reports the contract's reason before signing.
    refused = run(pw, "post", "9", "hello", ok=False)
    assert refused.returncode != 0
    assert "unknown community" in refused.stdout + refused.stderr
    run(pw, "create", "Closed", "--goal", "invite only", "--rules", str(rules), "--restricted")
    # The creator may post; a stranger's join needs an invite (simulated, nothing signed).
    bad_rules = rules.parent / "bad.txt"
    bad_rules.write_text("Be kind\n")
    broken = run(pw, "create", "X", "--goal", "y", "--rules", str(bad_rules), ok=False)
    assert "not numbered" in broken.stdout + broken.stderr
    assert "Traceback" not in broken.stderr


def test_moderation_and_id_commands_keep_their_shape() -> None:
    """hide/restore/ban/unban and join/leave/execute come from tables: same usage as ever."""
    from click.testing import CliRunner

    from tui.cli.main import cli

    def usage(*args: str) -> str:
        done = CliRunner().invoke(cli, ["community", *args, "--help"])
        assert done.exit_code == 0, done.output
        return done.output

    assert "community hide [OPTIONS] POST_ID" in usage("hide")
    assert "community ban [OPTIONS] COMMUNITY_ID ADDRESS" in usage("ban")
    assert "--rule" in usage("ban") and "--rule" not in usage("unban")
    assert "--community ID" in usage("restore") and "--community" not in usage("ban")
    assert "community execute [OPTIONS] PROPOSAL_ID" in usage("execute")
    for name in ("hide", "restore", "ban", "unban", "join", "leave", "execute"):
        assert "--dry-run" in usage(name) and "--json" in usage(name)


def test_linking_someone_elses_article_is_refused_before_signing(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
    rules: Path,
) -> None:
    """The index knows article #1 and that account 2 published it: the CLI user (account 1)
    cannot link it (its collects would earn nothing), and is told which articles are theirs."""
    from tests.conftest import DEV_KEYS
    from tui.core.chain.abi import encode_call
    from tui.core.chain.deploy import send_transaction

    cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
    send_transaction(kit.rpc, DEV_KEYS[2], kit.network.articles,
                     encode_call("Articles", "publish", [cid, 0, 5]))  # fmt: skip
    run(passphrase_file, "create", "Readers", "--goal", "Read together", "--rules", str(rules))
    read("list")  # the index catches up with the article
    done = run(passphrase_file, "post", "1", "collect this", "--article", "1", ok=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Article #1 is not yours" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_closed_proposal_is_not_listed_as_open() -> None:
    """``agora community proposals`` said "open until block N" once the chain was past N."""
    from tui.cli.community_read import _proposal_text
    from tui.core.communities.fold import ProposalKind
    from tui.core.index.community_models import ProposalView

    def view(**changes: Any) -> ProposalView:
        fields: dict[str, Any] = dict(
            id=1, community=3, proposer="0x" + "1" * 40, kind=ProposalKind(1), target="0",
            cid="", note="", end_block=169, yes=2, no=0, executed=False,
        )  # fmt: skip
        return ProposalView(**(fields | changes))

    assert _proposal_text(view()).endswith("open until block 169")
    assert _proposal_text(view(closed=True)).endswith("voting closed at block 169: passed")
    closed_lost = _proposal_text(view(closed=True, yes=1, no=1))
    assert closed_lost.endswith("voting closed at block 169: did not pass")
    assert _proposal_text(view(closed=True, executed=True)).endswith("executed")
