# pragma version 0.4.3
"""
@title Agora Rounds
@notice Retroactive funding rounds with no admin. A funder opens a round with a pot
        (ETH or an ERC-20 token) and a fixed set of evaluators. Each evaluator may give
        up to pot // evaluators to posts and articles that already existed when the round
        opened. After the allocation deadline, a target backed by at least `quorum`
        evaluators is paid the sum of its allocations: a post to its author, an article
        to whoever holds the article token when claiming (the certificate of impact).
        After the claim deadline anyone may send what is left back to the funder.
@dev The pot is the contract's balance change, so fee-on-transfer tokens are counted
     by what arrived. Token calls go through `default_return_value=True`, which accepts
     tokens that return nothing (USDT) and refuses ones that return false. `open`,
     `claim` and `reclaim` share one reentrancy lock and write state before transferring.
"""

MAX_CID: constant(uint256) = 128
MAX_EVALUATORS: constant(uint256) = 32
MIN_CLAIM_WINDOW: constant(uint256) = 7 * 86400
KIND_POST: constant(uint8) = 1
KIND_ARTICLE: constant(uint8) = 2


interface IERC20:
    def transfer(to: address, amount: uint256) -> bool: nonpayable
    def transferFrom(owner: address, to: address, amount: uint256) -> bool: nonpayable
    def balanceOf(owner: address) -> uint256: view


interface ISocial:
    def postCount() -> uint256: view
    def authorOf(id: uint256) -> address: view


interface IArticles:
    def tokenCount() -> uint256: view
    def isArticle(tokenId: uint256) -> bool: view
    def ownerOf(tokenId: uint256) -> address: view


struct Round:
    funder: address
    token: address
    pot: uint256
    budget: uint256
    quorum: uint256
    evaluatorCount: uint256
    allocateEnd: uint256
    claimEnd: uint256
    postCount: uint256
    articleCount: uint256
    paid: uint256
    reclaimed: uint256
    closed: bool


event RoundOpened:
    roundId: indexed(uint256)
    funder: indexed(address)
    token: indexed(address)
    pot: uint256
    quorum: uint256
    evaluatorCount: uint256
    allocateEnd: uint256
    claimEnd: uint256
    postCount: uint256
    articleCount: uint256
    scopeCid: String[MAX_CID]

event EvaluatorAppointed:
    roundId: indexed(uint256)
    evaluator: indexed(address)
    position: uint256

event Allocated:
    roundId: indexed(uint256)
    evaluator: indexed(address)
    kind: uint8
    id: indexed(uint256)
    amount: uint256
    reasonCid: String[MAX_CID]

event Claimed:
    roundId: indexed(uint256)
    payee: indexed(address)
    kind: uint8
    id: indexed(uint256)
    amount: uint256

event Reclaimed:
    roundId: indexed(uint256)
    funder: indexed(address)
    amount: uint256


SOCIAL: public(immutable(address))
ARTICLES: public(immutable(address))

# Number of rounds so far; ids run from 1 to roundCount.
roundCount: public(uint256)

rounds: public(HashMap[uint256, Round])
_evaluators: HashMap[uint256, DynArray[address, MAX_EVALUATORS]]
isEvaluator: public(HashMap[uint256, HashMap[address, bool]])

# allocationOf[round][evaluator][kind][id]
allocationOf: public(HashMap[uint256, HashMap[address, HashMap[uint8, HashMap[uint256, uint256]]]])
# What each evaluator has given so far in a round.
spentBy: public(HashMap[uint256, HashMap[address, uint256]])
# Sum of allocations to a target, and how many evaluators back it (allocation > 0).
totalFor: public(HashMap[uint256, HashMap[uint8, HashMap[uint256, uint256]]])
backersOf: public(HashMap[uint256, HashMap[uint8, HashMap[uint256, uint256]]])
claimed: public(HashMap[uint256, HashMap[uint8, HashMap[uint256, bool]]])


@deploy
def __init__(social: address, articles: address):
    SOCIAL = social
    ARTICLES = articles


