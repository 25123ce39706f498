# pragma version 0.4.3
"""
@title Agora Communities
@notice Groups with on-chain moderation, appeals, governance and forks that keep
        their history. One contract holds every community.
@dev Storage holds only what this contract enforces (owners, moderators, members,
     invites, bans, fork lineage, the community of each post, proposals and votes).
     Hidden posts are not state: HIDE and RESTORE are entries in a public log that
     clients fold in (block, logIndex) order. A fork's view is its ancestors' logs
     up to the fork, then its own; see PROTOCOL.md "Communities".
     Every loop is bounded (fork depth <= 8). The external calls are to Social (postFor),
     which calls nothing back, and to Points (views, and vetoRoot from an executed VETO_ROOT
     proposal), which calls back only `redeemed`, a write-only hook; `post` and `execute`
     hold the reentrancy lock anyway.
     Points plug in through earned weight (`voteEarned`), earned admission (`joinEarned`)
     and timed memberships bought with `Points.redeem` (`redeemed`). Communities learns the
     Points address once, from its deployer (`setPoints`): Points is deployed after
     Communities (it needs this address), and nobody can point a community at another
     Points later.
"""

interface Social:
    def postFor(author: address, cid: String[MAX_CID], parent: uint256) -> uint256: nonpayable
    def postCount() -> uint256: view

interface Points:
    def verifyEarned(
        community: uint256, epoch: uint256, account: address, cumulative: uint256, proof: DynArray[bytes32, MAX_PROOF]
    ) -> bool: view
    def nextEpoch(community: uint256) -> uint256: view
    def tokenOf(community: uint256) -> address: view
    def pendingRoot(community: uint256) -> bytes32: view
    def pendingBlock(community: uint256) -> uint256: view
    def vetoRoot(community: uint256, reasonCid: String[MAX_CID]): nonpayable


MAX_CID: constant(uint256) = 128
MAX_MODERATORS: constant(uint256) = 16
MAX_DEPTH: constant(uint256) = 8
MAX_PROOF: constant(uint256) = 32
UNIT: constant(uint256) = 10**18

# moderate() actions
HIDE: constant(uint8) = 1
RESTORE: constant(uint8) = 2
BAN: constant(uint8) = 3
UNBAN: constant(uint8) = 4

# governance modes
OWNER: constant(uint8) = 0
VOTE: constant(uint8) = 1

# proposal kinds (a fixed set: never arbitrary calldata)
ADD_MOD: constant(uint8) = 1
REMOVE_MOD: constant(uint8) = 2
SET_RULES: constant(uint8) = 3
SET_OWNER: constant(uint8) = 4
SET_RESTRICTED: constant(uint8) = 5
VETO_ROOT: constant(uint8) = 6


event CommunityCreated:
    id: indexed(uint256)
    owner: indexed(address)
    parent: indexed(uint256)
    forkBlock: uint256
    metaCid: String[MAX_CID]
    rulesCid: String[MAX_CID]
    restricted: bool
    governance: uint8

event CommunityPost:
    community: indexed(uint256)
    id: indexed(uint256)
    author: indexed(address)
    parent: uint256

event Moderated:
    community: indexed(uint256)
    target: indexed(uint256)
    moderator: indexed(address)
    action: uint8
    reasonCid: String[MAX_CID]

event Appealed:
    community: indexed(uint256)
    target: indexed(uint256)
    by: indexed(address)
    cid: String[MAX_CID]

event ModeratorChanged:
    community: indexed(uint256)
    account: indexed(address)
    by: indexed(address)
    added: bool

event RulesChanged:
    community: indexed(uint256)
    by: indexed(address)
    rulesCid: String[MAX_CID]

event MetaChanged:
    community: indexed(uint256)
    by: indexed(address)
    metaCid: String[MAX_CID]

event OwnerChanged:
    community: indexed(uint256)
    owner: indexed(address)
    by: indexed(address)

event RestrictedChanged:
    community: indexed(uint256)
    by: indexed(address)
    restricted: bool

event Invited:
    community: indexed(uint256)
    account: indexed(address)
    by: indexed(address)

event Joined:
    community: indexed(uint256)
    account: indexed(address)

event Left:
    community: indexed(uint256)
    account: indexed(address)

