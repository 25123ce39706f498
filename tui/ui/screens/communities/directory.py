"""The directory of communities (``C``): name, goal, members, activity and lineage; search."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.errors import AgoraError
from tui.core.index.community_views import CommunitySummary
from tui.core.text import clean_line
from tui.ui.latest import call_latest
from tui.ui.messages import PostsIndexed
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import ListSource, VirtualList


def summary_lines(item: CommunitySummary, width: int) -> list[Content]:
    """Three lines: name and badges, goal, then members, posts and lineage."""
    name = item.name or f"(details {item.meta_status})"
    badges = []
    if item.joined:
        badges.append("[$success]joined[/]")
    if item.restricted:
        badges.append("[$warning]restricted[/]")
    if item.governance.name == "VOTE":
        badges.append("[$accent]vote[/]")
    head = Content.from_markup(
        "[b]$name[/b] [dim]#$id[/dim] ", name=clean_line(name, 64), id=str(item.id)
    )
    for badge in badges:
        head += Content.from_markup(badge) + Content(" ")
    lineage = f" · fork of #{item.parent} (depth {item.depth})" if item.parent else ""
    stats = Content.from_markup(
        "[dim]$members · $posts$lineage[/dim]",
        members=counted(item.members, "member"), posts=counted(item.posts, "post"),
        lineage=lineage,
    )  # fmt: skip
    return [head, Content("  ") + Content(clean_line(item.goal, 280)), Content("  ") + stats]


def counted(number: int, noun: str) -> str:
    """``1 member``, ``3 members``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class CommunitiesScreen(Screen[None]):
    """Every community, most recently active first; enter opens one, c creates one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="communities.back", tooltip="Back"),
        Binding("c", "create", "Create", id="communities.create", tooltip="Create a community (a form, then the confirmation)"),
        Binding("J", "join", "Join/leave", id="communities.join", tooltip="Join or leave the highlighted community"),
        Binding("slash", "search", "Search", id="communities.search", tooltip="Search communities by name or goal"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(Content("Communities"), classes="screen-title")
        yield Input(placeholder="Search by name or goal", id="communities-search")
        yield VirtualList(
            ListSource([], key=lambda c: c.id),
            lambda item, width: summary_lines(item, width),
            id="communities-list",
            empty="No communities yet. Press c to start one.",
        )
        yield bottom_bars()

    def on_mount(self) -> None:
        widget = self.query_one(VirtualList)
        widget.set_item_height(3)
        widget.waiting = True
        widget.focus()
        self.load()

    @work(thread=True, exclusive=True, group="communities", exit_on_error=False)
    def load(self, search: str = "") -> None:
        app: Any = self.app
        try:
            items = app.communities.directory(search)
        except AgoraError as exc:
            call_latest(app, self.query_one(VirtualList).fail, clean_line(str(exc), 300))
            return
        except Exception as exc:  # the index may be absent before the first sync
            call_latest(app, self.query_one(VirtualList).fail, clean_line(str(exc), 300))
            return
        call_latest(app, self._show, items)

    def _show(self, items: list[CommunitySummary]) -> None:
        widget = self.query_one(VirtualList)
        widget.set_source(
            ListSource(items, key=lambda c: c.id), min(widget.cursor, max(len(items) - 1, 0))
        )

    def reload(self) -> None:
        self.load(self.query_one("#communities-search", Input).value)

    def reload_after_write(self) -> None:
        """The app indexed the user's own confirmed write: show it."""
        self.reload()

    def on_posts_indexed(self, _message: PostsIndexed) -> None:
        """New blocks were indexed (here, another process, or cast): show what changed."""
        self.reload()

    @on(Input.Changed, "#communities-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#communities-search")
    def _search_done(self) -> None:
        self.query_one(VirtualList).focus()

    def action_search(self) -> None:
        self.query_one("#communities-search", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#communities-search", Input).has_focus:
            self.query_one(VirtualList).focus()
        else:
            self.app.pop_screen()

    def highlighted(self) -> CommunitySummary | None:
        item = self.query_one(VirtualList).highlighted
        return item if isinstance(item, CommunitySummary) else None

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if isinstance(event.item, CommunitySummary):
            app: Any = self.app
            app.action_open_community(event.item.id)

    def action_join(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        from tui.core.communities import intents

        app: Any = self.app
        build = intents.leave if item.joined else intents.join
        verb = "Leave" if item.joined else "Join"
        app.community_write(f"{verb} community #{item.id}", lambda _store: build(item.id))

    def action_create(self) -> None:
        from tui.core.drafts import community_draft_key
        from tui.ui.screens.communities.modals import CommunityForm, CommunityFormModal

        key = community_draft_key(0, "new")

        def chosen(form: CommunityForm | None) -> None:
            if form is None:
                return
            from tui.core.communities import intents
            from tui.core.communities.fold import Governance

            app: Any = self.app
            governance = Governance.VOTE if form.vote else Governance.OWNER

            def build(store: Any) -> Any:
                return intents.create(
                    store, form.name, form.goal, form.rules, restricted=form.restricted,
                    governance=governance,
                )  # fmt: skip

            app.community_write(
                f"Create the community {form.name!r}",
                build,
                done=lambda: CommunityFormModal.sent(key),
            )

        self.app.push_screen(CommunityFormModal("Create a community", draft_key=key), chosen)
