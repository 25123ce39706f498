"""Communities and Social.postFor on a real anvil: every function, event and revert reason."""

from __future__ import annotations

from pathlib import Path

from tests.communities.conftest import (
    BAN,
    CID,
    CID2,
    HIDE,
    META,
    RESTORE,
    RULES,
    UNBAN,
    VOTING_PERIOD,
    CommunityChain,
    addr_int,
)
from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES, Chain
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction

HELPERS = Path(__file__).parent / "helpers"
ZERO = "0x0000000000000000000000000000000000000000"


# --- Social.postFor and setCommunities -------------------------------------------------------


def test_set_communities_is_once_and_deployer_only(chain: Chain) -> None:
    assert chain.call("Social", "communities", []) == ZERO
    assert chain.call("Social", "deployer", []) == ADDRESSES[0]
    assert chain.call("Social", "PROTOCOL_VERSION", []) == 2
    assert chain.revert("Social", "setCommunities", [ADDRESSES[2]], key=1) == "not the deployer"
    assert chain.revert("Social", "setCommunities", [ZERO]) == "zero address"
    (event,) = chain.events(chain.send("Social", "setCommunities", [ADDRESSES[2]]))
    assert event.name == "CommunitiesSet"
    assert event.args == {"communities": ADDRESSES[2]}
    assert chain.revert("Social", "setCommunities", [ADDRESSES[3]]) == "communities already set"


def test_post_for_is_only_for_the_communities_address(chain: Chain) -> None:
    assert chain.revert("Social", "postFor", [ADDRESSES[1], CID, 0]) == "only communities"
    chain.send("Social", "setCommunities", [ADDRESSES[2]])
    assert chain.revert("Social", "postFor", [ADDRESSES[1], CID, 0], key=1) == "only communities"
    (event,) = chain.events(chain.send("Social", "postFor", [ADDRESSES[1], CID, 0], key=2))
    assert event.name == "Posted"
    assert event.args == {"id": 1, "author": ADDRESSES[1], "parent": 0, "cid": CID}
    assert chain.call("Social", "authorOf", [1]) == ADDRESSES[1]
    assert chain.revert("Social", "postFor", [ZERO, CID, 0], key=2) == "zero author"
    assert chain.revert("Social", "postFor", [ADDRESSES[1], "", 0], key=2) == "empty cid"
    assert chain.revert("Social", "postFor", [ADDRESSES[1], CID, 9], key=2) == "unknown post"


# --- create, fork, join, leave, invite -------------------------------------------------------


def test_create_logs_everything_and_makes_the_creator_owner_and_member(
    cc: CommunityChain,
) -> None:
    receipt = cc.send("Communities", "create", [META, RULES, False], key=1)
    created, joined = cc.events(receipt)
    assert created.name == "CommunityCreated"
    assert created.args == {
        "id": 1,
        "owner": ADDRESSES[1],
        "parent": 0,
        "forkBlock": 0,
        "metaCid": META,
        "rulesCid": RULES,
        "restricted": False,
        "governance": 0,
    }
    assert joined.name == "Joined"
    assert joined.args == {"community": 1, "account": ADDRESSES[1]}
    assert cc.call("Communities", "communityCount", []) == 1
    assert cc.call("Communities", "ownerOf", [1]) == ADDRESSES[1]
    assert cc.call("Communities", "memberCount", [1]) == 1
    assert cc.call("Communities", "isMember", [1, ADDRESSES[1]]) is True
    assert cc.call("Communities", "social", []) == cc.deployment.social
    assert cc.call("Communities", "votingPeriod", []) == VOTING_PERIOD
    (created, _) = cc.events(cc.send("Communities", "create", [META, RULES, True, 1]))
    assert created.args["restricted"] is True and created.args["governance"] == 1
    assert cc.call("Communities", "governanceOf", [2]) == 1
    assert cc.call("Communities", "restricted", [2]) is True


def test_create_reverts(cc: CommunityChain) -> None:
    assert cc.revert("Communities", "create", ["", RULES, False]) == "empty meta cid"
    assert cc.revert("Communities", "create", [META, "", False]) == "empty rules cid"
    assert cc.revert("Communities", "create", [META, RULES, False, 2]) == "unknown governance"


