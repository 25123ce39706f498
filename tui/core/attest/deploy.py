"""EAS on a chain: find it or place it, then register Agora's schemas where absent.

On chains where EAS exists (its published addresses, or the network's settings) only the
schemas are registered. On the devnet the vendored SchemaRegistry and EAS are deployed and,
when the node allows ``anvil_setCode``, moved to the OP Stack predeploy addresses so the devnet
looks like Optimism and Base. Every schema UID is computed locally and checked against what
the registry stores.
"""

from __future__ import annotations

from tui.core.attest import eas
from tui.core.attest.schemas import SCHEMAS
from tui.core.chain.address import to_checksum
from tui.core.chain.extensions import Deployer
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.errors import AgoraError, ChainError

GET_REGISTRY = "getSchemaRegistry()"


def _registry_of(rpc: RpcClient, address: str) -> str:
    """The SchemaRegistry an EAS at ``address`` uses, or "" when no EAS answers there."""
    try:
        if not rpc.get_code(address):
            return ""
        out = rpc.eth_call(address, "0x" + eas.selector(GET_REGISTRY))
    except AgoraError:
        return ""
    body = out[2:] if out.startswith("0x") else out
    if len(body) != 64 or body[:24].strip("0"):
        return ""
    return to_checksum(body[24:])


def _place(rpc: RpcClient, deployed: str, target: str) -> str:
    """Copy ``deployed``'s runtime code to ``target`` (anvil only); the address used."""
    try:
        rpc.call("anvil_setCode", [target, "0x" + rpc.get_code(deployed).hex()])
    except RpcError:
        return deployed  # not anvil: keep the deployed address
    return to_checksum(target)


def deploy_eas(rpc: RpcClient, deployer: Deployer) -> tuple[str, str]:
    """Deploy the vendored SchemaRegistry and EAS; return (registry, eas) addresses.

    On anvil both end at the OP Stack predeploy addresses. EAS keeps the registry address
    as an immutable, so it is created pointing at the registry's final address.
    """
    from eth_abi import encode

    registry = deployer.create(
        eas.artifact("SchemaRegistry")["bytecode"], what="Deploying EAS's SchemaRegistry"
    )
    registry = _place(rpc, registry, eas.OP_STACK_REGISTRY)
    initcode = eas.artifact("EAS")["bytecode"] + encode(["address"], [registry]).hex()
    service = deployer.create(initcode, what="Deploying EAS")
    if registry == to_checksum(eas.OP_STACK_REGISTRY):
        service = _place(rpc, service, eas.OP_STACK_EAS)
    if _registry_of(rpc, service) != registry:
        raise ChainError("The deployed EAS does not answer with its SchemaRegistry.")
    return registry, service


def registered(rpc: RpcClient, registry: str, uid: str) -> str | None:
    """The schema string ``registry`` holds for ``uid`` (None when absent)."""
    from eth_abi import decode

    out = rpc.eth_call(registry, eas.encode(eas.GET_SCHEMA, [bytes.fromhex(uid[2:])]))
    try:
        ((got, _resolver, _revocable, schema),) = decode(
            ["(bytes32,address,bool,string)"], bytes.fromhex(out[2:])
        )
    except Exception:
        raise ChainError("The SchemaRegistry returned malformed data.") from None
    return None if got == bytes(32) else str(schema)


def register_schemas(rpc: RpcClient, deployer: Deployer, registry: str) -> list[str]:
    """Register Agora's schemas that ``registry`` lacks; return the UIDs registered now.

    Raises ChainError when a UID holds another schema than ours (it cannot: the UID is a hash
    of the schema, so that registry is not a SchemaRegistry).
    """
    added = []
    for uid, schema in SCHEMAS.items():
        if eas.schema_uid(schema) != uid:  # pragma: no cover - a constant changed by hand
            raise ChainError(f"Schema UID mismatch for {schema!r}.")
        found = registered(rpc, registry, uid)
        if found is None:
            deployer.send(registry, eas.register_data(schema), what="Registering an EAS schema")
            found = registered(rpc, registry, uid)
            added.append(uid)
        if found != schema:
            raise ChainError(f"The SchemaRegistry holds {uid} as another schema.")
    return added


def published(chain_id: int) -> str:
    """EAS's published address on ``chain_id`` (from the vendored package), or ""."""
    import json
    from importlib import resources

    meta = json.loads((resources.files("tui.contracts.eas") / "VENDORED.json").read_text())
    chains = {1: "mainnet", 10: "optimism", 8453: "base", 11155111: "sepolia",
              11155420: "optimism-sepolia", 84532: "base-sepolia"}  # fmt: skip
    name = chains.get(chain_id, "")
    return str(meta["deployments"].get(name, {}).get("EAS", "")) if name else ""


def ensure_eas(
    rpc: RpcClient, deployer: Deployer, *, known: str = "", devnet: bool = True
) -> dict[str, str]:
    """EAS with Agora's schemas on ``rpc``'s chain: ``{"eas": …, "schema_registry": …}``.

    Uses ``known`` (an EAS address from the settings), the published address for the chain
    or the OP Stack predeploy when an EAS answers there; deploys the vendored one otherwise,
    on the devnet only (elsewhere endorsements are left out: ``{}``).
    """
    service, registry = "", ""
    for candidate in (known, published(rpc.chain_id()), eas.OP_STACK_EAS):
        if candidate:
            registry = _registry_of(rpc, candidate)
            if registry:
                service = to_checksum(candidate)
                break
    if not service:
        if not devnet:
            return {}
        registry, service = deploy_eas(rpc, deployer)
    register_schemas(rpc, deployer, registry)
    return {"eas": service, "schema_registry": registry}
