"""Deploying Agora's contracts: locally signed EIP-1559 creation transactions, then receipts.

Used by the devnet bootstrap, ``agora deploy`` and test fixtures (``deploy_contracts(anvil,
DEV_KEYS[0])``). User-initiated writes go through the outbox instead; ``send_transaction`` here
is a small synchronous helper for tooling and tests that do not need write-ahead safety.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from tui.core.chain.abi import bytecode, revert_reason, to_checksum
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.errors import ChainError

RECEIPT_TIMEOUT = 120.0
"""Seconds to wait for a receipt before giving up (a devnet mines at once)."""
POLL_INTERVAL = 0.1
GAS_MARGIN = 1.25
"""Estimates are multiplied by this: storage refunds and warm/cold changes make them tight."""
DEFAULT_PRIORITY_FEE = 1_000_000_000


@dataclass(frozen=True)
class Deployment:
    """Where Agora's contracts live on one chain."""

    social: str
    """Checksummed address of Social."""
    articles: str
    """Checksummed address of Articles."""
    block: int
    """First block that can hold our events: indexers start scanning here."""
    chain_id: int
    contracts: dict[str, str] = field(default_factory=dict)
    """The extensions' contracts by key (``tui.core.chain.extensions``), checksummed."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deployment:
        """Read a stored deployment back, validating it (settings files are edited by hand)."""
        try:
            return cls(
                social=to_checksum(str(data["social"])),
                articles=to_checksum(str(data["articles"])),
                block=int(data["block"]),
                chain_id=int(data["chain_id"]),
                contracts={
                    str(k): to_checksum(str(v)) for k, v in dict(data.get("contracts", {})).items()
                },
            )
        except (KeyError, TypeError, ValueError):
            raise ChainError(
                "The stored deployment is incomplete: it needs social, articles, block and "
                "chain_id."
            ) from None


def _fees(rpc: RpcClient) -> tuple[int, int]:
    """(max fee, priority fee) per gas: twice the next base fee plus the tip."""
    try:
        history = rpc.call("eth_feeHistory", [1, "latest", []])
        base = int(history["baseFeePerGas"][-1], 16)
    except (RpcError, KeyError, IndexError, TypeError, ValueError):
        base = int(rpc.call("eth_gasPrice"), 16)
    try:
        tip = int(rpc.call("eth_maxPriorityFeePerGas"), 16)
    except (RpcError, TypeError, ValueError):
        tip = DEFAULT_PRIORITY_FEE
    return 2 * base + tip, tip


def _account(private_key: str) -> Any:
    from eth_account import Account

    try:
        return Account.from_key(private_key)
    except Exception:  # never echo the key or the library's message about it
        raise ChainError("The deployer private key is not a valid secp256k1 key.") from None


def _estimate(rpc: RpcClient, tx: dict[str, Any], what: str) -> int:
    try:
        return int(int(rpc.call("eth_estimateGas", [tx]), 16) * GAS_MARGIN)
    except RpcError as exc:
        reason = revert_reason(exc) or exc.rpc_message
        raise ChainError(f"{what} would fail: {reason}") from None


def _sign_and_send(
    rpc: RpcClient,
    private_key: str,
    *,
    chain_id: int,
    nonce: int,
    to: str | None,
    data: str,
    value: int,
    gas: int | None,
    what: str,
) -> str:
    account = _account(private_key)
    call: dict[str, Any] = {"from": account.address, "data": data, "value": hex(value)}
    if to is not None:
        call["to"] = to
    max_fee, tip = _fees(rpc)
    tx: dict[str, Any] = {
        "type": 2,
        "chainId": chain_id,
        "nonce": nonce,
        "data": data,
        "value": value,
        "gas": gas if gas is not None else _estimate(rpc, call, what),
        "maxFeePerGas": max_fee,
        "maxPriorityFeePerGas": tip,
    }
    if to is not None:
        tx["to"] = to_checksum(to)
    signed = account.sign_transaction(tx)
    raw = "0x" + bytes(signed.raw_transaction).hex()
    try:
        return str(rpc.call("eth_sendRawTransaction", [raw]))
    except RpcError as exc:
        raise ChainError(f"{what} was refused by the node: {exc.rpc_message}") from None


def wait_for_receipt(
    rpc: RpcClient, tx_hash: str, timeout: float = RECEIPT_TIMEOUT, what: str = "Transaction"
) -> dict[str, Any]:
    """Poll until ``tx_hash`` is mined and return its receipt (whatever its status)."""
    deadline = time.monotonic() + timeout
    while True:
        receipt = rpc.receipt(tx_hash)
        if receipt is not None and receipt.get("blockNumber"):
            return receipt
        if time.monotonic() >= deadline:
            raise ChainError(
                f"{what} {tx_hash} was not mined within {timeout:.0f} s.",
                hint="Is the node mining? It may still land later.",
            )
        time.sleep(POLL_INTERVAL)


def _require_success(rpc: RpcClient, receipt: dict[str, Any], what: str) -> None:
    if int(str(receipt.get("status", "0x0")), 16) == 1:
        return
    reason = "reverted"
    tx = rpc.transaction(str(receipt.get("transactionHash")))
    if tx is not None:  # replay the call at the block before to recover the reason
        call = {k: tx[k] for k in ("from", "to", "data", "value") if tx.get(k) is not None}
        if "input" in tx and "data" not in call:
            call["data"] = tx["input"]
        try:
            block = hex(int(str(receipt["blockNumber"]), 16) - 1)
            rpc.call("eth_call", [call, block])
        except RpcError as exc:
            reason = revert_reason(exc) or exc.rpc_message
        except (KeyError, ValueError):
            pass
    raise ChainError(f"{what} failed on chain: {reason}")


def send_transaction(
    rpc: RpcClient,
    private_key: str,
    to: str,
    data: str,
    *,
    value: int = 0,
    gas: int | None = None,
    check: bool = True,
) -> dict[str, Any]:
    """Sign and send one EIP-1559 transaction, wait for and return its receipt.

    For tooling and tests (seeding a devnet, contract tests). ``gas`` skips estimation, so a
    transaction that reverts still gets mined; ``check=False`` returns a failed receipt instead
    of raising. The private key is used only inside this call and never logged.
    """
    chain_id = rpc.chain_id()
    sender = _account(private_key).address
    tx_hash = _sign_and_send(
        rpc,
        private_key,
        chain_id=chain_id,
        nonce=rpc.nonce(sender),
        to=to,
        data=data,
        value=value,
        gas=gas,
        what="The transaction",
    )
    receipt = wait_for_receipt(rpc, tx_hash)
    if check:
        _require_success(rpc, receipt, "The transaction")
    return receipt


def deploy_code(rpc: RpcClient, private_key: str, initcode: str, *, value: int = 0) -> str:
    """Deploy arbitrary creation code (bytecode + encoded constructor args); return the address.

    For tooling and tests (helper contracts); Agora's own contracts use ``deploy_contracts``.
    """
    sender = _account(private_key).address
    tx_hash = _sign_and_send(
        rpc,
        private_key,
        chain_id=rpc.chain_id(),
        nonce=rpc.nonce(sender),
        to=None,
        data=initcode,
        value=value,
        gas=None,
        what="The deployment",
    )
    receipt = wait_for_receipt(rpc, tx_hash, what="The deployment")
    _require_success(rpc, receipt, "The deployment")
    address = receipt.get("contractAddress")
    if not address:
        raise ChainError("The deployment receipt has no contract address.")
    return to_checksum(str(address))


def deploy_contracts(
    rpc: RpcClient, private_key: str, *, extensions: bool = True, devnet: bool = False
) -> Deployment:
    """Deploy Social and Articles from the account of ``private_key`` and wait for both, then
    (unless ``extensions`` is false) every extension's contracts (``tui.core.chain.extensions``).

    Raises:
        ChainError: the node is unreachable, refuses a transaction, or a creation fails.
    """
    chain_id = rpc.chain_id()
    sender = _account(private_key).address
    nonce = rpc.nonce(sender)
    hashes = []
    for offset, name in enumerate(("Social", "Articles")):
        hashes.append(
            _sign_and_send(
                rpc,
                private_key,
                chain_id=chain_id,
                nonce=nonce + offset,
                to=None,
                data=bytecode(name),
                value=0,
                gas=None,
                what=f"Deploying {name}",
            )
        )
    addresses = []
    blocks = []
    for name, tx_hash in zip(("Social", "Articles"), hashes, strict=True):
        receipt = wait_for_receipt(rpc, tx_hash, what=f"Deploying {name}")
        _require_success(rpc, receipt, f"Deploying {name}")
        address = receipt.get("contractAddress")
        if not address:
            raise ChainError(f"Deploying {name}: the receipt has no contract address.")
        addresses.append(to_checksum(str(address)))
        blocks.append(int(str(receipt["blockNumber"]), 16))
    deployment = Deployment(
        social=addresses[0], articles=addresses[1], block=min(blocks), chain_id=chain_id
    )
    if not extensions:
        return deployment
    from tui.core.chain.extensions import KeyDeployer, deploy_extensions

    return deploy_extensions(rpc, deployment, KeyDeployer(rpc, private_key), devnet=devnet)


def is_deployed(rpc: RpcClient, address: str) -> bool:
    """True when ``address`` holds code on the node's latest block."""
    return len(rpc.get_code(address)) > 0


__all__ = [
    "Deployment",
    "deploy_code",
    "deploy_contracts",
    "is_deployed",
    "send_transaction",
    "wait_for_receipt",
]
