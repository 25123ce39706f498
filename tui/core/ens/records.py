"""The transactions that give an account a name, as plain (to, calldata, what) steps.

``agora name register ada`` on the devnet is four transactions from the user's own account:
claim ``ada.eth`` from the FIFS registrar, point it at the public resolver, set its address
(and avatar) records in one ``multicall``, and record ``ada.eth`` as the account's primary name
with the reverse registrar. Each step is built here, without signing; the outbox sends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.chain.rpc import RpcClient
from tui.core.ens import contracts as c
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.normalize import InvalidName, labelhash, namehash, normalize

PARENT = "eth"
"""The devnet registrar's parent name: labels are registered as ``LABEL.eth``."""


@dataclass(frozen=True)
class Step:
    """One transaction of a name flow."""

    to: str
    data: str
    summary: str
    function: str
    """The call's signature, for the confirmation (``register(bytes32,address)``)."""


def label_name(label: str) -> str:
    """``LABEL.eth`` normalised; ``label`` may already end in ``.eth``.

    Raises:
        InvalidName: not one valid label under ``eth``.
    """
    name = normalize(label if label.endswith(f".{PARENT}") else f"{label}.{PARENT}")
    if name.count(".") != 1:
        raise InvalidName(f"Register one label under .{PARENT}, like 'ada' (got {name!r}).")
    return name


def register_steps(ens: EnsDeployment, label: str, owner: str, *, avatar: str = "") -> list[Step]:
    """The four steps that register ``label``.eth to ``owner`` and make it their primary name."""
    name = label_name(label)
    node = namehash(name)
    first = name.split(".")[0]
    records = [c.encode_bytes("setAddr", node, owner)]
    if avatar:
        records.append(c.encode_bytes("setText", node, "avatar", avatar))
    return [
        Step(
            ens.registrar,
            c.encode("register", labelhash(first), owner),
            f"Claim the name {name} (first come, first served)",
            c.SIGNATURES["register"][0],
        ),
        Step(
            ens.registry,
            c.encode("setResolver", node, ens.resolver),
            f"Point {name} at the public resolver",
            c.SIGNATURES["setResolver"][0],
        ),
        Step(
            ens.resolver,
            c.encode("multicall", records),
            f"Set {name}'s address" + (" and avatar" if avatar else ""),
            c.SIGNATURES["multicall"][0],
        ),
        primary_step(ens, name),
    ]


def primary_step(ens: EnsDeployment, name: str) -> Step:
    """Record ``name`` as the sender's primary name (the reverse record)."""
    normal = normalize(name)
    return Step(
        ens.reverse,
        c.encode("reverseSetName", normal),
        f"Make {normal} your primary name",
        c.SIGNATURES["reverseSetName"][0],
    )


def text_step(resolver: str, name: str, key: str, value: str) -> Step:
    """Set one text record (``avatar``, ``url`` …) of a name the sender controls."""
    normal = normalize(name)
    return Step(
        resolver,
        c.encode("setText", namehash(normal), key, value),
        f"Set {normal}'s {key} record",
        c.SIGNATURES["setText"][0],
    )


def owner_of(rpc: RpcClient, ens: EnsDeployment, name: str) -> str | None:
    """The registry owner of ``name`` (None when unowned): a name taken is not registered."""
    from tui.core.chain.address import to_checksum

    answer = rpc.eth_call(ens.registry, c.encode("owner", namehash(normalize(name))))
    body = answer[2:] if answer.startswith("0x") else answer
    if len(body) != 64 or not int(body, 16):
        return None
    return to_checksum(body[24:])
