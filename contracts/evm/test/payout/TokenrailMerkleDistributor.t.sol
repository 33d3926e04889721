// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Test} from "../utils/Test.sol";
import {TestMerkle} from "../utils/TestMerkle.sol";
import {MockERC20, FeeOnTransferERC20} from "../mocks/MockERC20.sol";
import {TokenrailMerkleDistributor} from "../../src/payout/TokenrailMerkleDistributor.sol";
import {
    ITokenrailMerkleDistributor as I
} from "../../src/interfaces/ITokenrailMerkleDistributor.sol";

contract TokenrailMerkleDistributorTest is Test {
    TokenrailMerkleDistributor internal dist;
    MockERC20 internal token;
    address internal funder = address(0xF0);
    address internal receiver = address(0xC1);
    address internal relayer = address(0x7E);
    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant START = T0 + 10;
    uint64 internal constant EXPIRY = T0 + 1000;
    uint256 internal constant N = 5;

    address[N] internal accounts;
    uint256[N] internal amounts;

    function setUp() public {
        vm.warp(T0);
        dist = new TokenrailMerkleDistributor();
        token = new MockERC20();
        token.mint(funder, 1e24);
        vm.prank(funder);
        token.approve(address(dist), type(uint256).max);
        for (uint256 i; i < N; ++i) {
            accounts[i] = address(uint160(0xA000 + i));
            amounts[i] = 100 * (i + 1); // 100 + 200 + 300 + 400 + 500 = 1500
        }
    }

    function _leaves(TokenrailMerkleDistributor d, uint256 id)
        internal
        view
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](N);
        for (uint256 i; i < N; ++i) {
            leaves[i] = d.leafHash(id, i, accounts[i], amounts[i]);
        }
    }

    /// Creates distribution `id = count + 1` over the standard claims, funded with `total`.
    function _create(uint128 total) internal returns (uint256 id, bytes32[] memory leaves) {
        id = dist.distributionCount() + 1;
        leaves = _leaves(dist, id);
        vm.prank(funder);
        dist.create(token, TestMerkle.root(leaves), total, START, EXPIRY, receiver);
    }

    function _claim(uint256 id, bytes32[] memory leaves, uint256 i) internal {
        vm.prank(relayer);
        dist.claim(id, i, accounts[i], amounts[i], TestMerkle.proof(leaves, i));
    }

    function test_create_validation() public {
        vm.startPrank(funder);
        vm.expectRevert(I.InvalidAddress.selector);
        dist.create(IERC20(address(0)), bytes32(0), 1, START, EXPIRY, receiver);
        vm.expectRevert(I.InvalidAddress.selector);
        dist.create(token, bytes32(0), 1, START, EXPIRY, address(0));
        vm.expectRevert(I.InvalidSchedule.selector);
        dist.create(token, bytes32(0), 0, START, EXPIRY, receiver);
        vm.expectRevert(I.InvalidSchedule.selector);
        dist.create(token, bytes32(0), 1, EXPIRY, EXPIRY, receiver);
        vm.expectRevert(I.InvalidSchedule.selector);
        dist.create(token, bytes32(0), 1, 0, T0, receiver);
        vm.stopPrank();
        assertEq(dist.distributionCount(), 0, "nothing created");
    }

    /// Start and expiry are stored in 40 bits: the bound is checked, never truncated. A truncated
    /// 2^40 expiry would read as 0, a distribution already expired that its clawback receiver
    /// could empty before anyone claims.
    function test_create_scheduleFitsItsStorage() public {
        uint64 max = dist.MAX_TIMESTAMP();
        assertEq(max, type(uint40).max, "40 bits");
        vm.startPrank(funder);
        vm.expectRevert(I.InvalidSchedule.selector);
        dist.create(token, bytes32(uint256(1)), 1, START, max + 1, receiver);
        uint256 id = dist.create(token, bytes32(uint256(1)), 1, max - 1, max, receiver);
        vm.stopPrank();
        I.DistributionView memory d = dist.getDistribution(id);
        assertEq(d.start, max - 1, "start stored whole");
        assertEq(d.expiry, max, "expiry stored whole");
        vm.expectRevert(abi.encodeWithSelector(I.NotExpired.selector, id));
        dist.clawback(id);
    }

    function test_create_feeOnTransferShortfall() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20();
        fee.mint(funder, 1e24);
        vm.startPrank(funder);
        fee.approve(address(dist), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(I.FundsMismatch.selector, 1000, 990));
        dist.create(fee, bytes32(uint256(1)), 1000, START, EXPIRY, receiver);
        vm.stopPrank();
    }

    function test_claim_paysOnlyTheLeafAccount() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START);
        vm.expectEmit(true, true, false, true);
        emit I.Claimed(id, 2, accounts[2], amounts[2]);
        _claim(id, leaves, 2);
        assertEq(token.balanceOf(accounts[2]), 300, "account paid");
        assertEq(token.balanceOf(relayer), 0, "relayer paid nothing");
        assertTrue(dist.isClaimed(id, 2), "bit set");
        assertTrue(!dist.isClaimed(id, 1), "other bit clear");

        // The same proof with a different receiver is not the leaf.
        bytes32[] memory proof = TestMerkle.proof(leaves, 3);
        vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id, 3));
        dist.claim(id, 3, relayer, amounts[3], proof);
    }

    function test_doubleClaim() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START);
        _claim(id, leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(I.AlreadyClaimed.selector, id, 0));
        _claim(id, leaves, 0);
        assertEq(token.balanceOf(accounts[0]), 100, "paid once");
    }

    function test_proofForAnotherIndex() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START);
        // Leaf 1's values under index 0: a different leaf, so the proof fails.
        bytes32[] memory proof = TestMerkle.proof(leaves, 1);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id, 0));
        dist.claim(id, 0, accounts[1], amounts[1], proof);
    }

    /// A shortened proof treats an internal node as if it were the leaf: the contract always
    /// hashes the leaf itself from the claim's values, so this cannot verify.
    function test_internalNodeAsLeaf() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START);
        bytes32[] memory full = TestMerkle.proof(leaves, 0);
        bytes32[] memory shortened = new bytes32[](full.length - 1);
        for (uint256 i; i < shortened.length; ++i) {
            shortened[i] = full[i + 1];
        }
        // The pair node of leaves 0 and 1 with the shortened proof does reach the root...
        bytes32 node = TestMerkle.hashPair(leaves[0], leaves[1]);
        bytes32 reached = node;
        for (uint256 i; i < shortened.length; ++i) {
            reached = TestMerkle.hashPair(reached, shortened[i]);
        }
        assertEq(reached, dist.getDistribution(id).root, "node is in the tree");
        // ...but no claim can present it as a leaf.
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id, 0));
        dist.claim(id, 0, accounts[0], amounts[0], shortened);
    }

    function test_startAndExpiryEdges() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START - 1);
        vm.expectRevert(abi.encodeWithSelector(I.NotStarted.selector, id));
        _claim(id, leaves, 0);
        vm.warp(START);
        _claim(id, leaves, 0);
        vm.warp(EXPIRY - 1);
        _claim(id, leaves, 1);
        vm.warp(EXPIRY);
        vm.expectRevert(abi.encodeWithSelector(I.Expired.selector, id));
        _claim(id, leaves, 2);
    }

    function test_overCap() public {
        // The tree promises 1,500 but only 1,000 is funded: claims stop at the funded total.
        (uint256 id, bytes32[] memory leaves) = _create(1000);
        vm.warp(START);
        _claim(id, leaves, 4); // 500
        _claim(id, leaves, 3); // 400 -> 900
        vm.expectRevert(abi.encodeWithSelector(I.ExceedsTotal.selector, id));
        _claim(id, leaves, 2); // 300 would make 1,200
        _claim(id, leaves, 0); // 100 -> 1,000 exactly
        assertEq(dist.getDistribution(id).claimed, 1000, "claimed == total");
        assertEq(token.balanceOf(address(dist)), 0, "custody empty");
    }

    function test_clawback() public {
        (uint256 id, bytes32[] memory leaves) = _create(1500);
        vm.warp(START);
        _claim(id, leaves, 1);
        vm.warp(EXPIRY - 1);
        vm.expectRevert(abi.encodeWithSelector(I.NotExpired.selector, id));
        dist.clawback(id);
        vm.warp(EXPIRY);
        vm.expectEmit(true, true, false, true);
        emit I.Clawback(id, receiver, 1300);
        vm.prank(relayer);
        dist.clawback(id);
        assertEq(token.balanceOf(receiver), 1300, "remainder to the fixed receiver");
        assertEq(token.balanceOf(relayer), 0, "caller gets nothing");
        vm.expectRevert(abi.encodeWithSelector(I.ClawedBack.selector, id));
        dist.clawback(id);
        vm.expectRevert(abi.encodeWithSelector(I.ClawedBack.selector, id));
        _claim(id, leaves, 0);
    }

    function test_wrongDistributorsProof() public {
        (uint256 id1, bytes32[] memory leaves1) = _create(1500);
        (uint256 id2,) = _create(1500);
        vm.warp(START);
        // A proof of distribution 1 never verifies in distribution 2 (the id is in the leaf)...
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id2, 0));
        dist.claim(id2, 0, accounts[0], amounts[0], TestMerkle.proof(leaves1, 0));
        // ...nor in another deployment with the same id (the contract address is in the leaf).
        TokenrailMerkleDistributor other = new TokenrailMerkleDistributor();
        vm.prank(funder);
        token.approve(address(other), type(uint256).max);
        vm.prank(funder);
        other.create(token, TestMerkle.root(leaves1), 1500, START, EXPIRY, receiver);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id1, 0));
        other.claim(id1, 0, accounts[0], amounts[0], TestMerkle.proof(leaves1, 0));
    }

    function test_unknownDistribution() public {
        vm.expectRevert(abi.encodeWithSelector(I.DistributionNotFound.selector, 9));
        dist.claim(9, 0, accounts[0], 1, new bytes32[](0));
        vm.expectRevert(abi.encodeWithSelector(I.DistributionNotFound.selector, 9));
        dist.clawback(9);
    }

    /// Bitmap words: indices on both sides of a 256 boundary are independent.
    function testFuzz_bitmapIndependence(uint256 a, uint256 b) public {
        a = bound(a, 0, 1 << 20);
        b = bound(b, 0, 1 << 20);
        vm.assume(a != b);
        bytes32[] memory leaves = new bytes32[](2);
        uint256 id = dist.distributionCount() + 1;
        leaves[0] = dist.leafHash(id, a, accounts[0], 1);
        leaves[1] = dist.leafHash(id, b, accounts[1], 1);
        vm.prank(funder);
        dist.create(token, TestMerkle.root(leaves), 2, START, EXPIRY, receiver);
        vm.warp(START);
        dist.claim(id, a, accounts[0], 1, TestMerkle.proof(leaves, 0));
        assertTrue(dist.isClaimed(id, a), "a claimed");
        assertTrue(!dist.isClaimed(id, b), "b untouched");
        dist.claim(id, b, accounts[1], 1, TestMerkle.proof(leaves, 1));
        assertTrue(dist.isClaimed(id, b), "b claimed");
    }

    /// Any order of claims and a final clawback conserve the funded total exactly.
    function testFuzz_conservation(uint8 mask, uint128 funded) public {
        funded = uint128(bound(funded, 1, 3000));
        (uint256 id, bytes32[] memory leaves) = _create(funded);
        vm.warp(START);
        uint256 paid;
        for (uint256 i; i < N; ++i) {
            if (mask & (1 << i) == 0) continue;
            if (paid + amounts[i] > funded) {
                vm.expectRevert(abi.encodeWithSelector(I.ExceedsTotal.selector, id));
                _claim(id, leaves, i);
            } else {
                _claim(id, leaves, i);
                paid += amounts[i];
            }
        }
        vm.warp(EXPIRY);
        dist.clawback(id);
        assertEq(token.balanceOf(receiver) + paid, funded, "claims + clawback == funded");
        assertEq(token.balanceOf(address(dist)), 0, "custody empty");
    }

    /// Creates a distribution whose root is `leaf` folded with `depth` made-up siblings, so a
    /// proof of `depth` hashes leads from the leaf to it; returns the id and that proof.
    function _deepDistribution(uint256 depth)
        internal
        returns (uint256 id, bytes32[] memory proof)
    {
        id = dist.distributionCount() + 1;
        bytes32 node = dist.leafHash(id, 0, accounts[0], amounts[0]);
        proof = new bytes32[](depth);
        for (uint256 i; i < depth; ++i) {
            proof[i] = keccak256(abi.encode("sibling", i));
            node = TestMerkle.hashPair(node, proof[i]);
        }
        vm.prank(funder);
        dist.create(token, node, uint128(amounts[0]), START, EXPIRY, receiver);
        vm.warp(START);
    }

    /// Finding 8 (docs/security.md): the spec refuses a proof longer than 64 hashes on every
    /// chain; a 65- or 200-hash proof that folds to the root must not pay on EVM alone.
    function test_proofLongerThan64IsRefused() public {
        for (uint256 depth = 65; depth <= 200; depth += 135) {
            (uint256 id, bytes32[] memory proof) = _deepDistribution(depth);
            vm.expectRevert(abi.encodeWithSelector(I.InvalidProof.selector, id, 0));
            dist.claim(id, 0, accounts[0], amounts[0], proof);
            assertTrue(!dist.isClaimed(id, 0), "not claimed");
        }
        // 64 hashes is the deepest proof the spec admits.
        (uint256 deepest, bytes32[] memory ok) = _deepDistribution(64);
        dist.claim(deepest, 0, accounts[0], amounts[0], ok);
        assertTrue(dist.isClaimed(deepest, 0), "a 64-hash proof pays");
    }

    /// Finding 8: an over-long proof is refused before any hashing, so a 2,000-hash garbage proof
    /// costs a claim little (it burned about 490k gas hashing before failing). With 100k gas the
    /// claim must still answer `InvalidProof` rather than run out of gas.
    function test_overlongProofFailsBeforeHashing() public {
        (uint256 id,) = _deepDistribution(1);
        bytes memory data = abi.encodeCall(
            TokenrailMerkleDistributor.claim, (id, 0, accounts[0], amounts[0], new bytes32[](2000))
        );
        (bool ok, bytes memory ret) = address(dist).call{gas: 100_000}(data);
        assertTrue(!ok, "refused");
        assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSelector(I.InvalidProof.selector, id, 0)),
            "InvalidProof within 100k gas"
        );
    }
}
