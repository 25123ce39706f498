# pragma version 0.4.3
"""
@title Benchmark helper: many real Posted logs per transaction.
@dev Calls Social.post once per CID, so every log is emitted by Social itself
     (author = this contract) and carries its own CID, as real posts do. Test-only;
     never deployed by Agora.
"""

interface Social:
    def post(cid: String[128], parent: uint256) -> uint256: nonpayable

social: public(address)


@deploy
def __init__(social: address):
    self.social = social


@external
def post_each(cids: DynArray[String[64], 1000]):
    for cid: String[64] in cids:
        extcall Social(self.social).post(cid, 0)