@external
@view
def evaluatorsOf(roundId: uint256) -> DynArray[address, MAX_EVALUATORS]:
    return self._evaluators[roundId]


@internal
@view
def _payee(kind: uint8, id: uint256) -> address:
    if kind == KIND_POST:
        return staticcall ISocial(SOCIAL).authorOf(id)
    return staticcall IArticles(ARTICLES).ownerOf(id)


@internal
@view
def _eligible(r: Round, kind: uint8, id: uint256) -> bool:
    # Retroactive by construction: only work that existed when the round opened.
    if id == 0:
        return False
    if kind == KIND_POST:
        return id <= r.postCount
    if kind == KIND_ARTICLE:
        return id <= r.articleCount and staticcall IArticles(ARTICLES).isArticle(id)
    return False


@external
@view
def payeeOf(kind: uint8, id: uint256) -> address:
    """
    @notice Who a claim for this target pays now: a post's author, an article's holder.
    """
    assert kind == KIND_POST or kind == KIND_ARTICLE, "bad kind"
    return self._payee(kind, id)


@external
@view
def payoutOf(roundId: uint256, kind: uint8, id: uint256) -> uint256:
    """
    @notice What the target is owed: its allocations' sum if quorum is met, else 0.
    """
    r: Round = self.rounds[roundId]
    if r.quorum == 0 or self.backersOf[roundId][kind][id] < r.quorum:
        return 0
    return self.totalFor[roundId][kind][id]


@external
@payable
@nonreentrant
def open(
    token: address,
    amount: uint256,
    scopeCid: String[MAX_CID],
    evaluators: DynArray[address, MAX_EVALUATORS],
    quorum: uint256,
    allocateEnd: uint256,
    claimEnd: uint256,
) -> uint256:
    """
    @notice Open a round. For ETH pass token = 0x0 and send `amount` as msg.value; for
            a token, approve `amount` first: the pot is what actually arrives.
    @return The new round id (ids start at 1).
    """
    assert len(scopeCid) > 0, "empty scope"
    n: uint256 = len(evaluators)
    assert n > 0, "no evaluators"
    assert quorum > 0 and quorum <= n, "bad quorum"
    assert allocateEnd > block.timestamp, "allocation deadline passed"
    assert claimEnd >= allocateEnd + MIN_CLAIM_WINDOW, "claim window under 7 days"
    assert amount > 0, "empty pot"

    round_id: uint256 = self.roundCount + 1
    self.roundCount = round_id
    for i: uint256 in range(MAX_EVALUATORS):
        if i >= n:
            break
        e: address = evaluators[i]
        assert e != empty(address), "zero evaluator"
        assert not self.isEvaluator[round_id][e], "duplicate evaluator"
        self.isEvaluator[round_id][e] = True
    self._evaluators[round_id] = evaluators

    pot: uint256 = amount
    if token == empty(address):
        assert msg.value == amount, "value must equal amount"
    else:
        assert msg.value == 0, "ETH sent with a token pot"
        before: uint256 = staticcall IERC20(token).balanceOf(self)
        assert extcall IERC20(token).transferFrom(
            msg.sender, self, amount, default_return_value=True
        ), "token transfer failed"
        pot = staticcall IERC20(token).balanceOf(self) - before
        assert pot > 0, "empty pot"

    posts: uint256 = staticcall ISocial(SOCIAL).postCount()
    articles: uint256 = staticcall IArticles(ARTICLES).tokenCount()
    self.rounds[round_id] = Round(
        funder=msg.sender,
        token=token,
        pot=pot,
        budget=pot // n,
        quorum=quorum,
        evaluatorCount=n,
        allocateEnd=allocateEnd,
        claimEnd=claimEnd,
        postCount=posts,
        articleCount=articles,
        paid=0,
        reclaimed=0,
        closed=False,
    )
    log RoundOpened(
        roundId=round_id,
        funder=msg.sender,
        token=token,
        pot=pot,
        quorum=quorum,
        evaluatorCount=n,
        allocateEnd=allocateEnd,
        claimEnd=claimEnd,
        postCount=posts,
        articleCount=articles,
        scopeCid=scopeCid,
    )
    for i: uint256 in range(MAX_EVALUATORS):
        if i >= n:
            break
        log EvaluatorAppointed(roundId=round_id, evaluator=evaluators[i], position=i)
    return round_id