def test_join_and_leave(cc: CommunityChain) -> None:
    c = cc.create()
    (event,) = cc.events(cc.send("Communities", "join", [c], key=1))
    assert event.name == "Joined" and event.args == {"community": c, "account": ADDRESSES[1]}
    assert cc.call("Communities", "memberCount", [c]) == 2
    assert cc.revert("Communities", "join", [c], key=1) == "already a member"
    assert cc.revert("Communities", "join", [9], key=1) == "unknown community"
    assert cc.revert("Communities", "join", [0], key=1) == "unknown community"
    (event,) = cc.events(cc.send("Communities", "leave", [c], key=1))
    assert event.name == "Left" and event.args == {"community": c, "account": ADDRESSES[1]}
    assert cc.call("Communities", "memberCount", [c]) == 1
    assert cc.revert("Communities", "leave", [c], key=1) == "not a member"


def test_restricted_communities_admit_by_invite(cc: CommunityChain) -> None:
    c = cc.create(restricted=True)
    assert cc.revert("Communities", "join", [c], key=2) == "invite needed"
    assert cc.revert("Communities", "invite", [c, ADDRESSES[2]], key=1) == "not a moderator"
    assert cc.revert("Communities", "invite", [9, ADDRESSES[2]]) == "unknown community"
    assert cc.revert("Communities", "invite", [c, ZERO]) == "zero address"
    (event,) = cc.events(cc.send("Communities", "invite", [c, ADDRESSES[2]]))
    assert event.name == "Invited"
    assert event.args == {"community": c, "account": ADDRESSES[2], "by": ADDRESSES[0]}
    assert cc.revert("Communities", "invite", [c, ADDRESSES[2]]) == "already invited"
    assert cc.call("Communities", "invited", [c, ADDRESSES[2]]) is True
    cc.send("Communities", "join", [c], key=2)
    assert cc.revert("Communities", "post", [c, CID, 0], key=3) == "not a member"


def test_fork_records_lineage_and_depth_is_bounded(cc: CommunityChain) -> None:
    root = cc.create()
    cc.post(root)
    receipt = cc.send("Communities", "fork", [root, META, RULES, False], key=2)
    created, joined = cc.events(receipt)
    block = int(receipt["blockNumber"], 16)
    assert created.args == {
        "id": 2,
        "owner": ADDRESSES[2],
        "parent": root,
        "forkBlock": block,
        "metaCid": META,
        "rulesCid": RULES,
        "restricted": False,
        "governance": 0,
    }
    assert joined.args == {"community": 2, "account": ADDRESSES[2]}
    assert cc.call("Communities", "parentOf", [2]) == root
    assert cc.call("Communities", "forkBlock", [2]) == block
    assert cc.call("Communities", "forkPostCount", [2]) == 1
    assert cc.call("Communities", "depthOf", [2]) == 1
    assert cc.revert("Communities", "fork", [9, META, RULES, False]) == "unknown community"
    assert cc.revert("Communities", "fork", [0, META, RULES, False]) == "unknown community"
    tip = 2
    for _ in range(7):
        cc.send("Communities", "fork", [tip, META, RULES, False])
        tip = cc.call("Communities", "communityCount", [])
    assert cc.call("Communities", "depthOf", [tip]) == 8
    assert cc.revert("Communities", "fork", [tip, META, RULES, False]) == "fork too deep"


# --- posting -----------------------------------------------------------------------------------


def test_a_community_post_shares_social_ids_and_tips(cc: CommunityChain) -> None:
    c = cc.create()
    cc.send("Social", "post", [CID, 0], key=3)  # a plain post takes id 1
    cc.send("Communities", "join", [c], key=1)
    receipt = cc.send("Communities", "post", [c, CID2, 0], key=1)
    posted, community_post = cc.events(receipt)
    assert posted.name == "Posted"
    assert posted.address == cc.deployment.social
    assert posted.args == {"id": 2, "author": ADDRESSES[1], "parent": 0, "cid": CID2}
    assert community_post.name == "CommunityPost"
    assert community_post.address == cc.communities
    assert community_post.args == {"community": c, "id": 2, "author": ADDRESSES[1], "parent": 0}
    assert cc.call("Communities", "communityOf", [2]) == c
    assert cc.call("Communities", "communityOf", [1]) == 0
    (tip,) = cc.events(cc.send("Social", "tip", [2], key=2, value=10**15))
    assert tip.args["recipient"] == ADDRESSES[1]
    reply = cc.post(c, 2, key=0)
    assert cc.call("Social", "authorOf", [reply]) == ADDRESSES[0]


