// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {Test} from "../utils/Test.sol";
import {MockERC20, FeeOnTransferERC20, ReentrantERC20} from "../mocks/MockERC20.sol";
import {TokenrailEscrow} from "../../src/escrow/TokenrailEscrow.sol";
import {ITokenrailEscrow} from "../../src/interfaces/ITokenrailEscrow.sol";

contract TokenrailEscrowTest is Test {
    TokenrailEscrow internal escrow;
    MockERC20 internal token;

    address internal depositor = address(0xD0);
    address internal beneficiary = address(0xBE);
    address internal arbiter = address(0xA5);
    address internal stranger = address(0x57);

    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant DEADLINE = T0 + 1000;

    function setUp() public {
        vm.warp(T0);
        escrow = new TokenrailEscrow();
        token = new MockERC20();
        token.mint(depositor, 1_000_000);
        vm.prank(depositor);
        token.approve(address(escrow), type(uint256).max);
    }

    function _amounts(uint128 a, uint128 b) internal pure returns (uint128[] memory m) {
        m = new uint128[](2);
        m[0] = a;
        m[1] = b;
    }

    function _create(address arb) internal returns (uint256 id) {
        vm.prank(depositor);
        id = escrow.create(token, beneficiary, arb, _amounts(100, 200), DEADLINE);
    }

    // ---------------------------------------------------------------- create

    function test_create_movesFundsIntoCustody() public {
        uint256 id = _create(arbiter);
        assertEq(id, 1, "first id");
        assertEq(token.balanceOf(address(escrow)), 300, "custody");
        assertEq(token.balanceOf(depositor), 1_000_000 - 300, "depositor");
        ITokenrailEscrow.EscrowView memory v = escrow.getEscrow(id);
        assertTrue(v.status == ITokenrailEscrow.Status.Active, "active");
        assertEq(v.total, 300, "total");
        assertEq(v.milestoneCount, 2, "count");
        assertEq(v.deadline, DEADLINE, "deadline");
        assertEq(v.arbiter, arbiter, "arbiter");
    }

    function test_create_emitsEvent() public {
        vm.expectEmit(true, true, true, true);
        emit ITokenrailEscrow.EscrowCreated(
            1, depositor, beneficiary, arbiter, token, 300, DEADLINE, _amounts(100, 200)
        );
        _create(arbiter);
    }

    function test_create_rejectsZeroAddresses() public {
        vm.startPrank(depositor);
        vm.expectRevert(ITokenrailEscrow.InvalidAddress.selector);
        escrow.create(IERC20(address(0)), beneficiary, arbiter, _amounts(1, 1), DEADLINE);
        vm.expectRevert(ITokenrailEscrow.InvalidAddress.selector);
        escrow.create(token, address(0), arbiter, _amounts(1, 1), DEADLINE);
        vm.stopPrank();
    }

    function test_create_rejectsFeeOnTransferShortfall() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20();
        fee.mint(depositor, 10_000);
        vm.startPrank(depositor);
        fee.approve(address(escrow), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.FundsMismatch.selector, 1000, 990));
        escrow.create(fee, beneficiary, arbiter, _amounts(500, 500), DEADLINE);
        vm.stopPrank();
        assertEq(fee.balanceOf(address(escrow)), 0, "nothing kept");
    }

    function test_create_withoutAllowanceReverts() public {
        // The stranger has neither balance nor allowance: the token's own error surfaces and the
        // whole creation is rolled back.
        vm.prank(stranger);
        vm.expectRevert();
        escrow.create(token, beneficiary, arbiter, _amounts(1, 1), DEADLINE);
        assertEq(escrow.escrowCount(), 0, "no escrow recorded");
    }

    // ---------------------------------------------------------------- release

    function test_release_emitsAndCompletes() public {
        uint256 id = _create(arbiter);
        vm.prank(depositor);
        escrow.release(id, 0);
        vm.expectEmit(true, true, false, true);
        emit ITokenrailEscrow.MilestoneReleased(id, 1, 200, arbiter);
        vm.expectEmit(true, false, false, false);
        emit ITokenrailEscrow.EscrowCompleted(id);
        vm.prank(arbiter);
        escrow.release(id, 1);
        assertEq(token.balanceOf(beneficiary), 300, "beneficiary paid");
        assertTrue(escrow.getEscrow(id).status == ITokenrailEscrow.Status.Completed, "done");
    }

    function test_release_wrongSigner() public {
        uint256 id = _create(arbiter);
        address[2] memory outsiders = [beneficiary, stranger];
        for (uint256 i; i < outsiders.length; ++i) {
            vm.prank(outsiders[i]);
            vm.expectRevert(ITokenrailEscrow.Unauthorized.selector);
            escrow.release(id, 0);
        }
    }

    function test_release_noArbiterMeansDepositorOnly() public {
        uint256 id = _create(address(0));
        vm.prank(arbiter);
        vm.expectRevert(ITokenrailEscrow.Unauthorized.selector);
        escrow.release(id, 0);
        // The zero address can never act as "the arbiter".
        vm.prank(address(0));
        vm.expectRevert(ITokenrailEscrow.Unauthorized.selector);
        escrow.release(id, 0);
    }

    function test_release_doubleRelease() public {
        uint256 id = _create(arbiter);
        vm.startPrank(depositor);
        escrow.release(id, 0);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailEscrow.MilestoneAlreadyReleased.selector, id, 0)
        );
        escrow.release(id, 0);
        vm.stopPrank();
        assertEq(token.balanceOf(beneficiary), 100, "paid once");
    }

    function test_release_afterRefund() public {
        uint256 id = _create(arbiter);
        vm.prank(arbiter);
        escrow.refund(id);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.NotActive.selector, id));
        escrow.release(id, 0);
    }

    function test_deadlineEdges() public {
        uint256 a = _create(arbiter);
        uint256 b = _create(arbiter);
        vm.warp(DEADLINE - 1);
        vm.prank(depositor);
        escrow.release(a, 0);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.DeadlineNotReached.selector, b));
        escrow.refund(b);

        vm.warp(DEADLINE);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.DeadlinePassed.selector, a));
        escrow.release(a, 1);
        vm.prank(stranger);
        escrow.refund(b);

        vm.warp(DEADLINE + 1);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.DeadlinePassed.selector, a));
        escrow.release(a, 1);
        vm.prank(stranger);
        escrow.refund(a);
        assertEq(token.balanceOf(depositor), 1_000_000 - 100, "all but one milestone back");
    }

    // ---------------------------------------------------------------- refund / cancel

    function test_refund_paysDepositorNotCaller() public {
        uint256 id = _create(arbiter);
        vm.warp(DEADLINE);
        vm.expectEmit(true, false, false, true);
        emit ITokenrailEscrow.EscrowRefunded(id, 300, stranger);
        vm.prank(stranger);
        escrow.refund(id);
        assertEq(token.balanceOf(stranger), 0, "caller gets nothing");
        assertEq(token.balanceOf(depositor), 1_000_000, "depositor whole");
    }

    function test_cancel_onlyBeneficiaryBeforeRelease() public {
        uint256 id = _create(arbiter);
        vm.prank(depositor);
        vm.expectRevert(ITokenrailEscrow.Unauthorized.selector);
        escrow.cancel(id);
        vm.prank(depositor);
        escrow.release(id, 0);
        vm.prank(beneficiary);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.CancelAfterRelease.selector, id));
        escrow.cancel(id);

        uint256 other = _create(arbiter);
        vm.expectEmit(true, false, false, true);
        emit ITokenrailEscrow.EscrowCancelled(other, 300);
        vm.prank(beneficiary);
        escrow.cancel(other);
    }

    function test_unknownEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.EscrowNotFound.selector, 42));
        escrow.release(42, 0);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.EscrowNotFound.selector, 0));
        escrow.refund(0);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailEscrow.EscrowNotFound.selector, 7));
        escrow.cancel(7);
    }

    // ---------------------------------------------------------------- reentrancy

    /// A token that re-enters `release` from inside the first release's transfer must be stopped
    /// by the guard, and the beneficiary must be paid exactly once.
    function test_reentrancy_releaseFromTokenCallback() public {
        ReentrantERC20 evil = new ReentrantERC20();
        evil.mint(depositor, 1000);
        vm.startPrank(depositor);
        evil.approve(address(escrow), type(uint256).max);
        uint256 id = escrow.create(evil, beneficiary, arbiter, _amounts(100, 200), DEADLINE);
        vm.stopPrank();

        // The guard runs before any other check, so the re-entered call fails with the guard's
        // error even before authorisation is looked at.
        evil.arm(address(escrow), abi.encodeCall(escrow.release, (id, 1)));
        vm.prank(depositor);
        escrow.release(id, 0);

        assertTrue(evil.attempted(), "reentry attempted");
        assertEq(
            bytes32(bytes4(evil.reentryError())),
            bytes32(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "guard error"
        );
        assertEq(evil.balanceOf(beneficiary), 100, "paid exactly once");
        assertEq(escrow.getEscrow(id).nextMilestone, 1, "one milestone moved");
    }

    function test_reentrancy_createFromTokenCallback() public {
        ReentrantERC20 evil = new ReentrantERC20();
        evil.mint(depositor, 1000);
        vm.startPrank(depositor);
        evil.approve(address(escrow), type(uint256).max);
        vm.stopPrank();
        evil.arm(address(escrow), abi.encodeCall(escrow.refund, (1)));
        vm.prank(depositor);
        escrow.create(evil, beneficiary, arbiter, _amounts(100, 200), DEADLINE);
        assertEq(
            bytes32(bytes4(evil.reentryError())),
            bytes32(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "guard error"
        );
        assertEq(evil.balanceOf(address(escrow)), 300, "custody intact");
    }

    // ---------------------------------------------------------------- fuzz

    /// Any milestone split and any release/refund point conserves tokens exactly.
    function testFuzz_conservation(uint128[8] memory raw, uint8 count, uint8 releases, bool early)
        public
    {
        uint256 n = bound(count, 1, 8);
        uint128[] memory m = new uint128[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            m[i] = uint128(bound(raw[i], 1, 100_000));
            total += m[i];
        }
        vm.prank(depositor);
        uint256 id = escrow.create(token, beneficiary, arbiter, m, DEADLINE);
        uint256 r = bound(releases, 0, n);
        uint256 paid;
        for (uint256 i; i < r; ++i) {
            vm.prank(i % 2 == 0 ? depositor : arbiter);
            escrow.release(id, uint32(i));
            paid += m[i];
        }
        if (r < n) {
            if (early) {
                vm.prank(arbiter);
            } else {
                vm.warp(DEADLINE);
                vm.prank(stranger);
            }
            escrow.refund(id);
        }
        assertEq(token.balanceOf(beneficiary), paid, "beneficiary");
        assertEq(token.balanceOf(depositor), 1_000_000 - paid, "depositor");
        assertEq(token.balanceOf(address(escrow)), 0, "custody empty");
        assertEq(escrow.getEscrow(id).released, paid, "released");
    }

    function testFuzz_milestoneCountBounds(uint8 count) public {
        uint256 n = bound(count, 0, 40);
        uint128[] memory m = new uint128[](n);
        for (uint256 i; i < n; ++i) {
            m[i] = 1;
        }
        vm.prank(depositor);
        if (n == 0 || n > 16) vm.expectRevert(ITokenrailEscrow.InvalidMilestones.selector);
        escrow.create(token, beneficiary, arbiter, m, DEADLINE);
    }

    function testFuzz_overflowRejected(uint128 a, uint128 b) public {
        vm.assume(a > 0 && b > 0);
        vm.assume(uint256(a) + uint256(b) > type(uint128).max);
        vm.prank(depositor);
        vm.expectRevert(ITokenrailEscrow.AmountOverflow.selector);
        escrow.create(token, beneficiary, arbiter, _amounts(a, b), DEADLINE);
    }
}
