// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice Benchmark peer only: the minimal Merkle airdrop public gas benchmarks measure
///         (Uniswap's `MerkleDistributor` pattern). One distribution per contract, with the token
///         and root immutable; the leaf is `(index, account, amount)` with no chain, contract or
///         distribution binding; no start, expiry, total or clawback; OpenZeppelin's
///         `MerkleProof.verifyCalldata` and a claimed bitmap. It is the floor a distributor that
///         enforces the payout spec is measured against, not something to deploy.
contract MinimalMerkleDrop {
    IERC20 public immutable token;
    bytes32 public immutable root;
    mapping(uint256 word => uint256 bits) private _claimed;

    event Claimed(uint256 index, address account, uint256 amount);

    constructor(IERC20 token_, bytes32 root_) {
        token = token_;
        root = root_;
    }

    function leafHash(uint256 index, address account, uint256 amount)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(index, account, amount));
    }

    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        external
    {
        uint256 word = _claimed[index >> 8];
        // forge-lint: disable-next-line(incorrect-shift) shifting 1 left by the bit position
        uint256 bit = 1 << (index & 0xff);
        require(word & bit == 0, "claimed");
        require(MerkleProof.verifyCalldata(proof, root, leafHash(index, account, amount)), "proof");
        _claimed[index >> 8] = word | bit;
        emit Claimed(index, account, amount);
        require(token.transfer(account, amount), "transfer");
    }
}
