"""The transactions that give an account a name, as plain steps (contract, function, args).

``agora name register ada`` on the devnet is four transactions from the user's own account:
claim ``ada.eth`` from the FIFS registrar, point it at the public resolver, set its address
(and avatar) records in one ``multicall``, and record ``ada.eth`` as the account's primary name
with the reverse registrar. Each step is built here, without signing; ``service.intent_for``
turns it into the ``CallIntent`` the outbox pipeline sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.chain.rpc import RpcClient
from tui.core.ens import contracts as c
from tui.core.ens.deploy import KEYS, EnsDeployment
from tui.core.ens.normalize import InvalidName, labelhash, namehash, normalize

PARENT = "eth"
"""The devnet registrar's parent name: labels are registered as ``LABEL.eth``."""


@dataclass(frozen=True)
class Step:
    """One transaction of a name flow."""

    kind: str
    """Dotted outbox kind: ``name.register``, ``name.resolver``, ``name.records``…"""
    contract: str
    """The deployment key (``ens_registrar``…) or, for a resolver of the user's choice, 0x."""
    to: str
    """The contract's address (what ``contract`` names on this network)."""
    function: str
    """The full signature: calldata is encoded from it."""
    arg_names: tuple[str, ...]
    args: tuple[Any, ...]
    summary: str

    @property
    def data(self) -> str:
        from tui.core.chain.abi import encode_signature

        return encode_signature(self.function, list(self.args))


def label_name(label: str) -> str:
    """``LABEL.eth`` normalised; ``label`` may already end in ``.eth``.

    Raises:
        InvalidName: not one valid label under ``eth``.
    """
    name = normalize(label if label.endswith(f".{PARENT}") else f"{label}.{PARENT}")
    if name.count(".") != 1:
        raise InvalidName(f"Register one label under .{PARENT}, like 'ada' (got {name!r}).")
    return name


def _numbered(steps: list[Step]) -> list[Step]:
    """Each summary says which step of how many it is."""
    from dataclasses import replace

    total = len(steps)
    return [replace(s, summary=f"Step {i} of {total}: {s.summary}") for i, s in enumerate(steps, 1)]


def register_steps(ens: EnsDeployment, label: str, owner: str, *, avatar: str = "") -> list[Step]:
    """The four steps that register ``label``.eth to ``owner`` and make it their primary name."""
    name = label_name(label)
    node = namehash(name)
    first = name.split(".")[0]
    records = [c.encode_bytes("setAddr", node, owner)]
    if avatar:
        records.append(c.encode_bytes("setText", node, "avatar", avatar))
    return _numbered(
        [
            Step(
                "name.register", KEYS["registrar"], ens.registrar,
                c.SIGNATURES["register"][0], ("label", "owner"), (labelhash(first), owner),
                f"Claim the name {name} (first come, first served)",
            ),
            Step(
                "name.resolver", KEYS["registry"], ens.registry,
                c.SIGNATURES["setResolver"][0], ("node", "resolver"), (node, ens.resolver),
                f"Point {name} at the public resolver",
            ),
            Step(
                "name.records", KEYS["resolver"], ens.resolver,
                c.SIGNATURES["multicall"][0], ("calls",), (records,),
                f"Set {name}'s address" + (" and avatar" if avatar else ""),
            ),
            primary_step(ens, name),
        ]
    )  # fmt: skip


def primary_step(ens: EnsDeployment, name: str) -> Step:
    """Record ``name`` as the sender's primary name (the reverse record)."""
    normal = normalize(name)
    return Step(
        "name.primary", KEYS["reverse"], ens.reverse, c.SIGNATURES["reverseSetName"][0],
        ("name",), (normal,), f"Make {normal} your primary name",
    )  # fmt: skip


def text_step(resolver: str, name: str, key: str, value: str) -> Step:
    """Set one text record (``avatar``, ``url`` …) of a name the sender controls."""
    normal = normalize(name)
    return Step(
        f"name.{key}" if key.isalnum() else "name.text", resolver, resolver,
        c.SIGNATURES["setText"][0], ("node", "key", "value"), (namehash(normal), key, value),
        f"Set {normal}'s {key} record",
    )  # fmt: skip


def owner_of(rpc: RpcClient, ens: EnsDeployment | str, name: str) -> str | None:
    """The registry owner of ``name`` (None when unowned): a name taken is not registered.
    ``ens`` is the deployment or the registry's address."""
    from tui.core.chain.address import to_checksum

    registry = ens if isinstance(ens, str) else ens.registry
    answer = rpc.eth_call(registry, c.encode("owner", namehash(normalize(name))))
    body = answer[2:] if answer.startswith("0x") else answer
    if len(body) != 64 or not int(body, 16):
        return None
    return to_checksum(body[24:])


def _answer(rpc: RpcClient, to: str, key: str, *args: Any) -> tuple[Any, ...] | None:
    from tui.core.chain.rpc import RpcError
    from tui.core.errors import ChainError

    try:
        return c.decode(key, rpc.eth_call(to, c.encode(key, *args)))
    except (RpcError, ChainError):
        return None


def next_register_step(
    rpc: RpcClient, ens: EnsDeployment, label: str, owner: str, *, avatar: str = ""
) -> tuple[Step, bool]:
    """The next of the four registration steps, read from the chain as it is now, and whether
    it is the last: an interrupted registration resumes where it stopped, and registering a
    name you already hold refreshes its primary name.

    Raises:
        InvalidName: not a valid label.
        UsageError: the name belongs to someone else.
    """
    from tui.core.chain.address import to_checksum
    from tui.core.errors import UsageError

    name = label_name(label)
    node = namehash(name)
    steps = register_steps(ens, name, owner, avatar=avatar)
    holder = owner_of(rpc, ens, name)
    if holder is not None and holder != to_checksum(owner):
        raise UsageError(f"{name} is already registered to {holder}.", hint="Pick another name.")
    if holder is None:
        return steps[0], False
    resolver = _answer(rpc, ens.registry, "resolver", node)
    if resolver is None or resolver[0] != to_checksum(ens.resolver):
        return steps[1], False
    address = _answer(rpc, ens.resolver, "addr", node)
    text = _answer(rpc, ens.resolver, "text", node, "avatar") if avatar else (avatar,)
    if address is None or address[0] != to_checksum(owner) or text is None or text[0] != avatar:
        return steps[2], False
    return steps[3], True
