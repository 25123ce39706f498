# pragma version 0.4.3
"""
@title Benchmark helper: an evaluator (a contract) making many real allocations per transaction.
@dev Each call to Rounds.allocate comes from this contract, the evaluator, so every Allocated
     log is emitted by Rounds itself exactly as for a person. Test-only; never deployed by Agora.
"""

interface Rounds:
    def allocate(roundId: uint256, kind: uint8, id: uint256, amount: uint256, reasonCid: String[128]): nonpayable

rounds: public(address)
REASON: constant(String[59]) = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


@deploy
def __init__(rounds: address):
    self.rounds = rounds


@external
def allocate_each(roundId: uint256, first: uint256, count: uint256, modulo: uint256, amount: uint256):
    for i: uint256 in range(1000):
        if i >= count:
            break
        extcall Rounds(self.rounds).allocate(roundId, 1, (first + i) % modulo + 1, amount, REASON)
