"""The points rule (PROTOCOL.md "Community points"), in integer arithmetic.

Two implementations of one rule: ``compute_batch`` states it literally over a whole history
(the reference the property tests compare against), and ``Ledger`` folds records one at a
time in (block, log index) order, as the chain or the index delivers them (what the CLI, the
TUI and the benchmark use). Both produce, per epoch, every account's earned amount and the
cumulative amounts that the merkle tree commits to.

Records (all in the community, except tips, which name any post):
  ("post", block, index, post_id, author, parent)     a CommunityPost
  ("tip", block, index, post_id, sender, amount_wei)  a Social Tipped
  ("mod", block, index, action, target)               a Moderated (HIDE 1, RESTORE 2, BAN 3, UNBAN 4)
  ("moderator", block, index, account, added)         a ModeratorChanged
  ("owner", block, index, account)                    CommunityCreated / OwnerChanged
  ("burn", block, index, amount)                      a Points Redeemed
  ("article", block, index, article_id, author)       an Articles ArticlePublished (any)
  ("link", block, index, post_id, article_id)         the post's document names the article
                                                      (at its CommunityPost's place, after it)
  ("collect", block, index, article_id, collector)    an Articles Collected (any)
Addresses are compared as given: pass them checksummed (the decoder does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import isqrt
from typing import Any

REPLY = 1
"""Weight of a reply to a post."""
TIP = 2
"""Weight of a tip of at least MIN_TIP_WEI."""
COLLECT = 3
"""Weight of a collect of an article linked from the post."""
MIN_TIP_WEI = 10**15
"""0.001 ETH: smaller tips count for nothing."""
CAP_PER_POST = 5
"""A giver's weights on one post count up to this much."""
MAX_BONUS = 9
"""A giver's budget is 1 + min(9, isqrt(whole points earned before the epoch))."""
UNIT = 10**18
"""One whole point (the token has 18 decimals)."""
SCALE = 10**18
"""Fixed-point scale of shares and scores."""
DECAY_BPS = 250
"""The pool shrinks by 2.5% each epoch (floored at every step)."""
HIDE, RESTORE, BAN, UNBAN = 1, 2, 3, 4

Record = tuple[Any, ...]


@dataclass(frozen=True)
class Config:
    """A community's points parameters, as PointsEnabled logged them."""

    start_block: int
    epoch_blocks: int
    epoch_cap: int
    mod_share_bps: int

    def start(self, epoch: int) -> int:
        return self.start_block + epoch * self.epoch_blocks

    def end(self, epoch: int) -> int:
        """The first block after ``epoch``."""
        return self.start_block + (epoch + 1) * self.epoch_blocks

    def epoch_of(self, block: int) -> int:
        """The epoch a block falls in (-1 before points were enabled)."""
        return -1 if block < self.start_block else (block - self.start_block) // self.epoch_blocks


@dataclass
class EpochResult:
    epoch: int
    pool: int
    mod_cut: int
    amounts: dict[str, int]
    """What each account earned in this epoch (only accounts with > 0)."""
    cumulative: dict[str, int]
    """Every account's earned total through this epoch: the merkle leaves."""
    shares: dict[tuple[str, str], int] = field(default_factory=dict)
    """(giver, author) -> the scaled share the giver sent the author (for drill-down)."""
    contributions: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)
    """(giver, author) -> [(post, capped weight)] that counted, by post id (the drill-down)."""

    @property
    def total(self) -> int:
        return sum(self.cumulative.values())


def decayed_cap(cap: int, epoch: int) -> int:
    pool = cap
    for _ in range(epoch):
        pool = pool * (10_000 - DECAY_BPS) // 10_000
    return pool


