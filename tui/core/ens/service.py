"""Names for one network, as the CLI and the TUI open them: client, cache, deployment, writes.

``open_names(home, network, rpc)`` gives ``None`` on a network without ENS (then addresses are
shown as they are and names are refused with a clear error). Writes become ``CallIntent``s
that go through the ordinary outbox pipeline, one confirmed transaction at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.actions.intents import CallIntent
from tui.core.ens.cache import EnsCache
from tui.core.ens.client import EnsClient
from tui.core.ens.deploy import EnsDeployment, registry_for, universal_for
from tui.core.ens.normalize import looks_like_name
from tui.core.ens.records import Step
from tui.core.errors import ChainError, ConfigError, UsageError

if TYPE_CHECKING:
    from tui.core.chain.rpc import RpcClient
    from tui.core.config.settings import Network


def open_names(
    home: Path, network: Network, rpc: RpcClient, *, offchain: bool = False
) -> EnsClient | None:
    """The network's ENS client with its cache in the network's index database; None when the
    network has no ENS registry."""
    return client_for(network, rpc, cache_home=home, offchain=offchain)


def client_for(
    network: Network, rpc: RpcClient, *, cache_home: Path | None, offchain: bool = False
) -> EnsClient | None:
    """The network's client: through its Universal Resolver when it has one (mainnet,
    Sepolia, or ``contracts.ens_universal_resolver``), else the registry directly; cached in
    the index database when ``cache_home`` is given; None without ENS."""
    contracts = dict(network.contracts)
    universal = universal_for(network.chain_id, contracts)
    registry = registry_for(network.chain_id, contracts)
    if universal is None and registry is None:
        return None
    cache = None
    if cache_home is not None:
        from tui.core.index.service import index_path

        path = index_path(cache_home, network)
        path.parent.mkdir(parents=True, exist_ok=True)
        cache = EnsCache.open(str(path))
    if universal is not None:
        return EnsClient.universal(rpc, universal, cache=cache, offchain=offchain)
    assert registry is not None
    return EnsClient.direct(rpc, registry, cache=cache, offchain=offchain)


def require_names(
    home: Path, network: Network, rpc: RpcClient, *, offchain: bool = False
) -> EnsClient:
    client = open_names(home, network, rpc, offchain=offchain)
    if client is None:
        raise ConfigError(
            f"Network {network.name!r} has no ENS registry, so names cannot be used there.",
            hint="Use a 0x address, or set contracts.ens_registry for this network.",
        )
    return client


def devnet_ens(network: Network) -> EnsDeployment:
    """The devnet's ENS contracts (registering names needs its FIFS registrar)."""
    ens = EnsDeployment.from_contracts(dict(network.contracts))
    if ens is None:
        raise ConfigError(
            f"Network {network.name!r} has no ENS registrar Agora can register names with.",
            hint="Names are registered on the devnet (agora devnet up); elsewhere use the ENS app.",
        )
    return ens


def intent_for(step: Step) -> CallIntent:
    """The step as the outbox pipeline sends it (confirmed, recorded, retryable)."""
    return CallIntent(
        kind=step.kind,
        contract=step.contract,
        function=step.function,
        arg_names=step.arg_names,
        args=step.args,
        summary=step.summary,
    )


@dataclass(frozen=True)
class Target:
    """An account a user named: its address, and the ENS name it was given as (if any)."""

    address: str
    name: str | None = None

    def text(self) -> str:
        """``ada.eth → 0x7099…79C8`` style, with the full address."""
        return f"{self.name} → {self.address}" if self.name else self.address


def resolve_target(text: str, client: EnsClient | None) -> Target:
    """What a user typed where an account is expected: a 0x address or an ENS name.

    A name is resolved fresh (not from the cache): the result is about to be acted on.
    """
    value = text.strip()
    if not looks_like_name(value):
        from tui.core.chain.address import to_checksum

        try:
            return Target(to_checksum(value))
        except ChainError:
            raise UsageError(f"Not an address or an ENS name: {value[:60]!r}") from None
    if client is None:
        raise UsageError(
            f"{value[:60]!r} looks like an ENS name, but this network has no ENS registry.",
            hint="Use the 0x address.",
        )
    address, name = client.resolve_input(value, fresh=True)
    return Target(address, name)


