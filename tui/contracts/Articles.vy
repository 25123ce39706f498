# pragma version 0.4.3
"""
@title Agora Articles
@notice Long-form articles minted as ERC-721 tokens, and paid editions of them.
        An article token is minted to its author by `publish`; anyone may `collect`
        an edition (a separate token with the same tokenURI) by paying exactly the
        article's price to the article token's current owner.
@dev Built on snekmate's audited erc721 module (storage, transfers, enumeration).
     Article and edition ids come from one counter, so every id is unique.
"""

from ethereum.ercs import IERC165
from ethereum.ercs import IERC721

from snekmate.auth import ownable
from snekmate.tokens import erc721

initializes: ownable
initializes: erc721[ownable := ownable]

exports: (
    erc721.balanceOf,
    erc721.ownerOf,
    erc721.getApproved,
    erc721.isApprovedForAll,
    erc721.approve,
    erc721.setApprovalForAll,
    erc721.transferFrom,
    erc721.safeTransferFrom,
    erc721.name,
    erc721.symbol,
    erc721.totalSupply,
    erc721.tokenByIndex,
    erc721.tokenOfOwnerByIndex,
)

MAX_CID: constant(uint256) = 128
URI_PREFIX: constant(String[7]) = "ipfs://"

event ArticlePublished:
    tokenId: indexed(uint256)
    author: indexed(address)
    cid: String[MAX_CID]
    price: uint256
    maxEditions: uint256

event Collected:
    articleId: indexed(uint256)
    editionId: indexed(uint256)
    collector: indexed(address)
    price: uint256


# Highest token id minted so far (articles and editions share it).
tokenCount: public(uint256)

# Metadata CID of each article (editions use their article's).
_cids: HashMap[uint256, String[MAX_CID]]

# The article of each token: an article maps to itself, an edition to its article.
_article_of: HashMap[uint256, uint256]

# Price in wei of one edition of an article.
priceOf: public(HashMap[uint256, uint256])

# Editions an article allows (0 = not collectable).
maxEditionsOf: public(HashMap[uint256, uint256])

# Editions collected so far.
editionsMinted: public(HashMap[uint256, uint256])


@deploy
def __init__():
    ownable.__init__()
    erc721.__init__("Agora Articles", "AGORA", "", "Agora Articles", "1")


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165, ERC-721, ERC-721 Metadata and ERC-721 Enumerable.
    """
    return interface_id in [0x01FFC9A7, 0x80AC58CD, 0x5B5E139F, 0x780E9D63]


@external
@view
def tokenURI(tokenId: uint256) -> String[135]:
    """
    @notice "ipfs://<cid>" of the article's ERC-721 metadata JSON; reverts for unknown ids.
    """
    assert erc721._exists(tokenId), "unknown token"
    return concat(URI_PREFIX, self._cids[self._article_of[tokenId]])


@external
@view
def articleOf(tokenId: uint256) -> uint256:
    """
    @notice The article an edition belongs to; an article returns itself; 0 for unknown ids.
    """
    return self._article_of[tokenId]


@external
@view
def isArticle(tokenId: uint256) -> bool:
    return tokenId != 0 and self._article_of[tokenId] == tokenId


@external
@nonreentrant
def publish(cid: String[MAX_CID], price: uint256, maxEditions: uint256) -> uint256:
    """
    @notice Mint a new article token to the caller.
    @param cid CID of the article's ERC-721 metadata JSON.
    @param price Wei to pay per edition (may be 0: free editions).
    @param maxEditions How many editions may be collected (0 = none).
    @return The article's token id.
    """
    assert len(cid) > 0, "empty cid"
    token_id: uint256 = self.tokenCount + 1
    self.tokenCount = token_id
    self._cids[token_id] = cid
    self._article_of[token_id] = token_id
    self.priceOf[token_id] = price
    self.maxEditionsOf[token_id] = maxEditions
    log ArticlePublished(
        tokenId=token_id, author=msg.sender, cid=cid, price=price, maxEditions=maxEditions
    )
    erc721._safe_mint(msg.sender, token_id, b"")
    return token_id


@external
@payable
@nonreentrant
def collect(articleId: uint256) -> uint256:
    """
    @notice Buy the next edition of an article for exactly its price; the price goes
            to whoever owns the article token at the start of this call.
    @return The edition's token id.
    """
    assert articleId != 0 and self._article_of[articleId] == articleId, "unknown article"
    limit: uint256 = self.maxEditionsOf[articleId]
    assert limit > 0, "not collectable"
    minted: uint256 = self.editionsMinted[articleId]
    assert minted < limit, "sold out"
    price: uint256 = self.priceOf[articleId]
    assert msg.value == price, "wrong price"
    seller: address = erc721._owner_of(articleId)

    # Effects: every counter is final before the receiver hook or the payment run.
    self.editionsMinted[articleId] = minted + 1
    edition_id: uint256 = self.tokenCount + 1
    self.tokenCount = edition_id
    self._article_of[edition_id] = articleId
    log Collected(articleId=articleId, editionId=edition_id, collector=msg.sender, price=price)

    # Interactions.
    erc721._safe_mint(msg.sender, edition_id, b"")
    if price > 0:
        ok: bool = raw_call(seller, b"", value=price, revert_on_failure=False)
        assert ok, "payment transfer failed"
    return edition_id
