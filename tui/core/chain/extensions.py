"""Capabilities that bring their own contracts: one registry, so deploy and seed stay generic.

Social and Articles are the base every index holds. Communities, funding rounds, the inbox of
private messages and the third-party standards deployed on the devnet (ENS, EAS) each add
contracts, demo data and events. Each capability describes itself once, as an ``Extension``
in its own package, and is listed by path in ``EXTENSIONS``; the devnet bootstrap, ``agora
deploy`` and the test fixtures deploy and seed whatever is listed, in order, without knowing
any of them. Their events reach the index the same way, through ``tui.core.index.sources``.

Modules are imported by path only when a deployment or a seed runs, so listing a capability
costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from tui.core.errors import ChainError

if TYPE_CHECKING:
    from tui.core.chain.deploy import Deployment
    from tui.core.chain.rpc import RpcClient
    from tui.core.content.store import BlockStore

EXTENSIONS: tuple[str, ...] = (
    "tui.core.tokens.extension:EXTENSION",
    "tui.core.communities.extension:EXTENSION",
    "tui.core.ens.extension:NAMES",
    "tui.core.messages.extension:EXTENSION",
    "tui.core.attest.extension:EXTENSION",  # after communities: its demo acknowledges experts
    "tui.core.rounds.deploy:EXTENSION",
    "tui.core.points.extension:EXTENSION",
    "tui.core.images.extension:EXTENSION",
)
"""``"module:ATTR"`` of each ``Extension``, in deployment order (a capability that needs
another's contract comes after it). One line per capability."""


class Deployer(Protocol):
    """Sends deployment transactions as one account, waiting for each receipt."""

    @property
    def address(self) -> str:
        """The deploying account (checksummed)."""
        ...

    def create(self, initcode: str, *, what: str, value: int = 0) -> str:
        """Deploy ``initcode`` (bytecode + encoded constructor args); return the address."""
        ...

    def send(self, to: str, data: str, *, what: str, value: int = 0) -> dict[str, Any]:
        """Call ``to`` with ``data``; return the successful receipt (ChainError otherwise)."""
        ...


@dataclass(frozen=True)
class DeployContext:
    """What an extension's ``deploy`` gets."""

    rpc: RpcClient
    deployment: Deployment
    """Social, Articles and the contracts of the extensions deployed before this one."""
    deployer: Deployer
    devnet: bool = False
    """True on the embedded devnet: the dev keys are funded and third-party standards (ENS,
    EAS) are deployed from their artifacts; elsewhere an extension finds them at their
    published addresses or leaves its capability out."""


@dataclass(frozen=True)
class SeedContext:
    """What an extension's ``seed`` gets: the devnet after the base demo was played."""

    rpc: RpcClient
    deployment: Deployment
    content: BlockStore
    """Where demo documents go before their transactions are sent, as a real client does."""
    progress: Callable[[str], None] = field(default=lambda _msg: None)


@dataclass(frozen=True)
class Extension:
    """One capability's contracts and demo data."""

    name: str
    deploy: Callable[[DeployContext], dict[str, str]]
    """Deploys (or locates) the contracts; returns their addresses by deployment key."""
    seed: Callable[[SeedContext], None] | None = None
    """Adds the capability's demo data to a freshly seeded devnet."""


def load_extensions(paths: tuple[str, ...] | None = None) -> list[Extension]:
    """Import the listed extensions (``EXTENSIONS`` by default)."""
    from tui.core.lazy import load_listed

    return load_listed(EXTENSIONS if paths is None else paths, Extension)


def deploy_extensions(
    rpc: RpcClient,
    deployment: Deployment,
    deployer: Deployer,
    *,
    devnet: bool = False,
    extensions: list[Extension] | None = None,
) -> Deployment:
    """Deploy every extension after the base contracts; the deployment with their addresses.

    Raises:
        ChainError: a transaction is refused or reverts (the message names the extension).
    """
    from tui.core.chain.address import to_checksum

    for ext in load_extensions() if extensions is None else extensions:
        ctx = DeployContext(rpc=rpc, deployment=deployment, deployer=deployer, devnet=devnet)
        added = ext.deploy(ctx)
        clash = set(added) & (set(deployment.contracts) | {"social", "articles"})
        if clash:
            raise ChainError(f"Extension {ext.name} reuses the contract key(s) {sorted(clash)}.")
        contracts = dict(deployment.contracts)
        contracts.update({key: to_checksum(addr) for key, addr in added.items()})
        deployment = replace(deployment, contracts=contracts)
    return deployment


def seed_extensions(ctx: SeedContext, extensions: list[Extension] | None = None) -> list[str]:
    """Play every extension's demo on the devnet; the names of those that seeded."""
    seeded = []
    for ext in load_extensions() if extensions is None else extensions:
        if ext.seed is not None:
            ctx.progress(f"Seeding the {ext.name} demo…")
            ext.seed(ctx)
            seeded.append(ext.name)
    return seeded


class _SigningDeployer:
    """Signs with a callable, one transaction at a time, each waited for."""

    def __init__(self, rpc: RpcClient, address: str, sign: Callable[[dict[str, Any]], bytes]):
        self._rpc = rpc
        self._address = address
        self._sign = sign

    @property
    def address(self) -> str:
        return self._address

    def _transact(self, to: str | None, data: str, value: int, what: str) -> dict[str, Any]:
        from tui.core.chain.abi import revert_reason, to_checksum
        from tui.core.chain.deploy import _fees, _require_success, wait_for_receipt
        from tui.core.chain.rpc import RpcError

        rpc = self._rpc
        call: dict[str, Any] = {"from": self._address, "data": data, "value": hex(value)}
        if to is not None:
            call["to"] = to
        try:
            gas = int(int(rpc.call("eth_estimateGas", [call]), 16) * 1.25)
        except RpcError as exc:
            raise ChainError(
                f"{what} would fail: {revert_reason(exc) or exc.rpc_message}"
            ) from None
        max_fee, tip = _fees(rpc)
        tx: dict[str, Any] = {
            "type": 2,
            "chainId": rpc.chain_id(),
            "nonce": rpc.nonce(self._address),
            "data": data,
            "value": value,
            "gas": gas,
            "maxFeePerGas": max_fee,
            "maxPriorityFeePerGas": tip,
        }
        if to is not None:
            tx["to"] = to_checksum(to)
        try:
            tx_hash = rpc.call("eth_sendRawTransaction", ["0x" + self._sign(tx).hex()])
        except RpcError as exc:
            raise ChainError(f"{what} was refused: {exc.rpc_message}") from None
        receipt = wait_for_receipt(rpc, str(tx_hash), what=what)
        _require_success(rpc, receipt, what)
        return receipt

    def create(self, initcode: str, *, what: str, value: int = 0) -> str:
        from tui.core.chain.abi import to_checksum

        receipt = self._transact(None, initcode, value, what)
        if not receipt.get("contractAddress"):
            raise ChainError(f"{what}: the receipt has no contract address.")
        return to_checksum(str(receipt["contractAddress"]))

    def send(self, to: str, data: str, *, what: str, value: int = 0) -> dict[str, Any]:
        return self._transact(to, data, value, what)


class KeyDeployer(_SigningDeployer):
    """Deploys with a raw private key: the devnet's deployer and the test fixtures."""

    def __init__(self, rpc: RpcClient, private_key: str) -> None:
        from eth_account import Account

        account = Account.from_key(private_key)

        def sign(tx: dict[str, Any]) -> bytes:
            return bytes(account.sign_transaction(tx).raw_transaction)

        super().__init__(rpc, account.address, sign)


class SignerDeployer(_SigningDeployer):
    """Deploys with a wallet signer (``agora deploy`` on a real chain)."""

    def __init__(self, rpc: RpcClient, signer: Any) -> None:
        super().__init__(rpc, signer.address, lambda tx: bytes(signer.sign(tx).raw))


__all__ = [
    "EXTENSIONS",
    "DeployContext",
    "Deployer",
    "Extension",
    "KeyDeployer",
    "SeedContext",
    "SignerDeployer",
    "deploy_extensions",
    "load_extensions",
    "seed_extensions",
]
