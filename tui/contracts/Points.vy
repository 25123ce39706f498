# pragma version 0.4.3
"""
@title Agora community points
@notice Opt-in points per community: an ERC-20 per community, epochs of a fixed number of
        blocks, and merkle roots of cumulative earned amounts that a moderator proposes,
        that activate after a delay unless the owner vetoes them, and that members claim from.
@dev The amounts come from a public, deterministic rule (PROTOCOL.md "Community points")
     that every client recomputes from the chain: this contract does not compute them, it
     bounds them. The cumulative total of epoch e's root is at most (e + 1) * epochCap plus
     half of every point ever burned by `redeem`, and claims never mint more than the
     accepted total. Leaves are OpenZeppelin StandardMerkleTree leaves of (address, uint256):
     keccak256(keccak256(abi.encode(account, cumulative))).
     Communities is read through its views (ownerOf, isModerator, holdsRoot) and told of
     every redemption (`redeemed`, which grants membership perks and calls nothing back).
     Communities may also veto a pending root when a VETO_ROOT proposal passes. The only
     external calls are to Communities and to tokens this contract created.
"""

from snekmate.utils import merkle_proof_verification as merkle

interface Communities:
    def ownerOf(community: uint256) -> address: view
    def isModerator(community: uint256, account: address) -> bool: view
    def communityCount() -> uint256: view
    def holdsRoot(community: uint256, root: bytes32, proposedBlock: uint256) -> bool: view
    def redeemed(community: uint256, account: address, perk: uint256, amount: uint256): nonpayable

interface PointsToken:
    def mint(owner: address, amount: uint256): nonpayable
    def burnFor(owner: address, amount: uint256): nonpayable


MAX_CID: constant(uint256) = 128
MAX_PROOF: constant(uint256) = 32
MAX_MOD_SHARE_BPS: constant(uint256) = 1000


event PointsEnabled:
    community: indexed(uint256)
    token: indexed(address)
    by: indexed(address)
    name: String[25]
    symbol: String[5]
    startBlock: uint256
    epochBlocks: uint256
    epochCap: uint256
    modShareBps: uint256

event RootProposed:
    community: indexed(uint256)
    epoch: indexed(uint256)
    proposer: indexed(address)
    root: bytes32
    cumulativeTotal: uint256
    treeCid: String[MAX_CID]
    activeBlock: uint256

event RootAccepted:
    community: indexed(uint256)
    epoch: indexed(uint256)
    root: bytes32
    cumulativeTotal: uint256

event RootVetoed:
    community: indexed(uint256)
    epoch: indexed(uint256)
    by: indexed(address)
    root: bytes32
    reasonCid: String[MAX_CID]

event Claimed:
    community: indexed(uint256)
    account: indexed(address)
    amount: uint256
    cumulative: uint256

event Redeemed:
    community: indexed(uint256)
    account: indexed(address)
    perk: indexed(uint256)
    amount: uint256


communities: public(immutable(address))
# The PointsToken blueprint (EIP-5202) each community's token is created from.
tokenBlueprint: public(immutable(address))
# Blocks between a root's proposal and the earliest block it may be accepted (the veto window).
rootDelay: public(immutable(uint256))

tokenOf: public(HashMap[uint256, address])
startBlock: public(HashMap[uint256, uint256])
epochBlocks: public(HashMap[uint256, uint256])
epochCap: public(HashMap[uint256, uint256])
modShareBps: public(HashMap[uint256, uint256])

# The next epoch whose root may be proposed (epochs count from 0).
nextEpoch: public(HashMap[uint256, uint256])
# The latest accepted root and its cumulative total; the root of every accepted epoch.
currentRoot: public(HashMap[uint256, bytes32])
currentTotal: public(HashMap[uint256, uint256])
rootOf: public(HashMap[uint256, HashMap[uint256, bytes32]])

# The proposal waiting for its delay (pendingBlock 0 means none).
pendingRoot: public(HashMap[uint256, bytes32])
pendingTotal: public(HashMap[uint256, uint256])
pendingEpoch: public(HashMap[uint256, uint256])
pendingBlock: public(HashMap[uint256, uint256])

