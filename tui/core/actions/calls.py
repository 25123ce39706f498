"""From an intent to a contract call: content first (stored and addressed), then calldata.

Everything a user wrote is put in the local content store and gets its CID *before* any
transaction exists, so a failed or abandoned transaction never loses it.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from tui.core.actions.confirmation import MONEY, PUBLIC
from tui.core.actions.intents import (
    CallIntent,
    CollectIntent,
    FollowIntent,
    Intent,
    PostIntent,
    ProfileIntent,
    PublishIntent,
    RepostIntent,
    StoredIntent,
    TipIntent,
    UnfollowIntent,
)
from tui.core.chain.abi import encode_call, to_checksum
from tui.core.config.settings import Network
from tui.core.content import documents
from tui.core.content.store import BlockStore
from tui.core.errors import ConfigError, UsageError
from tui.core.text import clean_line
from tui.core.units import eth_decimal as eth

ETH = 10**18


@dataclass(frozen=True)
class ContractCall:
    """A call ready to encode, with what the confirmation shows about it."""

    kind: str
    contract: str
    """``Social`` or ``Articles``."""
    to: str
    function: str
    """Signature, e.g. ``tip(uint256)``."""
    arg_names: tuple[str, ...]
    args: tuple[Any, ...]
    value_wei: int
    summary: str
    permanence: str
    cids: tuple[str, ...] = ()

    @property
    def data(self) -> str:
        return encode_call(self.contract, self.function.split("(")[0], list(self.args))

    def display_args(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (name, clean_line(str(value), 120))
            for name, value in zip(self.arg_names, self.args, strict=True)
        )

    def intent_json(self) -> dict[str, Any]:
        """What the outbox keeps: enough to retry, with CIDs and no secrets."""
        return {
            "kind": self.kind,
            "contract": self.contract,
            "function": self.function,
            "args": [str(a) if isinstance(a, int) else a for a in self.args],
            "value_wei": str(self.value_wei),
            "summary": self.summary,
            "cids": list(self.cids),
        }


_SIGNATURES = {
    "post": ("Social", "post(string,uint256)", ("cid", "parent")),
    "repost": ("Social", "repost(uint256)", ("id",)),
    "follow": ("Social", "follow(address)", ("account",)),
    "unfollow": ("Social", "unfollow(address)", ("account",)),
    "profile": ("Social", "setProfile(string)", ("cid",)),
    "tip": ("Social", "tip(uint256)", ("id",)),
    "publish": ("Articles", "publish(string,uint256,uint256)", ("cid", "price", "maxEditions")),
    "collect": ("Articles", "collect(uint256)", ("articleId",)),
}

EXTENSION_SIGNATURES = ("tui.core.rounds.intents:SIGNATURES",)
"""Capabilities whose intents build their own arguments (``call_parts``): where their
``kind -> (contract, signature, argument names)`` tables live, loaded on first use."""


@cache
def signatures() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Every action's call: the built-in table plus each capability's."""
    table = dict(_SIGNATURES)
    for path in EXTENSION_SIGNATURES:
        module, attr = path.split(":")
        table.update(getattr(importlib.import_module(module), attr))
    return table


def contract_address(network: Network, contract: str) -> str:
    """Where ``contract`` lives on ``network`` ("" when it is not deployed there)."""
    if contract == "Social":
        return network.social
    if contract == "Articles":
        return network.articles
    return network.contracts.get(contract.lower(), "")


def _address(network: Network, contract: str) -> str:
    value = contract_address(network, contract)
    if not value:
        raise ConfigError(
            f"Network {network.name!r} has no {contract} contract address.",
            hint="Deploy the contracts (agora devnet / agora deploy) or fix the settings file.",
        )
    return to_checksum(value)


def _account(value: str) -> str:
    try:
        return to_checksum(value)
    except Exception:
        raise UsageError(f"Not an address: {clean_line(value, 60)!r}") from None