event Proposed:
    proposal: indexed(uint256)
    community: indexed(uint256)
    proposer: indexed(address)
    kind: uint8
    target: uint256
    cid: String[MAX_CID]
    endBlock: uint256

event Voted:
    proposal: indexed(uint256)
    voter: indexed(address)
    support: bool
    weight: uint256

event Executed:
    proposal: indexed(uint256)
    community: indexed(uint256)
    by: indexed(address)


event PointsSet:
    points: indexed(address)

event PointsRulesChanged:
    community: indexed(uint256)
    by: indexed(address)
    voteByPoints: bool
    unprovenWeight: uint256
    postThreshold: uint256

event PerkSet:
    community: indexed(uint256)
    perk: indexed(uint256)
    by: indexed(address)
    blocksPerPoint: uint256

event MembershipBought:
    community: indexed(uint256)
    account: indexed(address)
    perk: indexed(uint256)
    amount: uint256
    untilBlock: uint256


struct Weighting:
    byPoints: bool
    # The number of epochs with an accepted root when the proposal opened: a proven vote
    # names epoch `epochs - 1`, so points earned (or roots accepted) afterwards never count.
    epochs: uint256
    unproven: uint256


struct Proposal:
    community: uint256
    kind: uint8
    target: uint256
    cid: String[MAX_CID]
    startBlock: uint256
    endBlock: uint256
    yes: uint256
    no: uint256
    executed: bool


# The Social contract whose post ids community posts share.
social: public(immutable(address))

# Blocks a proposal stays open for votes; execute() works from endBlock + 1.
votingPeriod: public(immutable(uint256))

# Number of communities so far; ids run from 1 to communityCount.
communityCount: public(uint256)

ownerOf: public(HashMap[uint256, address])
governanceOf: public(HashMap[uint256, uint8])
restricted: public(HashMap[uint256, bool])

# Fork lineage: the parent (0 for a root), the block and the Social post count at the
# fork (posts with ids up to forkPostCount are inside the fork window), and the depth.
parentOf: public(HashMap[uint256, uint256])
forkBlock: public(HashMap[uint256, uint256])
forkPostCount: public(HashMap[uint256, uint256])
depthOf: public(HashMap[uint256, uint256])

isModerator: public(HashMap[uint256, HashMap[address, bool]])
moderatorCount: public(HashMap[uint256, uint256])

isMember: public(HashMap[uint256, HashMap[address, bool]])
memberCount: public(HashMap[uint256, uint256])
# Block of each member's latest join: only members who joined before a proposal vote on it.
joinedAt: public(HashMap[uint256, HashMap[address, uint256]])
invited: public(HashMap[uint256, HashMap[address, bool]])
banned: public(HashMap[uint256, HashMap[address, bool]])

# The community each community post was made in (0 for plain Social posts).
communityOf: public(HashMap[uint256, uint256])

proposalCount: public(uint256)
proposals: public(HashMap[uint256, Proposal])
voted: public(HashMap[uint256, HashMap[address, bool]])

# Who deployed this contract: the only account that may name Points, once.
deployer: public(immutable(address))
points: public(address)

# Points rules per community (the owner's, in either governance mode; a proposal keeps the
# weighting it opened with). Weights are whole points earned; unprovenWeight is 0 or 1.
voteByPoints: public(HashMap[uint256, bool])
unprovenWeight: public(HashMap[uint256, uint256])
# Earned points (base units) that admit an account to a restricted community; 0 = off.
postThreshold: public(HashMap[uint256, uint256])
# Membership perks: blocks of membership per point redeemed for `perk` (0 = not a perk).
perkBlocks: public(HashMap[uint256, HashMap[uint256, uint256]])
# The block a bought membership runs until (exclusive), and whether the account's
# membership rests on it alone (then it ends when the time does).
memberUntil: public(HashMap[uint256, HashMap[address, uint256]])
timedMember: public(HashMap[uint256, HashMap[address, bool]])
# Each proposal's Weighting packed in one slot (epochs << 2 | unproven << 1 | byPoints),
# written only under points voting; read it with proposalWeighting.
weightingOf: HashMap[uint256, uint256]
# A VETO_ROOT proposal per (community, root, root's proposal block), and each such
# proposal's root block: while it is open (or passed and not executed) the root waits.
vetoProposalOf: public(HashMap[bytes32, uint256])
vetoBlockOf: public(HashMap[uint256, uint256])


