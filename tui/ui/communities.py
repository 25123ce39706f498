"""The Communities layer of the app: the ``C`` key, opening communities, and their writes.

A mixin of the app like ``ReadingApp``, so ``app.py`` stays small. Every write goes through
the shared flow (``tui.ui.flows.run``): prepared in a thread (documents stored, the call
simulated so a contract refusal shows before signing), confirmed in ConfirmModal, shown in the
transaction tray while pending, and the community screen reloads once it is confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.core.errors import UsageError


class CommunitiesApp(App[None]):
    """The Communities screen (``C``) and the community write flows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("C", "communities", "Communities", id="app.communities", tooltip="Communities: groups with public moderation, appeals and forks", show=False),
    ]  # fmt: skip

    @property
    def communities(self) -> Any:
        from tui.ui.backends.communities import communities_of

        return communities_of(getattr(self, "backend", None))

    def action_communities(self) -> None:
        from tui.ui.screens.communities.directory import CommunitiesScreen

        if not isinstance(self.screen, CommunitiesScreen):
            self.push_screen(CommunitiesScreen())

    def action_open_community(self, community: int) -> None:
        from tui.ui.screens.communities.community import CommunityScreen

        self.push_screen(CommunityScreen(community))

    def community_write(
        self, summary: str, build: Callable[[Any], Any], *, done: Callable[[], Any] | None = None
    ) -> None:
        """Run one community write through the shared confirm-and-send flow (a worker)."""
        from tui.ui import flows
        from tui.ui.tx_progress import TxStage
        from tui.ui.writes import PlannedRequest

        def fake() -> tuple[Any, bool]:
            from tui.core.content.store import FakeContentStore

            return build(FakeContentStore()), True

        request = PlannedRequest(
            summary, plan=lambda _rpc, _network, _sender, content: (build(content), True), fake=fake
        )

        async def flow() -> None:
            update = await flows.run(self, request)
            if update is not None and update.stage is TxStage.CONFIRMED and done is not None:
                done()

        flows.start(self, flow())

    # --- `:` commands ------------------------------------------------------------------------
    async def run_community_command(self, name: str, args: dict[str, Any]) -> bool:
        """``communities`` and ``community ID``; False when ``name`` is not one of them."""
        if name == "communities":
            self.action_communities()
            return True
        if name == "community":
            if not args.get("id"):
                raise UsageError("community: give a community id, e.g. `community 1`.")
            self.action_open_community(int(args["id"]))
            return True
        return False
