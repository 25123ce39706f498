"""Community writes as ``CallIntent``s: one function per action, documents stored first.

Each builder checks its input and raises a clear error before anything is signed; the pipeline
then simulates the call, so on-chain refusals (not a member, banned, outside the community, a
double vote, executing early…) come back as "This transaction would fail: <reason>" before the
confirmation, never after signing.
"""

from __future__ import annotations

import time
from collections.abc import Collection

from tui.core.actions.intents import CallIntent
from tui.core.chain.address import to_checksum
from tui.core.communities import documents as docs
from tui.core.communities.fold import Action, Governance, ProposalKind
from tui.core.content.documents import post_document
from tui.core.content.store import BlockStore
from tui.core.errors import UsageError
from tui.core.text import clean_line, is_digits

KEY = "communities"


def _call(
    kind: str,
    function: str,
    names: tuple[str, ...],
    args: tuple[object, ...],
    summary: str,
    cids: tuple[str, ...] = (),
) -> CallIntent:
    return CallIntent(
        kind=f"community.{kind}",
        contract=KEY,
        function=function,
        arg_names=names,
        args=args,
        summary=summary,
        cids=cids,
    )


def _address(value: str) -> str:
    try:
        return to_checksum(value.strip())
    except Exception:
        raise UsageError(
            f"Not an address: {value[:60]!r}", hint="Use a 0x address (40 hex digits)."
        ) from None


def create(
    store: BlockStore,
    name: str,
    goal: str,
    rules: list[tuple[int, str]],
    *,
    description: str = "",
    restricted: bool = False,
    governance: Governance = Governance.OWNER,
) -> CallIntent:
    meta = store.put(docs.meta_document(name, goal, description))
    rules_cid = store.put(docs.rules_document(rules))
    how = "restricted" if restricted else "open"
    return _call(
        "create",
        "create(string,string,bool,uint8)",
        ("metaCid", "rulesCid", "restricted", "governance"),
        (meta, rules_cid, restricted, int(governance)),
        f"Create the {how} community {name.strip()!r} ({len(rules)} rules, "
        f"governed by {governance.name.lower()})",
        (meta, rules_cid),
    )


def fork(
    store: BlockStore,
    parent: int,
    name: str,
    goal: str,
    rules: list[tuple[int, str]],
    *,
    description: str = "",
    restricted: bool = False,
    governance: Governance = Governance.OWNER,
) -> CallIntent:
    meta = store.put(docs.meta_document(name, goal, description))
    rules_cid = store.put(docs.rules_document(rules))
    return _call(
        "fork",
        "fork(uint256,string,string,bool,uint8)",
        ("parent", "metaCid", "rulesCid", "restricted", "governance"),
        (parent, meta, rules_cid, restricted, int(governance)),
        f"Fork community #{parent} as {name.strip()!r}: it keeps #{parent}'s posts and "
        "moderation log up to now",
        (meta, rules_cid),
    )


def join(community: int) -> CallIntent:
    return _call(
        "join", "join(uint256)", ("community",), (community,), f"Join community #{community}"
    )


def leave(community: int) -> CallIntent:
    return _call(
        "leave", "leave(uint256)", ("community",), (community,), f"Leave community #{community}"
    )


def invite(community: int, account: str) -> CallIntent:
    who = _address(account)
    return _call(
        "invite", "invite(uint256,address)", ("community", "account"), (community, who),
        f"Invite {who} into community #{community}",
    )  # fmt: skip


def post(
    store: BlockStore,
    community: int,
    text: str,
    *,
    reply_to: int = 0,
    now: int | None = None,
    article: int = 0,
    own_articles: Collection[int] | None = None,
    article_title: str = "",
) -> CallIntent:
    """``article``: an Articles token id the post links (collects of it count for points);
    ``own_articles``: the ids the user published, when known (see ``check_own_article``);
    ``article_title``: its title, for the confirmation to name it."""
    check_own_article(article, own_articles)
    created = int(now if now is not None else time.time())
    cid = store.put(post_document(text, created_at=created, article=article))
    what = f"Reply to post #{reply_to}" if reply_to else "Post"
    title = clean_line(article_title, 60)
    what += f" linking article #{article}" if article else ""
    what += f" “{title}”" if article and title else ""
    return _call(
        "post", "post(uint256,string,uint256)", ("community", "cid", "parent"),
        (community, cid, reply_to), f"{what} in community #{community}", (cid,),
    )  # fmt: skip


def parse_article_id(text: str) -> int:
    """The article id typed in a field (``3`` or ``#3``; empty links none, 0)."""
    value = text.strip().removeprefix("#").strip()
    if not value:
        return 0
    if not is_digits(value) or len(value) > 20:
        raise UsageError(
            f"Not an article id: {text.strip()[:40]!r}.",
            hint="Type the number of one of your articles (e.g. 3), or leave it empty.",
        )
    return int(value)