@deploy
def __init__(social_: address, voting_period: uint256):
    assert social_ != empty(address), "zero social"
    assert voting_period > 0, "zero voting period"
    social = social_
    votingPeriod = voting_period
    deployer = msg.sender


# --- internal rules ---------------------------------------------------------------------------


@internal
@view
def _exists(c: uint256) -> bool:
    return c != 0 and c <= self.communityCount


@internal
@view
def _is_mod(c: uint256, who: address) -> bool:
    return self.ownerOf[c] == who or self.isModerator[c][who]


@internal
@view
def _admits(c: uint256, who: address) -> bool:
    """
    @dev Who may join without proving points: anyone in an open community, the invited,
         moderators, and holders of a membership bought with points that has not expired.
         Earned points admit through `joinEarned`, which carries the proof.
    """
    return (
        not self.restricted[c]
        or self.invited[c][who]
        or self._is_mod(c, who)
        or self.memberUntil[c][who] > block.number
    )


@internal
@view
def _active(c: uint256, who: address):
    """
    @dev A member whose membership rests on a bought perk alone stops acting when it expires.
    """
    assert self.isMember[c][who], "not a member"
    if self.timedMember[c][who]:
        assert self._admits(c, who), "membership expired"


@internal
@view
def _weight(p: uint256) -> uint256:
    """
    @dev A vote without a proof: 1 in a one-member-one-vote community, the community's
         unproven weight (0 or 1, fixed when the proposal opened) under points voting.
    """
    w: Weighting = self._weighting(p)
    if w.byPoints:
        return w.unproven
    return 1


@internal
@view
def _weighting(p: uint256) -> Weighting:
    packed: uint256 = self.weightingOf[p]
    return Weighting(byPoints=packed & 1 == 1, epochs=packed >> 2, unproven=(packed >> 1) & 1)


@external
@view
def proposalWeighting(proposal: uint256) -> Weighting:
    """
    @notice How a proposal's votes weigh: by points or not, the number of epochs accepted
            before it opened (a proof names the last of them), and the unproven weight.
    """
    return self._weighting(proposal)


@internal
@view
def _points_on(c: uint256) -> address:
    pts: address = self.points
    assert pts != empty(address), "points not set"
    assert staticcall Points(pts).tokenOf(c) != empty(address), "points not enabled"
    return pts


@internal
@view
def _in_window(c: uint256, post: uint256) -> bool:
    """
    @dev True when `post` belongs to `c`, or to an ancestor of `c` and was made before
         the fork that separates them (ids are monotonic, so a post-count bound is exact).
    """
    home: uint256 = self.communityOf[post]
    if home == 0:
        return False
    if home == c:
        return True
    limit: uint256 = max_value(uint256)
    cur: uint256 = c
    for _: uint256 in range(MAX_DEPTH):
        limit = min(limit, self.forkPostCount[cur])
        cur = self.parentOf[cur]
        if cur == 0:
            return False
        if cur == home:
            return post <= limit
    return False


@internal
def _new(
    parent: uint256,
    meta_cid: String[MAX_CID],
    rules_cid: String[MAX_CID],
    is_restricted: bool,
    governance: uint8,
) -> uint256:
    assert len(meta_cid) > 0, "empty meta cid"
    assert len(rules_cid) > 0, "empty rules cid"
    assert governance <= VOTE, "unknown governance"
    c: uint256 = self.communityCount + 1
    self.communityCount = c
    self.ownerOf[c] = msg.sender
    self.governanceOf[c] = governance
    self.restricted[c] = is_restricted
    fork_block: uint256 = 0
    if parent != 0:
        fork_block = block.number
        self.parentOf[c] = parent
        self.forkBlock[c] = fork_block
        self.forkPostCount[c] = staticcall Social(social).postCount()
        self.depthOf[c] = self.depthOf[parent] + 1
    log CommunityCreated(
        id=c,
        owner=msg.sender,
        parent=parent,
        forkBlock=fork_block,
        metaCid=meta_cid,
        rulesCid=rules_cid,
        restricted=is_restricted,
        governance=governance,
    )
    self._join(c, msg.sender)
    return c


@internal
def _join(c: uint256, who: address):
    self.isMember[c][who] = True
    self.timedMember[c][who] = False
    self.memberCount[c] += 1
    self.joinedAt[c][who] = block.number
    log Joined(community=c, account=who)


