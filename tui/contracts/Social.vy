# pragma version 0.4.3
"""
@title Agora Social
@notice Posts, replies, reposts, follows, profiles and ETH tips for Agora.
        Content lives off chain: the chain stores only CIDv1 (raw, sha2-256, base32)
        strings in events, and clients verify the bytes they fetch against them.
@dev Only the author of each post is kept in storage (tips need it); everything
     else a client shows is rebuilt from the event logs. Community posts share the
     same post ids: the Communities contract, set once by the deployer, posts on an
     author's behalf through `postFor` after checking membership and bans.
"""

MAX_CID: constant(uint256) = 128

# Version 2 added postFor and the Communities address. Clients read this to tell a
# current deployment from an older one (which has no such getter).
PROTOCOL_VERSION: public(constant(uint256)) = 2

event Posted:
    id: indexed(uint256)
    author: indexed(address)
    parent: indexed(uint256)
    cid: String[MAX_CID]

event Reposted:
    id: indexed(uint256)
    by: indexed(address)

event Followed:
    follower: indexed(address)
    followee: indexed(address)

event Unfollowed:
    follower: indexed(address)
    followee: indexed(address)

event ProfileUpdated:
    account: indexed(address)
    cid: String[MAX_CID]

event CommunitiesSet:
    communities: indexed(address)

event Tipped:
    id: indexed(uint256)
    sender: indexed(address)
    recipient: indexed(address)
    amount: uint256


# Number of posts so far; ids run from 1 to postCount.
postCount: public(uint256)

# Author of each post (the zero address for ids that do not exist).
authorOf: public(HashMap[uint256, address])

# isFollowing[follower][followee]
isFollowing: public(HashMap[address, HashMap[address, bool]])

# The CID of each account's latest profile document ("" if none).
profileOf: public(HashMap[address, String[MAX_CID]])

# Who deployed this contract: the only account that may set `communities`, once.
deployer: public(immutable(address))

# The Communities contract allowed to call postFor (the zero address until set).
communities: public(address)


@deploy
def __init__():
    deployer = msg.sender


@external
def setCommunities(addr: address):
    """
    @notice Name the Communities contract that may post for authors. Once only.
    """
    assert msg.sender == deployer, "not the deployer"
    assert self.communities == empty(address), "communities already set"
    assert addr != empty(address), "zero address"
    self.communities = addr
    log CommunitiesSet(communities=addr)


@internal
def _post(author: address, cid: String[MAX_CID], parent: uint256) -> uint256:
    assert len(cid) > 0, "empty cid"
    assert parent == 0 or self.authorOf[parent] != empty(address), "unknown post"
    post_id: uint256 = self.postCount + 1
    self.postCount = post_id
    self.authorOf[post_id] = author
    log Posted(id=post_id, author=author, parent=parent, cid=cid)
    return post_id


@external
def post(cid: String[MAX_CID], parent: uint256) -> uint256:
    """
    @notice Publish a post (parent = 0) or a reply to post `parent`.
    @return The new post id (ids start at 1).
    """
    return self._post(msg.sender, cid, parent)


@external
def postFor(author: address, cid: String[MAX_CID], parent: uint256) -> uint256:
    """
    @notice Publish a post for `author`; only the Communities contract may call this.
    @dev Communities checks membership, bans and the reply's community first. No
         external call happens here, so there is nothing to re-enter.
    """
    assert msg.sender == self.communities, "only communities"
    assert author != empty(address), "zero author"
    return self._post(author, cid, parent)


@external
def repost(id: uint256):
    """
    @notice Share an existing post with your followers.
    """
    assert self.authorOf[id] != empty(address), "unknown post"
    log Reposted(id=id, by=msg.sender)


@external
def follow(account: address):
    assert account != msg.sender, "cannot follow self"
    assert account != empty(address), "cannot follow the zero address"
    assert not self.isFollowing[msg.sender][account], "already following"
    self.isFollowing[msg.sender][account] = True
    log Followed(follower=msg.sender, followee=account)


@external
def unfollow(account: address):
    assert self.isFollowing[msg.sender][account], "not following"
    self.isFollowing[msg.sender][account] = False
    log Unfollowed(follower=msg.sender, followee=account)


@external
def setProfile(cid: String[MAX_CID]):
    assert len(cid) > 0, "empty cid"
    self.profileOf[msg.sender] = cid
    log ProfileUpdated(account=msg.sender, cid=cid)


@external
@payable
@nonreentrant
def tip(id: uint256):
    """
    @notice Send the whole msg.value to the author of post `id` in this call.
    @dev Checks, then the log (the only effect), then the single interaction. A
         recipient that reverts (or runs out of gas) makes the whole tip revert
         with "tip transfer failed"; the lock stops any re-entry.
    """
    assert msg.value > 0, "zero tip"
    recipient: address = self.authorOf[id]
    assert recipient != empty(address), "unknown post"
    log Tipped(id=id, sender=msg.sender, recipient=recipient, amount=msg.value)
    ok: bool = raw_call(recipient, b"", value=msg.value, revert_on_failure=False)
    assert ok, "tip transfer failed"