# Cumulative amount each account has claimed (= minted to it), and the community's sum.
claimed: public(HashMap[uint256, HashMap[address, uint256]])
totalClaimed: public(HashMap[uint256, uint256])
# Points burned by redeem, ever.
burned: public(HashMap[uint256, uint256])


@deploy
def __init__(communities_: address, blueprint: address, root_delay: uint256):
    assert communities_ != empty(address), "zero communities"
    assert blueprint != empty(address), "zero blueprint"
    assert root_delay > 0, "zero delay"
    communities = communities_
    tokenBlueprint = blueprint
    rootDelay = root_delay


@internal
@view
def _is_mod(c: uint256, who: address) -> bool:
    return staticcall Communities(communities).ownerOf(c) == who or staticcall Communities(
        communities
    ).isModerator(c, who)


@internal
@pure
def _leaf(account: address, cumulative: uint256) -> bytes32:
    return keccak256(keccak256(abi_encode(account, cumulative)))


@internal
@view
def _enabled(c: uint256):
    assert self.tokenOf[c] != empty(address), "points not enabled"


@external
@view
def epochEnd(community: uint256, epoch: uint256) -> uint256:
    """
    @notice The first block after `epoch` (epoch e covers [start + e*n, start + (e+1)*n)).
    """
    self._enabled(community)
    return self.startBlock[community] + (epoch + 1) * self.epochBlocks[community]


@external
@pure
def leafHash(account: address, cumulative: uint256) -> bytes32:
    return self._leaf(account, cumulative)


@external
def enablePoints(
    community: uint256,
    name: String[25],
    symbol: String[5],
    epochBlocks_: uint256,
    epochCap_: uint256,
    modShareBps_: uint256,
) -> address:
    """
    @notice The community's owner turns points on, once: its token is created and epoch 0
            starts at this block.
    """
    assert staticcall Communities(communities).ownerOf(community) == msg.sender, "not the owner"
    assert self.tokenOf[community] == empty(address), "points already enabled"
    assert len(name) > 0 and len(symbol) > 0, "empty name"
    assert epochBlocks_ > 0, "zero epoch"
    assert epochCap_ > 0, "zero cap"
    assert modShareBps_ <= MAX_MOD_SHARE_BPS, "moderator share above 10%"
    token: address = create_from_blueprint(tokenBlueprint, name, symbol, code_offset=3)
    self.tokenOf[community] = token
    self.startBlock[community] = block.number
    self.epochBlocks[community] = epochBlocks_
    self.epochCap[community] = epochCap_
    self.modShareBps[community] = modShareBps_
    log PointsEnabled(
        community=community,
        token=token,
        by=msg.sender,
        name=name,
        symbol=symbol,
        startBlock=block.number,
        epochBlocks=epochBlocks_,
        epochCap=epochCap_,
        modShareBps=modShareBps_,
    )
    return token


@external
def proposeRoot(
    community: uint256, epoch: uint256, root: bytes32, cumulativeTotal: uint256, treeCid: String[MAX_CID]
):
    """
    @notice A moderator (or the owner) proposes the root of cumulative earned amounts after
            `epoch`, the next epoch without a root, once it has ended.
    """
    self._enabled(community)
    assert self._is_mod(community, msg.sender), "not a moderator"
    assert self.pendingBlock[community] == 0, "a root is pending"
    assert epoch == self.nextEpoch[community], "wrong epoch"
    end: uint256 = self.startBlock[community] + (epoch + 1) * self.epochBlocks[community]
    assert block.number >= end, "epoch not over"
    assert root != empty(bytes32), "zero root"
    assert len(treeCid) > 0, "empty cid"
    assert cumulativeTotal >= self.currentTotal[community], "total below the last root"
    cap: uint256 = (epoch + 1) * self.epochCap[community] + self.burned[community] // 2
    assert cumulativeTotal <= cap, "total above the cap"
    self.pendingRoot[community] = root
    self.pendingTotal[community] = cumulativeTotal
    self.pendingEpoch[community] = epoch
    self.pendingBlock[community] = block.number
    log RootProposed(
        community=community,
        epoch=epoch,
        proposer=msg.sender,
        root=root,
        cumulativeTotal=cumulativeTotal,
        treeCid=treeCid,
        activeBlock=block.number + rootDelay,
    )


