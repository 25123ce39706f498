"""CLI: ``agora round list|show|open|allocate|claim|reclaim`` (retroactive funding rounds).

Reads catch the index up first, like every read; writes check the round's rules against the
chain before anything is signed, then take the one write path (confirmation, ``--dry-run``,
``--yes``, outbox) every other write takes.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import ID, global_options, json_option, state
from tui.cli.write import _common, resolve_network, run_write
from tui.core.context import AgoraContext
from tui.core.errors import ContentError, NotFoundError, UsageError

TARGET_KINDS = click.Choice(["post", "article"], case_sensitive=False)


def _index(ctx: click.Context, as_json: bool, offline: bool) -> Any:
    from tui.cli.read import _open_read

    return _open_read(ctx, None, as_json, offline)


def _now(index: Any) -> int:
    """The chain's clock when the node answers (a devnet can be moved ahead), else ours."""
    from tui.core.rounds.chainread import now

    try:
        with state_rpc(index) as rpc:
            return max(now(rpc), int(time.time()))
    except Exception:
        return int(time.time())


def state_rpc(index: Any) -> Any:
    from tui.core.chain.rpc import RpcClient

    return RpcClient(index.network.rpc_url, timeout=2.0)


def _names(index: Any) -> dict[str, str]:
    """Profile names the index knows (self-chosen: shown beside the address, never alone)."""
    from tui.core.text import clean_identity

    try:
        rows = index.conn.execute(
            "SELECT p.account, c.title FROM profiles p JOIN content c ON c.cid = p.cid"
            " WHERE c.status = 'verified'"
        ).fetchall()
    except Exception:
        return {}
    return {str(a).lower(): clean_identity(str(t), 40) for a, t in rows if t}


def _units(index: Any, views: list[Any], offline: bool) -> list[Any]:
    """Token rounds in their token's units (a token Agora does not know is read on chain,
    unless ``--offline``; one that cannot be read shows base units with its address)."""
    from tui.core.rounds.pot_unit import with_units

    if offline:
        return with_units(views, index.network)
    try:
        with state_rpc(index) as rpc:
            return with_units(views, index.network, rpc)
    except Exception:
        return with_units(views, index.network)


@click.group("round")
def round_group() -> None:
    """Retroactive funding rounds: fund work that already exists, paid to whoever holds it."""


offline_option = click.option(
    "--offline", is_flag=True, help="Read the local index as it is, without catching up first."
)


@round_group.command("list")
@offline_option
@json_option
@global_options
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool, offline: bool) -> None:
    """Rounds, newest first: phase, pot, evaluators and what has been allocated."""
    from tui.core.rounds.present import round_json, summary_line
    from tui.core.rounds.views import list_rounds

    index = _index(ctx, as_json, offline)
    try:
        now = _now(index)
        views = _units(index, list_rounds(index.conn, now, index.store), offline)
        emit(
            [round_json(v, now) for v in views],
            as_json,
            lambda _: "\n".join(summary_line(v, now) for v in views) or "No rounds yet.",
        )
    finally:
        index.close()


