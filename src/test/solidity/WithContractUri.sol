// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AtlasTestCollection} from "./AtlasTestCollection.sol";

/// An ERC-721 presenting itself with ERC-7572 contract-level metadata: contractURI(), changed
/// later with the ContractURIUpdated event.
contract WithContractUri is AtlasTestCollection {
    event ContractURIUpdated();

    string private contractUri;

    constructor(string memory name_, string memory symbol_, string memory uri_) AtlasTestCollection(name_, symbol_) {
        contractUri = uri_;
    }

    function contractURI() external view returns (string memory) {
        return contractUri;
    }

    function setContractURI(string calldata uri_) external onlyOwner {
        contractUri = uri_;
        emit ContractURIUpdated();
    }
}