@external
def acceptRoot(community: uint256):
    """
    @notice Anyone activates the pending root once its delay has passed and no community
            vote to veto it is open (or passed and waiting to be executed).
    """
    self._enabled(community)
    proposed: uint256 = self.pendingBlock[community]
    assert proposed != 0, "no pending root"
    assert block.number >= proposed + rootDelay, "delay not over"
    epoch: uint256 = self.pendingEpoch[community]
    root: bytes32 = self.pendingRoot[community]
    assert not staticcall Communities(communities).holdsRoot(community, root, proposed), "veto vote open"
    total: uint256 = self.pendingTotal[community]
    self.rootOf[community][epoch] = root
    self.currentRoot[community] = root
    self.currentTotal[community] = total
    self.nextEpoch[community] = epoch + 1
    self.pendingBlock[community] = 0
    self.pendingRoot[community] = empty(bytes32)
    self.pendingTotal[community] = 0
    log RootAccepted(community=community, epoch=epoch, root=root, cumulativeTotal=total)


@external
def vetoRoot(community: uint256, reasonCid: String[MAX_CID]):
    """
    @notice The owner, or Communities executing a passed VETO_ROOT proposal, drops the
            pending root before it is accepted; the epoch may be proposed again.
    """
    self._enabled(community)
    assert msg.sender == communities or staticcall Communities(communities).ownerOf(
        community
    ) == msg.sender, "not the owner"
    assert self.pendingBlock[community] != 0, "no pending root"
    root: bytes32 = self.pendingRoot[community]
    self.pendingBlock[community] = 0
    self.pendingRoot[community] = empty(bytes32)
    self.pendingTotal[community] = 0
    log RootVetoed(
        community=community,
        epoch=self.pendingEpoch[community],
        by=msg.sender,
        root=root,
        reasonCid=reasonCid,
    )


@external
@nonreentrant
def claim(community: uint256, account: address, cumulative: uint256, proof: DynArray[bytes32, MAX_PROOF]):
    """
    @notice Mint to `account` what it earned and has not claimed, proved against the current
            root. Anyone may send it; the points always go to `account`.
    """
    self._enabled(community)
    root: bytes32 = self.currentRoot[community]
    assert root != empty(bytes32), "no root yet"
    leaf: bytes32 = self._leaf(account, cumulative)
    assert merkle._verify(proof, root, leaf), "invalid proof"
    already: uint256 = self.claimed[community][account]
    assert cumulative > already, "nothing to claim"
    amount: uint256 = cumulative - already
    total: uint256 = self.totalClaimed[community] + amount
    assert total <= self.currentTotal[community], "claims above the root total"
    self.claimed[community][account] = cumulative
    self.totalClaimed[community] = total
    extcall PointsToken(self.tokenOf[community]).mint(account, amount)
    log Claimed(community=community, account=account, amount=amount, cumulative=cumulative)


@external
@view
def verifyEarned(
    community: uint256, epoch: uint256, account: address, cumulative: uint256, proof: DynArray[bytes32, MAX_PROOF]
) -> bool:
    """
    @notice Whether `account` had earned `cumulative` points by `epoch`'s accepted root: a
            vote weight that bought points cannot fake.
    """
    root: bytes32 = self.rootOf[community][epoch]
    if root == empty(bytes32):
        return False
    leaf: bytes32 = self._leaf(account, cumulative)
    return merkle._verify(proof, root, leaf)


@external
@nonreentrant
def redeem(community: uint256, perk: uint256, amount: uint256):
    """
    @notice Burn `amount` of the sender's points for `perk` (a perk id the community's rules
            document names, or a membership perk its owner set in Communities, which then
            extends the sender's membership). Half of what is burned may be minted again by
            later epochs.
    """
    self._enabled(community)
    assert amount > 0, "zero amount"
    extcall PointsToken(self.tokenOf[community]).burnFor(msg.sender, amount)
    self.burned[community] += amount
    log Redeemed(community=community, account=msg.sender, perk=perk, amount=amount)
    extcall Communities(communities).redeemed(community, msg.sender, perk, amount)