def check_own_article(article: int, own: Collection[int] | None) -> None:
    """Refuse linking an article the user did not publish (when their articles are known):
    a link counts for points only when the post's author published the article (PROTOCOL.md,
    community points, "The rule"), so linking someone else's would earn nothing."""
    if not article or own is None or article in own:
        return
    yours = ", ".join(f"#{n}" for n in sorted(own)[:12]) or "none yet"
    raise UsageError(
        f"Article #{article} is not yours: a post links only an article you published.",
        hint=f"Your articles: {yours}.",
    )


def check_rules(cited: list[int], known: frozenset[int] | None) -> None:
    """Refuse a reason citing numbers the community's rules do not have (when they are known)."""
    if known is None:
        return
    missing = sorted(set(cited) - known)
    if missing:
        have = ", ".join(str(n) for n in sorted(known)) or "none"
        raise UsageError(
            f"The community has no rule {', '.join(str(n) for n in missing)}.",
            hint=f"Its rules are numbered: {have}.",
        )


def moderate(
    store: BlockStore,
    community: int,
    action: Action,
    target: int | str,
    rules: list[int],
    note: str = "",
    *,
    known_rules: frozenset[int] | None = None,
) -> CallIntent:
    """HIDE/RESTORE a post id, BAN/UNBAN an address, with a reason citing ``rules``."""
    check_rules(rules, known_rules)
    if action in (Action.BAN, Action.UNBAN):
        who = _address(str(target))
        value = int(who, 16)
        label = who
    else:
        value = int(target)
        label = f"post #{value}"
    reason = ""
    if rules or note.strip() or action is not Action.UNBAN:
        reason = store.put(docs.reason_document(rules, note, need_rule=action is not Action.UNBAN))
    cited = ", ".join(str(n) for n in sorted(set(rules)))
    because = f" under rule {cited}" if cited else ""
    return _call(
        action.label,
        "moderate(uint256,uint8,uint256,string)",
        ("community", "action", "target", "reasonCid"),
        (community, int(action), value, reason),
        f"{action.label.capitalize()} {label} in community #{community}{because}",
        (reason,) if reason else (),
    )


def appeal(store: BlockStore, community: int, target: int | str, text: str) -> CallIntent:
    value = (
        int(_address(target), 16)
        if isinstance(target, str) and target.startswith("0x")
        else int(target)
    )
    cid = store.put(docs.note_document(text))
    return _call(
        "appeal", "appeal(uint256,uint256,string)", ("community", "target", "cid"),
        (community, value, cid), f"Appeal the moderation of {target} in community #{community}",
        (cid,),
    )  # fmt: skip


def propose(
    store: BlockStore,
    community: int,
    kind: ProposalKind,
    target: str = "",
    *,
    rules: list[tuple[int, str]] | None = None,
    note: str = "",
) -> CallIntent:
    """A proposal of one of the fixed kinds; SET_RULES carries a new rules document."""
    value = 0
    cid = ""
    if kind.targets_account:
        if not target:
            raise UsageError(f"A {kind.slug} proposal needs an ADDRESS.")
        value = int(_address(target), 16)
    elif kind is ProposalKind.SET_RESTRICTED:
        flag = target.strip().lower()
        if flag not in ("on", "off", "true", "false", "1", "0", "yes", "no"):
            raise UsageError("A set-restricted proposal needs on or off.")
        value = int(flag in ("on", "true", "1", "yes"))
    if kind is ProposalKind.SET_RULES:
        if not rules:
            raise UsageError("A set-rules proposal needs the new rules (--rules FILE).")
        cid = store.put(docs.rules_document(rules))
    elif note.strip():
        cid = store.put(docs.note_document(note))
    return _call(
        "propose",
        "propose(uint256,uint8,uint256,string)",
        ("community", "kind", "target", "cid"),
        (community, int(kind), value, cid),
        f"Propose {kind.slug} {target}".rstrip() + f" in community #{community}",
        (cid,) if cid else (),
    )


def vote(proposal: int, support: bool) -> CallIntent:
    word = "yes" if support else "no"
    return _call(
        "vote", "vote(uint256,bool)", ("proposal", "support"), (proposal, support),
        f"Vote {word} on proposal #{proposal}",
    )  # fmt: skip


def execute(proposal: int) -> CallIntent:
    return _call(
        "execute", "execute(uint256)", ("proposal",), (proposal,), f"Execute proposal #{proposal}"
    )


def set_moderator(community: int, account: str, on: bool) -> CallIntent:
    who = _address(account)
    verb = "Make" if on else "Remove"
    tail = "a moderator of" if on else "as a moderator of"
    return _call(
        "moderator", "setModerator(uint256,address,bool)", ("community", "account", "on"),
        (community, who, on), f"{verb} {who} {tail} community #{community}",
    )  # fmt: skip
