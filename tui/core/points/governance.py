"""Points in a community's governance: the settings read from Communities, proofs of earned
points built from the distribution this client recomputes, and the writes that carry them.

The user never pastes a proof. A proof is built only from the tree the rule gives for the
epoch the contract will check (a proposal's snapshot epoch for votes, the latest accepted
epoch for admission), and only when that tree's root is the root accepted on chain: a proof
from someone else's tree is never sent.

Blocking (reads the node): call it from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.actions.intents import CallIntent
from tui.core.chain.rpc import RpcClient
from tui.core.communities import documents as docs
from tui.core.communities.fold import ProposalKind
from tui.core.content.store import BlockStore
from tui.core.errors import NotFoundError, UsageError
from tui.core.points.distribution import compute
from tui.core.points.history import Contracts, PointsInfo, call, load_records, read_info
from tui.core.points.intents import points
from tui.core.text import is_digits
from tui.core.units import parse_units

KEY = "communities"
UNIT = 10**18
MEMBERSHIP_PERK = 1
"""The perk id clients call "membership" (any perk with blocks per point is one on chain)."""


@dataclass(frozen=True)
class Rules:
    """A community's points settings in Communities, and the account's membership."""

    community: int
    enabled: bool
    """Points are enabled for the community (its settings can be changed)."""
    vote_by_points: bool
    unproven: int
    threshold: int
    membership_blocks: int
    """Blocks of membership per point redeemed for the membership perk (0 = no such perk)."""
    member_until: int
    timed: bool
    restricted: bool
    head: int

    @property
    def membership_left(self) -> int:
        """Blocks of bought membership left (0 when none or expired)."""
        return max(0, self.member_until - self.head)

    @property
    def expired(self) -> bool:
        """A membership that rested on a bought perk alone and has run out."""
        return self.timed and self.restricted and self.member_until <= self.head


@dataclass(frozen=True)
class Proof:
    epoch: int
    cumulative: int
    proof: list[bytes]

    @property
    def weight(self) -> int:
        return self.cumulative // UNIT


@dataclass(frozen=True)
class VotePlan:
    """How the account's vote on a proposal will weigh, and the call that casts it."""

    proposal: int
    community: int
    by_points: bool
    epoch: int | None
    """The snapshot epoch a proof must name (None when votes do not weigh by points or no
    root had been accepted when the proposal opened)."""
    weight: int
    proof: Proof | None
    note: str

    def intent(self, support: bool) -> CallIntent:
        word = "yes" if support else "no"
        summary = f"Vote {word} on proposal #{self.proposal} (weight {self.weight})"
        if self.proof is None:
            return _call("vote", "vote(uint256,bool)", ("proposal", "support"),
                         (self.proposal, support), summary)  # fmt: skip
        p = self.proof
        return _call(
            "vote.earned",
            "voteEarned(uint256,bool,uint256,uint256,bytes32[])",
            ("proposal", "support", "epoch", "cumulative", "proof"),
            (self.proposal, support, p.epoch, p.cumulative, p.proof),
            summary + f", {points(p.cumulative)} earned by epoch {p.epoch}",
        )


def _call(kind: str, function: str, names: tuple[str, ...], args: tuple[object, ...],
          summary: str, *, money: bool = False, cids: tuple[str, ...] = ()) -> CallIntent:  # fmt: skip
    return CallIntent(
        kind=f"community.{kind}", contract=KEY, function=function, arg_names=names, args=args,
        summary=summary, money=money, cids=cids,
    )  # fmt: skip


def _view(rpc: RpcClient, where: Contracts, fn: str, *args: object) -> Any:
    return call(rpc, where.communities, "Communities", fn, list(args))


def read_rules(rpc: RpcClient, where: Contracts, community: int, account: str = "") -> Rules:
    head = rpc.block_number()
    enabled = read_info(rpc, where.points, community) is not None
    until = int(_view(rpc, where, "memberUntil", community, account)) if account else 0
    timed = bool(_view(rpc, where, "timedMember", community, account)) if account else False
    return Rules(
        community=community,
        enabled=enabled,
        vote_by_points=bool(_view(rpc, where, "voteByPoints", community)),
        unproven=int(_view(rpc, where, "unprovenWeight", community)),
        threshold=int(_view(rpc, where, "postThreshold", community)),
        membership_blocks=int(_view(rpc, where, "perkBlocks", community, MEMBERSHIP_PERK)),
        member_until=until,
        timed=timed,
        restricted=bool(_view(rpc, where, "restricted", community)),
        head=head,
    )