def budget(earned_before: int) -> int:
    return 1 + min(MAX_BONUS, isqrt(earned_before // UNIT))


@dataclass
class _State:
    """A community's moderation state as its log stands at some block."""

    owner: str = ""
    moderators: set[str] = field(default_factory=set)
    banned: set[str] = field(default_factory=set)
    hidden: set[int] = field(default_factory=set)
    posts: dict[int, str] = field(default_factory=dict)
    """Post id -> author, for the community's posts."""
    articles: dict[int, str] = field(default_factory=dict)
    """Article id -> the account that published it."""
    linked: dict[int, int] = field(default_factory=dict)
    """Article id -> the first post of the community, by the article's author, linking it."""

    def apply(self, rec: Record) -> None:
        kind = rec[0]
        if kind == "post":
            self.posts[rec[3]] = rec[4]
        elif kind == "owner":
            self.owner = rec[3]
        elif kind == "article":
            self.articles.setdefault(rec[3], rec[4])
        elif kind == "link":
            post, article = rec[3], rec[4]
            author = self.posts.get(post)
            if author is not None and author == self.articles.get(article):
                self.linked.setdefault(article, post)
        elif kind == "moderator":
            (self.moderators.add if rec[4] else self.moderators.discard)(rec[3])
        elif kind == "mod":
            action, target = rec[3], rec[4]
            if action == HIDE:
                self.hidden.add(target)
            elif action == RESTORE:
                self.hidden.discard(target)
            elif action in (BAN, UNBAN):
                who = _address(target)
                (self.banned.add if action == BAN else self.banned.discard)(who)


def _address(target: int | str) -> str:
    if isinstance(target, str):
        return target
    from tui.core.chain.address import to_checksum

    return to_checksum("0x" + target.to_bytes(20, "big").hex())


def contribution(state: _State, rec: Record) -> tuple[str, int, str, int] | None:
    """(giver, post, author, weight) when ``rec`` is a contribution to a community post."""
    if rec[0] == "post" and rec[5]:
        post, giver, weight = rec[5], rec[4], REPLY
    elif rec[0] == "tip" and rec[5] >= MIN_TIP_WEI:
        post, giver, weight = rec[3], rec[4], TIP
    elif rec[0] == "collect" and rec[3] in state.linked:
        post, giver, weight = state.linked[rec[3]], rec[4], COLLECT
    else:
        return None
    author = state.posts.get(post)
    if author is None or author == giver:
        return None
    return giver, post, author, weight


def _distribute(
    epoch: int,
    config: Config,
    pairs: dict[tuple[str, str], int],
    state: _State,
    earned: dict[str, int],
    burned_last: int,
) -> EpochResult:
    """Scores from the valid (giver, author) totals, then the pool split by score."""
    totals: dict[str, int] = defaultdict(int)
    for (giver, _author), value in pairs.items():
        totals[giver] += value
    shares: dict[tuple[str, str], int] = {}
    scores: dict[str, int] = defaultdict(int)
    for (giver, author), value in pairs.items():
        share = budget(earned.get(giver, 0)) * SCALE * value // totals[giver]
        shares[giver, author] = share
        scores[author] += share
    pool = decayed_cap(config.epoch_cap, epoch) + burned_last // 2
    total_score = sum(scores.values())
    amounts: dict[str, int] = defaultdict(int)
    mod_cut = 0
    if total_score:
        mods = sorted(state.moderators - state.banned)
        if mods:
            mod_cut = pool * config.mod_share_bps // 10_000
            for mod in mods:
                amounts[mod] += mod_cut // len(mods)
        rest = pool - mod_cut
        for author, score in scores.items():
            amounts[author] += rest * score // total_score
    cumulative = dict(earned)
    for account, amount in amounts.items():
        cumulative[account] = cumulative.get(account, 0) + amount
    return EpochResult(
        epoch,
        pool,
        mod_cut,
        {a: v for a, v in amounts.items() if v},
        {a: v for a, v in cumulative.items() if v},
        shares,
    )


def _trusted(state: _State, earned: dict[str, int], giver: str) -> bool:
    if giver in state.banned:
        return False
    return earned.get(giver, 0) > 0 or giver == state.owner or giver in state.moderators


def compute_batch(config: Config, records: Sequence[Record], epoch: int) -> list[EpochResult]:
    """The rule as PROTOCOL.md states it, epoch by epoch from 0 through ``epoch``."""
    ordered = sorted(records, key=lambda r: (r[1], r[2]))
    results: list[EpochResult] = []
    earned: dict[str, int] = {}
    for e in range(epoch + 1):
        start, end = config.start(e), config.end(e)
        state = _State()
        raw: dict[tuple[str, int, str], int] = defaultdict(int)
        burned_last = 0
        for rec in ordered:
            if rec[1] >= end:
                break
            if rec[1] >= start:
                found = contribution(state, rec)
                if found:
                    giver, post, author, weight = found
                    raw[giver, post, author] += weight
            if rec[0] == "burn" and e > 0 and config.start(e - 1) <= rec[1] < start:
                burned_last += rec[3]
            state.apply(rec)
        pairs: dict[tuple[str, str], int] = defaultdict(int)
        detail: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for (giver, post, author), value in raw.items():
            if post in state.hidden or author in state.banned:
                continue
            if not _trusted(state, earned, giver):
                continue
            pairs[giver, author] += min(CAP_PER_POST, value)
            detail[giver, author].append((post, min(CAP_PER_POST, value)))
        result = _distribute(e, config, dict(pairs), state, earned, burned_last)
        result.contributions = {k: sorted(v) for k, v in detail.items()}
        results.append(result)
        earned = dict(result.cumulative)
    return results


class Ledger:
    """The rule folded record by record; ``close(epoch)`` returns every epoch through it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.state = _State()
        self.results: list[EpochResult] = []
        self.earned: dict[str, int] = {}
        self._epoch = 0
        self._burned = 0
        self._burned_last = 0
        self._capped: dict[tuple[str, int], int] = defaultdict(int)
        self._pairs: dict[tuple[str, str], int] = defaultdict(int)
        self._givers: dict[int, set[str]] = defaultdict(set)

    def feed(self, records: Iterable[Record]) -> None:
        for rec in records:
            self.add(rec)

    def add(self, rec: Record) -> None:
        block = rec[1]
        while block >= self.config.end(self._epoch):
            self._finish()
        if block >= self.config.start_block:
            found = contribution(self.state, rec)
            if found:
                giver, post, author, weight = found
                old = self._capped[giver, post]
                new = min(CAP_PER_POST, old + weight)
                if new != old:
                    self._capped[giver, post] = new
                    self._pairs[giver, author] += new - old
                    self._givers[post].add(giver)
            if rec[0] == "burn":
                self._burned += rec[3]
        self.state.apply(rec)

    def close(self, epoch: int) -> list[EpochResult]:
        """Finish every epoch through ``epoch`` (records after its end must not have been fed)."""
        while self._epoch <= epoch:
            self._finish()
        return self.results[: epoch + 1]

    def _finish(self) -> None:
        state, earned = self.state, self.earned
        pairs = dict(self._pairs)
        for post in state.hidden & self._givers.keys():
            author = state.posts[post]
            for giver in self._givers[post]:
                pairs[giver, author] -= self._capped[giver, post]
        valid = {
            (g, a): v
            for (g, a), v in pairs.items()
            if v > 0 and a not in state.banned and _trusted(state, earned, g)
        }
        result = _distribute(self._epoch, self.config, valid, state, earned, self._burned_last)
        detail: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for (giver, post), value in self._capped.items():
            author = state.posts[post]
            if post not in state.hidden and (giver, author) in valid:
                detail[giver, author].append((post, value))
        result.contributions = {k: sorted(v) for k, v in detail.items()}
        self.results.append(result)
        self.earned = dict(result.cumulative)
        self._burned_last, self._burned = self._burned, 0
        self._capped.clear()
        self._pairs.clear()
        self._givers.clear()
        self._epoch += 1
