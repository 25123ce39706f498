# pragma version 0.4.3
"""Test helper: a fake Social whose postFor re-enters Communities.post."""

interface Communities:
    def post(community: uint256, cid: String[128], parent: uint256) -> uint256: nonpayable

target: public(address)
count: public(uint256)


@external
def setTarget(target: address):
    self.target = target


@external
def postCount() -> uint256:
    return self.count


@external
def postFor(author: address, cid: String[128], parent: uint256) -> uint256:
    self.count += 1
    return extcall Communities(self.target).post(1, cid, parent)