def earned_proof(
    rpc: RpcClient, where: Contracts, info: PointsInfo, account: str, epoch: int
) -> Proof | None:
    """The account's proof of what it had earned by ``epoch``, from the distribution this
    client recomputes; None when it earned nothing by then.

    Raises when the epoch has no accepted root, or when the accepted root is not the rule's
    (no proof from this client would verify against it).
    """
    c = info.community
    accepted = bytes(call(rpc, where.points, "Points", "rootOf", [c, epoch]))
    if accepted == b"\x00" * 32:
        raise NotFoundError(f"Epoch {epoch} of community #{c} has no accepted root.")
    end = info.config.end(epoch)
    dist = compute(info.config, load_records(rpc, where, c, end - 1), epoch)
    if dist.root != accepted:
        raise UsageError(
            f"The accepted root of epoch {epoch} in community #{c} does not match the rule: "
            "no proof from this client would verify.",
            hint=f"See agora points verify {c} {epoch}.",
        )
    found = dist.proof(account)
    if found is None or found[0] == 0:
        return None
    return Proof(epoch, found[0], found[1])


def plan_vote(rpc: RpcClient, where: Contracts, proposal: int, account: str) -> VotePlan:
    """Work out the account's weight on ``proposal`` and the proof that carries it."""
    count = int(_view(rpc, where, "proposalCount"))
    if not 0 < proposal <= count:
        raise NotFoundError(f"There is no proposal #{proposal}.")
    community = int(_view(rpc, where, "proposals", proposal)[0])
    by_points, epochs, unproven = _view(rpc, where, "proposalWeighting", proposal)
    if not by_points:
        return VotePlan(proposal, community, False, None, 1, None, "one member, one vote")
    if epochs == 0:
        note = "no points root had been accepted when it opened"
        return _unproven(proposal, community, None, int(unproven), note)
    info = read_info(rpc, where.points, community)
    assert info is not None  # a points-weighted proposal implies points
    epoch = int(epochs) - 1
    proof = earned_proof(rpc, where, info, account, epoch)
    if proof is None:
        note = f"you had earned no points by epoch {epoch}, the proposal's snapshot"
        return _unproven(proposal, community, epoch, int(unproven), note)
    weight = max(proof.weight, int(unproven))
    note = f"{points(proof.cumulative)} earned by epoch {epoch}, the proposal's snapshot"
    return VotePlan(proposal, community, True, epoch, weight, proof, note)


def _unproven(
    proposal: int, community: int, epoch: int | None, unproven: int, note: str
) -> VotePlan:
    return VotePlan(proposal, community, True, epoch, unproven, None, note)


def check_vote(plan: VotePlan) -> None:
    """Refuse a vote that would weigh nothing, saying why."""
    if plan.weight == 0:
        raise UsageError(
            f"Your vote on proposal #{plan.proposal} would weigh 0: {plan.note}, and community "
            f"#{plan.community} gives no weight to members without earned points."
        )


def plan_join(rpc: RpcClient, where: Contracts, community: int, account: str) -> CallIntent:
    """``joinEarned`` with a proof against the latest accepted root, or a clear refusal."""
    rules = read_rules(rpc, where, community, account)
    if rules.threshold == 0:
        raise UsageError(f"Community #{community} does not admit by earned points.",
                         hint="Ask a moderator for an invite, or buy a membership.")  # fmt: skip
    info = read_info(rpc, where.points, community)
    if info is None or info.next_epoch == 0:
        raise NotFoundError(f"No points root has been accepted in community #{community} yet.")
    epoch = info.next_epoch - 1
    proof = earned_proof(rpc, where, info, account, epoch)
    earned = proof.cumulative if proof else 0
    if proof is None or earned < rules.threshold:
        raise UsageError(
            f"You had earned {points(earned)} by epoch {epoch}; community #{community} admits "
            f"from {points(rules.threshold)}."
        )
    return _call(
        "join.earned",
        "joinEarned(uint256,uint256,uint256,bytes32[])",
        ("community", "epoch", "cumulative", "proof"),
        (community, epoch, proof.cumulative, proof.proof),
        f"Join community #{community} with {points(earned)} earned by epoch {epoch}",
    )


def set_rules(community: int, by_points: bool, unproven: int, threshold: int) -> CallIntent:
    if unproven not in (0, 1):
        raise UsageError("A vote without a proof weighs 0 or 1.")
    if threshold < 0:
        raise UsageError("The points threshold cannot be negative.")
    how = "earned points" if by_points else "one member, one vote"
    gate = f"admits from {points(threshold)} earned" if threshold else "no admission by points"
    return _call(
        "points.rules",
        "setPointsRules(uint256,bool,uint256,uint256)",
        ("community", "byPoints", "unproven", "threshold"),
        (community, by_points, unproven, threshold),
        f"Community #{community}: votes weigh by {how} (without a proof: {unproven}); {gate}",
    )


def set_perk(community: int, perk: int, blocks_per_point: int) -> CallIntent:
    if perk < 0 or blocks_per_point < 0:
        raise UsageError("The perk and its blocks per point cannot be negative.")
    what = (f"{blocks_per_point} blocks of membership per point" if blocks_per_point
            else "no membership")  # fmt: skip
    return _call(
        "points.perk",
        "setPerk(uint256,uint256,uint256)",
        ("community", "perk", "blocksPerPoint"),
        (community, perk, blocks_per_point),
        f"Community #{community}: perk {perk} buys {what}",
    )