@internal
def _set_moderator(c: uint256, who: address, on: bool):
    if on:
        assert who != empty(address), "zero address"
        assert not self.isModerator[c][who], "already a moderator"
        assert self.moderatorCount[c] < MAX_MODERATORS, "too many moderators"
        self.isModerator[c][who] = True
        self.moderatorCount[c] += 1
    else:
        assert self.isModerator[c][who], "not a moderator"
        self.isModerator[c][who] = False
        self.moderatorCount[c] -= 1
    log ModeratorChanged(community=c, account=who, by=msg.sender, added=on)


@internal
def _set_owner(c: uint256, who: address):
    assert who != empty(address), "zero address"
    self.ownerOf[c] = who
    log OwnerChanged(community=c, owner=who, by=msg.sender)


@internal
def _set_rules(c: uint256, rules_cid: String[MAX_CID]):
    assert len(rules_cid) > 0, "empty rules cid"
    log RulesChanged(community=c, by=msg.sender, rulesCid=rules_cid)


@internal
def _set_restricted(c: uint256, on: bool):
    self.restricted[c] = on
    log RestrictedChanged(community=c, by=msg.sender, restricted=on)


@internal
@view
def _only_owner(c: uint256):
    assert self._exists(c), "unknown community"
    assert self.governanceOf[c] == OWNER, "governed by vote"
    assert self.ownerOf[c] == msg.sender, "not the owner"


# --- communities ------------------------------------------------------------------------------


@external
def create(
    metaCid: String[MAX_CID],
    rulesCid: String[MAX_CID],
    restricted: bool,
    governance: uint8 = OWNER,
) -> uint256:
    """
    @notice Start a community; the caller becomes its owner and first member.
    @return The new community id (ids start at 1).
    """
    return self._new(0, metaCid, rulesCid, restricted, governance)


@external
def fork(
    parent: uint256,
    metaCid: String[MAX_CID],
    rulesCid: String[MAX_CID],
    restricted: bool,
    governance: uint8 = OWNER,
) -> uint256:
    """
    @notice Fork a community: the fork keeps the parent's posts and moderation log up to
            this block, then goes its own way. Anyone may fork; the caller owns the fork.
    """
    assert self._exists(parent), "unknown community"
    assert self.depthOf[parent] < MAX_DEPTH, "fork too deep"
    return self._new(parent, metaCid, rulesCid, restricted, governance)


@external
def join(community: uint256):
    assert self._exists(community), "unknown community"
    assert not self.isMember[community][msg.sender], "already a member"
    assert not self.banned[community][msg.sender], "banned"
    assert self._admits(community, msg.sender), "invite needed"
    bought: bool = self.restricted[community] and not self.invited[community][msg.sender] and not self._is_mod(community, msg.sender)
    self._join(community, msg.sender)
    self.timedMember[community][msg.sender] = bought


@external
def joinEarned(
    community: uint256, epoch: uint256, cumulative: uint256, proof: DynArray[bytes32, MAX_PROOF]
):
    """
    @notice Join a restricted community without an invite by proving, against an accepted
            root, that the caller earned at least its posting threshold. A member whose
            membership was bought may call it too: the membership then no longer expires.
    """
    assert self._exists(community), "unknown community"
    assert not self.banned[community][msg.sender], "banned"
    threshold: uint256 = self.postThreshold[community]
    assert threshold > 0, "no points threshold"
    assert cumulative >= threshold, "below the threshold"
    pts: address = self._points_on(community)
    assert staticcall Points(pts).verifyEarned(community, epoch, msg.sender, cumulative, proof), "invalid proof"
    if self.isMember[community][msg.sender]:
        assert self.timedMember[community][msg.sender], "already a member"
        self.timedMember[community][msg.sender] = False
        return
    self._join(community, msg.sender)


@external
def leave(community: uint256):
    assert self.isMember[community][msg.sender], "not a member"
    self.isMember[community][msg.sender] = False
    self.memberCount[community] -= 1
    log Left(community=community, account=msg.sender)


@external
def invite(community: uint256, account: address):
    """
    @notice Let `account` join a restricted community. Moderators only.
    """
    assert self._exists(community), "unknown community"
    assert self._is_mod(community, msg.sender), "not a moderator"
    assert account != empty(address), "zero address"
    assert not self.invited[community][account], "already invited"
    self.invited[community][account] = True
    log Invited(community=community, account=account, by=msg.sender)


