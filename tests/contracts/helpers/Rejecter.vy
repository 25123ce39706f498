# pragma version 0.4.3
"""Test helper: an author/owner contract that refuses every ETH payment."""

interface Social:
    def post(cid: String[128], parent: uint256) -> uint256: nonpayable

interface Articles:
    def publish(cid: String[128], price: uint256, maxEditions: uint256) -> uint256: nonpayable


@external
def post(social: address, cid: String[128]) -> uint256:
    return extcall Social(social).post(cid, 0)


@external
def publish(articles: address, cid: String[128], price: uint256, maxEditions: uint256) -> uint256:
    return extcall Articles(articles).publish(cid, price, maxEditions)


@external
def onERC721Received(operator: address, sender: address, tokenId: uint256, data: Bytes[1024]) -> bytes4:
    return method_id("onERC721Received(address,address,uint256,bytes)", output_type=bytes4)


@external
@payable
def __default__():
    raise "no payments please"
