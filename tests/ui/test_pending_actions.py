"""◷ markers for the user's own unconfirmed actions: decoding, screens, snapshots, real outbox."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.ui.conftest import SIZES, build, settle
from tui.core.chain.rpc import RpcClient
from tui.core.models import ArticleView, PostView
from tui.ui.backend import FAKE_ME, FakeBackend
from tui.ui.pending import NO_PENDING, decode_intents, one_per_nonce, pending_of
from tui.ui.screens.article_reader import ArticleReaderScreen, edition_content
from tui.ui.screens.profile import ProfileScreen, profile_content
from tui.ui.screens.thread import ThreadScreen
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.post_card import post_counts
from tui.ui.widgets.post_list import PostList

BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
NAMELESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
CENT = 10**16


# --- decoding what the outbox recorded ---------------------------------------------------------


def test_decode_every_kind_of_intent() -> None:
    pending = decode_intents(
        [
            {"kind": "repost", "args": ["7"]},
            {"kind": "repost", "args": ["7"]},
            {"kind": "tip", "args": ["7"], "value_wei": str(CENT)},
            {"kind": "tip", "args": ["7"], "value_wei": str(2 * CENT)},
            {"kind": "post", "args": ["bafkreix", "7"]},
            {"kind": "post", "args": ["bafkreiy", "0"]},
            {"kind": "follow", "args": [BRENDAN]},
            {"kind": "follow", "args": [NAMELESS]},
            {"kind": "unfollow", "args": [NAMELESS]},  # the latest one wins
            {"kind": "collect", "args": ["2"], "value_wei": "5"},
            {"kind": "profile", "args": ["bafkreiz"]},
        ]
    )
    assert pending.reposts == {7: 2}
    assert pending.tips_wei == {7: 3 * CENT}
    assert pending.replies == {7: 1}
    assert pending.follow_state(BRENDAN.upper().replace("0X", "0x")) is True
    assert pending.follow_state(NAMELESS) is False
    assert pending.follow_state(FAKE_ME) is None
    assert pending.collecting(2) and not pending.collecting(1)
    assert pending.profile_edit and not pending.empty


def test_malformed_intents_are_skipped_not_crashed_on() -> None:
    pending = decode_intents(
        [
            {"kind": "repost", "args": ["-1"]},
            {"kind": "tip", "args": ["x"], "value_wei": "1"},
            {"kind": "tip", "args": "7"},
            {"kind": "follow", "args": [12]},
            {"kind": "collect"},
            {"kind": "cancel", "cancels": "0xab"},
            {"kind": "repost", "args": ["²"]},  # isdigit() says yes, int() says no
            {"kind": "tip", "args": ["7"], "value_wei": "١٠"},  # Arabic-Indic digits
            {},
        ]
    )
    assert pending == NO_PENDING and pending.empty


def test_one_bad_intent_does_not_hide_the_others() -> None:
    pending = decode_intents([{"kind": "repost", "args": ["²"]}, {"kind": "repost", "args": ["7"]}])
    assert pending.reposts == {7: 1}


def test_speed_ups_count_once() -> None:
    class Entry:
        def __init__(self, nonce: int, kind: str = "repost") -> None:
            self.chain_id, self.sender, self.nonce, self.kind = 31337, FAKE_ME, nonce, kind
            self.intent = {"kind": kind, "args": ["3"]}

    entries = [Entry(0), Entry(0), Entry(0, "cancel"), Entry(1)]
    folded = one_per_nonce(entries)
    assert [e.nonce for e in folded] == [0, 1]
    assert decode_intents(e.intent for e in folded).reposts == {3: 2}


def test_counts_line_marks_what_is_pending() -> None:
    post = PostView(
        id=7, author=BRENDAN, parent=0, cid="", text="", content_status="verified",  # type: ignore[arg-type]
        block=1, tx_hash="", timestamp=0, replies=1, reposts=3, tips_wei=CENT,
    )  # fmt: skip
    assert "◷" not in post_counts(post).plain
    pending = decode_intents(
        [{"kind": "repost", "args": ["7"]}, {"kind": "tip", "args": ["7"], "value_wei": str(CENT)}]
    )
    plain = post_counts(post, pending).plain
    assert "⟳ 3 ◷" in plain and "◷ tip 0.01 ETH" in plain and "↩ 1   " in plain
    assert "◷" not in post_counts(replace(post, id=8), pending).plain


def test_a_broken_outbox_shows_no_markers() -> None:
    class Broken:
        def pending_actions(self) -> Any:
            raise OSError("database is locked")

    assert pending_of(Broken()) is NO_PENDING
    assert pending_of(object()) is NO_PENDING


# --- the screens over the fake backend -----------------------------------------------------------


def _pending_backend() -> FakeBackend:
    backend = FakeBackend()
    backend.pend("repost", 24)
    backend.pend("tip", 24, value_wei=CENT)
    backend.pend("follow", NAMELESS)
    backend.pend("unfollow", BRENDAN)
    backend.pend("collect", 2, value_wei=5 * 10**15)
    backend.pend("profile", "bafkreiprofile")
    return backend


def _card_text(widget: PostList, index: int) -> str:
    post = widget.source.get(index)
    assert isinstance(post, PostView)
    lines = widget._render_post(post, 100)
    return "\n".join(line.plain for line in lines)


@pytest.mark.anyio
async def test_timeline_markers_until_confirmed() -> None:
    backend = _pending_backend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        widget = app.screen.query_one("#list-home", PostList)
        top = widget.source.get(0)
        assert top is not None and top.id == 24
        card = _card_text(widget, 0)
        assert "⟳ 0 ◷" in card and "◷ tip 0.01 ETH" in card
        assert "◷" not in _card_text(widget, 1)
        backend.confirm_pending()  # the transactions confirmed (or failed): markers go
        app.own_write(confirmed=False)  # what the app does after a write: reload the lists
        await settle(pilot)
        widget = app.screen.query_one("#list-home", PostList)
        assert "◷" not in _card_text(widget, 0)


@pytest.mark.anyio
async def test_profile_follow_and_edit_markers() -> None:
    backend = _pending_backend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_profile(NAMELESS)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        assert "◷ following…" in str(screen.query_one("#profile-head").render())
        app.pop_screen()
        app.action_open_profile(BRENDAN)
        await settle(pilot)
        assert "◷ unfollowing…" in str(app.screen.query_one("#profile-head").render())
        app.pop_screen()
        app.action_open_profile(FAKE_ME)
        await settle(pilot)
        head = str(app.screen.query_one("#profile-head").render())
        assert "◷ profile edit pending" in head and "◷ follow" not in head
        backend.confirm_pending()
        app.reload_lists()
        await settle(pilot)
        assert "◷" not in str(app.screen.query_one("#profile-head").render())


def test_profile_head_without_pending_is_unchanged() -> None:
    profile = FakeBackend().profile(BRENDAN)
    plain = profile_content(profile, False).plain
    assert "· following" in plain and "◷" not in plain


@pytest.mark.anyio
async def test_article_reader_collecting_marker() -> None:
    backend = _pending_backend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_article(backend.articles()[0])
        await settle(pilot)
        assert isinstance(app.screen, ArticleReaderScreen)
        assert "◷ collecting" in str(app.screen.query_one("#reader-editions").render())
        backend.confirm_pending()
        app.reload_lists()
        await settle(pilot)
        assert "◷" not in str(app.screen.query_one("#reader-editions").render())
    assert "◷" not in edition_content(backend.articles()[0]).plain


@pytest.mark.anyio
async def test_thread_detail_shows_pending_repost() -> None:
    backend = FakeBackend()
    backend.pend("repost", 19)
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_thread(19)
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert "◷" in str(app.screen.query_one("#thread-detail").render())


# --- snapshots ---------------------------------------------------------------------------------


def _open(action: str, *args: Any) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        if action:
            getattr(pilot.app, action)(*args)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestPendingSnapshots:
    def test_timeline_pending_repost_and_tip(self, snap_compare: Any, size: Any) -> None:
        app = build(_pending_backend())
        assert snap_compare(app, terminal_size=size, run_before=_open(""))

    def test_profile_pending_follow(self, snap_compare: Any, size: Any) -> None:
        app = build(_pending_backend())
        run = _open("action_open_profile", NAMELESS)
        assert snap_compare(app, terminal_size=size, run_before=run)

    def test_article_collecting(self, snap_compare: Any, size: Any) -> None:
        backend = _pending_backend()
        app = build(backend)
        run = _open("open_article", backend.articles()[0])
        assert snap_compare(app, terminal_size=size, run_before=run)


# --- the real backend over a real anvil and the real outbox ------------------------------------


@pytest.mark.anvil
def test_core_backend_markers_until_confirmed(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> None:
    """Repost, follow and tip sent with automine off stay ◷ until mined and confirmed."""
    from tests.deployed import deploy_contracts
    from tui.core.config.settings import Network, Settings
    from tui.core.context import AgoraContext
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import FakeKeyStore
    from tui.core.wallet.wallet import Wallet
    from tui.ui.backend import CoreBackend
    from tui.ui.core_writer import CoreWriter
    from tui.ui.writes import FollowRequest, PostRequest, RepostRequest, TipRequest, TxStage

    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="testnet", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
    )  # fmt: skip
    ctx = AgoraContext(
        settings=Settings(network="testnet", networks={"testnet": network}),
        home=isolated_home,
        config_path=tmp_path / "settings.toml",
    )
    wallet = Wallet(isolated_home, FakeKeyStore())
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), label="bob")
    wallet.use(DEV_ADDRESSES[1])
    writer = CoreWriter(ctx)
    writer._wallet = wallet
    stages = [u.stage for u in writer.submit(writer.prepare(PostRequest("tip me")))]
    assert stages[-1] is TxStage.CONFIRMED

    backend = CoreBackend(ctx)
    backend.attach_network(anvil.url, 31337, network)
    assert backend.pending_actions() is NO_PENDING  # only a confirmed post in the outbox
    backend.refresh()
    post = backend.thread(1).post

    anvil.call("evm_setAutomine", [False])
    pipeline = writer.pipeline()
    signer = wallet.signer(DEV_ADDRESSES[1])
    sent = [
        pipeline.submit(writer.prepare(request).handle, signer)
        for request in (
            RepostRequest(post.id),
            FollowRequest(DEV_ADDRESSES[2]),
            TipRequest(post.id, CENT),
        )
    ]
    pending = backend.pending_actions()
    assert pending.reposts == {post.id: 1}
    assert pending.tips_wei == {post.id: CENT}
    assert pending.follow_state(DEV_ADDRESSES[2]) is True
    counts = post_counts(post, pending).plain
    assert "⟳ 0 ◷" in counts and "◷ tip 0.01 ETH" in counts
    head = profile_content(backend.profile(DEV_ADDRESSES[2]), False, pending).plain
    assert "◷ following…" in head
    assert backend.status().outbox == 3

    anvil.call("evm_mine")
    for entry in sent:
        assert str(pipeline.wait(entry.hash, timeout=30).status) == "confirmed"
    assert backend.pending_actions() is NO_PENDING
    backend.refresh()
    post = backend.thread(1).post
    assert (post.reposts, post.tips_wei) == (1, CENT)
    assert "◷" not in post_counts(post, backend.pending_actions()).plain
    head = profile_content(backend.profile(DEV_ADDRESSES[2]), False, NO_PENDING).plain
    assert "· following" in head


@pytest.mark.anyio
async def test_articles_timeline_collecting_marker() -> None:
    backend = _pending_backend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()

        def card(article_id: int) -> str:
            for index in range(lst.source.count):
                item = lst.source.get(index)
                if isinstance(item, ArticleView) and item.id == article_id:
                    return "\n".join(line.plain for line in lst.render_item(item, 100))
            raise AssertionError(f"article #{article_id} is not listed")

        assert "◷ collecting" in card(2)
        assert "◷" not in card(1)
        backend.confirm_pending()
        app.reload_lists()
        await settle(pilot)
        assert "◷" not in card(2)
