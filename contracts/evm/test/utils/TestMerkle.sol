// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Builds sorted-pair Merkle trees in tests: level by level, an odd last node carried up.
///         Any such tree verifies with OpenZeppelin's `MerkleProof` (pairs are hashed sorted);
///         byte-identical roots with OpenZeppelin's merkle-tree library are checked separately against
///         its own output (`TokenrailMerkleDistributor.oz.t.sol`).
library TestMerkle {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i; i < level.length; i += 2) {
            next[i / 2] = i + 1 < level.length ? hashPair(level[i], level[i + 1]) : level[i];
        }
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            level = _up(level);
        }
        return level[0];
    }

    function proof(bytes32[] memory leaves, uint256 index)
        internal
        pure
        returns (bytes32[] memory out)
    {
        bytes32[] memory buf = new bytes32[](64);
        uint256 len;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) buf[len++] = level[sibling];
            level = _up(level);
            index >>= 1;
        }
        out = new bytes32[](len);
        for (uint256 i; i < len; ++i) {
            out[i] = buf[i];
        }
    }
}
