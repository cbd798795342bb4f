// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";

/// An ERC-721 whose supportsInterface answers true for every interface, 0xffffffff included (as
/// some deployed contracts do): ERC-165 says nothing about it, its behaviour says ERC-721.
contract YesToEverything is ERC721, ERC721URIStorage {
    uint256 public nextTokenId = 1;

    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    function mintBatch(address to, string[] calldata uris) external returns (uint256 firstId) {
        firstId = nextTokenId;
        for (uint256 i = 0; i < uris.length; i++) {
            uint256 tokenId = nextTokenId++;
            _mint(to, tokenId);
            _setTokenURI(tokenId, uris[i]);
        }
    }

    function tokenURI(uint256 tokenId) public view override(ERC721, ERC721URIStorage) returns (string memory) {
        return super.tokenURI(tokenId);
    }

    function supportsInterface(bytes4) public pure override(ERC721, ERC721URIStorage) returns (bool) {
        return true;
    }
}