def build_call(intent: Intent, network: Network, content: BlockStore) -> ContractCall:
    """Store the intent's content and return the call it becomes."""
    cids: tuple[str, ...] = ()
    if isinstance(intent, StoredIntent):
        contract, function, names = signatures()[intent.kind]
        stored_args = tuple(
            int(a) if t.strip().startswith("uint") else a
            for a, t in zip(
                intent.args, function[function.index("(") + 1 : -1].split(","), strict=True
            )
        )
        perm = MONEY if intent.value_wei else PUBLIC
        return ContractCall(
            intent.kind, contract, _address(network, contract), function, names, stored_args,
            intent.value_wei, intent.summary, perm, intent.cids,
        )  # fmt: skip
    if isinstance(intent, CallIntent):
        contract, function, names = signatures()[intent.kind]
        parts = intent.call_parts(content)
        return ContractCall(
            intent.kind, contract, _address(network, contract), function, names, parts.args,
            parts.value_wei, parts.summary, parts.permanence, parts.cids,
        )  # fmt: skip
    kind = intent.kind
    contract, function, names = _SIGNATURES[kind]
    value = 0
    permanence = PUBLIC
    if isinstance(intent, PostIntent):
        cid = content.put(
            documents.post_document(
                intent.text,
                created_at=intent.created_at or int(time.time()),
                content_warning=intent.content_warning,
                tags=intent.tags,
            )
        )
        args: tuple[Any, ...] = (cid, intent.reply_to)
        cids = (cid,)
        summary = f"Reply to post #{intent.reply_to}" if intent.reply_to else "Publish a post"
    elif isinstance(intent, RepostIntent):
        args, summary = (intent.post_id,), f"Repost post #{intent.post_id}"
    elif isinstance(intent, FollowIntent | UnfollowIntent):
        who = _account(intent.address)
        args = (who,)
        summary = f"{'Follow' if kind == 'follow' else 'Unfollow'} {who}"
    elif isinstance(intent, ProfileIntent):
        cid = content.put(
            documents.profile_document(intent.name, intent.bio, intent.avatar, intent.links)
        )
        args, cids, summary = (cid,), (cid,), "Update your public profile"
    elif isinstance(intent, TipIntent):
        if intent.amount_wei <= 0:
            raise UsageError("A tip must be more than 0 ETH.")
        value = intent.amount_wei
        args, summary, permanence = (
            (intent.post_id,),
            f"Tip {eth(value)} ETH to the author of post #{intent.post_id}",
            MONEY,
        )
    elif isinstance(intent, PublishIntent):
        if intent.price_wei < 0 or intent.editions < 0:
            raise UsageError("Price and editions cannot be negative.")
        body_cid = content.put(documents.article_body(intent.body))
        meta_cid = content.put(documents.article_metadata(intent.title, intent.summary, body_cid))
        args, cids = (meta_cid, intent.price_wei, intent.editions), (meta_cid, body_cid)
        summary = f"Publish the article {clean_line(intent.title, 80)!r} as an NFT"
    elif isinstance(intent, CollectIntent):
        value = intent.price_wei
        args, permanence = (intent.article_id,), (MONEY if value else PUBLIC)
        summary = f"Collect an edition of article #{intent.article_id} for {eth(value)} ETH"
    else:  # pragma: no cover - exhaustive
        raise UsageError(f"Unknown action {kind!r}.")
    return ContractCall(
        kind, contract, _address(network, contract), function, names, args, value, summary,
        permanence, cids,
    )  # fmt: skip


def stored_intent(data: dict[str, Any]) -> StoredIntent:
    """Rebuild a retryable intent from an outbox row's JSON."""
    return StoredIntent(
        kind=str(data["kind"]),
        contract=str(data["contract"]),
        function=str(data["function"]),
        args=tuple(data["args"]),
        value_wei=int(data.get("value_wei", 0)),
        summary=str(data.get("summary", "")),
        cids=tuple(data.get("cids", ())),
    )
