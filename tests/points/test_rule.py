"""The points rule: worked examples, the sybil ring, and the property that the incremental
fold equals the rule as stated, over random histories."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.points.merkle import StandardMerkleTree, leaf_hash, verify
from tui.core.points.rule import (
    BAN,
    COLLECT,
    HIDE,
    MIN_TIP_WEI,
    RESTORE,
    UNBAN,
    UNIT,
    Config,
    Ledger,
    compute_batch,
    decayed_cap,
)

CONFIG = Config(start_block=100, epoch_blocks=50, epoch_cap=1000 * UNIT, mod_share_bps=1000)
OWNER = "0x" + "0a" * 20
MOD = "0x" + "0b" * 20
PEOPLE = ["0x" + f"{i:040x}" for i in range(1, 13)]


def base() -> list[tuple]:
    return [("owner", 1, 0, OWNER), ("moderator", 2, 0, MOD, True)]


def test_nothing_counts_without_a_trusted_giver() -> None:
    """A sybil ring: fresh accounts replying to and tipping each other earn nothing."""
    ring = PEOPLE[:8]
    recs = base()
    post = 0
    block = 100
    for author in ring:
        post += 1
        recs.append(("post", block, 0, post, author, 0))
        block += 1
    for i, giver in enumerate(ring):
        for target in range(1, post + 1):
            if ring[target - 1] != giver:
                recs.append(("tip", block, i, target, giver, 10 * MIN_TIP_WEI))
                recs.append(("post", block, 100 + i, 1000 + block * 20 + i, giver, target))
        block += 1
    (ringed,) = compute_batch(CONFIG, recs, 0)
    assert ringed.amounts == {}
    assert ringed.total == 0
    # once the owner replies to one of them, that one earns the whole pool but the cut
    recs.append(("post", block, 0, 9999, OWNER, 3))
    (engaged,) = compute_batch(CONFIG, recs, 0)
    assert set(engaged.amounts) == {ring[2], MOD}
    assert engaged.amounts[MOD] == 100 * UNIT
    assert engaged.amounts[ring[2]] == 900 * UNIT
    # and the ring members who earned become trusted givers in the next epoch
    recs.append(("post", 160, 0, 10_000, ring[2], 1))
    first, second = compute_batch(CONFIG, recs, 1)
    assert second.amounts[ring[0]] == decayed_cap(CONFIG.epoch_cap, 1) * 9 // 10
    assert second.cumulative[ring[2]] == first.cumulative[ring[2]]


def test_a_giver_spreads_a_fixed_budget_and_caps_per_post() -> None:
    a, b, c = PEOPLE[:3]
    recs = [
        *base(),
        ("post", 100, 0, 1, a, 0),
        ("post", 100, 1, 2, b, 0),
        ("post", 100, 2, 3, c, 0),
    ]
    # the owner replies ten times to a (capped at 5) and once to b: 5/6 and 1/6 of its budget
    recs += [("post", 101, i, 10 + i, OWNER, 1) for i in range(10)]
    recs += [("post", 102, 0, 30, OWNER, 2)]
    # a small tip counts for nothing; a self-reply counts for nothing
    recs += [("tip", 103, 0, 3, OWNER, MIN_TIP_WEI - 1), ("post", 103, 1, 31, c, 3)]
    (result,) = compute_batch(CONFIG, recs, 0)
    rest = 900 * UNIT
    assert result.amounts[a] == rest * (5 * UNIT // 6) // (5 * UNIT // 6 + UNIT // 6)
    assert result.amounts[b] == rest * (UNIT // 6) // (5 * UNIT // 6 + UNIT // 6)
    assert c not in result.amounts


def test_hidden_posts_and_banned_accounts_earn_nothing() -> None:
    a, b = PEOPLE[:2]
    recs = [
        *base(),
        ("post", 100, 0, 1, a, 0),
        ("post", 100, 1, 2, b, 0),
        ("post", 101, 0, 3, OWNER, 1),
        ("post", 101, 1, 4, OWNER, 2),
        ("mod", 102, 0, HIDE, 1),
    ]
    (result,) = compute_batch(CONFIG, recs, 0)
    assert a not in result.amounts and result.amounts[b] == 900 * UNIT
    restored = [*recs, ("mod", 103, 0, RESTORE, 1), ("mod", 104, 0, BAN, int(b, 16))]
    (result,) = compute_batch(CONFIG, restored, 0)
    assert b not in result.amounts and result.amounts[a] == 900 * UNIT
    # a ban lifted before the epoch ends no longer excludes
    lifted = [*restored, ("mod", 105, 0, UNBAN, int(b, 16))]
    (result,) = compute_batch(CONFIG, lifted, 0)
    assert result.amounts[a] == result.amounts[b] == 450 * UNIT


def test_burns_are_half_recycled_next_epoch_and_the_pool_decays() -> None:
    a = PEOPLE[0]
    recs = [*base(), ("post", 100, 0, 1, a, 0), ("burn", 120, 0, 300 * UNIT)]
    recs += [("post", 160, 0, 2, OWNER, 1)]
    first, second = compute_batch(CONFIG, recs, 1)
    assert first.total == 0
    assert second.pool == decayed_cap(1000 * UNIT, 1) + 150 * UNIT
    assert decayed_cap(1000 * UNIT, 1) == 975 * UNIT


def test_a_collect_counts_for_the_first_post_of_the_article_s_author_that_links_it() -> None:
    """Collects weigh 3 toward the first community post by the article's author that names
    it; a link by anyone else, an article published later, a self-collect, or a collector the
    community does not trust count for nothing; the per-post cap still holds."""
    author, other, stranger = PEOPLE[0], PEOPLE[1], PEOPLE[2]
    recs = base()
    recs += [
        ("article", 95, 0, 7, author),
        ("post", 100, 0, 1, other, 0),
        ("link", 100, 0, 1, 7),  # someone else's post naming the article: not a link
        ("post", 101, 0, 2, author, 0),
        ("link", 101, 0, 2, 99),  # an article that does not exist yet
        ("post", 102, 0, 3, author, 0),
        ("link", 102, 0, 3, 7),  # the link
        ("post", 103, 0, 4, author, 0),
        ("link", 103, 0, 4, 7),  # a second link: the first one keeps the credit
        ("article", 104, 0, 99, author),
        ("collect", 105, 0, 7, OWNER),
        ("collect", 105, 1, 7, author),  # self-collect
        ("collect", 105, 2, 7, stranger),  # untrusted
    ]
    (result,) = compute_batch(CONFIG, recs, 0)
    assert result.contributions == {(OWNER, author): [(3, COLLECT)]}
    assert result.amounts == {MOD: 100 * UNIT, author: 900 * UNIT}
    # two collects by one giver on one post are capped at 5, not 6
    twice = [*recs, ("collect", 106, 0, 7, OWNER)]
    (capped,) = compute_batch(CONFIG, twice, 0)
    assert capped.contributions == {(OWNER, author): [(3, 5)]}
    # hiding the linking post removes the collect with it
    hidden = [*recs, ("mod", 120, 0, HIDE, 3)]
    (gone,) = compute_batch(CONFIG, hidden, 0)
    assert gone.amounts == {}


# --- property: the incremental fold is the rule ------------------------------------------------

actors = st.sampled_from([OWNER, MOD, *PEOPLE[:6]])


@st.composite
def histories(draw: st.DrawFn) -> list[tuple]:
    recs = base()
    n_posts = 0
    block = 90
    for i in range(draw(st.integers(0, 80))):
        block += draw(st.integers(0, 12))
        kind = draw(
            st.sampled_from(
                ["post", "reply", "tip", "mod", "moderator", "owner", "burn", "article", "collect"]
            )
        )
        who = draw(actors)
        if kind == "post" or (kind == "reply" and n_posts == 0):
            n_posts += 1
            recs.append(("post", block, i, n_posts, who, 0))
            if draw(st.booleans()):
                recs.append(("link", block, i, n_posts, draw(st.integers(1, 4))))
        elif kind == "article":
            recs.append(("article", block, i, draw(st.integers(1, 4)), who))
        elif kind == "collect":
            recs.append(("collect", block, i, draw(st.integers(1, 4)), who))
        elif kind == "reply":
            n_posts += 1
            recs.append(("post", block, i, n_posts, who, draw(st.integers(1, n_posts - 1))))
        elif kind == "tip" and n_posts:
            amount = draw(st.sampled_from([MIN_TIP_WEI - 1, MIN_TIP_WEI, 5 * MIN_TIP_WEI]))
            recs.append(("tip", block, i, draw(st.integers(1, n_posts)), who, amount))
        elif kind == "mod":
            action = draw(st.sampled_from([HIDE, RESTORE, BAN, UNBAN]))
            target = draw(st.integers(1, max(1, n_posts))) if action <= 2 else int(who, 16)
            recs.append(("mod", block, i, action, target))
        elif kind == "moderator":
            recs.append(("moderator", block, i, who, draw(st.booleans())))
        elif kind == "owner":
            recs.append(("owner", block, i, who))
        elif kind == "burn":
            recs.append(("burn", block, i, draw(st.integers(1, 50)) * UNIT))
    return recs


@given(histories(), st.integers(0, 6))
def test_the_incremental_fold_equals_the_rule(recs: list[tuple], epoch: int) -> None:
    config = Config(start_block=100, epoch_blocks=20, epoch_cap=100 * UNIT, mod_share_bps=700)
    end = config.end(epoch)
    batch = compute_batch(config, recs, epoch)
    ledger = Ledger(config)
    ledger.feed(r for r in recs if r[1] < end)
    folded = ledger.close(epoch)
    assert [(r.amounts, r.cumulative, r.pool, r.mod_cut, r.contributions) for r in folded] == [
        (r.amounts, r.cumulative, r.pool, r.mod_cut, r.contributions) for r in batch
    ]
    last = batch[-1]
    # never more than the on-chain cap (no burns recycled here beyond half of all burns)
    burned = sum(r[3] for r in recs if r[0] == "burn" and r[1] < end)
    assert last.total <= (epoch + 1) * config.epoch_cap + burned // 2
    if last.cumulative:
        leaves = sorted(last.cumulative.items())
        tree = StandardMerkleTree(leaves, ["address", "uint256"])
        for i, leaf in enumerate(leaves):
            assert verify(tree.root, leaf_hash(["address", "uint256"], leaf), tree.proof(i))


def test_golden_roots_of_a_history_with_every_kind_of_record() -> None:
    """Replies, tips, collects of linked articles, a hidden post, a burn: the roots are pinned,
    so any change to the rule shows here (worked by hand: each epoch's two trusted givers put
    their whole budgets on one author each, so the authors split the pool after the cut)."""
    from tui.core.points.distribution import compute

    a, b, c = PEOPLE[:3]
    recs = [
        *base(),
        ("article", 90, 0, 1, a), ("article", 91, 0, 2, b),
        ("post", 100, 0, 1, a, 0), ("link", 100, 0, 1, 1),
        ("post", 101, 0, 2, b, 0), ("link", 101, 0, 2, 2),
        ("post", 102, 0, 3, c, 0),
        ("post", 103, 0, 4, OWNER, 1), ("tip", 104, 0, 2, MOD, MIN_TIP_WEI),
        ("collect", 105, 0, 1, OWNER), ("collect", 106, 0, 2, MOD), ("collect", 107, 0, 2, c),
        ("post", 108, 0, 5, MOD, 3), ("mod", 120, 0, HIDE, 3),
        ("burn", 130, 0, 10 * UNIT),
        ("post", 150, 0, 6, a, 2), ("collect", 151, 0, 2, a), ("tip", 152, 0, 3, b, MIN_TIP_WEI),
        ("collect", 153, 0, 1, b),
    ]  # fmt: skip
    first, second = compute(CONFIG, recs, 0), compute(CONFIG, recs, 1)
    assert first.result.amounts == {a: 450 * UNIT, b: 450 * UNIT, MOD: 100 * UNIT}
    assert second.result.amounts == {a: 441 * UNIT, b: 441 * UNIT, MOD: 98 * UNIT}
    assert first.root.hex() == "f21f383e0c3c6f0da5971ececaec33da220acb2a46c295049237ff670b3f9cd7"
    assert second.root.hex() == "0a4f7c0bf2b71c22473f7c2eb253acbfb8323638acc7b3c3e045ff58ac644fde"


def test_a_published_tree_with_other_script_digits_is_not_read() -> None:
    """A stranger's tree dump whose amount is written in other digits ("١" reads as 1 to
    ``int()``, "²" makes it raise) is refused whole, never half-read."""
    from tui.core.points.distribution import _values

    account = "0x" + "ab" * 20
    assert _values({"values": [{"value": [account, "12"]}]}) == {account: 12}
    for amount in ("١", "²", "-1", " 5"):
        assert _values({"values": [{"value": [account, amount]}]}) is None
