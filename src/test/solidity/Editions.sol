// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// An ERC-1155 collection of editions: ids with supplies, metadata at uri(id) with {id}.
contract Editions is ERC1155 {
    constructor(string memory uri_) ERC1155(uri_) {}

    function mintBatch(address to, uint256[] calldata ids, uint256[] calldata amounts) external {
        _mintBatch(to, ids, amounts, "");
    }

    function burn(address from, uint256 id, uint256 amount) external {
        require(from == msg.sender, "not yours");
        _burn(from, id, amount);
    }

    /// Moves the metadata to another template and announces it for one id (the ERC-1155 URI event).
    function setUri(string calldata newUri, uint256 id) external {
        _setURI(newUri);
        emit URI(uri(id), id);
    }
}
