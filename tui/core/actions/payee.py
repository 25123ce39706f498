"""Who a payment reaches, read on chain: the contract is the ``to``, the person paid is not.

A tip pays the post's author and a collect pays whoever holds the article token when the call
runs, so the confirmation names them (SECURITY.md §18) and the pipeline reads them again just
before signing: a token that changed hands in between must not pay a stranger unseen.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from tui.core.actions.confirmation import Payee, owned_note
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import BlockStore
from tui.core.errors import AgoraError, ChainError, ContentError
from tui.core.text import clean_identity

ZERO = "0x" + "0" * 40
MAX_OWNED_SCAN = 500
"""Tokens of one account looked at for editions it already owns (one batch round trip each)."""


@dataclass(frozen=True)
class PayeeLookup:
    """How to read a payee: ``contract.function(token)`` returns the address paid."""

    contract: str
    """``Social`` or ``Articles``."""
    function: str
    token: int
    reason: str


_PAYEES = {
    "tip": ("Social", "authorOf", "author of post #{}"),
    "collect": ("Articles", "ownerOf", "current holder of article #{}"),
}


def payee_lookup(kind: str, args: tuple[object, ...] | list[object]) -> PayeeLookup | None:
    """The lookup for an action that pays someone (None for actions that pay nobody)."""
    found = _PAYEES.get(kind)
    if found is None or not args:
        return None
    contract, function, reason = found
    token = int(str(args[0]))
    return PayeeLookup(contract, function, token, reason.format(token))


def payee_of(spec: object) -> PayeeLookup | None:
    """The lookup a ``CallIntent`` names: (contract, getter, id, reason), from the intent or
    from its outbox record (a list there). Only Social and Articles getters are read."""
    if not isinstance(spec, tuple | list) or len(spec) != 4:
        return None
    contract, function, token, reason = spec
    if contract not in ("Social", "Articles"):
        return None
    return PayeeLookup(str(contract), str(function), int(str(token)), str(reason))


def _contract_address(network: Network, contract: str) -> str:
    return network.social if contract == "Social" else network.articles


def read_address(rpc: RpcClient, network: Network, lookup: PayeeLookup) -> str:
    """The address the lookup names right now (ChainError when it cannot be read)."""
    data = encode_call(lookup.contract, lookup.function, [lookup.token])
    try:
        out = rpc.eth_call(_contract_address(network, lookup.contract), data)
    except AgoraError:
        raise ChainError(
            f"Could not read who would be paid ({lookup.reason}). Nothing was signed."
        ) from None
    address = str(decode_result(lookup.contract, lookup.function, out)[0])
    if address.lower() == ZERO:
        raise ChainError(f"Nobody is the {lookup.reason}. Nothing was signed.")
    return address


def profile_name(rpc: RpcClient, network: Network, content: BlockStore, address: str) -> str:
    """The name ``address``'s current profile claims, when its document is stored locally.

    Only a document already verified into the local store counts; otherwise the name is
    unknown ("") and the confirmation shows the address alone.
    """
    from tui.core.content.documents import parse_profile

    if not network.social:
        return ""
    try:
        out = rpc.eth_call(network.social, encode_call("Social", "profileOf", [address]))
        cid = str(decode_result("Social", "profileOf", out)[0])
    except AgoraError:
        return ""
    data = content.get(cid) if cid else None
    if data is None:
        return ""
    with contextlib.suppress(ContentError):
        return clean_identity(parse_profile(data).name, 64)
    return ""


def read_payee(rpc: RpcClient, network: Network, content: BlockStore, lookup: PayeeLookup) -> Payee:
    """The payee as the confirmation shows it: address, reason and the name it claims."""
    address = read_address(rpc, network, lookup)
    from tui.core.ens.service import fresh_primary_name

    name = profile_name(rpc, network, content, address)
    return Payee(address, lookup.reason, name, fresh_primary_name(rpc, network, address))


def owned_editions(rpc: RpcClient, network: Network, owner: str, article_id: int) -> list[int]:
    """Editions of ``article_id`` that ``owner`` holds now, read on chain (ERC-721 Enumerable).

    Best effort: an account holding more than ``MAX_OWNED_SCAN`` tokens, or a node that
    refuses, gives what could be read.
    """
    from tui.core.chain.rpc import Call

    to = network.articles

    def call(fn: str, args: list[object]) -> Call:
        return Call("eth_call", [{"to": to, "data": encode_call("Articles", fn, args)}, "latest"])

    try:
        out = rpc.eth_call(to, encode_call("Articles", "balanceOf", [owner]))
        count = min(int(decode_result("Articles", "balanceOf", out)[0]), MAX_OWNED_SCAN)
        if count == 0:
            return []
        tokens = rpc.batch([call("tokenOfOwnerByIndex", [owner, i]) for i in range(count)])
        ids = [
            int(decode_result("Articles", "tokenOfOwnerByIndex", t)[0])
            for t in tokens
            if isinstance(t, str)
        ]
        parents = rpc.batch([call("articleOf", [t]) for t in ids])
    except AgoraError:
        return []
    return sorted(
        token
        for token, parent in zip(ids, parents, strict=True)
        if isinstance(parent, str)
        and token != article_id
        and int(decode_result("Articles", "articleOf", parent)[0]) == article_id
    )


def _owned_note(rpc: RpcClient, network: Network, sender: str, args: tuple[object, ...]) -> str:
    return owned_note(owned_editions(rpc, network, sender, int(str(args[0]))))


_NOTES = {"collect": _owned_note}
"""Per action: what the user must know before confirming (read on chain)."""


def notes_for(
    rpc: RpcClient, network: Network, kind: str, args: tuple[object, ...], sender: str
) -> tuple[str, ...]:
    """The confirmation's notes for an action (empty for most)."""
    read = _NOTES.get(kind)
    note = read(rpc, network, sender, args) if read is not None and args else ""
    return (note,) if note else ()
