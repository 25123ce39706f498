"""A tip in an ERC-20 token, as the next transaction to confirm: approve exactly, then tip.

Never an unlimited approval. The plan is recomputed from the chain before each step, so an
allowance that changed in between (another client, a front-run) is seen, not assumed:

- allowance ≥ amount: the tip itself;
- 0 < allowance < amount: ``approve(0)`` first, since tokens like USDT refuse to change a
  non-zero allowance to another non-zero value;
- allowance 0: ``approve(amount)``, exactly.

When the token takes EIP-2612 permits (``tokens.permit`` checks it safely), the tip is one
transaction instead: ``tipTokenWithPermit`` with a permit for exactly the amount. The plan
signs nothing: the permit path is simulated with a throw-away key standing in for the user
(``permit.stand_in_gas``), and the user's key signs the permit only after the confirmation,
with the transaction (``CallIntent.signed_later``). A permit the token refuses in that
simulation, or a node that cannot simulate one, falls back to the approval above.

Each step is a ``CallIntent``, so it is confirmed, recorded before broadcast and retryable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tui.core.actions.intents import CallIntent, SignedLater
from tui.core.chain.abi import decode_result, encode_call, encode_signature, to_checksum
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.errors import ConfigError, UsageError, WalletError
from tui.core.text import clean_line
from tui.core.tokens import TOKEN_TIPS
from tui.core.tokens.erc20 import TokenInfo, allowance, balance_of
from tui.core.units import format_units

ZERO = "0x" + "0" * 40
TIP = "tokens.tip"
APPROVE = "tokens.approve"
RESET = "tokens.approve_reset"
PERMIT_TIP = "tokens.tip_permit"


@dataclass(frozen=True)
class TokenTipStep:
    """The next transaction of a token tip, and what the user should know about it."""

    intent: CallIntent
    last: bool
    """True for the tip itself: after it, nothing is left to send."""
    allowance: int
    """The allowance read just now (shown in the confirmation)."""
    author: str


def tips_contract(network: Network) -> str:
    address = network.contracts.get(TOKEN_TIPS, "")
    if not address:
        raise ConfigError(
            f"Network {network.name!r} has no TokenTips contract, so tips in tokens are off.",
            hint="The devnet has one (agora devnet reset); elsewhere, redeploy with agora deploy.",
        )
    return to_checksum(address)


def post_author(rpc: RpcClient, network: Network, post_id: int) -> str:
    out = rpc.eth_call(network.social, encode_call("Social", "authorOf", [post_id]))
    author = str(decode_result("Social", "authorOf", out)[0])
    if author.lower() == ZERO:
        raise UsageError(f"There is no post #{post_id} on {network.name}.")
    return author


def next_step(
    rpc: RpcClient,
    network: Network,
    sender: str,
    post_id: int,
    token: TokenInfo,
    amount: int,
    permit: bool = False,
) -> TokenTipStep:
    """The transaction to confirm next for tipping ``amount`` of ``token`` to post ``post_id``.

    Raises:
        UsageError: no such post, a zero amount, or tipping yourself.
        WalletError: the sender holds less than ``amount``.
        ConfigError: no TokenTips contract on this network.
    """
    if amount <= 0:
        raise UsageError(f"A tip must be more than 0 {token.symbol}.")
    tips = tips_contract(network)
    sender = to_checksum(sender)
    author = post_author(rpc, network, post_id)
    if author == sender:
        raise UsageError("You cannot tip your own post.")
    shown = format_units(amount, token.decimals, token.symbol)
    held = balance_of(rpc, token.address, sender)
    if held < amount:
        raise WalletError(
            f"Insufficient funds: the tip needs {shown}; {sender} holds "
            f"{format_units(held, token.decimals, token.symbol)}.",
        )
    allowed = allowance(rpc, token.address, sender, tips)
    refused = ""
    if allowed < amount and permit:
        step, refused = _permit_step(rpc, network, sender, post_id, token, amount, tips, allowed)
        if step is not None:
            return TokenTipStep(step, True, allowed, author)
    if allowed >= amount:
        intent = CallIntent(
            kind=TIP,
            contract=TOKEN_TIPS,
            function="tipToken(uint256,address,uint256)",
            arg_names=("id", "token", "amount"),
            args=(post_id, token.address, amount),
            summary=f"Tip {shown} to the author of post #{post_id}",
            money=True,
            payee=("Social", "authorOf", post_id, f"author of post #{post_id}"),
            notes=_notes(allowed, token),
            units=(token.decimals, token.symbol),
        )
        return TokenTipStep(intent, True, allowed, author)
    if allowed > 0:
        intent = CallIntent(
            kind=RESET,
            contract=token.address,
            function="approve(address,uint256)",
            arg_names=("spender", "amount"),
            args=(tips, 0),
            summary=f"Before the tip: set your {token.symbol} allowance for TokenTips to 0 "
            "(tokens such as USDT need this before a new amount); then approve, then tip",
            notes=_notes(allowed, token),
            units=(token.decimals, token.symbol),
        )
        return TokenTipStep(intent, False, allowed, author)
    notes = _notes(allowed, token) + ((refused,) if refused else ())
    intent = CallIntent(
        kind=APPROVE,
        contract=token.address,
        function="approve(address,uint256)",
        arg_names=("spender", "amount"),
        args=(tips, amount),
        summary=f"Before the tip: allow TokenTips to move exactly {shown} for post "
        f"#{post_id}, not more; then the tip itself",
        notes=notes,
        units=(token.decimals, token.symbol),
    )
    return TokenTipStep(intent, False, allowed, author)


def _permit_step(
    rpc: RpcClient,
    network: Network,
    sender: str,
    post_id: int,
    token: TokenInfo,
    amount: int,
    tips: str,
    allowed: int,
) -> tuple[CallIntent | None, str]:
    """The one-transaction tip with a permit the user's key signs after the confirmation, or
    (None, why not) to approve instead."""
    from tui.core.chain.rpc import RpcError
    from tui.core.tokens.permit import (
        PermitRefused,
        permit_deadline,
        permit_domain,
        permit_message,
        permit_nonce,
        stand_in_gas,
        until_text,
    )

    domain = permit_domain(rpc, token.address, sender, network.chain_id)
    if domain is None:
        return None, ""  # no permits here: the plain approval, nothing to explain
    deadline = permit_deadline(rpc)
    function = "tipTokenWithPermit(uint256,address,uint256,uint256,uint8,bytes32,bytes32)"

    def encode(v: int, r: bytes, s: bytes) -> str:
        return encode_signature(function, [post_id, token.address, amount, deadline, v, r, s])

    try:  # the same path, with a throw-away key standing in for the user's
        gas = stand_in_gas(rpc, domain, sender, tips, amount, deadline, tips, encode)
    except PermitRefused as refused:
        why = f"{token.symbol} refused one in simulation ({refused})"
        return None, f"No permit: {why}, so an approval comes first."
    except RpcError:
        why = "this node cannot simulate one before you sign it"
        return None, f"No permit: {why}, so an approval comes first."

    def sign(signer: Any, live: RpcClient) -> tuple[Any, ...]:
        """The user confirmed: the permit, for the owner's permit nonce as it is now."""
        fresh = replace(domain, nonce=permit_nonce(live, token.address, sender))
        v, r, s = signer.sign_typed_data(permit_message(fresh, sender, tips, amount, deadline))
        return v, r, s

    shown = format_units(amount, token.decimals, token.symbol)
    intent = CallIntent(
        kind=PERMIT_TIP,
        contract=TOKEN_TIPS,
        function=function,
        arg_names=("id", "token", "amount", "deadline", "v", "r", "s"),
        args=(post_id, token.address, amount, deadline, 0, bytes(32), bytes(32)),
        summary=f"Tip {shown} to the author of post #{post_id} in one transaction: signs a "
        f"permit for exactly {shown}, valid until {until_text(deadline)}",
        money=True,
        payee=("Social", "authorOf", post_id, f"author of post #{post_id}"),
        notes=(
            *_notes(allowed, token),
            f"Permit: TokenTips may move exactly {shown} from you, once, until "
            f"{until_text(deadline)}; no standing allowance is left. Your key signs it only "
            "after you confirm, with the transaction.",
        ),
        units=(token.decimals, token.symbol),
        signed_later=SignedLater(("v", "r", "s"), sign, gas),
    )
    return intent, ""


