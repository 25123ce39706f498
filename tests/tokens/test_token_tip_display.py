"""How token tips read on a post card and in alerts: Agora's own labels, bounded."""

from __future__ import annotations

from tui.core.config.settings import Network
from tui.core.models import ContentStatus, NotificationView, PostView
from tui.core.tokens.views import label_amount
from tui.ui.widgets.post_card import notification_lines, post_counts

TOKEN = "0x" + "ab" * 20


def _post(**kw: object) -> PostView:
    base = dict(
        id=7, author="0x" + "11" * 20, parent=0, cid="bafk", text="hi",
        content_status=ContentStatus.VERIFIED, block=1, tx_hash="0x", timestamp=0,
    )  # fmt: skip
    base.update(kw)
    return PostView(**base)  # type: ignore[arg-type]


def test_token_tips_show_beside_eth_tips() -> None:
    assert "◆ 0   " in post_counts(_post()).plain
    only = post_counts(_post(token_tips=((TOKEN, 5, "5 DEMO"),))).plain
    assert "◆ 5 DEMO   #7" in only
    both = post_counts(_post(tips_wei=10**16, token_tips=((TOKEN, 5, "5 DEMO"),))).plain
    assert "◆ 0.01 ETH + 5 DEMO   #7" in both
    many = tuple((TOKEN, i, f"{i} T{i}") for i in range(1, 6))
    assert "◆ 1 T1 + 2 T2 + 3 more   #7" in post_counts(_post(token_tips=many)).plain


def test_an_unknown_token_is_labelled_by_its_address() -> None:
    lab = Network(name="lab", rpc_url="http://x", chain_id=5)
    assert label_amount(lab, TOKEN, 1234).startswith("1,234 units of 0x")
    usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
    mainnet = Network(name="main", rpc_url="http://x", chain_id=1)
    assert label_amount(mainnet, usdc, 2_500_000) == "2.5 USDC"


def test_a_token_tip_alert_names_the_amount_and_the_post() -> None:
    item = NotificationView(
        kind="tip", actor="0x" + "22" * 20, block=1, timestamp=0, tx_hash="0x", post_id=7,
        amount_wei=5 * 10**18, token=TOKEN, amount_label="5 DEMO",
    )  # fmt: skip
    lines = notification_lines(item, 60, 0.0)
    assert "tipped you" in lines[0].plain
    assert lines[1].plain == "5 DEMO on post #7"