def membership_intent(
    community: int, amount: int, balance: int, rules: Rules, symbol: str
) -> CallIntent:
    """Redeem ``amount`` for the membership perk: refused when the community sells none, when
    it would buy no block, or when the account holds less."""
    if rules.membership_blocks == 0:
        raise UsageError(f"Community #{community} sells no membership for points.",
                         hint=f"Its owner can: agora points settings {community} --membership-blocks N")  # fmt: skip
    blocks = amount * rules.membership_blocks // UNIT
    if blocks == 0:
        raise UsageError(
            f"{points(amount, symbol)} buys no block of membership "
            f"({rules.membership_blocks} blocks per point)."
        )
    if amount > balance:
        raise UsageError(
            f"You hold {points(balance, symbol)}; that is less than {points(amount, symbol)}."
        )
    start = max(rules.member_until, rules.head)
    return CallIntent(
        kind="points.redeem", contract="points", function="redeem(uint256,uint256,uint256)",
        arg_names=("community", "perk", "amount"), args=(community, MEMBERSHIP_PERK, amount),
        summary=f"Burn {points(amount, symbol)} for {blocks} blocks of membership in community "
                f"#{community} (until about block {start + blocks})", money=True,
        units=(18, symbol),
    )  # fmt: skip


def veto_proposal(store: BlockStore, community: int, root: bytes, note: str) -> CallIntent:
    """A VETO_ROOT proposal against the pending root, with the reason as its note."""
    if len(root) != 32 or root == b"\x00" * 32:
        raise UsageError(f"Community #{community} has no pending points root to veto.")
    cid = store.put(docs.note_document(note or "This root does not match the public rule."))
    return _call(
        "propose",
        "propose(uint256,uint8,uint256,string)",
        ("community", "kind", "target", "cid"),
        (community, int(ProposalKind.VETO_ROOT), int.from_bytes(root, "big"), cid),
        f"Propose a vote to veto the pending root 0x{root.hex()[:12]}… of community #{community}",
        cids=(cid,),
    )


def parse_points(text: str) -> int:
    """Whole or fractional points as base units (a threshold, an amount)."""
    return parse_units(text, 18, "points", example="25")


def parse_settings(text: str, current: Rules) -> list[CallIntent]:
    """The owner's settings typed as ``key=value`` words, e.g. ``vote=points unproven=1
    threshold=5 membership=7200``; what is left out keeps its value. One or two calls."""
    allowed = {"vote", "unproven", "threshold", "membership"}
    given: dict[str, str] = {}
    for word in text.split():
        key, sep, value = word.partition("=")
        key = key.strip().lower()
        if not sep or key not in allowed or not value:
            raise UsageError(
                "Write key=value words: vote=points|one, unproven=0|1, threshold=POINTS, "
                "membership=BLOCKS_PER_POINT."
            )
        given[key] = value.strip()
    if not given:
        raise UsageError("Nothing to change.")
    out: list[CallIntent] = []
    if given.keys() & {"vote", "unproven", "threshold"}:
        vote = given.get("vote", "points" if current.vote_by_points else "one").lower()
        if vote not in ("points", "one"):
            raise UsageError("vote= is points or one.")
        unproven = given.get("unproven", str(current.unproven))
        if unproven not in ("0", "1"):
            raise UsageError("unproven= is 0 or 1.")
        threshold = parse_points(given["threshold"]) if "threshold" in given else current.threshold
        out.append(set_rules(current.community, vote == "points", int(unproven), threshold))
    if "membership" in given:
        blocks = given["membership"]
        if not is_digits(blocks) or len(blocks) > 12:
            raise UsageError("membership= is a whole number of blocks per point.")
        out.append(set_perk(current.community, MEMBERSHIP_PERK, int(blocks)))
    return out


def governance_lines(rules: Rules, earned: int) -> list[str]:
    """Plain lines for the points screen: how votes weigh, who is admitted, the membership
    for sale and the account's own (``earned``: by the latest accepted root)."""
    if rules.vote_by_points:
        votes = (f"votes weigh by points earned (without a proof: {rules.unproven}); "
                 f"yours: {max(earned // UNIT, rules.unproven)} at the latest accepted root")  # fmt: skip
    else:
        votes = "one member, one vote"
    lines = [votes]
    if rules.threshold:
        ok = "you qualify (j joins)" if earned >= rules.threshold else "you do not qualify yet"
        lines.append(f"admits from {points(rules.threshold)} earned without an invite; {ok}")
    if rules.membership_blocks:
        lines.append(f"membership for sale: {rules.membership_blocks} blocks per point (m buys)")
    if rules.expired:
        lines.append(f"your membership EXPIRED at block {rules.member_until}: m buys more")
    elif rules.membership_left:
        lines.append(f"your membership runs until block {rules.member_until} "
                     f"({rules.membership_left} blocks left)")  # fmt: skip
    return lines
