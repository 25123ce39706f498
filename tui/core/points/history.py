"""The rule's inputs read straight from the chain: a community's points parameters, its
posts, moderation and owner/moderator changes, the tips on its posts and its redemptions,
as records in (block, log index) order (see ``rule``).

Reading logs rather than the local index keeps verification independent of what this client
has indexed: ``agora points verify`` recomputes from the node alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_hash.auto import keccak

from tui.core.chain.abi import EventDecoder, decode_log, decode_result, encode_call, load_abi
from tui.core.chain.rpc import RpcClient
from tui.core.points.rule import Config, Record

ZERO = "0x" + "0" * 40


@dataclass(frozen=True)
class Contracts:
    social: str
    communities: str
    points: str
    from_block: int = 0


@dataclass(frozen=True)
class PointsInfo:
    """A community's points parameters and where its roots stand."""

    community: int
    token: str
    config: Config
    next_epoch: int
    current_root: bytes
    current_total: int
    pending_epoch: int | None
    pending_root: bytes
    pending_total: int
    pending_block: int
    root_delay: int


def call(rpc: RpcClient, address: str, contract: str, fn: str, args: list[Any]) -> Any:
    out = rpc.eth_call(address, encode_call(contract, fn, args))
    result = decode_result(contract, fn, out)
    return result[0] if len(result) == 1 else result


def read_info(rpc: RpcClient, points: str, community: int) -> PointsInfo | None:
    """None when the community has not enabled points."""

    def view(fn: str, *extra: Any) -> Any:
        return call(rpc, points, "Points", fn, [community, *extra])

    token = str(view("tokenOf"))
    if int(token, 16) == 0:
        return None
    pending_block = int(view("pendingBlock"))
    return PointsInfo(
        community=community,
        token=token,
        config=Config(
            int(view("startBlock")),
            int(view("epochBlocks")),
            int(view("epochCap")),
            int(view("modShareBps")),
        ),
        next_epoch=int(view("nextEpoch")),
        current_root=bytes(view("currentRoot")),
        current_total=int(view("currentTotal")),
        pending_epoch=int(view("pendingEpoch")) if pending_block else None,
        pending_root=bytes(view("pendingRoot")),
        pending_total=int(view("pendingTotal")),
        pending_block=pending_block,
        root_delay=int(call(rpc, points, "Points", "rootDelay", [])),
    )


def _topic(n: int) -> str:
    return "0x" + n.to_bytes(32, "big").hex()


CHUNK = 50_000
"""Blocks per eth_getLogs request: public nodes refuse wider ranges."""
TIPPED = "0x" + keccak(b"Tipped(uint256,address,address,uint256)").hex()


def _logs(
    rpc: RpcClient, start: int, end: int, address: str, topics: list[Any]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for first in range(start, end + 1, CHUNK):
        out.extend(rpc.get_logs(first, min(end, first + CHUNK - 1), [address], topics))
    return out


def load_records(rpc: RpcClient, where: Contracts, community: int, to_block: int) -> list[Record]:
    """Every record of ``community`` up to ``to_block`` (inclusive), in chain order."""
    records: list[Record] = []
    communities = EventDecoder(load_abi("Communities"))
    logs = _logs(rpc, where.from_block, to_block, where.communities, [None, _topic(community)])
    for log in logs:
        ev = communities.decode(log)
        if ev is None or ev.removed:
            continue
        at = (ev.block_number, ev.log_index)
        a = ev.args
        if ev.name == "CommunityCreated" or ev.name == "OwnerChanged":
            records.append(("owner", *at, a["owner"]))
        elif ev.name == "CommunityPost":
            records.append(("post", *at, a["id"], a["author"], a["parent"]))
        elif ev.name == "ModeratorChanged":
            records.append(("moderator", *at, a["account"], a["added"]))
        elif ev.name == "Moderated":
            records.append(("mod", *at, a["action"], a["target"]))
    posts = {r[3] for r in records if r[0] == "post"}
    if posts:
        for log in _logs(rpc, where.from_block, to_block, where.social, [TIPPED]):
            ev = decode_log(log)
            if ev is not None and ev.name == "Tipped" and ev.args["id"] in posts:
                a = ev.args
                records.append(
                    ("tip", ev.block_number, ev.log_index, a["id"], a["sender"], a["amount"])
                )
    decoder = EventDecoder(load_abi("Points"))
    for log in _logs(rpc, where.from_block, to_block, where.points, [None, _topic(community)]):
        ev = decoder.decode(log)
        if ev is not None and ev.name == "Redeemed":
            records.append(("burn", ev.block_number, ev.log_index, ev.args["amount"]))
    records.sort(key=lambda r: (r[1], r[2]))
    return records


def points_events(rpc: RpcClient, where: Contracts, community: int, to_block: int) -> list[Any]:
    """The community's Points events (roots proposed, accepted, vetoed; claims; redemptions)."""
    decoder = EventDecoder(load_abi("Points"))
    logs = _logs(rpc, where.from_block, to_block, where.points, [None, _topic(community)])
    return [ev for ev in map(decoder.decode, logs) if ev is not None and not ev.removed]
