"""The points layer of the app: opening a community's points (``o`` on a community), the
source the points screen reads (the core's chain reads, or the fake's), and points news
(earned, claimable, a mismatching root) shown once the network is ready."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import App

from tui.ui.messages import NetworkResolved


class PointsApp(App[None]):
    """``app.community_points``: the points of the community on screen."""

    @property
    def points_source(self) -> Any:
        from tui.ui.backends.points import points_of

        return points_of(getattr(self, "backend", None))

    def points_write(self, request: Any, *, done: Any = None) -> None:
        """Run a points or governance ``PlannedRequest`` through the shared confirmation."""
        from tui.ui import flows
        from tui.ui.tx_progress import TxStage

        async def flow() -> None:
            update = await flows.run_steps(self, request)
            if update is not None and update.stage is TxStage.CONFIRMED and done is not None:
                done()

        flows.start(self, flow())

    def action_community_points(self, community: int = 0) -> None:
        from tui.ui.screens.points.screen import PointsScreen

        community = community or int(getattr(self.screen, "community", 0) or 0)
        if community:
            self.push_screen(PointsScreen(community))

    def on_network_resolved(self, _event: NetworkResolved) -> None:
        """Once the network is ready: points news for the account (earned, claimable, and a
        pending root that does not match the rule). Real backends only: the fake has none."""
        from tui.ui.backends.points import CorePoints

        if isinstance(self.points_source, CorePoints):
            self.points_news()

    @work(thread=True, exclusive=True, group="points-news", exit_on_error=False)
    def points_news(self) -> None:
        try:
            alerts = self.points_source.alerts()
        except Exception:  # news are a courtesy: a node hiccup must not disturb the app
            return
        for alert in alerts[:4]:
            severity = "error" if alert.kind == "mismatch" else "information"
            timeout = 30 if alert.kind == "mismatch" else 8
            self.call_from_thread(
                self.notify, alert.text, title="Points", severity=severity, timeout=timeout
            )
