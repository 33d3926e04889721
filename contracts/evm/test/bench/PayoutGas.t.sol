// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Test} from "../utils/Test.sol";
import {MockERC20, SoladyERC20} from "../mocks/MockERC20.sol";
import {GasliteStyleDrop} from "./peers/GasliteStyleDrop.sol";
import {MinimalMerkleDrop} from "./peers/MinimalMerkleDrop.sol";
import {TokenrailMultiSend} from "../../src/payout/TokenrailMultiSend.sol";
import {TokenrailMerkleDistributor} from "../../src/payout/TokenrailMerkleDistributor.sol";
import {TestMerkle} from "../utils/TestMerkle.sol";

/// @notice Multi-send gas per new holder, for Tokenrail's validating multi-send and the
///         GasliteDrop-style peer, on an OpenZeppelin and on a Solady ERC-20, all in one run. Each
///         batch is its own transaction (`forge test --isolate`); the per-holder figure is the
///         marginal cost between batches of 100 and 200 fresh recipients. Emitted as
///         `log_named_uint` for `scripts/bench`.
contract PayoutGasBench is Test {
    event log_named_uint(string key, uint256 val);

    TokenrailMultiSend internal multisend;
    GasliteStyleDrop internal peer;
    address internal payer = address(0xFA);
    uint256 internal salt;

    function setUp() public {
        multisend = new TokenrailMultiSend();
        peer = new GasliteStyleDrop();
    }

    function _batch(uint256 n)
        internal
        returns (address[] memory to, uint256[] memory amounts, uint256 total)
    {
        salt++;
        to = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            to[i] = address(uint160(uint256(keccak256(abi.encode(salt, i)))));
            amounts[i] = 1e18;
        }
        total = n * 1e18;
    }

    function _ours(IERC20 token, uint256 n) internal returns (uint256) {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(n);
        vm.prank(payer);
        multisend.multisendToken(token, to, amounts, total);
        return vm.lastCallGas().gasTotalUsed;
    }

    /// The same batch shape, packed and sorted for `multisendTokenPacked`.
    function _oursPacked(IERC20 token, uint256 n) internal returns (uint256) {
        (address[] memory to,, uint256 total) = _batch(n);
        uint256[] memory packed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            packed[i] = uint256(uint160(to[i])) << 96 | 1e18;
        }
        _sort(packed);
        vm.prank(payer);
        multisend.multisendTokenPacked(token, packed, total);
        return vm.lastCallGas().gasTotalUsed;
    }

    /// Insertion sort (the address sits in the high bits, so words sort by recipient).
    function _sort(uint256[] memory a) internal pure {
        for (uint256 i = 1; i < a.length; ++i) {
            uint256 v = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1] > v) {
                a[j] = a[j - 1];
                --j;
            }
            a[j] = v;
        }
    }

    function _peer(IERC20 token, uint256 n) internal returns (uint256) {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(n);
        vm.prank(payer);
        peer.airdropERC20(address(token), to, amounts, total);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _fund(IERC20 token) internal {
        vm.startPrank(payer);
        token.approve(address(multisend), type(uint256).max);
        token.approve(address(peer), type(uint256).max);
        vm.stopPrank();
    }

    function _report(string memory label, IERC20 token) internal {
        uint256 ours = (_ours(token, 200) - _ours(token, 100)) / 100;
        uint256 packed = (_oursPacked(token, 200) - _oursPacked(token, 100)) / 100;
        uint256 theirs = (_peer(token, 200) - _peer(token, 100)) / 100;
        emit log_named_uint(string.concat("multisend per new holder, Tokenrail, ", label), ours);
        emit log_named_uint(
            string.concat("multisend per new holder, Tokenrail packed, ", label), packed
        );
        emit log_named_uint(
            string.concat("multisend per new holder, GasliteDrop-style peer, ", label), theirs
        );
    }

    function test_bench_multisend_oz() public {
        MockERC20 token = new MockERC20();
        token.mint(payer, 1e30);
        _fund(IERC20(address(token)));
        _report("OZ ERC-20", IERC20(address(token)));
    }

    /// Merkle claims from a 1,024-leaf tree (10-hash proofs) by new holders, and the same-run peer:
    /// a plain OZ ERC-20 transfer to a new holder.
    function test_bench_merkle_claim() public {
        TokenrailMerkleDistributor dist = new TokenrailMerkleDistributor();
        MockERC20 token = new MockERC20();
        uint256 n = 1024;
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            leaves[i] = dist.leafHash(1, i, address(uint160(0xC0000 + i)), 1e18);
        }
        token.mint(address(this), n * 1e18);
        token.approve(address(dist), n * 1e18);
        dist.create(
            token,
            TestMerkle.root(leaves),
            uint128(n * 1e18),
            uint64(block.timestamp),
            uint64(block.timestamp + 1000),
            address(1)
        );
        dist.claim(1, 0, address(uint160(0xC0000)), 1e18, TestMerkle.proof(leaves, 0));
        emit log_named_uint(
            "merkle claim, 1,024 leaves, new holder, fresh bitmap word",
            vm.lastCallGas().gasTotalUsed
        );
        dist.claim(1, 1, address(uint160(0xC0001)), 1e18, TestMerkle.proof(leaves, 1));
        emit log_named_uint(
            "merkle claim, 1,024 leaves, new holder, bitmap word in use",
            vm.lastCallGas().gasTotalUsed
        );
        _benchMinimalMerkleDrop(token, n);
        token.mint(payer, 1e18);
        vm.prank(payer);
        token.transfer(address(0xDEAD01), 1e18);
        emit log_named_uint(
            "peer: OZ ERC-20 transfer to a new holder", vm.lastCallGas().gasTotalUsed
        );
    }

    /// The claim peer: the minimal airdrop (`peers/MinimalMerkleDrop.sol`) over a tree of the same
    /// size, on the same token, claimed by new holders in the same two bitmap situations.
    function _benchMinimalMerkleDrop(MockERC20 token, uint256 n) private {
        bytes32[] memory leaves = new bytes32[](n);
        MinimalMerkleDrop probe = new MinimalMerkleDrop(token, bytes32(0));
        for (uint256 i; i < n; ++i) {
            leaves[i] = probe.leafHash(i, address(uint160(0xD0000 + i)), 1e18);
        }
        MinimalMerkleDrop drop = new MinimalMerkleDrop(token, TestMerkle.root(leaves));
        token.mint(address(drop), n * 1e18);
        drop.claim(0, address(uint160(0xD0000)), 1e18, TestMerkle.proof(leaves, 0));
        emit log_named_uint(
            "peer: minimal merkle claim, 1,024 leaves, new holder, fresh bitmap word",
            vm.lastCallGas().gasTotalUsed
        );
        drop.claim(1, address(uint160(0xD0001)), 1e18, TestMerkle.proof(leaves, 1));
        emit log_named_uint(
            "peer: minimal merkle claim, 1,024 leaves, new holder, bitmap word in use",
            vm.lastCallGas().gasTotalUsed
        );
    }

    function test_bench_multisend_solady() public {
        SoladyERC20 token = new SoladyERC20();
        token.mint(payer, 1e30);
        _fund(IERC20(address(token)));
        _report("Solady ERC-20", IERC20(address(token)));
    }
}
