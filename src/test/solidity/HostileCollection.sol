// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AtlasTestCollection} from "./AtlasTestCollection.sol";

/// A collection whose tokenURI misbehaves on purpose, per token, for Token Atlas' bad-input tests:
/// mode 1 reverts with a reason, 2 reverts with a custom error, 3 answers bytes that are no ABI string.
contract HostileCollection is AtlasTestCollection {
    error NoTokenUri(uint256 tokenId);

    mapping(uint256 => uint8) public mode;

    constructor(string memory name_, string memory symbol_) AtlasTestCollection(name_, symbol_) {}

    function setMode(uint256 tokenId, uint8 newMode) external onlyOwner {
        mode[tokenId] = newMode;
    }

    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        uint8 m = mode[tokenId];
        if (m == 1) revert("metadata frozen: this token has no URI");
        if (m == 2) revert NoTokenUri(tokenId);
        if (m == 3) {
            assembly {
                mstore(0, 0xdeadbeef)
                return(0, 7)
            }
        }
        return super.tokenURI(tokenId);
    }
}
