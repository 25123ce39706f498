"""Round notifications for the Alerts tab and ``agora notifications``, read from indexed rows.

Each query yields the index's notification shape (kind, actor, block, log_index, timestamp,
tx_hash, post_id, article_id, amount, text). Amounts ride in the amount column only for ETH
rounds (the card formats that column as ETH); a token round's amount is never shown in the
wrong unit. The text is built here from numbers and fixed words, never from a stranger's text.

Two kinds describe a state rather than an event: an award that became claimable and an
allocation window closing soon. Neither has a log, so each is dated by the first indexed block
at or after the moment it began (the index keeps the time of every block it applied logs from).
"Now" is the newest indexed block's time: the query reads no clock and makes no RPC call, so
these appear once the index has seen a block past the moment, and go once it has seen one past
the end (claims closed, allocation closed).
"""

from __future__ import annotations

from tui.core.index.sources import NotificationKind
from tui.core.rounds.model import ETH_TOKEN, KIND_ARTICLE, KIND_POST

SOON = 2 * 86400
"""An allocation window closing within this many seconds is worth a notification."""

_ETH = f"'{ETH_TOKEN}'"
_AMOUNT = f"CASE WHEN lower(o.token) = {_ETH} THEN {{col}} ELSE '0' END"
_TARGET = f"(CASE {{t}}.kind WHEN {KIND_POST} THEN 'post #' ELSE 'article #' END) || {{t}}.target"
_POST = f"CASE WHEN {{t}}.kind = {KIND_POST} THEN {{t}}.target ELSE 0 END"
_ARTICLE = f"CASE WHEN {{t}}.kind = {KIND_ARTICLE} THEN {{t}}.target ELSE 0 END"
_MINE = f"""(({{t}}.kind = {KIND_POST} AND {{t}}.target IN
        (SELECT id FROM posts WHERE author = :me))
    OR ({{t}}.kind = {KIND_ARTICLE} AND {{t}}.target IN
        (SELECT ar.id FROM articles ar LEFT JOIN owners ow ON ow.token_id = ar.id
         WHERE COALESCE(ow.owner, ar.author) = :me)))"""
"""The target is the user's work: a post they wrote, an article token they hold now."""
_NOW = "(SELECT MAX(timestamp) FROM blocks)"
_FIRST_AT = "(SELECT MIN(number) FROM blocks WHERE timestamp >= {at})"


def _fill(template: str, t: str) -> str:
    return template.format(t=t)


NOTIFICATIONS = {
    "round_evaluator": f"""SELECT 'round_evaluator', o.funder, e.block, e.log_index,
            o.timestamp, o.tx_hash, 0, 0, {_AMOUNT.format(col="o.pot")},
            'round #' || o.round_id
        FROM round_evaluators e JOIN round_opened o ON o.round_id = e.round_id
        WHERE e.evaluator = :me AND o.funder != :me AND e.block < :before""",
    "round_allocation": f"""SELECT 'round_allocation', a.evaluator, a.block, a.log_index,
            a.timestamp, a.tx_hash, {_fill(_POST, "a")}, {_fill(_ARTICLE, "a")},
            {_AMOUNT.format(col="a.amount")},
            {_fill(_TARGET, "a")} || ' in round #' || a.round_id
        FROM round_allocations a JOIN round_opened o ON o.round_id = a.round_id
        WHERE a.amount != '0' AND a.evaluator != :me AND {_fill(_MINE, "a")}
            AND a.block < :before""",
    "round_award": f"""SELECT 'round_award', o.funder, b.number, 0, b.timestamp, '',
            {_fill(_POST, "t")}, {_fill(_ARTICLE, "t")}, '0',
            {_fill(_TARGET, "t")} || ' in round #' || o.round_id
        FROM (SELECT round_id, kind, target, COUNT(*) AS backers FROM (
                SELECT a.round_id, a.kind, a.target, a.amount, ROW_NUMBER() OVER (
                    PARTITION BY a.round_id, a.kind, a.target, a.evaluator
                    ORDER BY a.block DESC, a.log_index DESC) AS n
                FROM round_allocations a WHERE {_fill(_MINE, "a")})
            WHERE n = 1 AND amount != '0' GROUP BY round_id, kind, target) t
        JOIN round_opened o ON o.round_id = t.round_id
        JOIN blocks b ON b.number = {_FIRST_AT.format(at="o.allocate_end")}
        WHERE t.backers >= o.quorum AND {_NOW} < o.claim_end AND b.number < :before
            AND NOT EXISTS (SELECT 1 FROM round_claims c WHERE c.round_id = t.round_id
                AND c.kind = t.kind AND c.target = t.target)""",
    "round_deadline": f"""SELECT 'round_deadline', o.funder, b.number, 0, b.timestamp, '',
            0, 0, '0', 'round #' || o.round_id || ' (allocation closes '
                || strftime('%Y-%m-%d %H:%M', o.allocate_end, 'unixepoch') || ' UTC)'
        FROM round_evaluators e JOIN round_opened o ON o.round_id = e.round_id
        JOIN blocks b ON b.number = {_FIRST_AT.format(at=f"o.allocate_end - {SOON}")}
        WHERE e.evaluator = :me AND b.timestamp < o.allocate_end AND {_NOW} < o.allocate_end
            AND b.number < :before""",
    "round_claim": f"""SELECT 'round_claim', c.payee, c.block, c.log_index, c.timestamp,
            c.tx_hash, {_fill(_POST, "c")}, {_fill(_ARTICLE, "c")},
            {_AMOUNT.format(col="c.amount")},
            'round #' || c.round_id || ' for ' || {_fill(_TARGET, "c")}
        FROM round_claims c JOIN round_opened o ON o.round_id = c.round_id
        WHERE o.funder = :me AND c.payee != :me AND c.block < :before""",
    "round_reclaim": f"""SELECT 'round_reclaim', r.funder, r.block, r.log_index, r.timestamp,
            r.tx_hash, 0, 0, {_AMOUNT.format(col="r.amount")}, 'round #' || r.round_id
        FROM round_reclaims r JOIN round_opened o ON o.round_id = r.round_id
        JOIN round_evaluators e ON e.round_id = r.round_id AND e.evaluator = :me
        WHERE r.funder != :me AND r.block < :before""",
}
"""Name -> query; ``:me`` is the active account (checksummed, as the decoder stores it)."""

KINDS = {
    "round_evaluator": NotificationKind(
        "named you an evaluator of a funding round", "named you an evaluator of {text}"
    ),
    "round_allocation": NotificationKind(
        "allocated to your work in a funding round", "allocated to your {text}"
    ),
    "round_award": NotificationKind(
        "funds a round with an award for your work to claim",
        "funds a round with an award for you to claim: {text} (agora round claim)",
    ),
    "round_deadline": NotificationKind(
        "funds a round you evaluate: allocation closes within 2 days",
        "funds a round you evaluate whose allocation closes within 2 days: {text}",
    ),
    "round_claim": NotificationKind(
        "claimed an award from your funding round", "claimed an award from your {text}"
    ),
    "round_reclaim": NotificationKind(
        "reclaimed what was left of a round you evaluated",
        "reclaimed what was left of {text}, a round you evaluated",
    ),
}
"""How each round notification reads in the Alerts tab and in ``agora notifications``."""