@external
@nonreentrant
def post(community: uint256, cid: String[MAX_CID], parent: uint256) -> uint256:
    """
    @notice Post into a community (parent = 0) or reply inside it. Members only.
    @dev A reply's parent must be a post of this community, or of an ancestor and made
         before the fork (the fork window).
    """
    assert self._exists(community), "unknown community"
    assert not self.banned[community][msg.sender], "banned"
    self._active(community, msg.sender)
    if parent != 0:
        assert self._in_window(community, parent), "reply across communities"
    post_id: uint256 = extcall Social(social).postFor(msg.sender, cid, parent)
    self.communityOf[post_id] = community
    log CommunityPost(community=community, id=post_id, author=msg.sender, parent=parent)
    return post_id


# --- moderation -------------------------------------------------------------------------------


@external
def moderate(community: uint256, action: uint8, target: uint256, reasonCid: String[MAX_CID]):
    """
    @notice HIDE or RESTORE a post (target = post id), BAN or UNBAN an account
            (target = the address as an integer). Moderators and the owner only.
    @dev The reason document cites rule numbers and never quotes the content. Hiding
         deletes nothing. BAN and UNBAN are idempotent on chain: a fork inherits its
         ancestors' bans only in the client fold, and its moderators may lift them.
    """
    assert self._exists(community), "unknown community"
    assert self._is_mod(community, msg.sender), "not a moderator"
    assert action >= HIDE and action <= UNBAN, "unknown action"
    assert action == UNBAN or len(reasonCid) > 0, "missing reason"
    if action == HIDE or action == RESTORE:
        assert self._in_window(community, target), "post not in community"
    else:
        assert target <= convert(max_value(uint160), uint256), "not an address"
        who: address = convert(convert(target, uint160), address)
        assert who != empty(address), "zero address"
        if action == BAN:
            assert not self._is_mod(community, who), "cannot ban a moderator"
        self.banned[community][who] = action == BAN
    log Moderated(
        community=community, target=target, moderator=msg.sender, action=action, reasonCid=reasonCid
    )


@external
def appeal(community: uint256, target: uint256, cid: String[MAX_CID]):
    """
    @notice Appeal a moderation of `target` (a post id or an address). Open to anyone.
    """
    assert self._exists(community), "unknown community"
    assert len(cid) > 0, "empty cid"
    log Appealed(community=community, target=target, by=msg.sender, cid=cid)


# --- owner governance -------------------------------------------------------------------------


@external
def setModerator(community: uint256, account: address, on: bool):
    self._only_owner(community)
    self._set_moderator(community, account, on)


@external
def setRules(community: uint256, rulesCid: String[MAX_CID]):
    self._only_owner(community)
    self._set_rules(community, rulesCid)


@external
def setOwner(community: uint256, account: address):
    self._only_owner(community)
    self._set_owner(community, account)


@external
def setRestricted(community: uint256, on: bool):
    self._only_owner(community)
    self._set_restricted(community, on)


@external
def setMeta(community: uint256, metaCid: String[MAX_CID]):
    """
    @notice Replace the name/goal document. The owner, in either governance mode.
    """
    assert self._exists(community), "unknown community"
    assert self.ownerOf[community] == msg.sender, "not the owner"
    assert len(metaCid) > 0, "empty meta cid"
    log MetaChanged(community=community, by=msg.sender, metaCid=metaCid)


# --- vote governance --------------------------------------------------------------------------


