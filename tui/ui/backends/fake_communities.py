"""The fake's communities: fixed events written through the real decoder into an in-memory index.

Deterministic (fixed blocks, times and CIDs of fixed documents), so snapshots never change
unless the views or screens do. One community's name and goal are hostile on purpose: they are
stored through the same parsers and sanitiser as real ones.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from tui.core.chain.abi import DecodedEvent
from tui.core.communities import documents as docs
from tui.core.communities.content import PARSERS
from tui.core.content.cid import cid_for
from tui.core.content.documents import post_document
from tui.core.index import communities as index
from tui.core.index.schema import connect
from tui.ui.backends.fake import FAKE_ME, FAKE_NOW

BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
CAROL = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
CHIDI = "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f"
CONTRACT = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"

RULES = [
    (1, "Share code and questions about Vyper and smart-contract safety."),
    (2, "No advertising or paid promotions."),
    (3, "Critique the code, not the person."),
]


class _Writer:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.block = 100
        self.post_id = 100

    def doc(self, kind: str, data: bytes) -> str:
        cid = cid_for(data)
        title, text, extra = PARSERS[kind](data)
        self.conn.execute(
            "INSERT OR IGNORE INTO content(cid, kind, status, title, text, extra) "
            "VALUES (?, ?, 'verified', ?, ?, ?)",
            (cid, kind, title, text, json.dumps(extra)),
        )
        return cid

    def event(self, name: str, **args: Any) -> None:
        self.block += 1
        ts = FAKE_NOW - 86_400 + self.block * 300
        event = DecodedEvent(
            name, args, CONTRACT, self.block, f"0x{self.block:064x}", f"0x{self.block:064x}", 0,
            False,
        )  # fmt: skip
        index.store(self.conn, index.decode(event, ts))

    def post(self, community: int, author: str, text: str, parent: int = 0) -> int:
        self.post_id += 1
        self.block += 1
        data = post_document(text, created_at=FAKE_NOW - 3600)
        cid = cid_for(data)
        self.conn.execute(
            "INSERT OR IGNORE INTO content(cid, kind, status, text, extra) "
            "VALUES (?, 'post', 'verified', ?, '{}')",
            (cid, text),
        )
        ts = FAKE_NOW - 86_400 + self.block * 300
        self.conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?,?,?,?,?,0,?,?,?)",
            (
                self.post_id,
                author,
                parent,
                cid,
                self.block,
                f"0x{self.block:064x}",
                "0x" + "ab" * 32,
                ts,
            ),
        )
        if parent:
            self.conn.execute("UPDATE posts SET replies = replies + 1 WHERE id = ?", (parent,))
        self.block -= 1
        self.event(
            "CommunityPost", community=community, id=self.post_id, author=author, parent=parent
        )
        return self.post_id

    def create(self, c: int, owner: str, name: str, goal: str, **kw: Any) -> None:
        meta = self.doc("community", docs.meta_document(name, goal, kw.get("description", "")))
        rules = self.doc("rules", docs.rules_document(kw.get("rules", RULES)))
        parent = kw.get("parent", 0)
        self.event(
            "CommunityCreated", id=c, owner=owner, parent=parent,
            forkBlock=self.block + 1 if parent else 0, metaCid=meta, rulesCid=rules,
            restricted=kw.get("restricted", False), governance=kw.get("governance", 0),
        )  # fmt: skip
        self.event("Joined", community=c, account=owner)

    def moderate(
        self, c: int, moderator: str, action: int, target: int, rules: list[int], note: str
    ) -> None:
        reason = self.doc("moderation", docs.reason_document(rules, note, need_rule=action != 4))
        self.event(
            "Moderated", community=c, target=target, moderator=moderator, action=action,
            reasonCid=reason,
        )  # fmt: skip

    def acknowledge(
        self, community: int, attester: str, recipient: str, skill: str, level: int,
        *, moderator: bool,
    ) -> None:  # fmt: skip
        """An expert acknowledgement, stored as the EAS event source and ``fetch_records``
        store one (``moderator``: the attester moderated the community when attesting)."""
        from tui.core.attest.schemas import ACKNOWLEDGEMENT, ACKNOWLEDGEMENT_UID, encode_claim
        from tui.core.index import attestations

        attestations.ensure_schema(self.conn)
        self.block += 1
        uid = f"0x{self.block:064x}"
        ts = FAKE_NOW - 86_400 + self.block * 300
        data = encode_claim(ACKNOWLEDGEMENT, skill, str(community), "", level)
        self.conn.execute(
            attestations.INSERTS["eas_attested"],
            (uid, 0, self.block, uid, ACKNOWLEDGEMENT_UID, attester, recipient, ts, uid),
        )
        self.conn.execute(
            "INSERT INTO eas_records (uid, status, schema, time, ref_uid, recipient, attester,"
            " revocable, data, moderator, skill) VALUES (?, 'ok', ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (uid, ACKNOWLEDGEMENT_UID, ts, "0x" + "00" * 32, recipient, attester, data,
             int(moderator), skill),
        )  # fmt: skip


def build() -> sqlite3.Connection:
    """A fresh in-memory index holding the fake's communities."""
    conn = connect(":memory:")
    w = _Writer(conn)
    w.create(1, BRENDAN, "Vyper Workshop", "Learn and review Vyper contracts together",
             description="Bring a contract, leave with a review.")  # fmt: skip
    w.create(2, CAROL, "Trieste Darkroom", "A members' room for film photographers",
             restricted=True, rules=[(1, "Members only: film and prints."), (2, "Credit the photographer.")])  # fmt: skip
    w.create(3, CHIDI, "Terminal Commons", "Tiny tools and the people who love them",
             governance=1, rules=[(1, "Keep it about terminals."), (2, "Share dotfiles.")])  # fmt: skip
    w.event("ModeratorChanged", community=1, account=CHIDI, by=BRENDAN, added=True)
    w.event("ModeratorChanged", community=1, account=FAKE_ME, by=BRENDAN, added=True)
    for who in (FAKE_ME, CHIDI, CAROL):
        w.event("Joined", community=1, account=who)
    welcome = w.post(1, BRENDAN, "Welcome! Post a contract you want reviewed, with a link.")
    question = w.post(
        1, FAKE_ME, "Is @nonreentrant enough for a tip function, or do I need CEI too?"
    )
    w.post(1, BRENDAN, "Both: the lock stops re-entry, CEI keeps state right.", question)
    promo = w.post(1, CAROL, "My Vyper keyboard-shortcuts course is 50% off this week!")
    w.moderate(1, CHIDI, 1, promo, [2], "Paid promotion.")
    note = w.doc("note", docs.note_document("It is a course for Vyper developers; on topic."))
    w.event("Appealed", community=1, target=promo, by=CAROL, cid=note)
    w.create(4, CAROL, "Vyper Workshop (open market)", "The workshop, where tools may be sold too",
             parent=1, rules=[(1, "Tools for Vyper developers are welcome."), (2, "Be kind.")])  # fmt: skip
    w.moderate(4, CAROL, 2, promo, [1], "Tools for Vyper developers are welcome here.")
    w.post(4, CAROL, "Restored my course post here; the workshop's history came along.")
    again = w.post(1, CAROL, "Last call: the course discount ends tonight!")
    w.moderate(1, BRENDAN, 1, again, [2], "Paid promotion, again.")
    w.moderate(1, BRENDAN, 3, int(CAROL, 16), [2], "Repeated promotion after a hide.")
    w.post(1, FAKE_ME, "Thanks all, adding CEI to my checklist.", welcome)
    w.post(2, CAROL, "Darkroom open Thursday from six. Bring your own paper.")
    w.post(3, CHIDI, "What should our first shared dotfile be?")
    why = w.doc("note", docs.note_document("Brendan reviews everything anyway."))
    w.event(
        "Proposed", proposal=1, community=3, proposer=CHIDI, kind=1, target=int(BRENDAN, 16),
        cid=why, endBlock=w.block + 20,
    )  # fmt: skip
    w.event("Voted", proposal=1, voter=CHIDI, support=True, weight=1)
    w.create(5, CHIDI, "\x1b[2J\x1b]0;pwned\x07Hostile\u202e name", "goal\x1b[31m with escapes")
    w.acknowledge(1, CHIDI, BRENDAN, "Vyper", 4, moderator=True)
    w.acknowledge(1, CAROL, FAKE_ME, "Vyper", 5, moderator=False)  # not a moderator of #1
    return conn
