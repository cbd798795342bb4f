// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// The implementation behind an EIP-1967 proxy: an ERC-721 whose state lives in the proxy's
/// storage, set up by initialize() instead of a constructor.
contract ProxiedCollectionV1 {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    string public name;
    string public symbol;
    uint256 public nextTokenId;
    mapping(uint256 => address) internal owners;
    mapping(address => uint256) internal balances;
    mapping(uint256 => string) internal uris;
    string internal base;

    function initialize(string calldata name_, string calldata symbol_) external {
        require(nextTokenId == 0, "initialised");
        name = name_;
        symbol = symbol_;
        nextTokenId = 1;
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

    function ownerOf(uint256 tokenId) external view returns (address) {
        require(owners[tokenId] != address(0), "no such token");
        return owners[tokenId];
    }

    function balanceOf(address owner) external view returns (uint256) {
        return balances[owner];
    }

    function tokenURI(uint256 tokenId) external view virtual returns (string memory) {
        require(owners[tokenId] != address(0), "no such token");
        return uris[tokenId];
    }

    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == 0x01ffc9a7 || id == 0x80ac58cd || id == 0x5b5e139f;
    }
}

/// The upgraded implementation: same storage, but tokenURI answers from a base set after the
/// upgrade, naming another picture (token id + 100).
contract ProxiedCollectionV2 is ProxiedCollectionV1 {
    function setBase(string calldata base_) external {
        base = base_;
    }

    function tokenURI(uint256 tokenId) external view override returns (string memory) {
        require(owners[tokenId] != address(0), "no such token");
        return string.concat(base, Strings.toString(tokenId + 100));
    }
}

/// A minimal EIP-1967 proxy: the implementation in the standard slot, every call delegated to it,
/// upgradeTo for its admin (the deployer).
contract Eip1967Proxy {
    event Upgraded(address indexed implementation);

    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 internal constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    constructor(address implementation, bytes memory init) {
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
            sstore(ADMIN_SLOT, caller())
        }
        emit Upgraded(implementation);
        (bool ok,) = implementation.delegatecall(init);
        require(ok, "initialisation failed");
    }

    function upgradeTo(address implementation) external {
        address admin;
        assembly {
            admin := sload(ADMIN_SLOT)
        }
        require(msg.sender == admin, "not the admin");
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
        }
        emit Upgraded(implementation);
    }

    fallback() external {
        assembly {
            let implementation := sload(IMPLEMENTATION_SLOT)
            calldatacopy(0, 0, calldatasize())
            let result := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch result
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
