"""Articles as the index shows them: the current holder, the editions I own, huge supplies."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tui.core.index.schema import SCHEMA_VERSION, connect
from tui.core.index.service import AgoraIndex


def test_holder_and_owned_editions_follow_transfers(agora: Agora, index: AgoraIndex) -> None:
    agora.set_profile(3, "Dana")
    agora.publish(1, "An article", "# Body", price=0, editions=5)  # token #1, by account 1
    agora.collect(0, 1)  # edition #2, to me (account 0)
    agora.collect(2, 1)  # edition #3, someone else
    agora.collect(0, 1)  # edition #4, to me again
    index.sync()
    index.hydrate()
    article = index.article(1)
    assert article.owner == DEV_ADDRESSES[1] and article.owned_editions == (2, 4)
    assert article.to_json()["owned_editions"] == [2, 4]
    # The article token changes hands; I give edition #2 away.
    agora.mined(agora.send(1, "Articles", "transferFrom", [DEV_ADDRESSES[1], DEV_ADDRESSES[3], 1]))
    agora.mined(agora.send(0, "Articles", "transferFrom", [DEV_ADDRESSES[0], DEV_ADDRESSES[2], 2]))
    index.sync()
    (listed,) = index.articles(None, 10)
    assert listed.owner == DEV_ADDRESSES[3] and listed.owner_name == "Dana"
    assert listed.author == DEV_ADDRESSES[1] and listed.owned_editions == (4,)


def test_a_supply_beyond_the_index_reads_as_unlimited(agora: Agora, index: AgoraIndex) -> None:
    agora.publish(1, "Forever", "# Body", price=2**127, editions=2**256 - 1)
    index.sync()
    article = index.article(1)
    assert article.unlimited and article.price_wei == 2**127
    data = article.to_json()
    assert data["max_editions"] is None and data["editions_unlimited"] is True
    assert data["price_wei"] == str(2**127)
    assert data["price_eth"] == "170141183460469231731.687303715884105728"


def test_a_version_1_index_gets_its_owners_and_profiles_recomputed(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    conn = connect(path)
    # What version 1 had: REPLACE inside the trigger, overridden by the outer OR IGNORE.
    conn.executescript(
        """DROP TRIGGER transfers_ins;
        CREATE TRIGGER transfers_ins AFTER INSERT ON transfers BEGIN
            INSERT OR REPLACE INTO owners(token_id, owner)
                SELECT token_id, recipient FROM transfers WHERE token_id = NEW.token_id
                ORDER BY block DESC, log_index DESC LIMIT 1;
        END;
        PRAGMA user_version = 1;"""
    )
    for row in (("a", 1, 1, "0x0", "A", 3, "t", 1), ("b", 0, 1, "A", "B", 4, "t", 1)):
        conn.execute("INSERT OR IGNORE INTO transfers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    assert conn.execute("SELECT owner FROM owners").fetchall() == [("A",)]  # stuck
    conn.close()
    conn = connect(path)
    assert conn.execute("SELECT owner FROM owners").fetchall() == [("B",)]
    conn.execute("INSERT OR IGNORE INTO transfers VALUES ('c', 0, 1, 'B', 'C', 5, 't', 1)")
    assert conn.execute("SELECT owner FROM owners").fetchall() == [("C",)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
