// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

/// A contract that answers ERC-165 but is not an ERC-721: registering it must be refused.
contract NotAnNft is ERC165 {
    uint256 public value;

    function set(uint256 v) external {
        value = v;
    }
}
