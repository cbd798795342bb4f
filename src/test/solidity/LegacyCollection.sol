// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// An ERC-721 as deployed before ERC-165 was common: Transfer with three indexed arguments,
/// ownerOf and tokenURI, but no supportsInterface (a call to it reverts). Its tokens must be
/// indexed all the same, recognised by behaviour.
contract LegacyCollection {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    string public name;
    string public symbol;
    uint256 public nextTokenId = 1;
    mapping(uint256 => address) private owners;
    mapping(address => uint256) private balances;
    mapping(uint256 => string) private uris;

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
    }

    function mint(address to, string calldata uri) external returns (uint256 tokenId) {
        tokenId = nextTokenId++;
        owners[tokenId] = to;
        balances[to] += 1;
        uris[tokenId] = uri;
        emit Transfer(address(0), to, tokenId);
    }

    function mintBatch(address to, string[] calldata batch) external returns (uint256 firstId) {
        firstId = nextTokenId;
        for (uint256 i = 0; i < batch.length; i++) {
            uint256 tokenId = nextTokenId++;
            owners[tokenId] = to;
            uris[tokenId] = batch[i];
            emit Transfer(address(0), to, tokenId);
        }
        balances[to] += batch.length;
    }

    function transferFrom(address from, address to, uint256 tokenId) external {
        require(owners[tokenId] == from && from == msg.sender, "not yours");
        owners[tokenId] = to;
        balances[from] -= 1;
        balances[to] += 1;
        emit Transfer(from, to, tokenId);
    }

    function ownerOf(uint256 tokenId) external view returns (address) {
        address owner = owners[tokenId];
        require(owner != address(0), "no such token");
        return owner;
    }

    function balanceOf(address owner) external view returns (uint256) {
        return balances[owner];
    }

    function tokenURI(uint256 tokenId) external view returns (string memory) {
        require(owners[tokenId] != address(0), "no such token");
        return uris[tokenId];
    }
}
