"""Reading a round and a target from the chain in one batch, just before signing."""

from __future__ import annotations

from typing import Any

from tui.core.chain.abi import decode_result, encode_call, to_checksum
from tui.core.chain.rpc import Call, RpcClient
from tui.core.errors import ChainError
from tui.core.rounds.checks import ChainRound, TargetState
from tui.core.rounds.model import KIND_ARTICLE

ZERO = "0x" + "0" * 40


def _call(to: str, fn: str, args: list[Any]) -> Call:
    return Call("eth_call", [{"to": to, "data": encode_call("Rounds", fn, args)}, "latest"])


def _decode(fn: str, out: Any) -> Any:
    if not isinstance(out, str):
        raise ChainError(f"Could not read Rounds.{fn} from the node. Nothing was signed.")
    values = decode_result("Rounds", fn, out)
    return values[0] if len(values) == 1 else values


def now(rpc: RpcClient) -> int:
    """The latest block's time: what the contract compares deadlines with."""
    block = rpc.get_block("latest")
    if block is None:
        raise ChainError("The node returned no latest block.")
    return int(str(block["timestamp"]), 16)


def read_round(rpc: RpcClient, rounds: str, round_id: int) -> ChainRound:
    out = rpc.batch(
        [_call(rounds, "rounds", [round_id]), _call(rounds, "evaluatorsOf", [round_id])]
    )
    fields = _decode("rounds", out[0])
    evaluators = tuple(to_checksum(str(e)) for e in _decode("evaluatorsOf", out[1]))
    (funder, token, pot, budget, quorum, _n, alloc_end, claim_end, posts, articles, paid, _r,
     closed) = fields  # fmt: skip
    return ChainRound(
        round_id, to_checksum(funder), to_checksum(token), pot, budget, quorum, alloc_end,
        claim_end, posts, articles, paid, bool(closed), evaluators,
    )  # fmt: skip


def read_target(
    rpc: RpcClient, rounds: str, round_id: int, kind: int, target: int, author: str = ""
) -> TargetState:
    """A target's payee and standing in a round (payee "" when it does not exist)."""
    calls = [
        _call(rounds, "totalFor", [round_id, kind, target]),
        _call(rounds, "backersOf", [round_id, kind, target]),
        _call(rounds, "claimed", [round_id, kind, target]),
        _call(rounds, "payeeOf", [kind, target]),
    ]
    out = rpc.batch(calls)
    payee = _decode("payeeOf", out[3]) if isinstance(out[3], str) else ZERO
    payee = "" if str(payee).lower() == ZERO else to_checksum(str(payee))
    is_article = False
    if kind == KIND_ARTICLE and payee:
        social_articles = rpc.eth_call(rounds, encode_call("Rounds", "ARTICLES", []))
        articles = _decode("ARTICLES", social_articles)
        data = rpc.eth_call(str(articles), encode_call("Articles", "isArticle", [target]))
        is_article = bool(decode_result("Articles", "isArticle", data)[0])
    return TargetState(
        kind, target, payee, is_article, _decode("totalFor", out[0]),
        _decode("backersOf", out[1]), bool(_decode("claimed", out[2])), author,
    )  # fmt: skip


def read_spent(
    rpc: RpcClient, rounds: str, round_id: int, who: str, kind: int, target: int
) -> tuple[int, int]:
    """(what ``who`` has given in the round, its current amount for the target)."""
    out = rpc.batch(
        [
            _call(rounds, "spentBy", [round_id, who]),
            _call(rounds, "allocationOf", [round_id, who, kind, target]),
        ]
    )
    return int(_decode("spentBy", out[0])), int(_decode("allocationOf", out[1]))
