# pragma version 0.4.3
"""A stand-in with the two getters Agora reads from Communities (isModerator, ownerOf)."""

isModerator: public(HashMap[uint256, HashMap[address, bool]])
ownerOf: public(HashMap[uint256, address])


@external
def setModerator(community: uint256, account: address, on: bool):
    self.isModerator[community][account] = on


@external
def setOwner(community: uint256, account: address):
    self.ownerOf[community] = account
