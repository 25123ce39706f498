"""A call that moves a token shows its amounts in the token's units, never as wei of ETH; the
units survive the outbox record, so a speed-up or retry shows them too."""

from __future__ import annotations

from dataclasses import replace

from tui.core.actions.calls import stored_intent, stored_units
from tui.core.actions.confirmation import VALUE, Confirmation, arg_text


def _confirmation() -> Confirmation:
    return Confirmation(
        network="devnet", chain_id=31337, sender="0x" + "11" * 20, to="0x" + "de" * 20,
        value_wei=0, function="approve(address,uint256)", args=(), gas_limit=50_000,
        max_fee_per_gas=10**9, max_priority_fee_per_gas=1, nonce=0, balance_wei=10**18,
        summary="Allow TokenTips to move exactly 5 DEMO", notice=VALUE,
    )  # fmt: skip


def test_amounts_read_in_the_token_when_a_token_moves() -> None:
    assert arg_text("amount", "2500000") == "2500000 wei (0.0000000000025 ETH)"
    assert arg_text("amount", "2500000", (6, "USDC")) == "2500000 base units (2.5 USDC)"
    assert arg_text("spender", "0xabc", (6, "USDC")) == "0xabc"
    conf = replace(_confirmation(), args=(("amount", "5" + "0" * 18),), units=(18, "DEMO"))
    assert dict(conf.shown_args)["amount"] == "5000000000000000000 base units (5 DEMO)"


def test_token_units_survive_the_outbox_record_and_junk_is_refused() -> None:
    record = {
        "kind": "tokens.tip",
        "contract": "token_tips",
        "function": "tipToken(uint256,address,uint256)",
        "args": [1, "0x" + "de" * 20, "5"],
        "units": [6, "USDC"],
    }
    assert stored_intent(record).units == (6, "USDC")
    assert stored_units([6, "\x1b[31mUSDC"]) == (6, "\u241b[31mUSDC")  # shown, inert
    for junk in ([True, "X"], [-1, "X"], [78, "X"], ["6", "X"], [6], None, "6 USDC"):
        assert stored_units(junk) is None