@external
def propose(community: uint256, kind: uint8, target: uint256, cid: String[MAX_CID]) -> uint256:
    """
    @notice Open a proposal in a VOTE-governed community. Members only.
    @dev target: the account (as an integer) for ADD_MOD, REMOVE_MOD and SET_OWNER;
         0 or 1 for SET_RESTRICTED; unused for SET_RULES, whose cid is the new rules;
         the pending points root (as an integer) for VETO_ROOT, whose cid is the reason.
         Under points voting the proposal records its weighting (see voteEarned).
    """
    assert self._exists(community), "unknown community"
    assert self.governanceOf[community] == VOTE, "not governed by vote"
    self._active(community, msg.sender)
    assert kind >= ADD_MOD and kind <= VETO_ROOT, "unknown kind"
    pid: uint256 = self.proposalCount + 1
    if kind == SET_RULES:
        assert len(cid) > 0, "empty rules cid"
    elif kind == SET_RESTRICTED:
        assert target <= 1, "target must be 0 or 1"
    elif kind == VETO_ROOT:
        pts: address = self._points_on(community)
        pending: uint256 = staticcall Points(pts).pendingBlock(community)
        assert pending != 0, "no pending root"
        assert staticcall Points(pts).pendingRoot(community) == convert(target, bytes32), "not the pending root"
        key: bytes32 = keccak256(abi_encode(community, target, pending))
        assert self.vetoProposalOf[key] == 0, "veto already proposed"
        self.vetoProposalOf[key] = pid
        self.vetoBlockOf[pid] = pending
    else:
        assert target != 0 and target <= convert(max_value(uint160), uint256), "not an address"
    self.proposalCount = pid
    if self.voteByPoints[community]:
        epochs: uint256 = staticcall Points(self._points_on(community)).nextEpoch(community)
        self.weightingOf[pid] = epochs << 2 | self.unprovenWeight[community] << 1 | 1
    end: uint256 = block.number + votingPeriod
    self.proposals[pid] = Proposal(
        community=community,
        kind=kind,
        target=target,
        cid=cid,
        startBlock=block.number,
        endBlock=end,
        yes=0,
        no=0,
        executed=False,
    )
    log Proposed(
        proposal=pid,
        community=community,
        proposer=msg.sender,
        kind=kind,
        target=target,
        cid=cid,
        endBlock=end,
    )
    return pid


@internal
def _vote(proposal: uint256, support: bool, weight: uint256):
    p: Proposal = self.proposals[proposal]
    self.voted[proposal][msg.sender] = True
    if support:
        self.proposals[proposal].yes = p.yes + weight
    else:
        self.proposals[proposal].no = p.no + weight
    log Voted(proposal=proposal, voter=msg.sender, support=support, weight=weight)


@internal
@view
def _may_vote(proposal: uint256) -> Proposal:
    assert proposal != 0 and proposal <= self.proposalCount, "unknown proposal"
    p: Proposal = self.proposals[proposal]
    assert block.number <= p.endBlock, "voting closed"
    self._active(p.community, msg.sender)
    assert not self.banned[p.community][msg.sender], "banned"
    assert self.joinedAt[p.community][msg.sender] < p.startBlock, "joined after the proposal"
    assert not self.voted[proposal][msg.sender], "already voted"
    return p


@external
def vote(proposal: uint256, support: bool):
    """
    @notice One vote per account per proposal, by members who joined before it opened.
            Under points voting a vote without a proof weighs the community's unproven
            weight (0 or 1).
    """
    self._may_vote(proposal)
    self._vote(proposal, support, self._weight(proposal))