def test_post_reverts(cc: CommunityChain) -> None:
    a = cc.create()
    b = cc.create()
    in_b = cc.post(b)
    assert cc.revert("Communities", "post", [9, CID, 0]) == "unknown community"
    assert cc.revert("Communities", "post", [a, CID, 0], key=1) == "not a member"
    assert cc.revert("Communities", "post", [a, CID, in_b]) == "reply across communities"
    cc.send("Social", "post", [CID, 0])
    plain = cc.call("Social", "postCount", [])
    assert cc.revert("Communities", "post", [a, CID, plain]) == "reply across communities"
    assert cc.revert("Communities", "post", [a, CID, 999]) == "reply across communities"
    assert cc.revert("Communities", "post", [a, "", 0]) == "empty cid"


def test_replies_follow_the_fork_window(cc: CommunityChain) -> None:
    root = cc.create()
    before = cc.post(root)
    cc.send("Communities", "fork", [root, META, RULES, False])
    fork = 2
    after = cc.post(root)
    reply = cc.post(fork, before)  # a parent post from before the fork: inside the window
    assert cc.call("Communities", "communityOf", [reply]) == fork
    assert cc.revert("Communities", "post", [fork, CID, after]) == "reply across communities"
    # A grandchild's window is the tightest along the chain.
    cc.send("Communities", "fork", [fork, META, RULES, False])
    grandchild = 3
    assert cc.post(grandchild, before) > 0
    assert cc.post(grandchild, reply) > 0
    assert cc.revert("Communities", "post", [grandchild, CID, after]) == (
        "reply across communities"
    )
    # The parent never sees the fork's posts.
    assert cc.revert("Communities", "post", [root, CID, reply]) == "reply across communities"


# --- moderation --------------------------------------------------------------------------------


def test_hide_and_restore_log_who_what_and_why(cc: CommunityChain) -> None:
    c = cc.create()
    cc.send("Communities", "join", [c], key=1)
    post = cc.post(c, key=1)
    (event,) = cc.events(cc.send("Communities", "moderate", [c, HIDE, post, CID2]))
    assert event.name == "Moderated"
    assert event.args == {
        "community": c,
        "target": post,
        "moderator": ADDRESSES[0],
        "action": HIDE,
        "reasonCid": CID2,
    }
    (event,) = cc.events(cc.send("Communities", "moderate", [c, RESTORE, post, CID2]))
    assert event.args["action"] == RESTORE
    assert cc.call("Social", "authorOf", [post]) == ADDRESSES[1]  # hiding deletes nothing


def test_moderate_reverts(cc: CommunityChain) -> None:
    a = cc.create()
    b = cc.create(key=1)
    post_a = cc.post(a)
    post_b = cc.post(b, key=1)
    assert cc.revert("Communities", "moderate", [9, HIDE, post_a, CID]) == "unknown community"
    # The owner of b is no moderator of a: acting outside their community fails.
    assert cc.revert("Communities", "moderate", [a, HIDE, post_a, CID], key=1) == (
        "not a moderator"
    )
    assert cc.revert("Communities", "moderate", [a, 0, post_a, CID]) == "unknown action"
    assert cc.revert("Communities", "moderate", [a, 5, post_a, CID]) == "unknown action"
    for action in (HIDE, RESTORE, BAN):
        assert cc.revert("Communities", "moderate", [a, action, post_a, ""]) == "missing reason"
    assert cc.revert("Communities", "moderate", [a, HIDE, post_b, CID]) == "post not in community"
    assert cc.revert("Communities", "moderate", [a, BAN, 2**160, CID]) == "not an address"
    assert cc.revert("Communities", "moderate", [a, BAN, 0, CID]) == "zero address"
    assert cc.revert("Communities", "moderate", [a, BAN, addr_int(0), CID]) == (
        "cannot ban a moderator"
    )


def test_ban_stops_posting_and_joining_and_unban_lifts_it(cc: CommunityChain) -> None:
    c = cc.create()
    cc.send("Communities", "join", [c], key=1)
    (event,) = cc.events(cc.send("Communities", "moderate", [c, BAN, addr_int(1), CID]))
    assert event.args["target"] == addr_int(1) and event.args["action"] == BAN
    assert cc.call("Communities", "banned", [c, ADDRESSES[1]]) is True
    assert cc.revert("Communities", "post", [c, CID, 0], key=1) == "banned"
    cc.send("Communities", "moderate", [c, BAN, addr_int(2), CID])
    assert cc.revert("Communities", "join", [c], key=2) == "banned"
    (event,) = cc.events(cc.send("Communities", "moderate", [c, UNBAN, addr_int(1), ""]))
    assert event.args["action"] == UNBAN and event.args["reasonCid"] == ""
    assert cc.call("Communities", "banned", [c, ADDRESSES[1]]) is False
    cc.post(c, key=1)