@external
def allocate(roundId: uint256, kind: uint8, id: uint256, amount: uint256, reasonCid: String[MAX_CID]):
    """
    @notice Set (not add) the caller's allocation to a post (kind 1) or article (kind 2);
            0 withdraws it. The caller's allocations in this round may not exceed its budget.
    """
    r: Round = self.rounds[roundId]
    assert r.quorum > 0, "unknown round"
    assert block.timestamp < r.allocateEnd, "allocation closed"
    assert self.isEvaluator[roundId][msg.sender], "not an evaluator"
    assert kind == KIND_POST or kind == KIND_ARTICLE, "bad kind"
    assert self._eligible(r, kind, id), "not eligible"
    assert not self.isEvaluator[roundId][self._payee(kind, id)], "evaluator's own work"

    old: uint256 = self.allocationOf[roundId][msg.sender][kind][id]
    assert old > 0 or amount > 0, "nothing to withdraw"
    spent: uint256 = self.spentBy[roundId][msg.sender] - old + amount
    assert spent <= r.budget, "over budget"
    self.spentBy[roundId][msg.sender] = spent
    self.allocationOf[roundId][msg.sender][kind][id] = amount
    self.totalFor[roundId][kind][id] = self.totalFor[roundId][kind][id] - old + amount
    if old == 0:
        self.backersOf[roundId][kind][id] += 1
    elif amount == 0:
        self.backersOf[roundId][kind][id] -= 1
    log Allocated(
        roundId=roundId, evaluator=msg.sender, kind=kind, id=id, amount=amount, reasonCid=reasonCid
    )


@internal
def _send(token: address, to: address, amount: uint256):
    if token == empty(address):
        ok: bool = raw_call(to, b"", value=amount, revert_on_failure=False)
        assert ok, "payment failed"
    else:
        assert extcall IERC20(token).transfer(
            to, amount, default_return_value=True
        ), "token transfer failed"


@external
@nonreentrant
def claim(roundId: uint256, kind: uint8, id: uint256):
    """
    @notice Pay a target's award to the caller, who must be its payee now.
    """
    r: Round = self.rounds[roundId]
    assert r.quorum > 0, "unknown round"
    assert block.timestamp >= r.allocateEnd, "allocation still open"
    assert block.timestamp < r.claimEnd, "claim window closed"
    assert kind == KIND_POST or kind == KIND_ARTICLE, "bad kind"
    assert not self.claimed[roundId][kind][id], "already claimed"
    amount: uint256 = self.totalFor[roundId][kind][id]
    assert amount > 0, "nothing allocated"
    assert self.backersOf[roundId][kind][id] >= r.quorum, "quorum not met"
    assert not self.isEvaluator[roundId][msg.sender], "evaluators cannot claim"
    assert self._payee(kind, id) == msg.sender, "not the payee"

    self.claimed[roundId][kind][id] = True
    self.rounds[roundId].paid = r.paid + amount
    log Claimed(roundId=roundId, payee=msg.sender, kind=kind, id=id, amount=amount)
    self._send(r.token, msg.sender, amount)


@external
@nonreentrant
def reclaim(roundId: uint256):
    """
    @notice After the claim deadline, send everything not paid back to the funder.
    """
    r: Round = self.rounds[roundId]
    assert r.quorum > 0, "unknown round"
    assert block.timestamp >= r.claimEnd, "claim window still open"
    assert not r.closed, "already reclaimed"
    amount: uint256 = r.pot - r.paid
    self.rounds[roundId].closed = True
    self.rounds[roundId].reclaimed = amount
    log Reclaimed(roundId=roundId, funder=r.funder, amount=amount)
    if amount > 0:
        self._send(r.token, r.funder, amount)
