"""Runs parsed commands in the TUI by mapping each name to an app action or a write flow.

Writes go through the same flows as their keys (``tui.ui.flows``): the confirmation modal is
always shown, so no command, macro or key can sign anything on its own.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from tui.core.commands import Invocation
from tui.core.errors import NotFoundError, UsageError
from tui.core.models import ArticleView, NotificationView, PostView, ProfileView

if TYPE_CHECKING:
    from textual.app import App


def focused_list(app: App[Any]) -> Any | None:
    """The VirtualList the user is moving through on the active screen, if any."""
    from tui.ui.widgets.virtual_list import VirtualList

    screen = app.screen
    if isinstance(screen.focused, VirtualList):
        return screen.focused
    current = getattr(screen, "current_list", None)
    if callable(current):
        return current()
    lists = screen.query(VirtualList)
    return lists.first() if lists else None


def current_item(app: App[Any]) -> Any | None:
    """The highlighted post, article or notification (or the article/profile on screen)."""
    screen = app.screen
    getter = getattr(screen, "current_post", None)
    post = getter() if callable(getter) else None
    if post is not None:
        return post
    widget = focused_list(app)
    item = widget.highlighted if widget is not None else None
    if item is not None:
        return item
    for name in ("article", "profile"):
        value = getattr(screen, name, None)
        if isinstance(value, ArticleView | ProfileView):
            return value
    return None


def _post(app: App[Any], name: str) -> PostView:
    item = current_item(app)
    if not isinstance(item, PostView):
        raise UsageError(f"{name}: highlight a post first.")
    return item


def _author(app: App[Any], name: str) -> str:
    from tui.ui.reading import author_of  # loaded with the app (its base class)

    address = author_of(current_item(app))
    if address is None:
        raise UsageError(f"{name}: highlight a post or give an address.")
    return address


async def _switch_account(app: App[Any], ref: str) -> None:
    from tui.ui import flows

    writer = flows.writer_of(app)
    accounts = await asyncio.to_thread(writer.accounts)
    wanted = ref.lower()
    match = next(
        (a for a in accounts if a.address.lower() == wanted or a.label.lower() == wanted), None
    )
    if match is None:
        raise NotFoundError(f"No account {ref!r}.", hint="`account` + Tab lists yours.")
    await asyncio.to_thread(writer.switch_account, match.address)
    app.notify(f"Now acting as {match.address}.", markup=False, title="Account")


def _choose_network(app: Any, name: str) -> None:
    names = {"devnet", *app.network_names()}
    if name not in names:
        raise NotFoundError(
            f"No network {name!r}.", hint=f"Configured: {', '.join(sorted(names))}."
        )
    app.choose_network(name)
    app.notify(f"{name} is the active network from the next start.", markup=False)


async def _search(app: App[Any], query: str | None) -> None:
    from textual.widgets import Input

    from tui.ui.screens.search import SearchScreen

    screen = SearchScreen()
    await app.push_screen(screen)
    if query:
        screen.query_one(Input).value = query
        screen.run_search(query)


async def _post_kept(app: Any, text: str, reply_to: int = 0) -> None:
    """``:post TEXT``: the text is kept as a draft of its own until the user confirmed, so a
    cancelled confirmation or a failure leaves it in the Drafts list."""
    from tui.core.drafts import DraftStore, draft_key
    from tui.ui import flows

    store = DraftStore()
    key = store.new_key(draft_key(reply_to))
    store.save(key, {"text": text, "cw": ""})
    await flows.post(app, text, reply_to=reply_to, on_confirmed=lambda: store.delete(key))


async def _move(app: App[Any], action: str, count: int = 1) -> None:
    widget = focused_list(app)
    if widget is None:
        raise UsageError("Nothing to move through on this screen.")
    for _ in range(min(count, 10_000)):
        getattr(widget, f"action_{action}")()


async def _resolve_names(app: Any, call: Invocation) -> dict[str, Any]:
    """The call's arguments with every ENS name given as an account resolved (fresh, off the
    event loop) to its address; the user is told where each name points."""
    from tui.core.commands.registry import ArgKind
    from tui.ui.backends.names import typed_address

    args = dict(call.args)
    for arg in call.spec.args:
        value = args.get(arg.name)
        if arg.kind is ArgKind.ADDRESS and isinstance(value, str):
            args[arg.name] = await typed_address(app, value)
    return args


async def execute(app: Any, call: Invocation) -> None:
    """Run one command; raises AgoraError (shown by the caller) when it cannot."""
    from tui.ui import flows
    from tui.ui.writes import TipRequest

    args = await _resolve_names(app, call)
    match call.name:
        case "timeline":
            app.action_timeline(args["kind"])
        case "down" | "up":
            await _move(app, f"cursor_{call.name}", args["count"] or 1)
        case "top":
            await _move(app, "first")
        case "bottom":
            await _move(app, "last")
        case "open":
            await _move(app, "select")
        case "back":
            if len(app.screen_stack) > 1:
                app.pop_screen()
        case "thread":
            app.action_open_thread(args["post_id"] or _post(app, "thread").id)
        case "profile":
            if args["address"]:
                app.action_open_profile(args["address"])
            else:
                item = current_item(app)
                if isinstance(item, PostView | ArticleView | NotificationView):
                    app.action_open_profile(_author(app, "profile"))
                else:
                    app.action_my_profile()
        case "search":
            await _search(app, args["query"])
        case "tag":
            if args["name"]:
                from tui.core.tags import tag_name

                app.action_open_feed(f"tag:{tag_name(args['name'])}")
            else:
                app.action_tag()
        case "mark-read":
            from tui.ui.screens.timeline import TimelineScreen

            for screen in app.screen_stack:
                if isinstance(screen, TimelineScreen):
                    screen.action_mark_read()
        case "list":
            from tui.core.lists import PeopleLists

            PeopleLists.load().members(args["name"])  # a clear error for a list that is not there
            app.action_open_feed(f"list:{args['name'].lower()}")
        case "list-add" | "list-remove":
            from tui.core.lists import PeopleLists
            from tui.ui.screens.list_pick import add_to_list

            address = args["address"] or _author(app, call.name)
            if call.name == "list-add":
                message = add_to_list(args["name"], address)
            else:
                lists = PeopleLists.load()
                removed = lists.remove(args["name"], address)
                lists.save()
                message = (
                    f"Removed from {args['name'].lower()}." if removed else "Not in that list."
                )
            app.notify(message, markup=False, title="Lists")
        case "refresh":
            app.poll_status()
            reload = getattr(app.screen, "reload", None) or getattr(app, "reload_lists", None)
            if callable(reload):
                reload()
        case "help":
            app.action_help()
        case "wallet":
            app.action_wallet()
        case "settings":
            app.action_settings()
        case "drafts":
            app.action_drafts()
        case "quit":
            app.exit()
        case "article":
            app.action_write_article()
        case "post":
            if args["text"]:
                await _post_kept(app, args["text"])
            else:
                app.action_compose()
        case "reply":
            post = _post(app, "reply")
            if args["text"]:
                await _post_kept(app, args["text"], post.id)
            else:
                app.action_reply()
        case "repost":
            await flows.repost(app, _post(app, "repost"))
        case "tip":
            post = _post(app, "tip")
            if args["amount"]:
                await flows.run(app, TipRequest(post.id, args["amount"], post.author))
            else:
                await flows.tip(app, post)
        case "follow" | "unfollow":
            address = args["address"] or _author(app, call.name)
            await flows.follow(app, address, call.name == "follow")
        case "collect":
            item = current_item(app)
            if not isinstance(item, ArticleView):
                raise UsageError("collect: highlight or open an article first.")
            await flows.collect(app, item)
        case "account":
            await _switch_account(app, args["account"])
        case "create-account" | "import-account":
            app.action_add_account(call.name.removesuffix("-account"))
        case "network":
            _choose_network(app, args["name"])
        case "pipe":
            from tui.ui.pipe_panel import pipe_item

            await pipe_item(app, current_item(app))
        case "name-register":
            from tui.ui.names import register_name

            await register_name(app, args["label"])
        case _:  # a registry entry without a mapping is a bug, reported as such
            if call.spec.area == "reading" and await app.run_reading_command(call.name, args):
                return
            if call.spec.area == "communities" and await app.run_community_command(call.name, args):
                return
            raise UsageError(f"{call.name} is not available in the TUI.")
