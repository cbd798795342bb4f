// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// An ERC-721 collection for Token Atlas' demo and tests: each token has its own tokenURI,
/// set at mint and changeable later (which emits ERC-4906 MetadataUpdate).
contract AtlasTestCollection is ERC721, ERC721URIStorage, Ownable {
    uint256 public nextTokenId = 1;

    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) Ownable(msg.sender) {}

    function mint(address to, string calldata uri) external onlyOwner returns (uint256 tokenId) {
        tokenId = nextTokenId++;
        _safeMint(to, tokenId);
        _setTokenURI(tokenId, uri);
    }

    function mintBatch(address to, string[] calldata uris) external onlyOwner returns (uint256 firstId) {
        firstId = nextTokenId;
        for (uint256 i = 0; i < uris.length; i++) {
            uint256 tokenId = nextTokenId++;
            _mint(to, tokenId);
            _setTokenURI(tokenId, uris[i]);
        }
    }

    /// Moves tokens to new holders as their trades would (one Transfer each), so a test can give a
    /// collection a realistic history of later transfers in few transactions.
    function moveBatch(address[] calldata to, uint256[] calldata ids) external onlyOwner {
        require(to.length == ids.length, "lengths differ");
        for (uint256 i = 0; i < ids.length; i++) {
            _update(to[i], ids[i], address(0));
        }
    }

    function setTokenURI(uint256 tokenId, string calldata uri) external onlyOwner {
        _setTokenURI(tokenId, uri);
    }

    function burn(uint256 tokenId) external {
        _update(address(0), tokenId, _msgSender());
    }

    function tokenURI(uint256 tokenId) public view virtual override(ERC721, ERC721URIStorage) returns (string memory) {
        return super.tokenURI(tokenId);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC721URIStorage) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
