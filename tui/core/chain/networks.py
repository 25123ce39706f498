"""Which chain Agora talks to: the active network, checked against the node, or a new deployment.

``resolve_network(ctx)`` is the one door every front end uses: for ``devnet`` it brings the
embedded anvil up (starting, deploying and seeding it when needed); for any other name it
reads the settings. Either way the node must answer ``eth_chainId`` with the expected chain,
so a typo in an RPC URL or a node on another chain is a clear ChainError, never a signature
for the wrong chain. ``deploy_network`` deploys the contracts to any chain with the user's
signer and records the result as a network in the settings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from tui.core.chain.devnet_record import devnet_network as devnet_network
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.config.settings import DEVNET, Network, load_settings
from tui.core.errors import ChainError, ConfigError, DevnetStopped
from tui.core.text import clean_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.core.chain.deploy import Deployment
    from tui.core.context import AgoraContext

GAS_MARGIN = 1.25
DEFAULT_PRIORITY_FEE = 1_000_000_000
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class SignedLike(Protocol):
    @property
    def raw(self) -> bytes: ...
    @property
    def hash(self) -> str: ...


class TxSigner(Protocol):
    """What deploying needs from a key: its address and EIP-1559 signing (the wallet's Signer)."""

    @property
    def address(self) -> str: ...

    def sign(self, tx: dict[str, Any]) -> SignedLike: ...


def check_chain(rpc: RpcClient, expected: int, name: str = "") -> int:
    """Ask the node for its chain id; raise ChainError when unreachable or on another chain."""
    try:
        actual = rpc.chain_id()
    except RpcError as exc:
        raise ChainError(
            f"The node at {rpc.url} did not answer eth_chainId: {exc.rpc_message}"
        ) from None
    except (TypeError, ValueError):
        raise ChainError(f"The node at {rpc.url} sent a malformed chain id.") from None
    if expected and actual != expected:
        label = f" for network {name!r}" if name else ""
        raise ChainError(
            f"wrong chain: expected {expected}{label}, node says {actual} ({rpc.url}).",
            hint="Check the network's rpc_url and chain_id in the settings (agora config show).",
        )
    return actual


def resolve_network(ctx: AgoraContext, *, start_devnet: bool = True) -> Network:
    """The active network, validated against its node.

    ``ctx.network_name`` picks it; ``ctx.overrides.rpc_url`` replaces its URL. For ``devnet``
    (unless the settings define a network of that name) the embedded anvil is brought up when
    ``start_devnet``; otherwise a devnet that is not running is a DevnetError.

    Raises:
        ConfigError: no such network, or it has no contracts.
        ChainError: the node is unreachable or on another chain.
        DevnetError: the devnet cannot start (anvil missing…) or is not running.
    """
    name = ctx.network_name
    network = ctx.settings.networks.get(name)
    if network is None and name == DEVNET:
        network = _devnet(ctx, start=start_devnet and not ctx.overrides.rpc_url)
    if network is None:
        known = ", ".join(sorted({DEVNET, *ctx.settings.networks})) or DEVNET
        raise ConfigError(
            f"No network named {clean_line(name, 60)!r}.",
            hint=f"Known networks: {known}. Add one with `agora deploy` or in the settings file.",
        )
    if ctx.overrides.rpc_url:
        network = replace(network, rpc_url=ctx.overrides.rpc_url)
    if not (network.social and network.articles):
        raise ConfigError(
            f"Network {name!r} has no Agora contracts yet.",
            hint=f"Deploy them with `agora deploy --rpc-url {network.rpc_url} --name {name}`.",
        )
    with RpcClient(network.rpc_url) as rpc:
        check_chain(rpc, network.chain_id, name)
    return network


def stopped_devnet(ctx: AgoraContext) -> Network | None:
    """The embedded devnet's Network when the user stopped it (``agora devnet down`` leaves no
    pid in its record), else None. Agora starts a devnet never set up, or one whose anvil died
    (a reboot), by itself, but never one the user stopped."""
    if ctx.network_name != DEVNET or DEVNET in ctx.settings.networks or ctx.overrides.rpc_url:
        return None
    from tui.core.chain.devnet import Devnet

    record = Devnet(ctx.home).read_record()
    if record is None or record.pid or not (record.social and record.articles):
        return None
    return devnet_network(record)


def _devnet(ctx: AgoraContext, *, start: bool) -> Network:
    from tui.core.chain.devnet import Devnet

    devnet = Devnet(ctx.home, ctx.content)
    if start:
        return devnet_network(devnet.up().record)
    record = devnet.read_record()
    if record is None or not (record.social and record.articles):
        raise DevnetStopped(
            "The devnet has not been set up yet.", hint="Start it with `agora devnet up`."
        )
    if not ctx.overrides.rpc_url and not devnet.is_running(record):
        raise DevnetStopped("The devnet is not running.", hint="Start it with `agora devnet up`.")
    return devnet_network(record)


# --- deploying to another chain ---------------------------------------------------------------


def _fees(rpc: RpcClient) -> tuple[int, int]:
    try:
        tip = int(rpc.call("eth_maxPriorityFeePerGas"), 16)
    except (RpcError, TypeError, ValueError):
        tip = DEFAULT_PRIORITY_FEE
    block = rpc.get_block("latest") or {}
    base = block.get("baseFeePerGas")
    if base is None:
        return int(rpc.call("eth_gasPrice"), 16) * 2, tip
    return 2 * int(str(base), 16) + tip, tip


def deploy_with_signer(
    rpc: RpcClient, signer: TxSigner, *, progress: Callable[[str], None] | None = None
) -> Deployment:
    """Deploy Social and Articles from ``signer``'s account and wait for both receipts.

    Raises:
        ChainError: the node refuses a transaction, a creation reverts or is not mined in time.
    """
    from tui.core.chain.abi import bytecode, revert_reason, to_checksum

    say = progress or (lambda _msg: None)
    chain_id = check_chain(rpc, 0)
    nonce = rpc.nonce(signer.address)
    max_fee, tip = _fees(rpc)
    hashes: list[tuple[str, str]] = []
    for offset, name in enumerate(("Social", "Articles")):
        data = bytecode(name)
        try:
            estimate = int(
                rpc.call("eth_estimateGas", [{"from": signer.address, "data": data}]), 16
            )
        except RpcError as exc:
            reason = revert_reason(exc) or exc.rpc_message
            raise ChainError(f"Deploying {name} would fail: {reason}") from None
        signed = signer.sign(
            {
                "type": 2,
                "chainId": chain_id,
                "nonce": nonce + offset,
                "data": data,
                "value": 0,
                "gas": int(estimate * GAS_MARGIN),
                "maxFeePerGas": max_fee,
                "maxPriorityFeePerGas": tip,
            }
        )
        say(f"Deploying {name}…")
        try:
            rpc.call("eth_sendRawTransaction", ["0x" + bytes(signed.raw).hex()])
        except RpcError as exc:
            raise ChainError(f"Deploying {name} was refused: {exc.rpc_message}") from None
        hashes.append((name, signed.hash))
    addresses: list[str] = []
    blocks: list[int] = []
    for name, tx_hash in hashes:
        from tui.core.chain.deploy import wait_for_receipt

        receipt = wait_for_receipt(rpc, tx_hash, what=f"Deploying {name}")
        if int(str(receipt.get("status", "0x0")), 16) != 1 or not receipt.get("contractAddress"):
            raise ChainError(f"Deploying {name} failed on chain (transaction {tx_hash}).")
        addresses.append(to_checksum(str(receipt["contractAddress"])))
        blocks.append(int(str(receipt["blockNumber"]), 16))
    from tui.core.chain.deploy import Deployment
    from tui.core.chain.extensions import SignerDeployer, deploy_extensions

    deployment = Deployment(
        social=addresses[0], articles=addresses[1], block=min(blocks), chain_id=chain_id
    )
    say("Deploying the extensions' contracts…")
    return deploy_extensions(rpc, deployment, SignerDeployer(rpc, signer))


def deploy_network(
    ctx: AgoraContext,
    rpc_url: str,
    signer: TxSigner,
    *,
    name: str = "",
    activate: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Network:
    """Deploy the contracts to the chain at ``rpc_url`` and record it as network ``name``.

    The name defaults to ``chain-<id>``. An existing network of that name is replaced only
    when it is on the same chain (redeploying); ``devnet`` is reserved for the embedded node.

    Raises:
        ConfigError: invalid or reserved name, or the name is taken by another chain.
        ChainError: the node is unreachable or the deployment fails.
    """
    if name and (name == DEVNET or not _NAME.match(name)):
        raise ConfigError(
            f"Network name {clean_line(name, 60)!r} is reserved or invalid.",
            hint="Use letters, digits, - or _ (and not 'devnet', the embedded node's name).",
        )
    with RpcClient(rpc_url, timeout=30.0) as rpc:
        chain_id = check_chain(rpc, 0)
        name = name or f"chain-{chain_id}"
        settings = load_settings(ctx.config_path)
        existing = settings.networks.get(name)
        if existing is not None and existing.chain_id != chain_id:
            raise ConfigError(
                f"Network {name!r} already exists on chain {existing.chain_id}; "
                f"this node is chain {chain_id}.",
                hint="Pick another --name.",
            )
        deployment = deploy_with_signer(rpc, signer, progress=progress)
    network = Network(
        name=name,
        rpc_url=rpc_url,
        chain_id=deployment.chain_id,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )
    if existing is not None:  # keep the user's gateways, ws_url, kubo_rpc…
        network = replace(
            existing,
            rpc_url=rpc_url,
            social=deployment.social,
            articles=deployment.articles,
            deploy_block=deployment.block,
            contracts=dict(deployment.contracts),
        )
    network.validate()
    from tui.core.config.edit import update_settings

    # Only this network's table (and the active name) change; the rest stays as the user wrote it.
    ctx.settings = update_settings(
        ctx.config_path, {"network": name} if activate else {}, [network]
    )
    return network
