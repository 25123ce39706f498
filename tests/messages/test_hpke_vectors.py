"""RFC 9180 appendix A.2.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base
mode): the suite Agora DM v1 uses must reproduce the published test vectors exactly."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.core.messages.crypto import suite

H = bytes.fromhex
INFO = H("4f6465206f6e2061204772656369616e2055726e")
IKM_E = H("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b")
PK_EM = H("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a")
SK_EM = H("f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600")
IKM_R = H("1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df")
PK_RM = H("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a")
SK_RM = H("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb")
PT = H("4265617574792069732074727574682c20747275746820626561757479")
ENCRYPTIONS = [
    (0, "436f756e742d30", "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db"
     "21993c62ce81883d2dd1b51a28"),
    (1, "436f756e742d31", "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e"
     "85285337cc95ba5f59992dc98c"),
    (2, "436f756e742d32", "71146bd6795ccc9c49ce25dda112a48f202ad220559502cef1f34271e0cb4b02"
     "b4f10ecac6f48c32f878fae86b"),
]  # fmt: skip
EXPORTS = [
    (b"", "4bbd6243b8bb54cec311fac9df81841b6fd61f56538a775e7c80a9f40160606e"),
    (H("00"), "8c1df14732580e5501b00f82b10a1647b40713191b7c1240ac80e2b68808ba69"),
    (H("54657374436f6e74657874"), "5acb09211139c43b3090489a9da433e8a30ee7188ba8b0a9a1ccf0c229283e53"),
]  # fmt: skip


def test_derive_key_pair_matches_the_vectors() -> None:
    for ikm, sk, pk in ((IKM_E, SK_EM, PK_EM), (IKM_R, SK_RM, PK_RM)):
        pair = suite().kem.derive_key_pair(ikm)
        assert pair.private_key.to_private_bytes() == sk
        assert pair.public_key.to_public_bytes() == pk


def test_sender_encryptions_and_exports_match_the_vectors() -> None:
    receiver = suite().kem.derive_key_pair(IKM_R)
    ephemeral = suite().kem.derive_key_pair(IKM_E)
    enc, ctx = suite().create_sender_context(receiver.public_key, INFO, eks=ephemeral)
    assert enc == PK_EM
    for _seq, aad, ct in ENCRYPTIONS:
        assert ctx.seal(PT, H(aad)) == H(ct)
    for context, value in EXPORTS:
        assert ctx.export(context, 32) == H(value)


def test_recipient_opens_the_vector_ciphertexts() -> None:
    receiver = suite().kem.derive_key_pair(IKM_R)
    ctx = suite().create_recipient_context(PK_EM, receiver.private_key, INFO)
    for _seq, aad, ct in ENCRYPTIONS:
        assert ctx.open(H(ct), H(aad)) == PT
    for context, value in EXPORTS:
        assert ctx.export(context, 32) == H(value)


def test_the_scanner_s_exporter_matches_the_vectors() -> None:
    from tui.core.messages.crypto import DmKey, ViewTagger
    from tui.core.wallet.secret import Secret

    key = DmKey(Secret(IKM_R), 0)
    assert key.public == PK_RM
    for context, value in EXPORTS:
        assert ViewTagger(key, INFO, context, 32).tag(PK_EM) == H(value)


@given(st.binary(min_size=32, max_size=32), st.integers(min_value=1, max_value=10**6))
@example(bytes(32), 1)  # a low-order point: both refuse it
@example(b"\x01" + bytes(31), 31337)
@settings(max_examples=200, deadline=None)
def test_the_scanner_s_view_tag_equals_pyhpke_s(enc: bytes, chain_id: int) -> None:
    from tui.core.messages.crypto import DmKey, NotADirectMessage, ViewTagger, view_tag
    from tui.core.wallet.secret import Secret

    key = DmKey(Secret(IKM_R), 0)
    try:
        expected, _ctx = view_tag(key, enc, chain_id)
    except NotADirectMessage:
        with pytest.raises(NotADirectMessage):
            ViewTagger.for_chain(key, chain_id).tag(enc)
        return
    assert ViewTagger.for_chain(key, chain_id).tag(enc) == expected
