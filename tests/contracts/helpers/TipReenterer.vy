# pragma version 0.4.3
"""Test helper: an author whose receive hook tries to tip (re-enter) Social again."""

interface Social:
    def post(cid: String[128], parent: uint256) -> uint256: nonpayable

social: public(address)
post_id: public(uint256)
attempts: public(uint256)
reentered: public(bool)
propagate: public(bool)


@deploy
def __init__(social: address, propagate: bool):
    self.social = social
    self.propagate = propagate


@external
def post(cid: String[128]) -> uint256:
    self.post_id = extcall Social(self.social).post(cid, 0)
    return self.post_id


@external
@payable
def __default__():
    if self.attempts > 0:
        return
    self.attempts += 1
    data: Bytes[36] = concat(method_id("tip(uint256)"), convert(self.post_id, bytes32))
    ok: bool = raw_call(self.social, data, value=msg.value, revert_on_failure=False)
    self.reentered = ok
    if self.propagate:
        assert ok, "reentry failed"
