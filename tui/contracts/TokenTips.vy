# pragma version 0.4.3
"""
@title Agora TokenTips
@notice Tips in any ERC-20 token to the author of a post on Agora's Social contract.
@dev The contract never holds tokens: each tip moves them straight from the tipper
     to the author with transferFrom, so the tipper approves this contract for
     exactly the amount first (or signs an EIP-2612 permit). Tokens that return
     nothing (USDT) are accepted; tokens that return false revert. The amount
     logged is what the author actually received (the balance change), so a token
     that charges a fee on transfer shows the truth, not the amount sent.
"""

from ethereum.ercs import IERC20


interface ISocial:
    def authorOf(id: uint256) -> address: view


event TokenTipped:
    id: indexed(uint256)
    sender: indexed(address)
    recipient: indexed(address)
    token: address
    amount: uint256
    sent: uint256


SOCIAL: public(immutable(address))


@deploy
def __init__(social: address):
    assert social.is_contract, "social is not a contract"
    SOCIAL = social


@internal
def _tip(id: uint256, token: address, amount: uint256):
    assert amount > 0, "zero tip"
    recipient: address = staticcall ISocial(SOCIAL).authorOf(id)
    assert recipient != empty(address), "unknown post"
    assert recipient != msg.sender, "cannot tip yourself"
    assert token.is_contract, "not a token contract"
    before: uint256 = staticcall IERC20(token).balanceOf(recipient)
    assert extcall IERC20(token).transferFrom(
        msg.sender, recipient, amount, default_return_value=True
    ), "token transfer failed"
    after: uint256 = staticcall IERC20(token).balanceOf(recipient)
    assert after > before, "the author received nothing"
    log TokenTipped(
        id=id, sender=msg.sender, recipient=recipient, token=token, amount=after - before,
        sent=amount
    )


@external
@nonreentrant
def tipToken(id: uint256, token: address, amount: uint256):
    """
    @notice Tip `amount` of `token` to the author of post `id`.
    @dev Needs an allowance of at least `amount` for this contract.
    """
    self._tip(id, token, amount)


@external
@nonreentrant
def tipTokenWithPermit(
    id: uint256,
    token: address,
    amount: uint256,
    deadline: uint256,
    v: uint8,
    r: bytes32,
    s: bytes32,
):
    """
    @notice Approve with an EIP-2612 permit and tip, in one transaction.
    @dev A failed permit is ignored: someone may have submitted the same permit
         first (front-running), and the allowance it set is then already there.
         The transfer still fails if no allowance exists; when the permit has also
         expired, with "permit expired".
    """
    permitted: bool = raw_call(
        token,
        abi_encode(
            msg.sender,
            self,
            amount,
            deadline,
            v,
            r,
            s,
            method_id=method_id(
                "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
            ),
        ),
        revert_on_failure=False,
    )
    if not permitted and block.timestamp > deadline:
        # Say why, rather than the token's "insufficient allowance": the permit ran out.
        assert staticcall IERC20(token).allowance(msg.sender, self) >= amount, "permit expired"
    self._tip(id, token, amount)
