"""The registry of named commands: what each one is called, takes, does, and its CLI twin.

One table serves every door: the in-app command line, keymap macros (``"ctrl+t" = "tip 0.001"``),
the command palette and the documentation. The TUI maps each name to an app action or write
flow (``tui.ui.command_runner``); the CLI exposes the same operations under the names in ``cli``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.core.errors import UsageError

TIMELINE_KINDS = ("home", "global", "articles", "notifications", "communities")
"""Timelines a ``timeline`` command can switch to (completion offers them)."""


class ArgKind(StrEnum):
    """How an argument's text becomes a typed value."""

    INT = "int"
    """A positive whole number (post id, article id, count)."""
    ETH = "eth"
    """An amount of ETH (``0.001``), converted to wei."""
    ADDRESS = "address"
    """A 0x address (40 hex digits) or an ENS name (resolved by the front end before use)."""
    CHOICE = "choice"
    """One of ``choices``."""
    WORD = "word"
    """One word (an account label or address, a network name)."""
    TEXT = "text"
    """The rest of the line, verbatim (post text, a search query)."""


@dataclass(frozen=True)
class Arg:
    """One argument of a command."""

    name: str
    kind: ArgKind
    help: str
    optional: bool = False
    choices: tuple[str, ...] = ()
    source: str = ""
    """Completion source the front end fills in at run time (``accounts``, ``networks``)."""


@dataclass(frozen=True)
class CommandSpec:
    """A named command: its arguments, one-line help, area and CLI equivalent."""

    name: str
    help: str
    area: str
    args: tuple[Arg, ...] = ()
    cli: str = ""
    """The ``agora …`` command doing the same from a shell ("" when it only makes sense in the TUI)."""
    needs_item: bool = False
    """Acts on the highlighted post/article when no argument names one."""

    @property
    def usage(self) -> str:
        """``tip [AMOUNT]`` style synopsis."""
        parts = [self.name]
        for arg in self.args:
            label = arg.name.upper() + ("…" if arg.kind is ArgKind.TEXT else "")
            parts.append(f"[{label}]" if arg.optional else label)
        return " ".join(parts)


def _spec(*specs: CommandSpec) -> dict[str, CommandSpec]:
    return {spec.name: spec for spec in specs}


_KIND = Arg("kind", ArgKind.CHOICE, "Which timeline", choices=TIMELINE_KINDS)
_TEXT = Arg("text", ArgKind.TEXT, "What to say (no text: open the editor)", optional=True)

_WHO = Arg("who", ArgKind.TEXT, "0x address, ENS name or profile name", optional=True)
_ITEM = Arg("item", ArgKind.WORD, "Post id, or article:ID", optional=True)

