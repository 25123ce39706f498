"""A self-chosen profile name never looks like a verified ENS name."""

from __future__ import annotations

from tui.core.ens.verified import forget_all, remember, verified_name
from tui.core.names import profile_name
from tui.ui.accounts import who

ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
IMPOSTOR = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"


def test_verified_names_carry_the_mark_claims_do_not() -> None:
    remember({ADDRESS: "vitalik.eth"})
    real = who("Vitalik", ADDRESS)
    claim = who(profile_name("vitalik.eth"), IMPOSTOR)
    assert real.plain.startswith("vitalik.eth ✓ 0x7099")
    assert "✓" not in claim.plain and claim.plain.startswith("vitalik.eth 0x90F7")
    spans = {str(span.style) for span in real.spans}
    assert any("success" in s for s in spans)  # drawn in the verified colour, not as a name


def test_a_profile_name_cannot_borrow_the_mark() -> None:
    for raw in ("vitalik.eth ✓", "vitalik.eth ✔", "vitalik.eth √"):
        assert profile_name(raw) == ""  # neutralised: the address is shown instead


def test_forgetting_names() -> None:
    remember({ADDRESS: "a.eth"})
    assert verified_name(ADDRESS.lower()) == "a.eth"
    assert remember({ADDRESS: None})
    assert verified_name(ADDRESS) == ""
    remember({ADDRESS: "a.eth"})
    forget_all()
    assert verified_name(ADDRESS) == ""


def test_a_long_verified_name_keeps_its_mark_in_one_line_rows() -> None:
    from tui.core.models import ContentStatus, PostView
    from tui.ui.widgets.post_row import compact_post_line

    remember({ADDRESS: "vitalik.ethereum-foundation-impostor.eth"})
    post = PostView(1, ADDRESS, 0, "cid", "hi", ContentStatus.VERIFIED, 1, "0x", 0)
    (line,) = compact_post_line(post, 100, 0.0)
    assert "vitalik.eth…" in line.plain or "vitalik.ethe…" in line.plain
    assert "… ✓ 0x7099" in line.plain
    forget_all()
