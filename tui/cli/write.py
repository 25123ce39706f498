"""CLI commands that write: post, repost, tip, follow, unfollow, profile set, article publish|collect.

Each builds an intent, shows the confirmation (``--dry-run`` stops there), asks on a TTY unless
``--yes`` (no TTY and no ``--yes`` is a RejectedError), then signs, persists and broadcasts
through the outbox and waits for the receipt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from tui.cli.account import open_wallet, passphrase_file_option, signer_for
from tui.cli.output import emit
from tui.cli.shared import ID, global_options, json_option, state
from tui.core.actions import (
    CollectIntent,
    FollowIntent,
    Intent,
    PostIntent,
    ProfileIntent,
    PublishIntent,
    RepostIntent,
    TipIntent,
    TxPipeline,
    UnfollowIntent,
    parse_eth,
)
from tui.core.actions.outbox import OutboxEntry
from tui.core.actions.pipeline import Prepared
from tui.core.config.settings import DEVNET, Network
from tui.core.context import AgoraContext
from tui.core.errors import ConfigError, DevnetStopped, RejectedError, UsageError

WAIT_SECONDS = 120.0


def resolve_network(
    ctx: AgoraContext, *, start: bool = True, check: bool = False
) -> Network | None:
    """The network to write to: ``tui.core.chain.networks.resolve_network`` when available
    (it starts the devnet), else the settings' network, but never a devnet the user stopped
    (DevnetStopped). With ``start=False`` a devnet that is not running gives None instead of
    being started. ``check=True`` also asks a settings network's node for its chain id
    (ChainError on another chain), for commands that read the chain directly: writes are
    checked by the pipeline before signing, but a read would show another chain's answers.
    """
    if not start and ctx.network_name == DEVNET and DEVNET not in ctx.settings.networks:
        from tui.core.chain.devnet import Devnet

        devnet = Devnet(ctx.home)
        record = devnet.read_record()
        if record is None or not devnet.is_running(record):
            return None
        return Network(
            name=DEVNET, rpc_url=record.rpc_url, chain_id=record.chain_id,
            social=record.social, articles=record.articles, deploy_block=record.deploy_block,
        )  # fmt: skip
    from tui.core.chain.networks import stopped_devnet

    if start and stopped_devnet(ctx) is not None:
        raise DevnetStopped(
            "The devnet is stopped (agora devnet down): nothing was sent.",
            hint="Start it with `agora devnet up`, then run the command again.",
        )
    network = ctx.settings.networks.get(ctx.network_name)
    if network is None:
        try:
            from tui.core.chain.networks import resolve_network as core_resolve
        except ImportError:
            raise ConfigError(f"No network named {ctx.network_name!r} in the settings.") from None
        return core_resolve(ctx)
    if ctx.overrides.rpc_url:
        network = replace(network, rpc_url=ctx.overrides.rpc_url)
    if check:
        from tui.core.chain.networks import check_chain
        from tui.core.chain.rpc import RpcClient

        with RpcClient(network.rpc_url) as rpc:
            check_chain(rpc, network.chain_id, network.name)
    return network


def open_pipeline(ctx: AgoraContext) -> TxPipeline:
    # Checked first: a write's steps read the chain (a token, an attestation) before signing.
    network = resolve_network(ctx, check=True)
    assert network is not None
    return TxPipeline(
        ctx.home, network, ctx.rpc(network.rpc_url), ctx.content,
        max_fee_eth=ctx.settings.max_fee_eth,
    )  # fmt: skip


def _human_result(data: dict[str, Any]) -> str:
    if "confirmation" in data and "transaction" not in data:
        return "\n".join(data["lines"]) + "\n(dry run: nothing was signed)"
    tx = data["transaction"]
    status = tx["status"]
    if status == "confirmed":
        done = f"Confirmed in block {tx['block']}: {tx['hash']}"
        return f"{done}\n{data['message']}" if data.get("message") else done
    if status == "failed":
        return f"Failed in block {tx['block']}: {tx.get('error') or 'reverted'} ({tx['hash']})"
    return f"{status.capitalize()}: {tx['hash']}" + (
        " (still pending; see `agora tx list`)" if status == "pending" else ""
    )


def run_write(
    ctx: click.Context,
    make_intent: Callable[[AgoraContext], Intent],
    *,
    dry_run: bool,
    yes: bool,
    as_json: bool,
    passphrase_file: Path | None,
    wait: bool = True,
    result: Callable[[TxPipeline, OutboxEntry], dict[str, Any]] | None = None,
) -> None:
    """The one flow every write command shares (``result``: see ``run_write_steps``)."""

    def only(actx: AgoraContext, _pipeline: TxPipeline, _sender: str) -> Step:
        return make_intent(actx), True

    run_write_steps(
        ctx, only, dry_run=dry_run, yes=yes, as_json=as_json,
        passphrase_file=passphrase_file, wait=wait, result=result,
    )  # fmt: skip


Step = tuple[Intent, bool]
"""The next transaction of an action and whether it is the last one."""


def run_write_steps(
    ctx: click.Context,
    next_step: Callable[[AgoraContext, TxPipeline, str], Step],
    *,
    dry_run: bool,
    yes: bool,
    as_json: bool,
    passphrase_file: Path | None,
    wait: bool = True,
    max_steps: int = 4,
    result: Callable[[TxPipeline, OutboxEntry], dict[str, Any]] | None = None,
) -> None:
    """An action of one or more transactions (approve, then tip), each confirmed in turn.

    ``next_step`` is asked again after each confirmed transaction, so every step is planned
    from the chain as it is then (an allowance another client changed is seen). ``--dry-run``
    shows the first step only; a step that fails stops the action. ``result`` adds what the
    last confirmed transaction created (a new id) to the output; its ``"message"`` line is
    printed after the receipt.
    """
    actx = state(ctx).context()
    wallet = open_wallet(actx)
    sender = wallet.resolve(actx.overrides.account).address
    pipeline = open_pipeline(actx)
    signer = None
    steps: list[dict[str, Any]] = []
    try:
        for _ in range(max_steps):
            intent, last = next_step(actx, pipeline, sender)
            prepared = pipeline.prepare(intent, sender)
            conf = prepared.confirmation
            if dry_run:
                data: dict[str, Any] = {"confirmation": conf.to_json(), "tx": _tx_json(prepared)}
                data["lines"] = conf.lines() + ([] if last else [_MORE])
                emit(data, as_json, _human_result)
                return
            _confirm(conf.lines(), yes, as_json)
            from tui.cli.names import recheck_named

            recheck_named(actx, pipeline.network, pipeline.rpc)  # a name moved: nothing signed
            if signer is None:
                signer = signer_for(actx, wallet, passphrase_file)
            entry = pipeline.submit(prepared, signer, _progress(as_json))
            if wait or not last:
                entry = pipeline.wait(entry.hash, timeout=WAIT_SECONDS)
                entry = pipeline.outcome(entry.hash)
                if entry.block:  # mined: on the devnet, save the chain so a killed anvil keeps it
                    from tui.core.chain.devnet import checkpoint_after_write

                    checkpoint_after_write(actx.home, pipeline.network.rpc_url)
            data = {"confirmation": conf.to_json(), "transaction": entry.to_json()}
            if steps or not last:
                steps.append(dict(data))
                data["steps"] = list(steps)
            if last and entry.status == "confirmed":
                data["indexed"] = index_own_event(actx, pipeline.network, entry, as_json)
                if result is not None:
                    data.update(result(pipeline, entry))
            if last or entry.status != "confirmed":
                emit(data, as_json, _human_result)
                return
            if not as_json:
                click.echo(_human_result(data), err=True)
        raise UsageError(f"The action needed more than {max_steps} transactions; it stopped.")
    finally:
        pipeline.rpc.close()


_MORE = "(then more transactions follow, each confirmed in turn)"


def index_own_event(
    actx: AgoraContext, network: Network, entry: OutboxEntry, as_json: bool
) -> bool:
    """Index the blocks up to the confirmed transaction, so the next read shows it even offline.

    Returns whether the index reached the transaction's block (stderr says so when not).
    """
    from tui.cli.catchup import WRITE_BUDGET, catch_up, report
    from tui.core.index.service import index_path

    outcome = catch_up(network, index_path(actx.home, network), actx.content, WRITE_BUDGET)
    block = entry.block or 0
    if outcome.indexed_block >= block and outcome.state in ("current", "behind"):
        return True
    report(outcome, as_json)
    return False


def _tx_json(prepared: Prepared) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, int) else v for k, v in prepared.tx.items()}


def _confirm(lines: list[str], yes: bool, as_json: bool) -> None:
    if yes:
        return
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise RejectedError(
            "This write needs confirmation and there is no terminal to ask on.",
            hint="Check it with --dry-run, then pass --yes.",
        )
    click.echo("\n".join(lines), err=as_json)
    if not click.confirm("Sign and send?", err=as_json):
        raise RejectedError("Nothing was signed.")


def _progress(as_json: bool) -> Callable[[str, OutboxEntry | None], None]:
    def say(stage: str, entry: OutboxEntry | None) -> None:
        if as_json:
            return
        if stage == "signing":
            click.echo("Signing…", err=True)
        elif stage == "sent" and entry is not None:
            click.echo(f"Sent {entry.hash} (nonce {entry.nonce}); waiting for a block…", err=True)

    return say


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in (
        global_options,
        json_option,
        passphrase_file_option,
        click.option("--yes", is_flag=True, help="Sign without asking."),
        click.option("--dry-run", is_flag=True, help="Simulate and show what would be sent."),
    ):
        func = option(func)
    return func


def _read_text(text: str) -> str:
    return sys.stdin.read() if text == "-" else text


@click.command("post")
@click.argument("text")
@click.option("--reply-to", type=ID, default=0, help="Reply to this post id.")
@click.option("--cw", default="", help="Content warning shown before the text.")
@click.option(
    "--attach",
    "attach",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Attach an image (PNG, JPEG, GIF, WebP; at most 256 KiB). Repeat for up to 4.",
)
@click.option(
    "--alt",
    "alts",
    multiple=True,
    help="Alt text of the image attached at the same position (repeat with each --attach).",
)
@_common
@click.pass_context
def post(
    ctx: click.Context,
    text: str,
    reply_to: int,
    cw: str,
    attach: tuple[Path, ...],
    alts: tuple[str, ...],
    **opts: Any,
) -> None:
    """Publish a post (TEXT, or - to read it from stdin), with images given by --attach."""
    from tui.cli.attach import attached

    body = _read_text(text)

    def intent(actx: AgoraContext) -> PostIntent:
        images = attached(actx, attach, alts)
        return PostIntent(body, reply_to=reply_to, content_warning=cw, attachments=images)

    run_write(ctx, intent, **opts)


@click.command("repost")
@click.argument("post_id", type=ID)
@_common
@click.pass_context
def repost(ctx: click.Context, post_id: int, **opts: Any) -> None:
    """Repost post ID to your followers."""
    run_write(ctx, lambda _c: RepostIntent(post_id), **opts)


@click.command("tip")
@click.argument("post_id", type=ID)
@click.argument("amount")
@click.option(
    "--token",
    default="",
    metavar="ADDRESS|SYMBOL",
    help="Tip in this ERC-20 instead of ETH: its address, or the symbol of a token Agora knows.",
)
@click.option(
    "--symbol",
    "typed_symbol",
    default="",
    help="For a token Agora does not know: its symbol, typed back, to show you checked it.",
)
@click.option(
    "--no-permit",
    is_flag=True,
    help="Approve, then tip, even when the token takes an EIP-2612 permit.",
)
@_common
@click.pass_context
def tip(
    ctx: click.Context,
    post_id: int,
    amount: str,
    token: str,
    typed_symbol: str,
    no_permit: bool,
    **opts: Any,
) -> None:
    """Tip the author of post ID: AMOUNT of ETH (e.g. 0.001), or of the --token.

    A token tip signs a permit for exactly AMOUNT when the token takes EIP-2612 permits (one
    transaction; the permit is signed after you confirm, never on --dry-run). Otherwise, or
    with --no-permit, it approves exactly AMOUNT for Agora's TokenTips contract, then tips: two
    transactions, each confirmed (three when an old allowance must be reset to 0 first).
    """
    if not token:
        wei = parse_eth(amount)
        run_write(ctx, lambda _c: TipIntent(post_id, wei), **opts)
        return
    from tui.cli.tokens import token_tip_steps

    steps = token_tip_steps(post_id, amount, token, typed_symbol, permit=not no_permit)
    run_write_steps(ctx, steps, **opts)


@click.command("follow")
@click.argument("address")
@_common
@click.pass_context
def follow(ctx: click.Context, address: str, **opts: Any) -> None:
    """Follow ADDRESS (or an ENS name)."""
    from tui.cli.names import account_arg

    run_write(ctx, lambda c: FollowIntent(account_arg(c, address, as_json=opts["as_json"])), **opts)


@click.command("unfollow")
@click.argument("address")
@_common
@click.pass_context
def unfollow(ctx: click.Context, address: str, **opts: Any) -> None:
    """Stop following ADDRESS (or an ENS name)."""
    from tui.cli.names import account_arg

    run_write(
        ctx, lambda c: UnfollowIntent(account_arg(c, address, as_json=opts["as_json"])), **opts
    )


@click.command("set")
@click.option("--name", required=True, help="Display name.")
@click.option("--bio", default="", help="A short bio.")
@click.option("--avatar", default="", help="ipfs://<cid> or eip155:<chain>/erc721:<contract>/<id>.")
@click.option("--link", "links", multiple=True, help="A https link (repeatable).")
@_common
@click.pass_context
def profile_set(
    ctx: click.Context, name: str, bio: str, avatar: str, links: tuple[str, ...], **opts: Any
) -> None:
    """Set your public profile."""
    from tui.core.messages.service import keep_message_key

    profile = ProfileIntent(name, bio, avatar, tuple(links))
    run_write(ctx, lambda actx: keep_message_key(actx, profile), **opts)


@click.command("publish")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True)
@click.option("--summary", default="")
@click.option("--price", "price_eth", default="0", help="Price of one edition in ETH.")
@click.option(
    "--editions",
    type=click.IntRange(0, 2**256 - 1),
    default=0,
    help="How many editions can be collected.",
)
@_common
@click.pass_context
def article_publish(
    ctx: click.Context, file: Path, title: str, summary: str, price_eth: str, editions: int,
    **opts: Any,
) -> None:  # fmt: skip
    """Publish FILE.md as an article NFT (optionally sold as editions)."""
    try:
        body = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read {file}: {exc}") from None
    price = parse_eth(price_eth)
    run_write(ctx, lambda _c: PublishIntent(title, body, summary, price, editions), **opts)


@click.command("collect")
@click.argument("article_id", type=ID)
@click.option(
    "--price", "price_eth", default=None, help="Expected price in ETH (default: read it)."
)
@_common
@click.pass_context
def article_collect(
    ctx: click.Context, article_id: int, price_eth: str | None, **opts: Any
) -> None:
    """Collect an edition of article ID (pays its price)."""

    def make(actx: AgoraContext) -> Intent:
        if price_eth is not None:
            return CollectIntent(article_id, parse_eth(price_eth))
        return CollectIntent(article_id, _article_price(actx, article_id))

    run_write(ctx, make, **opts)


def _article_price(actx: AgoraContext, article_id: int) -> int:
    """The on-chain price of an article's editions (so the user does not have to type it)."""
    from tui.core.chain.abi import decode_result, encode_call

    network = resolve_network(actx)
    assert network is not None
    rpc = actx.rpc(network.rpc_url)
    try:
        for fn in ("priceOf", "price"):
            try:
                out = rpc.eth_call(network.articles, encode_call("Articles", fn, [article_id]))
                return int(decode_result("Articles", fn, out)[0])
            except Exception:
                continue
    finally:
        rpc.close()
    raise UsageError("Could not read the article's price.", hint="Pass --price ETH.")


def _subgroup(group: click.Group, name: str, help_text: str) -> click.Group:
    existing = group.commands.get(name)
    if isinstance(existing, click.Group):
        return existing
    if existing is not None:
        raise RuntimeError(f"`agora {name}` is already a command; cannot add sub-commands")
    sub = click.Group(name, help=help_text)
    group.add_command(sub)
    return sub


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    for command in (post, repost, tip, follow, unfollow):
        group.add_command(command)
    _subgroup(group, "profile", "Profiles.").add_command(profile_set)
    article = _subgroup(group, "article", "Articles (long-form posts minted as NFTs).")
    article.add_command(article_publish)
    article.add_command(article_collect)