COMMANDS: dict[str, CommandSpec] = _spec(
    # --- navigation -----------------------------------------------------------------------------
    CommandSpec("timeline", "Switch to a timeline", "navigate", (_KIND,), "agora timeline KIND"),
    CommandSpec(
        "down", "Move the cursor down", "navigate", (Arg("count", ArgKind.INT, "Rows", True),)
    ),
    CommandSpec("up", "Move the cursor up", "navigate", (Arg("count", ArgKind.INT, "Rows", True),)),
    CommandSpec("top", "Jump to the newest item", "navigate"),
    CommandSpec("bottom", "Jump to the oldest loaded item", "navigate"),
    CommandSpec("open", "Open the highlighted item (thread or article)", "navigate"),
    CommandSpec("back", "Close the current screen", "navigate"),
    CommandSpec(
        "thread",
        "Open a post's thread",
        "navigate",
        (Arg("post_id", ArgKind.INT, "Post number", True),),
        "agora thread POST_ID",
        needs_item=True,
    ),
    CommandSpec(
        "profile",
        "Open a profile (default: the highlighted author, else yours)",
        "navigate",
        (Arg("address", ArgKind.ADDRESS, "0x address", True),),
        "agora timeline ADDRESS",
    ),
    CommandSpec(
        "search",
        "Search posts",
        "navigate",
        (Arg("query", ArgKind.TEXT, "Words that must all match", True),),
        "agora search TEXT",
    ),
    CommandSpec(
        "tag",
        "Open the timeline of a #tag (default: the highlighted post's first tag)",
        "navigate",
        (Arg("name", ArgKind.TEXT, "Tag, e.g. rust", True),),
        "agora timeline tag:NAME",
    ),
    CommandSpec(
        "list",
        "Open the timeline of a saved list of people",
        "navigate",
        (Arg("name", ArgKind.WORD, "List name"),),
        "agora timeline list:NAME",
    ),
    CommandSpec(
        "list-add",
        "Add an account to a saved list, made if new (default: the highlighted author)",
        "navigate",
        (
            Arg("name", ArgKind.WORD, "List name"),
            Arg("address", ArgKind.ADDRESS, "0x address", True),
        ),
        "agora list add NAME ADDRESS",
        needs_item=True,
    ),
    CommandSpec(
        "list-remove",
        "Remove an account from a saved list (default: the highlighted author)",
        "navigate",
        (
            Arg("name", ArgKind.WORD, "List name"),
            Arg("address", ArgKind.ADDRESS, "0x address", True),
        ),
        "agora list remove NAME ADDRESS",
        needs_item=True,
    ),
    CommandSpec(
        "mark-read",
        "Mark Home and Global read up to their newest post",
        "navigate",
    ),
    CommandSpec("refresh", "Index new blocks and reload the screen", "navigate", (), "agora sync"),
    CommandSpec("help", "Every key on the current screen", "navigate", (), "agora keys"),
    CommandSpec(
        "wallet", "Accounts, balance and transactions", "navigate", (), "agora account list"
    ),
    CommandSpec("settings", "Networks, theme and keymap", "navigate", (), "agora config show"),
    CommandSpec("drafts", "Unsent posts, replies and articles", "navigate", (), "agora drafts"),
    CommandSpec("quit", "Leave Agora", "navigate"),
    # --- writing (every one goes through the confirmation modal) --------------------------------
    CommandSpec("post", "Publish a post", "write", (_TEXT,), "agora post TEXT"),
    CommandSpec(
        "reply",
        "Reply to the highlighted post",
        "write",
        (_TEXT,),
        "agora post TEXT --reply-to POST_ID",
        needs_item=True,
    ),
    CommandSpec("repost", "Repost the highlighted post", "write", (), "agora repost POST_ID", True),
    CommandSpec(
        "tip",
        "Tip the highlighted post's author (no amount: ask)",
        "write",
        (Arg("amount", ArgKind.ETH, "ETH, e.g. 0.001", True),),
        "agora tip POST_ID AMOUNT_ETH",
        needs_item=True,
    ),
    CommandSpec(
        "follow",
        "Follow an account (default: the highlighted author)",
        "write",
        (Arg("address", ArgKind.ADDRESS, "0x address", True),),
        "agora follow ADDRESS",
        needs_item=True,
    ),
    CommandSpec(
        "unfollow",
        "Unfollow an account (default: the highlighted author)",
        "write",
        (Arg("address", ArgKind.ADDRESS, "0x address", True),),
        "agora unfollow ADDRESS",
        needs_item=True,
    ),
    CommandSpec(
        "collect",
        "Collect an edition of the highlighted article",
        "write",
        (),
        "agora article collect ARTICLE_ID",
        needs_item=True,
    ),
    CommandSpec(
        "article", "Write and mint a long-form article", "write", (), "agora article publish FILE"
    ),
    # --- accounts and networks ------------------------------------------------------------------
    CommandSpec(
        "account",
        "Act as another account",
        "wallet",
        (Arg("account", ArgKind.WORD, "Address or label", source="accounts"),),
        "agora account use REF",
    ),
    CommandSpec(
        "create-account",
        "Create a new account (the welcome screen's form)",
        "wallet",
        (),
        "agora account new",
    ),
    CommandSpec(
        "import-account",
        "Import an account from a private key or a recovery phrase",
        "wallet",
        (),
        "agora account import",
    ),
    CommandSpec(
        "network",
        "Make another network the active one (from the next start)",
        "wallet",
        (Arg("name", ArgKind.WORD, "Network name", source="networks"),),
        "agora --network NAME …",
    ),
    # --- reading (local: nothing is signed) -----------------------------------------------------
    *(
        CommandSpec(name, text, "reading", (_WHO,), f"agora {name} ADDRESS|NAME", needs_item=True)
        for name, text in (
            ("mute", "Collapse an author's posts to one line (default: the highlighted one)"),
            ("unmute", "Stop muting an author"),
            ("block", "Mute, and hide their replies in your threads and their notifications"),
            ("unblock", "Stop blocking an author"),
        )
    ),
    CommandSpec(
        "bookmark", "Bookmark a post or article", "reading", (_ITEM,), "agora bookmark ID", True
    ),
    CommandSpec(
        "unbookmark", "Remove a bookmark", "reading", (_ITEM,), "agora unbookmark ID", True
    ),
    CommandSpec(
        "bookmarks", "Your bookmarked posts and articles", "reading", (), "agora bookmarks"
    ),
    CommandSpec(
        "filter",
        "Keyword filters: add TEXT [--tag or --regex] [--hide] [--expires 7d], remove ID, list",
        "reading",
        (Arg("rule", ArgKind.TEXT, "add TEXT [options], remove ID or list"),),
        "agora filter add|list|remove",
    ),
    CommandSpec("muted", "What is muted, blocked and filtered", "reading", (), "agora filter list"),
    # --- communities ----------------------------------------------------------------------------
    CommandSpec(
        "communities", "The directory of communities", "communities", (), "agora community list"
    ),
    CommandSpec(
        "community",
        "Open a community: its posts, moderation log, members, rules, forks and proposals",
        "communities",
        (Arg("id", ArgKind.INT, "Community id"),),
        "agora community show ID",
    ),
    # --- elsewhere ------------------------------------------------------------------------------
    CommandSpec(
        "pipe",
        "Send the highlighted item as JSON to the configured pipe_command",
        "tools",
        (),
        "agora thread POST_ID --json | COMMAND",
        needs_item=True,
    ),
    CommandSpec(
        "name-register",
        "Register LABEL.eth (devnet) and make it your verified name",
        "write",
        (Arg("label", ArgKind.WORD, "e.g. ada"),),
        "agora name register LABEL",
    ),
)
"""Every command, by name."""


def command(name: str) -> CommandSpec:
    """The spec named ``name``; UsageError naming the closest commands otherwise."""
    spec = COMMANDS.get(name.lower())
    if spec is not None:
        return spec
    import difflib

    close = difflib.get_close_matches(name.lower(), COMMANDS, n=3)
    hint = (
        f"Did you mean: {', '.join(close)}?" if close else "Type 'help' or press Tab for the list."
    )
    raise UsageError(f"Unknown command {name[:40]!r}.", hint=hint)


def commands_markdown() -> str:
    """The README's table of named commands and the CLI command doing the same from a shell."""
    lines = ["| Command | What it does | From a shell |", "|---|---|---|"]
    for spec in COMMANDS.values():
        cli = f"`{spec.cli}`".replace("|", "\\|") if spec.cli else "(TUI only)"
        lines.append(f"| `{spec.usage}` | {spec.help} | {cli} |")
    return "\n".join(lines) + "\n"