def test_a_fork_may_restore_what_its_parent_hid_inside_the_window(cc: CommunityChain) -> None:
    root = cc.create()
    hidden = cc.post(root)
    cc.send("Communities", "moderate", [root, HIDE, hidden, CID])
    cc.send("Communities", "fork", [root, META, RULES, False], key=2)
    fork = 2
    later = cc.post(root)
    (event,) = cc.events(cc.send("Communities", "moderate", [fork, RESTORE, hidden, CID2], key=2))
    assert event.args["community"] == fork and event.args["moderator"] == ADDRESSES[2]
    assert cc.revert("Communities", "moderate", [fork, HIDE, later, CID], key=2) == (
        "post not in community"
    )
    # The parent's moderators have no power in the fork.
    assert cc.revert("Communities", "moderate", [fork, HIDE, hidden, CID]) == "not a moderator"


def test_appeal_is_open_to_anyone(cc: CommunityChain) -> None:
    c = cc.create()
    post = cc.post(c)
    (event,) = cc.events(cc.send("Communities", "appeal", [c, post, CID2], key=3))
    assert event.name == "Appealed"
    assert event.args == {"community": c, "target": post, "by": ADDRESSES[3], "cid": CID2}
    assert cc.revert("Communities", "appeal", [c, post, ""], key=3) == "empty cid"
    assert cc.revert("Communities", "appeal", [9, post, CID2], key=3) == "unknown community"


# --- owner governance --------------------------------------------------------------------------


def test_owner_sets_moderators_up_to_sixteen(cc: CommunityChain) -> None:
    c = cc.create()
    (event,) = cc.events(cc.send("Communities", "setModerator", [c, ADDRESSES[1], True]))
    assert event.name == "ModeratorChanged"
    assert event.args == {
        "community": c,
        "account": ADDRESSES[1],
        "by": ADDRESSES[0],
        "added": True,
    }
    assert cc.call("Communities", "isModerator", [c, ADDRESSES[1]]) is True
    assert cc.revert("Communities", "setModerator", [c, ADDRESSES[1], True]) == (
        "already a moderator"
    )
    assert cc.revert("Communities", "setModerator", [c, ZERO, True]) == "zero address"
    # A moderator can hide but cannot appoint: no moderator capture.
    post = cc.post(c)
    cc.send("Communities", "moderate", [c, HIDE, post, CID], key=1)
    assert cc.revert("Communities", "setModerator", [c, ADDRESSES[2], True], key=1) == (
        "not the owner"
    )
    assert cc.revert("Communities", "moderate", [c, BAN, addr_int(0), CID], key=1) == (
        "cannot ban a moderator"
    )
    for n in range(15):
        cc.send("Communities", "setModerator", [c, "0x" + f"{n + 1:040x}", True])
    assert cc.call("Communities", "moderatorCount", [c]) == 16
    assert cc.revert("Communities", "setModerator", [c, ADDRESSES[2], True]) == (
        "too many moderators"
    )
    (event,) = cc.events(cc.send("Communities", "setModerator", [c, ADDRESSES[1], False]))
    assert event.args["added"] is False
    assert cc.revert("Communities", "setModerator", [c, ADDRESSES[1], False]) == "not a moderator"
    assert cc.call("Communities", "moderatorCount", [c]) == 15
    assert cc.revert("Communities", "moderate", [c, HIDE, post, CID], key=1) == "not a moderator"


