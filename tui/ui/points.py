"""The points layer of the app: opening a community's points (``P`` on a community) and the
source the points screen reads (the core's chain reads, or the fake's)."""

from __future__ import annotations

from typing import Any

from textual.app import App


class PointsApp(App[None]):
    """``app.community_points``: the points of the community on screen."""

    @property
    def points_source(self) -> Any:
        from tui.ui.backends.points import points_of

        return points_of(getattr(self, "backend", None))

    def action_community_points(self, community: int = 0) -> None:
        from tui.ui.screens.points.screen import PointsScreen

        community = community or int(getattr(self.screen, "community", 0) or 0)
        if community:
            self.push_screen(PointsScreen(community))
