"""Putting ENS on a devnet: ENS's own bytecode, deployed from a key of its own.

The registry, public resolver, reverse registrar and a first-in-first-served ``.eth`` registrar
are deployed from anvil's development key 9, which Agora uses for nothing else: starting at its
nonce 0, the four addresses are the same on every fresh devnet whatever Agora deploys first.
The registry's root then hands ``eth`` to the FIFS registrar and ``addr.reverse`` to the
reverse registrar, as on mainnet.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.ens import contracts as c
from tui.core.ens.normalize import ZERO_NODE, labelhash, namehash

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


def deploy_ens(rpc: RpcClient, key: str = ENS_DEPLOYER_KEY) -> EnsDeployment:
    """Deploy and wire ENS on ``rpc``'s chain (seven transactions, about a second on anvil)."""
    registry = deploy_code(rpc, key, c.initcode("ENSRegistry", [], []))
    resolver = deploy_code(rpc, key, c.initcode("PublicResolver", ["address"], [registry]))
    reverse = deploy_code(
        rpc, key, c.initcode("ReverseRegistrar", ["address", "address"], [registry, resolver])
    )
    registrar = deploy_code(
        rpc,
        key,
        c.initcode("FIFSRegistrar", ["address", "bytes32"], [registry, namehash("eth")]),
    )
    from eth_account import Account

    deployer = Account.from_key(key).address
    steps = [
        (ZERO_NODE, labelhash("reverse"), deployer),
        (namehash("reverse"), labelhash("addr"), reverse),
        (ZERO_NODE, labelhash("eth"), registrar),
    ]
    for node, label, owner in steps:
        send_transaction(rpc, key, registry, c.encode("setSubnodeOwner", node, label, owner))
    return EnsDeployment(registry, resolver, reverse, registrar)
