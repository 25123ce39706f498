"""Rounds as people read them (CLI text, TUI rows) and as scripts read them (``--json``).

Everything here is already sanitised: addresses are checksummed by the decoder, names and scope
text go through tui.core.text, amounts through tui.core.units.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tui.core.rounds.model import KIND_NAMES, Phase
from tui.core.rounds.pot_unit import is_eth, unread_label
from tui.core.rounds.results import Results, TargetResult
from tui.core.rounds.views import RoundView
from tui.core.text import clean_line
from tui.core.units import format_eth

PHASE_TEXT = {
    Phase.ALLOCATING: "allocating",
    Phase.CLAIMING: "claims open",
    Phase.ENDED: "ended (reclaimable)",
    Phase.CLOSED: "closed",
}


def money(view_or_token: RoundView | str, amount: int) -> str:
    """An amount of a round's pot in its unit: ``0.5 ETH``, ``1,250.75 DEMO``; base units with
    the token's address only when its decimals could not be read."""
    if isinstance(view_or_token, str):
        token, unit = view_or_token, None
    else:
        token, unit = view_or_token.round.token, view_or_token.unit
    if is_eth(token):
        return format_eth(amount)
    return unit.label(amount) if unit is not None else unread_label(token, amount)


def token_line(view: RoundView) -> str:
    """Which token a round pays in ("" for ETH); an unknown token is said to be one."""
    token, unit = view.round.token, view.unit
    if is_eth(token):
        return ""
    if unit is None:
        return f"{token} (its symbol and decimals could not be read)"
    if unit.known:
        return f"{unit.symbol} ({token})"
    return f"{unit.symbol}? ({token}): not a token Agora knows; the symbol is its own claim"


def when(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def left(seconds: int, now: int) -> str:
    """``in 3d 4h`` / ``2h ago``: the distance from ``now`` to a deadline."""
    delta = seconds - now
    span = abs(delta)
    days, rest = divmod(span, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    text = f"{days}d {hours}h" if days else (f"{hours}h {minutes}m" if hours else f"{minutes}m")
    return f"in {text}" if delta > 0 else f"{text} ago"


def target_label(kind: int, target: int) -> str:
    return f"{KIND_NAMES.get(kind, '?')} #{target}"


def title(view: RoundView) -> str:
    name = view.scope_name or "(scope not available)"
    return f"Round #{view.round.round_id}: {name}"


def summary_line(view: RoundView, now: int) -> str:
    r, res = view.round, view.results
    deadline = r.allocate_end if view.phase == Phase.ALLOCATING else r.claim_end
    tail = (
        ""
        if view.phase == Phase.CLOSED
        else f", {'ends' if deadline > now else 'ended'} {left(deadline, now)}"
    )
    return (
        f"#{r.round_id}  {PHASE_TEXT[view.phase]}{tail}  pot {money(view, r.pot)}  "
        f"{len(r.evaluators)} evaluators, quorum {r.quorum}  allocated {money(view, res.allocated)}"
        f"  {clean_line(view.scope_name, 60)}"
    )


def target_json(res: Results, t: TargetResult) -> dict[str, Any]:
    return {
        "kind": KIND_NAMES.get(t.kind, "?"),
        "id": t.target,
        "total": str(t.total),
        "backers": sorted(t.backers),
        "qualifies": res.qualifies(t),
        "payout": str(res.payout(t.kind, t.target)),
        "claimed": str(t.claimed),
    }


def round_json(view: RoundView, now: int) -> dict[str, Any]:
    r, res = view.round, view.results
    return {
        "id": r.round_id,
        "phase": view.phase.value,
        "funder": r.funder,
        "token": r.token,
        "pot": str(r.pot),
        "budget_per_evaluator": str(r.budget),
        "quorum": r.quorum,
        "evaluators": [
            {"address": e, "spent": str(res.spent.get(e.lower(), 0))} for e in r.evaluators
        ],
        "allocate_end": r.allocate_end,
        "claim_end": r.claim_end,
        "eligible": {"posts_up_to": r.post_count, "articles_up_to": r.article_count},
        "scope_cid": r.scope_cid,
        "scope_name": view.scope_name,
        "allocated": str(res.allocated),
        "owed": str(res.owed),
        "paid": str(res.paid),
        "reclaimed": None if res.reclaimed is None else str(res.reclaimed),
        "targets": [target_json(res, t) for t in res.ranked()],
        "now": now,
    }


def show_lines(view: RoundView, now: int, names: dict[str, str] | None = None) -> list[str]:
    """The full text of ``agora round show``."""
    r, res = view.round, view.results
    names = names or {}

    def who(address: str) -> str:
        name = names.get(address.lower(), "")
        return f"{address} ({clean_line(name, 40)})" if name else address

    lines = [
        title(view),
        f"  phase        {PHASE_TEXT[view.phase]}",
        f"  pot          {money(view, r.pot)} from {who(r.funder)}",
        *([f"  token        {token_line(view)}"] if token_line(view) else []),
        f"  allocation   until {when(r.allocate_end)} ({left(r.allocate_end, now)})",
        f"  claims       until {when(r.claim_end)} ({left(r.claim_end, now)})",
        f"  eligible     posts #1-#{r.post_count}, articles up to #{r.article_count} "
        "(work that existed when it opened)",
        f"  quorum       {r.quorum} of {len(r.evaluators)} evaluators; budget "
        f"{money(view, r.budget)} each",
    ]
    if view.scope is not None and view.scope.description:
        lines.append(f"  scope        {clean_line(view.scope.description, 200)}")
    lines.append("Evaluators:")
    for e in r.evaluators:
        spent = res.spent.get(e.lower(), 0)
        lines.append(f"  {who(e)}  gave {money(view, spent)} of {money(view, r.budget)}")
    lines.append("Results:")
    ranked = res.ranked()
    if not ranked:
        lines.append("  No allocations yet.")
    for t in ranked:
        mark = "qualifies" if res.qualifies(t) else f"below quorum ({t.backer_count}/{r.quorum})"
        claimed = f", claimed {money(view, t.claimed)}" if t.claimed else ""
        lines.append(
            f"  {target_label(t.kind, t.target):<12} {money(view, t.total):>14}  "
            f"{t.backer_count} backer(s), {mark}{claimed}"
        )
    lines.append(
        f"Allocated {money(view, res.allocated)}; owed {money(view, res.owed)}; paid "
        f"{money(view, res.paid)}"
        + ("" if res.reclaimed is None else f"; returned {money(view, res.reclaimed)}")
    )
    return lines
