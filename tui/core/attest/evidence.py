"""Evidence: the post or article an endorsement points to, by its content CID.

People name evidence the way they see it (``#47``, ``post:47``, ``article:3`` or a CID);
the attestation stores the CID (``evidenceCid``), which any reader can fetch and verify, and
Agora opens it again as the post or article it is.
"""

from __future__ import annotations

import sqlite3

from tui.core.content.cid import is_cid
from tui.core.errors import NotFoundError, UsageError
from tui.core.text import clean_line, is_digits


def resolve_evidence(conn: sqlite3.Connection, text: str) -> str:
    """The CID for ``text`` (a post id, ``article:N`` or a CID); "" for none.

    Raises UsageError for anything else, NotFoundError for an id the index does not know.
    """
    value = text.strip()
    if not value:
        return ""
    if is_cid(value):
        return value
    kind, _, number = value.rpartition(":")
    kind = kind or "post"
    number = number.lstrip("#")
    if kind not in ("post", "article") or not is_digits(number) or len(number) > 18:
        raise UsageError(
            f"Evidence must be a post id (47, #47), article:N or a CID, not "
            f"{clean_line(value, 60)!r}."
        )
    table = "posts" if kind == "post" else "articles"
    row = conn.execute(f"SELECT cid FROM {table} WHERE id = ?", (int(number),)).fetchone()
    if row is None:
        raise NotFoundError(
            f"No {kind} #{number} in the local index.", hint="Run `agora sync`, then try again."
        )
    return str(row[0])


def evidence_target(conn: sqlite3.Connection, cid: str) -> tuple[str, int] | None:
    """``("post", id)`` or ``("article", id)`` for an evidence CID Agora knows, else None."""
    if not cid:
        return None
    for kind, table in (("post", "posts"), ("article", "articles")):
        row = conn.execute(f"SELECT id FROM {table} WHERE cid = ? LIMIT 1", (cid,)).fetchone()
        if row is not None:
            return kind, int(row[0])
    return None