@round_group.command("show")
@click.argument("round_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def show_cmd(ctx: click.Context, round_id: int, as_json: bool, offline: bool) -> None:
    """A round's pot, evaluators, deadlines, allocations and who qualifies."""
    from tui.core.rounds.present import round_json, show_lines
    from tui.core.rounds.views import round_view

    index = _index(ctx, as_json, offline)
    try:
        now = _now(index)
        view = round_view(index.conn, round_id, now, index.store)
        if view is None:
            raise NotFoundError(f"No round #{round_id}.", hint="See `agora round list`.")
        names = _names(index)
        (view,) = _units(index, [view], offline)
        emit(round_json(view, now), as_json, lambda _: "\n".join(show_lines(view, now, names)))
    finally:
        index.close()


@round_group.command("alerts")
@offline_option
@json_option
@global_options
@click.pass_context
def alerts_cmd(ctx: click.Context, as_json: bool, offline: bool) -> None:
    """Allocations to your work, awards to claim, deadlines in rounds you fund or evaluate."""
    from tui.core.rounds.alerts import round_alerts

    index = _index(ctx, as_json, offline)
    try:
        me = _sender(state(ctx).context())
        now = _now(index)
        alerts = round_alerts(index.conn, me, now)
        emit(
            [a.to_json() for a in alerts],
            as_json,
            lambda _: "\n".join(a.text for a in alerts) or "Nothing in funding rounds for you.",
        )
    finally:
        index.close()


def _read_scope(path: Path) -> Any:
    """A scope file: TOML (``.toml``) or JSON with the plain hypercert fields."""
    import json

    from tui.core.rounds.documents import scope_from_fields

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Cannot read the scope file {path}: {exc.strerror}.") from None
    if len(raw) > 64 * 1024:
        raise ContentError("The scope file is larger than 64 KiB.")
    try:
        data = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ContentError(f"The scope file is not valid TOML or JSON: {exc}"[:200]) from None
    return scope_from_fields(data)


def _evaluator(actx: AgoraContext, ref: str, as_json: bool) -> str:
    """An address, an ENS name (it has a dot: resolved fresh), or the label of one of this
    wallet's accounts."""
    from tui.cli.names import account_arg
    from tui.core.ens.normalize import looks_like_name

    if ref.startswith("0x") or looks_like_name(ref):
        return account_arg(actx, ref, as_json=as_json)
    from tui.cli.account import open_wallet

    return open_wallet(actx).resolve(ref).address


def _chain(actx: AgoraContext) -> tuple[Any, Any]:
    network = resolve_network(actx, check=True)
    assert network is not None
    return network, actx.rpc(network.rpc_url)


def _sender(actx: AgoraContext) -> str:
    from tui.cli.account import open_wallet

    return open_wallet(actx).resolve(actx.overrides.account).address


@round_group.command("open")
@click.option("--pot", "pot_eth", required=True, help="The pot, in ETH or in --token units.")
@click.option("--token", default="", help="An ERC-20 pot: the token's address or known symbol.")
@click.option("--symbol", "typed_symbol", default="", help="Repeat an unknown token's symbol.")
@click.option("--scope", "scope_file", required=True, type=click.Path(path_type=Path))
@click.option(
    "--evaluator", "evaluators", multiple=True, required=True, metavar="ADDRESS|NAME|LABEL"
)
@click.option("--quorum", type=int, required=True, help="Evaluators that must back a target.")
@click.option("--allocate-for", required=True, metavar="DURATION", help="e.g. 3d")
@click.option("--claim-for", default="7d", show_default=True, metavar="DURATION")
@_common
@click.pass_context
def open_cmd(
    ctx: click.Context,
    pot_eth: str,
    token: str,
    typed_symbol: str,
    scope_file: Path,
    evaluators: tuple[str, ...],
    quorum: int,
    allocate_for: str,
    claim_for: str,
    **opts: Any,
) -> None:
    """Open a round: a pot shared by evaluators among work that already exists."""
    from tui.core.actions import parse_eth
    from tui.core.filters.rules import parse_duration
    from tui.core.rounds.prepare import open_intent

    scope = _read_scope(scope_file)
    window, claims = parse_duration(allocate_for), parse_duration(claim_for)
    if token:
        _open_token_round(ctx, token, pot_eth, typed_symbol, scope, evaluators, quorum,
                          window, claims, opts)  # fmt: skip
        return
    pot = parse_eth(pot_eth)

    def make(actx: AgoraContext) -> Any:
        _network, rpc = _chain(actx)
        try:
            return open_intent(
                rpc, actx.content, pot=pot, scope=scope, evaluators=[_evaluator(actx, e, opts["as_json"]) for e in evaluators],
                quorum=quorum, allocate_for=window, claim_for=claims,
            )  # fmt: skip
        finally:
            rpc.close()

    run_write(ctx, make, **opts)


def _open_token_round(
    ctx: click.Context, token: str, amount: str, typed_symbol: str, scope: Any,
    evaluators: tuple[str, ...], quorum: int, window: int, claims: int, opts: dict[str, Any],
) -> None:  # fmt: skip
    """Approve exactly the pot, then open: each step confirmed in turn (run_write_steps)."""
    from tui.cli.write import run_write_steps
    from tui.core.rounds.token_pot import TokenPotPlanner

    planner: TokenPotPlanner | None = None

    def next_step(actx: AgoraContext, pipeline: Any, sender: str) -> Any:
        nonlocal planner
        if planner is None:
            planner = TokenPotPlanner(
                token=token, amount=amount, typed_symbol=typed_symbol, scope=scope,
                evaluators=[_evaluator(actx, e, opts["as_json"]) for e in evaluators], quorum=quorum,
                allocate_for=window, claim_for=claims,
            )  # fmt: skip
        return planner(pipeline.rpc, pipeline.network, sender, actx.content)

    run_write_steps(ctx, next_step, **opts)


def _author_conn(actx: AgoraContext, network: Any) -> Any:
    try:
        from tui.core.index.service import open_index

        return open_index(actx, network=network)
    except Exception:
        return None


@round_group.command("allocate")
@click.argument("round_id", type=ID)
@click.argument("kind", type=TARGET_KINDS)
@click.argument("target", type=ID)
@click.argument("amount_eth")
@click.option("--reason", default="", help="Why (published with the allocation).")
@_common
@click.pass_context
def allocate_cmd(
    ctx: click.Context, round_id: int, kind: str, target: int, amount_eth: str, reason: str,
    **opts: Any,
) -> None:  # fmt: skip
    """Set your allocation to a post or article in a round (0 withdraws it)."""
    from tui.core.actions import parse_eth
    from tui.core.rounds.model import kind_code
    from tui.core.rounds.prepare import allocate_intent

    amount = parse_eth(amount_eth)

    def make(actx: AgoraContext) -> Any:
        network, rpc = _chain(actx)
        index = _author_conn(actx, network)
        try:
            return allocate_intent(
                rpc, network, actx.content, sender=_sender(actx), round_id=round_id, kind=kind_code(kind),
                target=target, amount=amount, reason=reason,
                conn=index.conn if index is not None else None,
            )  # fmt: skip
        finally:
            rpc.close()
            if index is not None:
                index.close()

    run_write(ctx, make, **opts)


@round_group.command("claim")
@click.argument("round_id", type=ID)
@click.argument("kind", type=TARGET_KINDS)
@click.argument("target", type=ID)
@_common
@click.pass_context
def claim_cmd(ctx: click.Context, round_id: int, kind: str, target: int, **opts: Any) -> None:
    """Claim a post's or article's award (as its author, or the article token's holder)."""
    from tui.core.rounds.model import kind_code
    from tui.core.rounds.prepare import claim_intent

    def make(actx: AgoraContext) -> Any:
        network, rpc = _chain(actx)
        try:
            return claim_intent(
                rpc, network, sender=_sender(actx), round_id=round_id, kind=kind_code(kind),
                target=target,
            )  # fmt: skip
        finally:
            rpc.close()

    run_write(ctx, make, **opts)


@round_group.command("reclaim")
@click.argument("round_id", type=ID)
@_common
@click.pass_context
def reclaim_cmd(ctx: click.Context, round_id: int, **opts: Any) -> None:
    """After the claim window, send what was not paid back to the round's funder."""
    from tui.core.rounds.prepare import reclaim_intent

    def make(actx: AgoraContext) -> Any:
        network, rpc = _chain(actx)
        try:
            return reclaim_intent(rpc, network, round_id=round_id)
        finally:
            rpc.close()

    run_write(ctx, make, **opts)


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(round_group)
