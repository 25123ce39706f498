"""What a user sees and approves before signing: a plain dataclass any front end renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tui.core.units import eth_decimal as eth

PUBLIC = "This is public and permanent: anyone can read it on chain, forever."
MONEY = "This sends ETH; a confirmed payment cannot be undone."


@dataclass(frozen=True)
class Confirmation:
    """Everything SECURITY.md §11 asks to show. All text is already sanitised."""

    network: str
    chain_id: int
    """Checked against the node's ``eth_chainId`` before this was built and again at signing."""
    sender: str
    to: str
    """Full checksummed recipient."""
    value_wei: int
    function: str
    """Decoded call signature, e.g. ``tip(uint256)``; empty for a plain transfer (cancel)."""
    args: tuple[tuple[str, str], ...]
    gas_limit: int
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    nonce: int
    """Expected nonce; re-allocated under the lock at signing if another write took it."""
    balance_wei: int
    summary: str
    notice: str
    """What becomes permanent and public (or that money moves)."""
    fee_cap_wei: int | None = None
    """The user's cap on fees (Settings.max_fee_eth), if any."""
    cids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def max_fee_wei(self) -> int:
        return self.gas_limit * self.max_fee_per_gas

    @property
    def worst_case_wei(self) -> int:
        return self.value_wei + self.max_fee_wei

    @property
    def sufficient(self) -> bool:
        return self.balance_wei >= self.worst_case_wei

    @property
    def over_fee_cap(self) -> bool:
        return self.fee_cap_wei is not None and self.max_fee_wei > self.fee_cap_wei

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["args"] = dict(self.args)
        for key in ("value_wei", "max_fee_per_gas", "max_priority_fee_per_gas", "balance_wei"):
            data[key] = str(data[key])
        data["fee_cap_wei"] = None if self.fee_cap_wei is None else str(self.fee_cap_wei)
        data.update(
            value_eth=eth(self.value_wei),
            max_fee_wei=str(self.max_fee_wei),
            worst_case_wei=str(self.worst_case_wei),
            worst_case_eth=eth(self.worst_case_wei),
            balance_eth=eth(self.balance_wei),
            sufficient=self.sufficient,
            over_fee_cap=self.over_fee_cap,
        )
        return data

    def lines(self) -> list[str]:
        """A plain-text rendering for the CLI (the TUI builds its own layout)."""
        gwei = 10**9
        call = f"{self.function}" + "".join(f"\n    {k} = {v}" for k, v in self.args)
        out = [
            self.summary,
            f"  network:   {self.network} (chain id {self.chain_id})",
            f"  from:      {self.sender}",
            f"  to:        {self.to}",
            f"  value:     {eth(self.value_wei)} ETH ({self.value_wei} wei)",
            f"  call:      {call or '(plain transfer)'}",
            f"  gas limit: {self.gas_limit}",
            f"  max fee:   {self.max_fee_per_gas / gwei:.6f} gwei"
            f" (priority {self.max_priority_fee_per_gas / gwei:.6f} gwei)",
            f"  worst case total: {eth(self.worst_case_wei)} ETH",
            f"  nonce:     {self.nonce}",
            f"  balance:   {eth(self.balance_wei)} ETH"
            + ("" if self.sufficient else "  (INSUFFICIENT)"),
            f"  {self.notice}",
        ]
        if self.over_fee_cap:
            out.append(f"  Fees exceed your cap of {eth(self.fee_cap_wei or 0)} ETH.")
        return out