@external
def voteEarned(
    proposal: uint256,
    support: bool,
    epoch: uint256,
    cumulative: uint256,
    proof: DynArray[bytes32, MAX_PROOF],
):
    """
    @notice Vote with the points the sender had earned by the proposal's snapshot epoch
            (the latest epoch accepted before the proposal opened), proved against that
            epoch's root: weight = whole points earned (at least the unproven weight).
            Points bought or received weigh nothing: only the earned tree counts.
    """
    p: Proposal = self._may_vote(proposal)
    w: Weighting = self._weighting(proposal)
    assert w.byPoints, "not weighted by points"
    assert w.epochs > 0, "no root before the proposal"
    assert epoch == w.epochs - 1, "proof for the wrong epoch"
    pts: address = self.points
    assert staticcall Points(pts).verifyEarned(p.community, epoch, msg.sender, cumulative, proof), "invalid proof"
    self._vote(proposal, support, max(cumulative // UNIT, w.unproven))


@external
@nonreentrant
def execute(proposal: uint256):
    """
    @notice Apply a passed proposal (more yes than no) after its voting period. Anyone.
    """
    assert proposal != 0 and proposal <= self.proposalCount, "unknown proposal"
    p: Proposal = self.proposals[proposal]
    assert block.number > p.endBlock, "voting still open"
    assert not p.executed, "already executed"
    assert p.yes > p.no, "proposal did not pass"
    self.proposals[proposal].executed = True
    c: uint256 = p.community
    if p.kind == ADD_MOD or p.kind == REMOVE_MOD or p.kind == SET_OWNER:
        who: address = convert(convert(p.target, uint160), address)
        if p.kind == SET_OWNER:
            self._set_owner(c, who)
        else:
            self._set_moderator(c, who, p.kind == ADD_MOD)
    elif p.kind == SET_RULES:
        self._set_rules(c, p.cid)
    elif p.kind == VETO_ROOT:
        pts: address = self.points
        assert staticcall Points(pts).pendingBlock(c) == self.vetoBlockOf[proposal], "root no longer pending"
        assert staticcall Points(pts).pendingRoot(c) == convert(p.target, bytes32), "root no longer pending"
        extcall Points(pts).vetoRoot(c, p.cid)
    else:
        self._set_restricted(c, p.target == 1)
    log Executed(proposal=proposal, community=c, by=msg.sender)


@external
@view
def holdsRoot(community: uint256, root: bytes32, proposedBlock: uint256) -> bool:
    """
    @notice True while a VETO_ROOT proposal on this pending root is open, or has passed and
            waits for `execute`: Points does not accept the root meanwhile. One such
            proposal per pending root, so a member can delay a root by one voting period.
    """
    pid: uint256 = self.vetoProposalOf[keccak256(abi_encode(community, convert(root, uint256), proposedBlock))]
    if pid == 0:
        return False
    p: Proposal = self.proposals[pid]
    if p.executed:
        return False
    if block.number <= p.endBlock:
        return True
    return p.yes > p.no


# --- points -----------------------------------------------------------------------------------


@external
def setPoints(points_: address):
    """
    @notice The deployer names the Points contract, once.
    """
    assert msg.sender == deployer, "not the deployer"
    assert self.points == empty(address), "points already set"
    assert points_ != empty(address), "zero address"
    self.points = points_
    log PointsSet(points=points_)


@external
def setPointsRules(community: uint256, byPoints: bool, unproven: uint256, threshold: uint256):
    """
    @notice The owner (in either governance mode) weighs votes by earned points or not, sets
            the weight of a vote without a proof (0 or 1) and the earned points (base units,
            0 = off) that admit to a restricted community. Open proposals keep the
            weighting they opened with.
    """
    assert self._exists(community), "unknown community"
    assert self.ownerOf[community] == msg.sender, "not the owner"
    assert unproven <= 1, "unproven weight must be 0 or 1"
    self._points_on(community)
    self.voteByPoints[community] = byPoints
    self.unprovenWeight[community] = unproven
    self.postThreshold[community] = threshold
    log PointsRulesChanged(
        community=community, by=msg.sender, voteByPoints=byPoints, unprovenWeight=unproven, postThreshold=threshold
    )


@external
def setPerk(community: uint256, perk: uint256, blocksPerPoint: uint256):
    """
    @notice The owner makes `perk` a membership perk: each point redeemed for it buys
            `blocksPerPoint` blocks of membership (0 turns the perk off).
    """
    assert self._exists(community), "unknown community"
    assert self.ownerOf[community] == msg.sender, "not the owner"
    self._points_on(community)
    self.perkBlocks[community][perk] = blocksPerPoint
    log PerkSet(community=community, perk=perk, by=msg.sender, blocksPerPoint=blocksPerPoint)


@external
def redeemed(community: uint256, account: address, perk: uint256, amount: uint256):
    """
    @notice Points reports a redemption. For a membership perk the account's membership is
            extended (from now, or from its current end) and it joins if it was not a
            member; other perks change nothing here.
    """
    assert msg.sender == self.points, "only points"
    blocks_per_point: uint256 = self.perkBlocks[community][perk]
    if blocks_per_point == 0:
        return
    assert not self.banned[community][account], "banned"
    blocks: uint256 = amount * blocks_per_point // UNIT
    assert blocks > 0, "amount buys no block"
    until: uint256 = max(self.memberUntil[community][account], block.number) + blocks
    self.memberUntil[community][account] = until
    if not self.isMember[community][account]:
        bought: bool = self.restricted[community] and not self.invited[community][account] and not self._is_mod(community, account)
        self._join(community, account)
        self.timedMember[community][account] = bought
    log MembershipBought(community=community, account=account, perk=perk, amount=amount, untilBlock=until)