def recheck(target: Target, client: EnsClient | None) -> None:
    """Right before signing: the name must still point where it did when the user confirmed.

    Raises:
        ChainError: the name now resolves elsewhere (or nowhere); nothing must be signed.
    """
    if target.name is None or client is None:
        return
    now = client.address(target.name, fresh=True)
    if now != target.address:
        raise ChainError(
            f"{target.name} changed after you confirmed: it was {target.address} and is now "
            f"{now or 'unset'}. Nothing was signed."
        )


@dataclass(frozen=True)
class NameReport:
    """Everything ``agora name show`` and the profile header say about one account or name."""

    query: str
    address: str | None
    name: str | None
    """The name asked for, or the account's verified primary name."""
    primary: str | None
    """The address's verified primary name."""
    claimed: str | None
    """The reverse record as written, even when it did not verify."""
    verified: bool
    """True when ``name`` and ``address`` point at each other."""
    reason: str
    avatar_record: str | None
    avatar: object | None = None
    """The ``tui.core.ens.avatar.Avatar`` (when asked for)."""

    def to_json(self) -> dict[str, object]:
        from tui.core.ens.avatar import Avatar

        avatar = self.avatar if isinstance(self.avatar, Avatar) else None
        return {
            "query": self.query,
            "address": self.address,
            "name": self.name,
            "primary_name": self.primary,
            "claimed_name": self.claimed,
            "verified": self.verified,
            "reason": self.reason,
            "avatar": {
                "record": self.avatar_record,
                "shown": bool(avatar and avatar.image),
                "nft": bool(avatar and avatar.nft),
                "owner_verified": bool(avatar and avatar.owner_verified),
                "problem": avatar.problem if avatar else "",
            }
            if self.avatar_record
            else None,
        }


def content_getter(home: Path, network: Network):  # type: ignore[no-untyped-def]
    """Verified bytes of a CID: the local store, then the network's gateways (hash-checked)."""
    from tui.core.content.fetch import GatewayFetcher
    from tui.core.content.store import LocalContentStore

    store = LocalContentStore(home / "content")

    def get(cid: str) -> bytes:
        local = store.get(cid)
        if local is not None:
            return local
        with GatewayFetcher(store, list(network.gateways)) as fetcher:
            return fetcher.get(cid)

    return get


def report(
    client: EnsClient,
    query: str,
    *,
    rpc: RpcClient,
    network: Network,
    home: Path,
    with_avatar: bool = True,
) -> NameReport:
    """Look ``query`` (a name or an address) up both ways, and its avatar."""
    from tui.core.ens.normalize import normalize

    if looks_like_name(query):
        name: str | None = normalize(query)
        assert name is not None
        address = client.address(name)
    else:
        target = resolve_target(query, client)
        address, name = target.address, None
    primary = client.primary_name(address) if address else None
    if name is None and primary is not None:
        name = primary.name
    verified = bool(primary and name and primary.name == name)
    reason = ""
    if address is None:
        reason = "the name does not resolve to an address"
    elif not verified:
        reason = (primary.reason if primary else "") or "the address's primary name is another"
    record = client.text(name, "avatar") if name and address else None
    avatar = None
    if record and with_avatar:
        from tui.core.ens.avatar import resolve_avatar

        avatar = resolve_avatar(
            record,
            address,
            rpc=rpc,
            chain_id=network.chain_id,
            get_cid=content_getter(home, network),
        )
    return NameReport(
        query=query,
        address=address,
        name=name,
        primary=primary.name if primary else None,
        claimed=primary.claimed if primary else None,
        verified=verified,
        reason="" if verified else reason,
        avatar_record=record,
        avatar=avatar,
    )


def fresh_primary_name(rpc: RpcClient, network: Network, address: str) -> str:
    """The address's verified primary name read now, without the cache ("" when none, when the
    network has no ENS, or when the lookup fails): what a payment's confirmation shows."""
    client = client_for(network, rpc, cache_home=None)
    if client is None:
        return ""
    try:
        return client.primary_name(address).name or ""
    except (ChainError, UsageError):
        return ""
