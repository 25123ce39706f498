"""Points news in the Alerts tab: the core backend puts the news the points worker computed
for the active account before the indexed notifications (a switched account's are dropped),
and each kind has its own words on the card."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.core.context import AgoraContext
from tui.core.points.alerts import PointsAlert, as_notifications
from tui.ui.backend import CoreBackend
from tui.ui.widgets.post_card import notification_lines

SETTINGS = """\
network = "cached"
[networks.cached]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""
ME = "0x" + "0" * 39 + "1"
OTHER = "0x" + "0" * 39 + "2"


def test_points_news_lead_the_alerts_of_the_active_account(isolated_home: Path) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(SETTINGS)
    isolated_home.mkdir(parents=True, exist_ok=True)
    accounts = {"version": 1, "active": ME, "accounts": [{"address": ME, "label": "me"}]}
    (isolated_home / "accounts.json").write_text(json.dumps(accounts))
    backend = CoreBackend(AgoraContext.load())
    alerts = [
        PointsAlert("claimable", 1, 5 * 10**18, "5 WSP to claim in community #1"),
        PointsAlert("mismatch", 1, 0, "✗ MISMATCH in community #1: epoch 1's pending root"),
    ]
    backend.points_news = [  # type: ignore[attr-defined]
        *as_notifications(alerts, ME, 50, 1_700_000_000),
        *as_notifications(alerts[:1], OTHER, 50, 1_700_000_000),
    ]
    shown = backend.notifications()
    assert [(n.kind, n.actor) for n in shown] == [
        ("points_claimable", ME),
        ("points_mismatch", ME),
    ]
    lines = [line.plain for line in notification_lines(shown[1], 80, 1_700_000_100)]
    assert "a pending points root does not match the rule" in lines[0]
    assert lines[2].startswith("✗ MISMATCH in community #1")
