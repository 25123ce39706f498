"""Putting ENS on a devnet: ENS's own bytecode, deployed from a key of its own.

The registry, public resolver, reverse registrar and a first-in-first-served ``.eth`` registrar
are deployed from anvil's development key 9, which Agora uses for nothing else: starting at its
nonce 0, the four addresses are the same on every fresh devnet whatever Agora deploys first.
The registry's root then hands ``eth`` to the FIFS registrar and ``addr.reverse`` to the
reverse registrar, as on mainnet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.chain.rpc import RpcClient
from tui.core.ens import contracts as c
from tui.core.ens.normalize import ZERO_NODE, labelhash, namehash

if TYPE_CHECKING:
    from tui.core.chain.extensions import Deployer

ENS_DEPLOYER_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"
"""anvil's public development key 9 (funded on every anvil chain); deploys ENS and nothing else."""
MAINNET_REGISTRY = "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e"
"""The ENS registry on mainnet and Sepolia (same address on both)."""

KEYS = {
    "registry": "ens_registry",
    "resolver": "ens_resolver",
    "reverse": "ens_reverse_registrar",
    "registrar": "ens_registrar",
}
"""Deployment/network ``contracts`` keys of the four ENS contracts."""


@dataclass(frozen=True)
class EnsDeployment:
    registry: str
    resolver: str
    reverse: str
    registrar: str

    def to_contracts(self) -> dict[str, str]:
        return {
            KEYS["registry"]: self.registry,
            KEYS["resolver"]: self.resolver,
            KEYS["reverse"]: self.reverse,
            KEYS["registrar"]: self.registrar,
        }

    @classmethod
    def from_contracts(cls, contracts: dict[str, str]) -> EnsDeployment | None:
        """The devnet's ENS from a ``contracts`` table; None when any key is missing."""
        try:
            return cls(
                registry=contracts[KEYS["registry"]],
                resolver=contracts[KEYS["resolver"]],
                reverse=contracts[KEYS["reverse"]],
                registrar=contracts[KEYS["registrar"]],
            )
        except KeyError:
            return None


def deploy_ens(deployer: Deployer) -> EnsDeployment:
    """Deploy and wire ENS with ``deployer`` (seven transactions, about half a second on anvil)."""
    registry = deployer.create(c.initcode("ENSRegistry", [], []), what="Deploying ENSRegistry")
    resolver = deployer.create(
        c.initcode("PublicResolver", ["address"], [registry]), what="Deploying PublicResolver"
    )
    reverse = deployer.create(
        c.initcode("ReverseRegistrar", ["address", "address"], [registry, resolver]),
        what="Deploying ReverseRegistrar",
    )
    registrar = deployer.create(
        c.initcode("FIFSRegistrar", ["address", "bytes32"], [registry, namehash("eth")]),
        what="Deploying FIFSRegistrar",
    )
    steps = [
        (ZERO_NODE, labelhash("reverse"), deployer.address, "reverse"),
        (namehash("reverse"), labelhash("addr"), reverse, "addr.reverse"),
        (ZERO_NODE, labelhash("eth"), registrar, "eth"),
    ]
    for node, label, owner, name in steps:
        deployer.send(
            registry,
            c.encode("setSubnodeOwner", node, label, owner),
            what=f"Handing {name} to its registrar",
        )
    return EnsDeployment(registry, resolver, reverse, registrar)


def deploy_ens_with_key(rpc: RpcClient, key: str = ENS_DEPLOYER_KEY) -> EnsDeployment:
    """``deploy_ens`` from a raw key (the devnet's dedicated ENS key by default)."""
    from tui.core.chain.extensions import KeyDeployer

    return deploy_ens(KeyDeployer(rpc, key))


def universal_for(chain_id: int, contracts: dict[str, str]) -> str | None:
    """The Universal Resolver to use: the ``ens_universal_resolver`` setting, else ENS's own on
    mainnet and Sepolia, else None (the devnet reads the registry directly)."""
    configured = contracts.get("ens_universal_resolver")
    if configured:
        return configured
    if chain_id in (1, 11155111) and not contracts.get(KEYS["registry"]):
        from tui.core.ens.client import UNIVERSAL_RESOLVER

        return UNIVERSAL_RESOLVER
    return None


def registry_for(chain_id: int, contracts: dict[str, str]) -> str | None:
    """The ENS registry of a network: its ``ens_registry`` setting, else ENS's published
    address on mainnet and Sepolia, else None (no names on that network)."""
    configured = contracts.get(KEYS["registry"])
    if configured:
        return configured
    return MAINNET_REGISTRY if chain_id in (1, 11155111) else None
