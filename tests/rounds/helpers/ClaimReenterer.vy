# pragma version 0.4.3
"""Test helper: an author whose receive hook tries to claim (re-enter) the same award again."""

interface Social:
    def post(cid: String[128], parent: uint256) -> uint256: nonpayable

interface Rounds:
    def claim(roundId: uint256, kind: uint8, id: uint256): nonpayable

social: public(address)
rounds: public(address)
post_id: public(uint256)
round_id: public(uint256)
attempts: public(uint256)
reentered: public(bool)


@deploy
def __init__(social: address, rounds: address):
    self.social = social
    self.rounds = rounds


@external
def post(cid: String[128]) -> uint256:
    self.post_id = extcall Social(self.social).post(cid, 0)
    return self.post_id


@external
def claim(round_id: uint256):
    self.round_id = round_id
    extcall Rounds(self.rounds).claim(round_id, 1, self.post_id)


@external
@payable
def __default__():
    if self.attempts > 0:
        return
    self.attempts += 1
    data: Bytes[100] = concat(
        method_id("claim(uint256,uint8,uint256)"),
        convert(self.round_id, bytes32),
        convert(convert(1, uint256), bytes32),
        convert(self.post_id, bytes32),
    )
    self.reentered = raw_call(self.rounds, data, revert_on_failure=False)
