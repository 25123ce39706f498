"""A synthetic epoch for the benchmark and the scale tests: many accounts, many contributions,
generated deterministically as the records ``history.load_records`` returns.

Epoch 0: the owner replies once to each of ``trusted`` accounts' first post, so they earn and
become trusted givers. Each account's first post links an article it published. Epoch 1:
``contributions`` replies, tips and collects (a third tips, a sixth collects of the linked
articles) from ``accounts`` accounts on each other's posts, spread by a fixed linear
congruential sequence.
"""

from __future__ import annotations

from tui.core.points.rule import MIN_TIP_WEI, UNIT, Config, Record

CONFIG = Config(start_block=1_000, epoch_blocks=100_000, epoch_cap=10_000 * UNIT, mod_share_bps=500)


def account(i: int) -> str:
    return "0x" + f"{i + 1:040x}"


def records(
    accounts: int = 10_000, contributions: int = 100_000, trusted: int = 2_000
) -> list[Record]:
    owner = account(accounts + 1)
    recs: list[Record] = [("owner", 1, 0, owner)]
    for m in range(10):
        recs.append(("moderator", 2, m, account(accounts + 2 + m), True))
    block = CONFIG.start_block
    for i in range(accounts):  # an article each (id i + 1) before the points started
        recs.append(("article", 3 + i // 100, i % 100, i + 1, account(i)))
    for i in range(accounts):  # one post each, post id i + 1, linking the author's article
        recs.append(("post", block + i // 100, i % 100, i + 1, account(i), 0))
        recs.append(("link", block + i // 100, i % 100, i + 1, i + 1))
    block += accounts // 100 + 1
    next_id = accounts + 1
    for i in range(trusted):
        recs.append(
            ("post", block + i // 100, i % 100, next_id, owner, i * (accounts // trusted) + 1)
        )
        next_id += 1
    block = CONFIG.end(0)
    seed = 12_345
    for n in range(contributions):
        seed = (seed * 1_103_515_245 + 12_345) % 2**31
        giver = seed % accounts
        target = (seed // accounts) % accounts + 1
        at = (block + n // 200, n % 200)
        if n % 6 == 5:
            recs.append(("collect", *at, target, account(giver)))
        elif n % 3:
            recs.append(("post", *at, next_id, account(giver), target))
            next_id += 1
        else:
            recs.append(("tip", *at, target, account(giver), MIN_TIP_WEI))
    return recs