def _notes(allowed: int, token: TokenInfo) -> tuple[str, ...]:
    """What the confirmation adds for a token step: the token, the allowance, and a warning
    for a token Agora does not know."""
    notes = [
        f"Token: {token.symbol} ({token.decimals} decimals) at {token.address}",
        f"Current allowance for TokenTips: {format_units(allowed, token.decimals, token.symbol)}",
    ]
    if not token.known:
        notes.append(
            "Unknown token: Agora does not know this contract. It may charge fees, block "
            "transfers, pause, or change its code; its symbol proves nothing."
        )
    return tuple(notes)


def check_typed_symbol(token: TokenInfo, typed: str) -> None:
    """A token Agora does not know must be confirmed by typing its symbol back."""
    if token.known:
        return
    if typed != token.symbol:
        raise UsageError(
            f"Agora does not know the token at {token.address}; it calls itself "
            f"{clean_line(token.symbol, 12)!r} ({token.decimals} decimals), which proves "
            "nothing. It may charge fees, block transfers, pause or change its code.",
            hint=f"If you trust it, repeat its symbol: --symbol {token.symbol}",
        )


class TokenTipPlanner:
    """The whole token tip as a step function: ``planner(rpc, network, sender)`` returns the
    next ``(CallIntent, last)``. The token is resolved (and, when Agora does not know it,
    checked against the symbol the user typed back) once, on the first step."""

    def __init__(
        self,
        post_id: int,
        token: str,
        amount: str,
        typed_symbol: str = "",
        permit: bool = False,
    ) -> None:
        self.post_id = post_id
        self.token = token
        self.amount = amount
        self.typed_symbol = typed_symbol
        self.permit = permit
        """Offer a permit when the token takes one; False always approves (``--no-permit``)."""
        self.info: TokenInfo | None = None

    def __call__(
        self, rpc: RpcClient, network: Network, sender: str, _content: object = None
    ) -> tuple[CallIntent, bool]:
        from tui.core.tokens.erc20 import resolve_token
        from tui.core.units import parse_units

        if self.info is None:
            info = resolve_token(rpc, network, self.token, self.post_id)
            check_typed_symbol(info, self.typed_symbol)
            self.info = info
        units = parse_units(self.amount, self.info.decimals, self.info.symbol, positive=True)
        step = next_step(rpc, network, sender, self.post_id, self.info, units, self.permit)
        return step.intent, step.last