def test_owner_changes_rules_meta_restriction_and_owner(cc: CommunityChain) -> None:
    c = cc.create()
    (event,) = cc.events(cc.send("Communities", "setRules", [c, CID]))
    assert event.name == "RulesChanged"
    assert event.args == {"community": c, "by": ADDRESSES[0], "rulesCid": CID}
    assert cc.revert("Communities", "setRules", [c, ""]) == "empty rules cid"
    (event,) = cc.events(cc.send("Communities", "setMeta", [c, CID2]))
    assert event.name == "MetaChanged"
    assert event.args == {"community": c, "by": ADDRESSES[0], "metaCid": CID2}
    assert cc.revert("Communities", "setMeta", [c, ""]) == "empty meta cid"
    (event,) = cc.events(cc.send("Communities", "setRestricted", [c, True]))
    assert event.name == "RestrictedChanged"
    assert event.args == {"community": c, "by": ADDRESSES[0], "restricted": True}
    assert cc.revert("Communities", "join", [c], key=1) == "invite needed"
    for fn, args in (
        ("setRules", [c, CID]),
        ("setMeta", [c, CID]),
        ("setRestricted", [c, False]),
        ("setOwner", [c, ADDRESSES[1]]),
        ("setModerator", [c, ADDRESSES[1], True]),
    ):
        assert cc.revert("Communities", fn, args, key=1) == "not the owner"
    assert cc.revert("Communities", "setOwner", [c, ZERO]) == "zero address"
    assert cc.revert("Communities", "setRules", [9, CID]) == "unknown community"
    (event,) = cc.events(cc.send("Communities", "setOwner", [c, ADDRESSES[1]]))
    assert event.name == "OwnerChanged"
    assert event.args == {"community": c, "owner": ADDRESSES[1], "by": ADDRESSES[0]}
    assert cc.revert("Communities", "setRules", [c, CID]) == "not the owner"
    cc.send("Communities", "setRules", [c, CID], key=1)


# --- vote governance ---------------------------------------------------------------------------


def _voting_community(cc: CommunityChain) -> int:
    c = cc.create(governance=1)
    for key in (1, 2):
        cc.send("Communities", "join", [c], key=key)
    return c


def test_owner_calls_are_refused_under_vote(cc: CommunityChain) -> None:
    c = _voting_community(cc)
    for fn, args in (
        ("setRules", [c, CID]),
        ("setRestricted", [c, True]),
        ("setOwner", [c, ADDRESSES[1]]),
        ("setModerator", [c, ADDRESSES[1], True]),
    ):
        assert cc.revert("Communities", fn, args) == "governed by vote"
    owned = cc.create()
    assert cc.revert("Communities", "propose", [owned, 1, addr_int(1), ""]) == (
        "not governed by vote"
    )


def test_propose_vote_execute_adds_a_moderator(cc: CommunityChain) -> None:
    c = _voting_community(cc)
    receipt = cc.send("Communities", "propose", [c, 1, addr_int(3), CID], key=1)
    (event,) = cc.events(receipt)
    start = int(receipt["blockNumber"], 16)
    assert event.name == "Proposed"
    assert event.args == {
        "proposal": 1,
        "community": c,
        "proposer": ADDRESSES[1],
        "kind": 1,
        "target": addr_int(3),
        "cid": CID,
        "endBlock": start + VOTING_PERIOD,
    }
    (event,) = cc.events(cc.send("Communities", "vote", [1, True], key=1))
    assert event.name == "Voted"
    assert event.args == {"proposal": 1, "voter": ADDRESSES[1], "support": True, "weight": 1}
    cc.send("Communities", "vote", [1, True], key=2)
    cc.send("Communities", "vote", [1, False], key=0)
    assert cc.revert("Communities", "execute", [1]) == "voting still open"
    cc.mine(VOTING_PERIOD)
    assert cc.revert("Communities", "vote", [1, True], key=0) == "voting closed"
    moderator, executed = cc.events(cc.send("Communities", "execute", [1], key=3))
    assert moderator.name == "ModeratorChanged"
    assert moderator.args == {
        "community": c,
        "account": ADDRESSES[3],
        "by": ADDRESSES[3],
        "added": True,
    }
    assert executed.name == "Executed"
    assert executed.args == {"proposal": 1, "community": c, "by": ADDRESSES[3]}
    assert cc.call("Communities", "isModerator", [c, ADDRESSES[3]]) is True
    assert cc.revert("Communities", "execute", [1]) == "already executed"
    proposal = cc.call("Communities", "proposals", [1])
    assert proposal[6:] == (2, 1, True)


