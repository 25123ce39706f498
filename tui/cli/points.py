"""`agora points …`: community points from the command line.

Reads (compute, verify, balance) go to the node, not the index: anyone can recompute an
epoch's distribution from the chain alone, which is the point of a public rule. Writes
(enable, propose, accept, veto, claim, redeem) go through the shared confirmation and outbox
(``run_write``): ``--dry-run`` shows the confirmation, ``--yes`` signs without asking.
``verify`` exits 0 only when the proposed root matches the rule.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.account import open_wallet
from tui.cli.output import emit
from tui.cli.shared import ID, FiniteRange, global_options, json_option, state
from tui.cli.write import _common, resolve_network, run_write
from tui.core.chain.address import to_checksum
from tui.core.context import AgoraContext
from tui.core.errors import NotFoundError, UsageError
from tui.core.points import KEY, intents
from tui.core.points import governance as gov
from tui.core.points.distribution import Distribution, Verdict, check, compute
from tui.core.points.history import (
    Contracts,
    PointsInfo,
    call,
    document_fetch,
    load_records,
    points_events,
    read_info,
)
from tui.core.text import clean_line, is_digits
from tui.core.units import format_units, parse_units


@click.group("points")
def points() -> None:
    """Community points: earned by a public rule, proposed as merkle roots, claimed."""


class _Session:
    """The node and the contracts of the current network."""

    def __init__(self, actx: AgoraContext) -> None:
        network = resolve_network(actx, check=True)
        assert network is not None
        missing = [k for k in ("communities", KEY) if k not in network.contracts]
        if missing:
            raise UsageError(
                f"The network {network.name!r} has no {' or '.join(missing)} contract.",
                hint="Use a network deployed with points (the devnet has it).",
            )
        self.network = network
        self.rpc = actx.rpc(network.rpc_url)
        self.where = Contracts.of(network)
        self.fetch = document_fetch(actx.content, network.gateways)

    def info(self, community: int) -> PointsInfo:
        found = read_info(self.rpc, self.where.points, community)
        if found is None:
            raise NotFoundError(
                f"Community #{community} has not enabled points.",
                hint="Its owner can: agora points enable COMMUNITY NAME SYMBOL.",
            )
        return found

    def symbol(self, info: PointsInfo) -> str:
        """The token's symbol, sanitised (a community's owner chose it)."""
        return clean_line(str(call(self.rpc, info.token, "PointsToken", "symbol", [])), 12)

    def distribution(self, info: PointsInfo, epoch: int) -> Distribution:
        end = info.config.end(epoch)
        head = self.rpc.block_number()
        if head < end:
            raise UsageError(
                f"Epoch {epoch} of community #{info.community} ends at block {end}; "
                f"the chain is at {head}."
            )
        return compute(
            info.config,
            load_records(self.rpc, self.where, info.community, end - 1, self.fetch),
            epoch,
        )


def _open(ctx: click.Context) -> tuple[AgoraContext, _Session]:
    actx = state(ctx).context()
    return actx, _Session(actx)


def _dist_json(dist: Distribution, symbol: str) -> dict[str, Any]:
    return {
        "epoch": dist.epoch,
        "root": "0x" + dist.root.hex(),
        "total": str(dist.total),
        "pool": str(dist.result.pool),
        "mod_cut": str(dist.result.mod_cut),
        "symbol": symbol,
        "accounts": [
            {"account": a, "earned": str(dist.result.amounts.get(a, 0)), "cumulative": str(v)}
            for a, v in dist.leaves
        ],
    }


def _dist_text(data: dict[str, Any]) -> str:
    sym = data["symbol"]
    lines = [
        f"epoch {data['epoch']} · root {data['root']}",
        f"pool {format_units(int(data['pool']), 18, sym)} · moderators' cut "
        f"{format_units(int(data['mod_cut']), 18, sym)} · earned in all "
        f"{format_units(int(data['total']), 18, sym)}",
    ]
    for row in data["accounts"]:
        lines.append(
            f"  {row['account']}  +{format_units(int(row['earned']), 18)}  "
            f"= {format_units(int(row['cumulative']), 18, sym)}"
        )
    if not data["accounts"]:
        lines.append("  nobody has earned points yet")
    return "\n".join(lines)


@points.command("compute")
@click.argument("community_id", type=ID)
@click.argument("epoch", type=click.IntRange(min=0))
@json_option
@global_options
@click.pass_context
def compute_cmd(ctx: click.Context, community_id: int, epoch: int, as_json: bool) -> None:
    """Compute EPOCH's distribution by the rule: root, total, and each account's amount."""
    _actx, s = _open(ctx)
    info = s.info(community_id)
    dist = s.distribution(info, epoch)
    emit(_dist_json(dist, s.symbol(info)), as_json, _dist_text)


def _proposal(s: _Session, info: PointsInfo, epoch: int | None) -> Any:
    """The latest RootProposed event (of ``epoch`` when given)."""
    found = None
    for ev in points_events(s.rpc, s.where, info.community, s.rpc.block_number()):
        if ev.name == "RootProposed" and (epoch is None or ev.args["epoch"] == epoch):
            found = ev
    return found


def verify_proposal(actx: AgoraContext, s: _Session, info: PointsInfo, event: Any) -> Verdict:
    import json

    dist = s.distribution(info, event.args["epoch"])
    doc = None
    raw = actx.content.get(event.args["treeCid"])
    if raw is not None:
        try:
            doc = json.loads(raw)
        except ValueError:
            doc = None
    return check(dist, bytes(event.args["root"]), int(event.args["cumulativeTotal"]), doc)


def _verdict_json(v: Verdict, epoch: int, pending: bool) -> dict[str, Any]:
    return {
        "epoch": epoch,
        "pending": pending,
        "matches": v.matches,
        "expected_root": "0x" + v.expected_root.hex(),
        "proposed_root": "0x" + v.proposed_root.hex(),
        "expected_total": str(v.expected_total),
        "proposed_total": str(v.proposed_total),
        "tree_read": v.tree_read,
        "differences": [
            {"account": a, "rule": str(mine), "proposed": str(theirs)}
            for a, mine, theirs in v.differences
        ],
    }


def _verdict_text(data: dict[str, Any]) -> str:
    state_word = "pending" if data["pending"] else "accepted or vetoed"
    if data["matches"]:
        return f"✓ epoch {data['epoch']} ({state_word}): the proposed root matches the rule"
    lines = [
        f"✗ MISMATCH: epoch {data['epoch']} ({state_word})",
        f"  rule      {data['expected_root']}  total {format_units(int(data['expected_total']), 18)}",
        f"  proposed  {data['proposed_root']}  total {format_units(int(data['proposed_total']), 18)}",
    ]
    for d in data["differences"]:
        lines.append(
            f"  {d['account']}: rule {format_units(int(d['rule']), 18)}, "
            f"proposed {format_units(int(d['proposed']), 18)}"
        )
    if not data["tree_read"]:
        lines.append(
            "  (the proposed tree document is not in the local store: accounts not compared)"
        )
    if data["pending"]:
        lines.append("  The owner can still veto it: agora points veto COMMUNITY")
    return "\n".join(lines)


@points.command("verify")
@click.argument("community_id", type=ID)
@click.argument("epoch", type=click.IntRange(min=0), required=False)
@json_option
@global_options
@click.pass_context
def verify_cmd(ctx: click.Context, community_id: int, epoch: int | None, as_json: bool) -> None:
    """Recompute a proposed root (the latest, or EPOCH's); exit 0 only when it matches."""
    actx, s = _open(ctx)
    info = s.info(community_id)
    event = _proposal(s, info, epoch)
    if event is None:
        raise NotFoundError(f"No root has been proposed in community #{community_id}"
                            + (f" for epoch {epoch}." if epoch is not None else "."))  # fmt: skip
    verdict = verify_proposal(actx, s, info, event)
    pending = info.pending_block != 0 and info.pending_epoch == event.args["epoch"]
    emit(_verdict_json(verdict, event.args["epoch"], pending), as_json, _verdict_text)
    if not verdict.matches:
        ctx.exit(1)


def _write(ctx: click.Context, make: Any, opts: dict[str, Any]) -> None:
    run_write(ctx, make, **opts)


def _write_result(ctx: click.Context, make: Any, opts: dict[str, Any], result: Any) -> None:
    run_write(ctx, make, result=result, **opts)


@points.command("enable")
@click.argument("community_id", type=ID)
@click.argument("name")
@click.argument("symbol")
@click.option("--epoch-blocks", type=click.IntRange(min=1), default=50_400, show_default=True,
              help="Blocks per epoch (50,400 is about a week of 12-second blocks).")  # fmt: skip
@click.option(
    "--cap", "cap_text", default="10000", show_default=True, help="Points minted per epoch at most."
)
@click.option("--mod-share", type=FiniteRange(0, 10), default=5.0, show_default=True,
              help="Percent of each epoch's pool shared by the moderators (at most 10).")  # fmt: skip
@_common
@click.pass_context
def enable_cmd(ctx: click.Context, community_id: int, name: str, symbol: str, epoch_blocks: int,
               cap_text: str, mod_share: float, **opts: Any) -> None:  # fmt: skip
    """Turn points on in a community you own, with its own token NAME (SYMBOL)."""
    cap = parse_units(cap_text, 18, "points", positive=True, example="10000")
    bps = round(mod_share * 100)
    _write(ctx, lambda _c: intents.enable(community_id, name, symbol, epoch_blocks, cap, bps), opts)


@points.command("propose")
@click.argument("community_id", type=ID)
@click.argument("epoch", type=click.IntRange(min=0), required=False)
@_common
@click.pass_context
def propose_cmd(ctx: click.Context, community_id: int, epoch: int | None, **opts: Any) -> None:
    """Propose the next epoch's root (moderators), with its tree stored for everyone to check."""
    _actx, s = _open(ctx)
    info = s.info(community_id)
    epoch = info.next_epoch if epoch is None else epoch
    if epoch != info.next_epoch:
        raise UsageError(
            f"The next epoch to propose in community #{community_id} is {info.next_epoch}."
        )
    dist = s.distribution(info, epoch)
    _write(ctx, lambda c: intents.propose(c.content, community_id, dist), opts)


@points.command("accept")
@click.argument("community_id", type=ID)
@_common
@click.pass_context
def accept_cmd(ctx: click.Context, community_id: int, **opts: Any) -> None:
    """Activate the pending root once its veto window has passed (anyone)."""
    _write(ctx, lambda _c: intents.accept(community_id), opts)


@points.command("veto")
@click.argument("community_id", type=ID)
@click.option("--reason", default="The root does not match the public rule.", help="Why (stored).")
@click.option("--vote", "by_vote", is_flag=True,
              help="Propose a members' vote to veto it (VETO_ROOT) instead of the owner's veto.")  # fmt: skip
@_common
@click.pass_context
def veto_cmd(
    ctx: click.Context, community_id: int, reason: str, by_vote: bool, **opts: Any
) -> None:
    """Veto the pending root (the owner), or with --vote propose that the members veto it
    (the root then waits for the vote)."""
    import json

    if by_vote:
        from tui.cli.community_governance import _proposed

        _write_result(ctx, lambda c: veto_vote_intent(c, community_id, reason), opts, _proposed)
        return

    def make(c: AgoraContext) -> Any:
        doc = {"type": "agora.points.veto", "community": community_id, "reason": reason[:2000]}
        cid = c.content.put(json.dumps(doc, sort_keys=True).encode())
        return intents.veto(community_id, cid)

    _write(ctx, make, opts)


def _account(
    actx: AgoraContext, address: str | None, *, as_json: bool = False, offline: bool = False
) -> str:
    """ADDRESS (a 0x address or an ENS name, resolved fresh), else the active account."""
    if address:
        from tui.cli.names import account_arg

        address = account_arg(actx, address, as_json=as_json, offline=offline)
        try:
            return to_checksum(address.strip())
        except Exception:
            raise UsageError(f"Not an address: {address[:60]!r}") from None
    wallet = open_wallet(actx)
    return str(wallet.resolve(actx.overrides.account).address)


def _claimable(s: _Session, info: PointsInfo, account: str) -> tuple[int, int, Distribution | None]:
    """(cumulative earned by the accepted root, already claimed, the accepted distribution)."""
    claimed = int(call(s.rpc, s.where.points, "Points", "claimed", [info.community, account]))
    if info.next_epoch == 0:
        return 0, claimed, None
    dist = s.distribution(info, info.next_epoch - 1)
    found = dist.proof(account)
    return (found[0] if found else 0), claimed, dist


@points.command("claim")
@click.argument("community_id", type=ID)
@click.option(
    "--for",
    "beneficiary",
    default=None,
    help="Claim for this address or ENS name (the points go to it).",
)
@_common
@click.pass_context
def claim_cmd(ctx: click.Context, community_id: int, beneficiary: str | None, **opts: Any) -> None:
    """Claim what you earned by the latest accepted root."""
    actx, s = _open(ctx)
    who = _account(actx, beneficiary, as_json=opts["as_json"])
    info = s.info(community_id)
    earned, claimed, dist = _claimable(s, info, who)
    if dist is None:
        raise NotFoundError(f"No root has been accepted in community #{community_id} yet.")
    if dist.root != info.current_root:
        raise UsageError(
            f"The accepted root of community #{community_id} does not match the rule: "
            "no proof from this client would verify.",
            hint="See agora points verify.",
        )
    found = dist.proof(who)
    proof = found[1] if found else []
    sym = s.symbol(info)
    _write(ctx, lambda _c: intents.claim(community_id, who, earned, proof, claimed, sym), opts)


def _perk(text: str) -> int | None:
    """A perk number, or None for "membership"."""
    word = text.strip().lower()
    if word == "membership":
        return None
    if not is_digits(word) or len(word) > 30:
        raise UsageError(f"PERK is a perk number or 'membership', not {clean_line(text, 30)!r}.")
    return int(word)


@points.command("redeem")
@click.argument("community_id", type=ID)
@click.argument("args", nargs=-1, metavar="[PERK] AMOUNT")
@click.option("--perk", "perk_opt", default=None, help="A perk number, or 'membership'.")
@_common
@click.pass_context
def redeem_cmd(ctx: click.Context, community_id: int, args: tuple[str, ...], perk_opt: str | None,
               **opts: Any) -> None:  # fmt: skip
    """Burn AMOUNT of your points for a perk: a number the community's rules name, or
    `--perk membership`, which buys blocks of membership (enforced on chain) at the price the
    community's owner set."""
    if perk_opt is not None and len(args) == 1:
        perk_text, amount = perk_opt, args[0]
    elif perk_opt is None and len(args) == 2:
        perk_text, amount = args
    else:
        raise UsageError("Give the perk and the amount: redeem COMMUNITY AMOUNT --perk PERK.")
    perk = _perk(perk_text)
    actx, s = _open(ctx)
    info = s.info(community_id)
    sym = s.symbol(info)
    units = parse_units(amount, 18, sym, positive=True)
    who = _account(actx, None)
    balance = int(call(s.rpc, info.token, "PointsToken", "balanceOf", [who]))
    if perk is None:
        rules = gov.read_rules(s.rpc, s.where, community_id, who)
        intent = gov.membership_intent(community_id, units, balance, rules, sym)
        _write(ctx, lambda _c: intent, opts)
        return
    _write(ctx, lambda _c: intents.redeem(community_id, perk, units, balance, sym), opts)


def veto_vote_intent(actx: AgoraContext, community_id: int, note: str) -> Any:
    """A VETO_ROOT proposal against the community's pending root."""
    s = _Session(actx)
    info = s.info(community_id)
    if info.pending_block == 0:
        raise NotFoundError(f"Community #{community_id} has no pending points root to veto.")
    return gov.veto_proposal(actx.content, community_id, info.pending_root, note)


@points.command("balance")
@click.argument("community_id", type=ID, required=False)
@click.argument("address", required=False)
@json_option
@global_options
@click.pass_context
def balance_cmd(
    ctx: click.Context, community_id: int | None, address: str | None, as_json: bool
) -> None:
    """Points held, earned and claimable, in one community or in every one with points."""
    actx, s = _open(ctx)
    who = _account(actx, address, as_json=as_json)
    if community_id is None:
        count = int(call(s.rpc, s.where.communities, "Communities", "communityCount", []))
        infos = [i for c in range(1, count + 1) if (i := read_info(s.rpc, s.where.points, c))]
    else:
        infos = [s.info(community_id)]
    rows = []
    for info in infos:
        earned, claimed, _dist = _claimable(s, info, who)
        held = int(call(s.rpc, info.token, "PointsToken", "balanceOf", [who]))
        rows.append({
            "community": info.community, "token": info.token, "symbol": s.symbol(info),
            "balance": str(held), "earned": str(earned), "claimed": str(claimed),
            "claimable": str(max(0, earned - claimed)),
        })  # fmt: skip
    emit({"account": who, "communities": rows}, as_json, _balance_text)


def _balance_text(data: dict[str, Any]) -> str:
    lines = [data["account"]]
    for r in data["communities"]:
        sym = r["symbol"]
        lines.append(
            f"  #{r['community']} {format_units(int(r['balance']), 18, sym)} held · earned "
            f"{format_units(int(r['earned']), 18)} · claimable {format_units(int(r['claimable']), 18)}"
        )
        lines.append(
            f"     token {r['token']} (tip in it: agora tip POST AMOUNT --token {r['token']})"
        )
    if not data["communities"]:
        lines.append("  no community has points enabled")
    return "\n".join(lines)


@points.command("alerts")
@click.argument("address", required=False)
@json_option
@global_options
@click.pass_context
def alerts_cmd(ctx: click.Context, address: str | None, as_json: bool) -> None:
    """Points news: earned in the latest epoch, claimable, and mismatching pending roots."""
    from tui.core.points.alerts import points_alerts

    actx, s = _open(ctx)
    who = _account(actx, address, as_json=as_json)
    found = points_alerts(s.rpc, s.where, who, actx.content)
    data = [{"kind": a.kind, "community": a.community, "amount": str(a.amount), "text": a.text}
            for a in found]  # fmt: skip
    emit(data, as_json, lambda rows: "\n".join(r["text"] for r in rows) or "No points news.")


@points.command("log")
@click.argument("community_id", type=ID)
@click.option("--offline", is_flag=True, help="Read the local index only; do not catch up first.")
@json_option
@global_options
@click.pass_context
def log_cmd(ctx: click.Context, community_id: int, offline: bool, as_json: bool) -> None:
    """The community's points history from the local index: points enabled, roots proposed,
    accepted and vetoed, claims and redemptions, oldest first."""
    from tui.cli.read import _not_found, _open_read
    from tui.core.points.gov_history import community_known
    from tui.core.points.source import indexed_events, log_lines

    index = _open_read(ctx, None, as_json, offline)
    try:
        if not community_known(index.conn, community_id):  # as `points history` says it
            raise _not_found(ctx, NotFoundError(
                f"There is no community #{community_id} in the local index.",
                hint="Run agora sync, or check the id with agora community list.",
            ))  # fmt: skip
        events = indexed_events(index.conn, community_id)
    finally:
        index.close()
    data = [
        {"name": e.name, "block": e.block_number, "tx_hash": e.tx_hash,
         "args": {k: "0x" + v.hex() if isinstance(v, bytes) else str(v) if isinstance(v, int)
                  else clean_line(str(v), 100) for k, v in e.args.items()}}
        for e in events
    ]  # fmt: skip
    emit(data, as_json, lambda _d: "\n".join(log_lines(events)) or "No points events indexed.")


def register(group: click.Group) -> None:
    """Add `agora points` to the `agora` group."""
    group.add_command(points)
