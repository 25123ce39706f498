# pragma version 0.4.3
"""Test helper: a collector whose onERC721Received tries to collect (re-enter) again."""

articles: public(address)
article_id: public(uint256)
price: public(uint256)
attempts: public(uint256)
reentered: public(bool)
propagate: public(bool)


@deploy
def __init__(articles: address, propagate: bool):
    self.articles = articles
    self.propagate = propagate


@external
@payable
def start(article_id: uint256, price: uint256) -> uint256:
    """Collect once, paying `price`; keep the rest of msg.value for the re-entry attempt."""
    self.article_id = article_id
    self.price = price
    data: Bytes[36] = concat(method_id("collect(uint256)"), convert(article_id, bytes32))
    response: Bytes[32] = raw_call(self.articles, data, value=price, max_outsize=32)
    return convert(response, uint256)


@external
def onERC721Received(operator: address, sender: address, tokenId: uint256, data: Bytes[1024]) -> bytes4:
    if self.attempts == 0:
        self.attempts += 1
        call: Bytes[36] = concat(method_id("collect(uint256)"), convert(self.article_id, bytes32))
        ok: bool = raw_call(self.articles, call, value=self.price, revert_on_failure=False)
        self.reentered = ok
        if self.propagate:
            assert ok, "reentry failed"
    return method_id("onERC721Received(address,address,uint256,bytes)", output_type=bytes4)
