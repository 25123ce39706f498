# pragma version 0.4.3
"""
@title Benchmark helper: one community, many real posts and moderation actions per transaction.
@dev Creates a community it owns (so it may moderate), then posts through Communities.post and
     hides through Communities.moderate: every log comes from Social and Communities themselves,
     as real ones do. Test-only; never deployed by Agora.
"""

interface Communities:
    def create(metaCid: String[128], rulesCid: String[128], restricted: bool) -> uint256: nonpayable
    def post(community: uint256, cid: String[128], parent: uint256) -> uint256: nonpayable
    def moderate(community: uint256, action: uint8, target: uint256, reasonCid: String[128]): nonpayable

communities: public(address)
community: public(uint256)


@deploy
def __init__(communities: address):
    self.communities = communities


@external
def start(meta: String[128], rules: String[128]):
    self.community = extcall Communities(self.communities).create(meta, rules, False)


@external
def post_each(cids: DynArray[String[64], 1000]):
    for cid: String[64] in cids:
        extcall Communities(self.communities).post(self.community, cid, 0)


@external
def hide_each(targets: DynArray[uint256, 1000], reason: String[128]):
    for target: uint256 in targets:
        extcall Communities(self.communities).moderate(self.community, 1, target, reason)
