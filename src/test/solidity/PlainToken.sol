// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// A fungible token (ERC-20 style): its Transfer has two indexed arguments and the amount in the
/// data. It has no ERC-165 either; registering it must be refused with that reason.
contract PlainToken {
    event Transfer(address indexed from, address indexed to, uint256 value);

    mapping(address => uint256) public balanceOf;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }
}
