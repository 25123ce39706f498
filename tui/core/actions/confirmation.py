"""What a user sees and approves before signing: a plain dataclass any front end renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tui.core.units import eth_decimal as eth
from tui.core.units import format_eth, format_gwei, format_units

PUBLIC = "This is public and permanent: anyone can read it on chain, forever."
MONEY = "This sends ETH; a confirmed payment cannot be undone."
VALUE = "This moves funds (ETH or tokens); a confirmed payment cannot be undone."
NAME_CLAIM = "self-chosen name, not verified"
"""How a profile name is labelled wherever money depends on it (SECURITY.md §18, §21)."""
VALUE_ARGS = frozenset({"price", "amount", "value"})
"""Decoded arguments that are amounts of wei: shown with their exact ETH beside them."""


@dataclass(frozen=True)
class Payee:
    """Who a payment reaches when the contract is only the ``to`` (SECURITY.md §18).

    Read on chain when the confirmation is built and read again just before signing.
    """

    address: str
    """Full checksummed address: what the contract will pay."""
    reason: str
    """Why they are paid, e.g. ``author of post #47``."""
    name: str = ""
    """The profile name the address chose for itself (sanitised): a claim, never verified."""
    ens_name: str = ""
    """The address's ENS primary name, read fresh and verified both ways ("" when none)."""

    def text(self) -> str:
        """One line: the verified ENS name or the claimed name (labelled as such), the full
        address, the reason."""
        claim = f"\u201c{self.name}\u201d ({NAME_CLAIM}) " if self.name else ""
        if self.ens_name:
            claim = f"{self.ens_name} (ENS, verified both ways) "
        return f"{claim}{self.address}, {self.reason}"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "address": self.address,
            "reason": self.reason,
            "name": self.name,
            "name_verified": False,
        }
        if self.ens_name:  # verified both ways, read fresh for this confirmation
            data["ens_name"] = self.ens_name
        return data


def owned_note(editions: list[int]) -> str:
    """``You already own edition #5 of this article.`` ("" when none)."""
    if not editions:
        return ""
    marks = ", ".join(f"#{e}" for e in editions)
    plural = "editions" if len(editions) > 1 else "edition"
    return f"You already own {plural} {marks} of this article; this collects another."


def arg_text(name: str, value: str, units: tuple[int, str] | None = None) -> str:
    """A decoded argument as shown: value-like integers get their exact ETH beside the wei,
    or, for a call that moves a token, the token's own units beside its base units."""
    if name in VALUE_ARGS and value.isdigit():
        if units is not None:
            decimals, symbol = units
            return f"{int(value)} base units ({format_units(int(value), decimals, symbol)})"
        return f"{int(value)} wei ({format_eth(int(value))})"
    return value


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
    payee: Payee | None = None
    """Who is paid when that is not ``to`` (tips, collects); None when nobody is."""
    notes: tuple[str, ...] = ()
    """Facts the user must see before confirming (``You already own edition #5 …``)."""
    units: tuple[int, str] | None = None
    """(decimals, symbol) the amount arguments count in when the call moves a token."""

    @property
    def shown_args(self) -> tuple[tuple[str, str], ...]:
        """The decoded arguments as shown to people (ETH beside wei for amounts)."""
        return tuple((name, arg_text(name, value, self.units)) for name, value in self.args)

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
        data["args_eth"] = {k: eth(int(v)) for k, v in self.args if k in VALUE_ARGS and v.isdigit()}
        data["payee"] = None if self.payee is None else self.payee.to_json()
        data["notes"] = list(self.notes)
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
        call = f"{self.function}" + "".join(f"\n    {k} = {v}" for k, v in self.shown_args)
        out = [
            self.summary,
            f"  network:   {self.network} (chain id {self.chain_id})",
            f"  from:      {self.sender}",
            f"  to:        {self.to}",
            *([f"  pays:      {self.payee.text()}"] if self.payee else []),
            f"  value:     {eth(self.value_wei)} ETH ({self.value_wei} wei)",
            f"  call:      {call or '(plain transfer)'}",
            f"  gas limit: {self.gas_limit}",
            f"  max fee:   {format_gwei(self.max_fee_per_gas)}"
            f" (priority {format_gwei(self.max_priority_fee_per_gas)})",
            f"  worst case total: {eth(self.worst_case_wei)} ETH",
            f"  nonce:     {self.nonce}",
            f"  balance:   {eth(self.balance_wei)} ETH"
            + ("" if self.sufficient else "  (INSUFFICIENT)"),
            f"  {self.notice}",
            *(f"  Note: {note}" for note in self.notes),
        ]
        if self.over_fee_cap:
            out.append(f"  Fees exceed your cap of {eth(self.fee_cap_wei or 0)} ETH.")
        return out