def test_vote_reverts_and_replay(cc: CommunityChain) -> None:
    c = _voting_community(cc)
    assert cc.revert("Communities", "propose", [c, 0, addr_int(3), ""], key=1) == "unknown kind"
    assert cc.revert("Communities", "propose", [c, 7, addr_int(3), ""], key=1) == "unknown kind"
    assert cc.revert("Communities", "propose", [c, 1, addr_int(3), ""], key=3) == "not a member"
    assert cc.revert("Communities", "propose", [c, 1, 0, ""], key=1) == "not an address"
    assert cc.revert("Communities", "propose", [c, 3, 0, ""], key=1) == "empty rules cid"
    assert cc.revert("Communities", "propose", [c, 5, 2, ""], key=1) == "target must be 0 or 1"
    assert cc.revert("Communities", "propose", [9, 1, 1, ""], key=1) == "unknown community"
    cc.send("Communities", "propose", [c, 4, addr_int(2), ""], key=1)
    assert cc.revert("Communities", "vote", [2, True], key=1) == "unknown proposal"
    assert cc.revert("Communities", "vote", [0, True], key=1) == "unknown proposal"
    assert cc.revert("Communities", "execute", [2]) == "unknown proposal"
    assert cc.revert("Communities", "vote", [1, True], key=3) == "not a member"
    cc.send("Communities", "join", [c], key=3)
    assert cc.revert("Communities", "vote", [1, True], key=3) == "joined after the proposal"
    cc.send("Communities", "vote", [1, False], key=1)
    assert cc.revert("Communities", "vote", [1, True], key=1) == "already voted"
    # Leaving and joining again does not reset the vote (and makes the account too new).
    cc.send("Communities", "leave", [c], key=1)
    cc.send("Communities", "join", [c], key=1)
    assert cc.revert("Communities", "vote", [1, True], key=1) == "joined after the proposal"
    cc.send("Communities", "moderate", [c, BAN, addr_int(2), CID])
    assert cc.revert("Communities", "vote", [1, True], key=2) == "banned"
    cc.mine(VOTING_PERIOD)
    assert cc.revert("Communities", "execute", [1]) == "proposal did not pass"


def test_every_proposal_kind_executes(cc: CommunityChain) -> None:
    c = _voting_community(cc)
    kinds = [
        (1, addr_int(3), "", "ModeratorChanged"),
        (2, addr_int(3), "", "ModeratorChanged"),
        (3, 0, CID2, "RulesChanged"),
        (4, addr_int(2), "", "OwnerChanged"),
        (5, 1, "", "RestrictedChanged"),
    ]
    for kind, target, cid, name in kinds:
        cc.send("Communities", "propose", [c, kind, target, cid], key=1)
        pid = cc.call("Communities", "proposalCount", [])
        cc.send("Communities", "vote", [pid, True], key=1)
        cc.mine(VOTING_PERIOD)
        change, executed = cc.events(cc.send("Communities", "execute", [pid]))
        assert (change.name, executed.name) == (name, "Executed")
    assert cc.call("Communities", "isModerator", [c, ADDRESSES[3]]) is False
    assert cc.call("Communities", "ownerOf", [c]) == ADDRESSES[2]
    assert cc.call("Communities", "restricted", [c]) is True


# --- attacks -----------------------------------------------------------------------------------


def test_reentrancy_through_post_for_is_impossible(cc: CommunityChain) -> None:
    """A Social that calls back into post() from postFor hits the lock, and nothing is logged."""
    from eth_abi import encode

    from tests.contracts.conftest import helper_send
    from tui.contracts.build import compile_file
    from tui.core.chain.abi import bytecode
    from tui.core.chain.deploy import deploy_code

    fake = deploy_code(
        cc.rpc, DEV_KEYS[0], compile_file(HELPERS / "ReenteringSocial.vy")["bytecode"]
    )
    initcode = bytecode("Communities") + encode(["address", "uint256"], [fake, 5]).hex()
    hostile = CommunityChain(cc.rpc, cc.deployment, deploy_code(cc.rpc, DEV_KEYS[0], initcode))
    helper_send(cc.rpc, fake, "setTarget(address)", ["address"], [hostile.communities])
    hostile.create()
    reason = hostile.revert("Communities", "post", [1, CID, 0])
    assert reason in ("reverted without a reason", "nonreentrant lock")
    assert hostile.call("Communities", "communityOf", [1]) == 0


def test_postfor_cannot_be_called_by_anyone_but_communities(cc: CommunityChain) -> None:
    c = cc.create()
    assert cc.revert("Social", "postFor", [ADDRESSES[0], CID, 0]) == "only communities"
    data = encode_call("Social", "postFor", [ADDRESSES[0], CID, 0])
    receipt = send_transaction(
        cc.rpc, DEV_KEYS[1], cc.deployment.social, data, gas=200_000, check=False
    )
    assert receipt["status"] == "0x0"
    assert cc.call("Communities", "communityOf", [1]) == 0
    assert c == 1
