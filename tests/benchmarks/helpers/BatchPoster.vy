# pragma version 0.4.3
"""
@title Benchmark helper: many real Posted logs per transaction.
@dev Calls Social.post in a loop, so every log is emitted by Social itself
     (author = this contract). Test-only; never deployed by Agora.
"""

interface Social:
    def post(cid: String[128], parent: uint256) -> uint256: nonpayable

social: public(address)


@deploy
def __init__(social: address):
    self.social = social


@external
def post_many(cid: String[128], count: uint256):
    for i: uint256 in range(count, bound=20000):
        extcall Social(self.social).post(cid, 0)
