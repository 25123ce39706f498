"""From an intent to a contract call: content first (stored and addressed), then calldata.

Everything a user wrote is put in the local content store and gets its CID *before* any
transaction exists, so a failed or abandoned transaction never loses it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from tui.core.actions.confirmation import MONEY, PUBLIC, VALUE
from tui.core.actions.intents import (
    CallIntent,
    CollectIntent,
    FollowIntent,
    Intent,
    PostIntent,
    ProfileIntent,
    PublishIntent,
    RepostIntent,
    SignedLater,
    StoredIntent,
    TipIntent,
    UnfollowIntent,
)
from tui.core.chain.abi import encode_call, encode_signature, function_types, to_checksum
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
    """``Social`` or ``Articles``, or a capability's deployment key (``CallIntent``)."""
    to: str
    function: str
    """Signature, e.g. ``tip(uint256)``."""
    arg_names: tuple[str, ...]
    args: tuple[Any, ...]
    value_wei: int
    summary: str
    permanence: str
    cids: tuple[str, ...] = ()
    payee: tuple[str, str, int, str] | None = None
    """A ``CallIntent``'s payee: (contract, getter, id, reason)."""
    notes: tuple[str, ...] = ()
    """A ``CallIntent``'s notes for the confirmation."""
    units: tuple[int, str] | None = None
    """A ``CallIntent``'s token units for its amount arguments (None: wei)."""
    signed_later: SignedLater | None = None
    """A ``CallIntent``'s arguments signed after the confirmation (their values are placeholders
    until ``signed`` fills them)."""

    @property
    def data(self) -> str:
        if self.contract not in _BASE:
            return encode_signature(self.function, list(self.args))
        return encode_call(self.contract, self.function.split("(")[0], list(self.args))

    def display_args(self) -> tuple[tuple[str, str], ...]:
        later = self.signed_later.names if self.signed_later is not None else ()
        return tuple(
            (name, SIGNED_LATER if name in later else clean_line(_shown(value), 120))
            for name, value in zip(self.arg_names, self.args, strict=True)
        )

    def signed(self, values: tuple[Any, ...]) -> ContractCall:
        """The call with its ``signed_later`` arguments filled by ``values`` (in their order)."""
        later = self.signed_later
        if later is None:
            return self
        if len(values) != len(later.names):
            raise UsageError(f"The {self.kind} call was signed with the wrong number of values.")
        filled = dict(zip(later.names, values, strict=True))
        args = tuple(filled.get(n, a) for n, a in zip(self.arg_names, self.args, strict=True))
        return replace(self, args=args, signed_later=None)

    def intent_json(self) -> dict[str, Any]:
        """What the outbox keeps: enough to retry, with CIDs and no secrets."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "contract": self.contract,
            "function": self.function,
            "args": [_to_json(a) for a in self.args],
            "value_wei": str(self.value_wei),
            "summary": self.summary,
            "cids": list(self.cids),
        }
        if self.contract not in _BASE:
            data["arg_names"] = list(self.arg_names)
            data["money"] = self.permanence in (MONEY, VALUE)
            if self.payee is not None:
                data["payee"] = list(self.payee)
            if self.units is not None:
                data["units"] = list(self.units)
        return data


_BASE = ("Social", "Articles")
SIGNED_LATER = "(signed with your key after you confirm)"
"""How the confirmation shows an argument that is signed only once the user confirmed."""


def _shown(value: Any) -> str:
    """An argument as the confirmation shows it: bytes as 0x hex, tuples and arrays bracketed."""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, tuple):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def _to_json(value: Any) -> Any:
    """An argument as the outbox keeps it: ints as text (uint256 exceeds JSON's safe range),
    bytes as 0x hex, tuples and arrays as lists."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def _from_json(kind: str, value: Any) -> Any:
    """The inverse of ``_to_json`` for an argument of ABI type ``kind``."""
    from eth_abi.grammar import parse

    parsed = parse(kind)
    if parsed.is_array:
        item = parsed.item_type.to_type_str()
        return [_from_json(item, v) for v in value]
    if kind.startswith("("):
        parts = [c.to_type_str() for c in parsed.components]
        return tuple(_from_json(t, v) for t, v in zip(parts, value, strict=True))
    if kind.startswith(("uint", "int")):
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind.startswith("bytes"):
        return bytes.fromhex(str(value).removeprefix("0x"))
    return value


def _generic_call(intent: CallIntent | StoredIntent, network: Network) -> ContractCall:
    """A capability's call (``CallIntent``, or one read back from the outbox)."""
    if isinstance(intent, StoredIntent):
        types = function_types(intent.function)
        if len(types) != len(intent.args):
            raise UsageError(f"The recorded {intent.kind} call does not match its function.")
        args = tuple(_from_json(t, a) for t, a in zip(types, intent.args, strict=True))
    else:
        args = intent.args
    key = intent.contract
    if key in ("social", "articles"):
        to = _address(network, key.capitalize())
    elif key.startswith("0x"):  # a contract that is not ours: a token being approved
        to = _account(key)
    else:
        address = network.contracts.get(key, "")
        if not address:
            raise ConfigError(
                f"Network {network.name!r} has no {key} contract.",
                hint="The devnet deploys every contract (agora devnet reset); elsewhere, "
                "redeploy with `agora deploy` or add it under [networks.NAME] contracts.",
            )
        to = to_checksum(address)
    return ContractCall(
        intent.kind, key, to, intent.function, intent.arg_names, args, intent.value_wei,
        intent.summary, MONEY if intent.value_wei else VALUE if intent.money else PUBLIC, intent.cids,
        intent.payee, intent.notes if isinstance(intent, CallIntent) else (),
        intent.units, intent.signed_later if isinstance(intent, CallIntent) else None,
    )  # fmt: skip


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


def _address(network: Network, contract: str) -> str:
    value = network.social if contract == "Social" else network.articles
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
    if isinstance(intent, CallIntent) or (
        isinstance(intent, StoredIntent) and intent.kind not in _SIGNATURES
    ):
        return _generic_call(intent, network)
    if isinstance(intent, StoredIntent):
        contract, function, names = _SIGNATURES[intent.kind]
        stored_args = tuple(
            int(a) if t.strip() == "uint256" else a
            for a, t in zip(
                intent.args, function[function.index("(") + 1 : -1].split(","), strict=True
            )
        )
        perm = MONEY if intent.value_wei else PUBLIC
        return ContractCall(
            intent.kind, contract, _address(network, contract), function, names, stored_args,
            intent.value_wei, intent.summary, perm, intent.cids,
        )  # fmt: skip
    kind = intent.kind
    contract, function, names = _SIGNATURES[kind]
    value = 0
    permanence = PUBLIC
    notes: tuple[str, ...] = ()
    if isinstance(intent, PostIntent):
        cid = content.put(
            documents.post_document(
                intent.text,
                created_at=intent.created_at or int(time.time()),
                content_warning=intent.content_warning,
                tags=intent.tags,
                attachments=intent.attachments,
            )
        )
        args: tuple[Any, ...] = (cid, intent.reply_to)
        cids = (cid, *(a.cid for a in intent.attachments))  # images are published with it
        notes = tuple(
            f"image {n}: {a.mime}, {a.width}×{a.height}, {a.bytes:,} bytes, {a.cid}, "
            f"alt {clean_line(a.alt, 80)!r}"
            for n, a in enumerate(intent.attachments, 1)
        )
        summary = f"Reply to post #{intent.reply_to}" if intent.reply_to else "Publish a post"
    elif isinstance(intent, RepostIntent):
        args, summary = (intent.post_id,), f"Repost post #{intent.post_id}"
    elif isinstance(intent, FollowIntent | UnfollowIntent):
        who = _account(intent.address)
        args = (who,)
        summary = f"{'Follow' if kind == 'follow' else 'Unfollow'} {who}"
    elif isinstance(intent, ProfileIntent):
        cid = content.put(
            documents.profile_document(
                intent.name, intent.bio, intent.avatar, intent.links, intent.dm_key, intent.dm_epoch
            )
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
        permanence, cids, notes=notes,
    )  # fmt: skip


def stored_intent(data: dict[str, Any]) -> StoredIntent:
    """Rebuild a retryable intent from an outbox row's JSON."""
    payee = data.get("payee")
    return StoredIntent(
        kind=str(data["kind"]),
        contract=str(data["contract"]),
        function=str(data["function"]),
        args=tuple(data["args"]),
        value_wei=int(data.get("value_wei", 0)),
        summary=str(data.get("summary", "")),
        cids=tuple(data.get("cids", ())),
        arg_names=tuple(str(n) for n in data.get("arg_names", ())),
        money=bool(data.get("money", False)),
        payee=(str(payee[0]), str(payee[1]), int(payee[2]), str(payee[3]))
        if isinstance(payee, list) and len(payee) == 4
        else None,
        units=stored_units(data.get("units")),
    )


def stored_units(stored: Any) -> tuple[int, str] | None:
    """An outbox record's token units (``[decimals, symbol]``), or None for wei or junk."""
    if (
        isinstance(stored, list)
        and len(stored) == 2
        and type(stored[0]) is int
        and 0 <= stored[0] <= 77
        and isinstance(stored[1], str)
    ):
        return stored[0], clean_line(stored[1], 40)
    return None
