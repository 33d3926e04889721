// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailEscrow} from "../../src/escrow/TokenrailEscrow.sol";
import {ITokenrailEscrow} from "../../src/interfaces/ITokenrailEscrow.sol";

/// @notice Drives random create/release/refund/cancel/warp sequences for the invariant engine and
///         keeps its own ledger of what custody must hold.
contract EscrowHandler is Test {
    TokenrailEscrow public immutable escrow;
    MockERC20 public immutable token;
    address[3] internal actors = [address(0xD0), address(0xBE), address(0xA5)];

    uint256 public expectedCustody;
    uint256 public totalDeposited;
    uint256 public totalPaidOut;
    uint256 public time = 1_700_000_000;

    constructor(TokenrailEscrow escrow_, MockERC20 token_) {
        escrow = escrow_;
        token = token_;
        for (uint256 i; i < actors.length; ++i) {
            token.mint(actors[i], 1e30);
            vm.prank(actors[i]);
            token.approve(address(escrow), type(uint256).max);
        }
    }

    function create(uint256 who, uint256 amountA, uint256 amountB, uint256 ttl) external {
        address depositor = actors[who % 3];
        address beneficiary = actors[(who + 1) % 3];
        address arbiter = actors[(who + 2) % 3];
        uint128[] memory m = new uint128[](2);
        m[0] = uint128(bound(amountA, 1, 1e24));
        m[1] = uint128(bound(amountB, 1, 1e24));
        vm.warp(time);
        vm.prank(depositor);
        escrow.create(token, beneficiary, arbiter, m, uint64(time + bound(ttl, 1, 10_000)));
        expectedCustody += uint256(m[0]) + m[1];
        totalDeposited += uint256(m[0]) + m[1];
    }

    function release(uint256 id, uint256 who, uint32 k) external {
        _settle(who, abi.encodeCall(escrow.release, (_id(id), k % 3)));
    }

    function refund(uint256 id, uint256 who) external {
        _settle(who, abi.encodeCall(escrow.refund, (_id(id))));
    }

    function cancel(uint256 id, uint256 who) external {
        _settle(who, abi.encodeCall(escrow.cancel, (_id(id))));
    }

    function warp(uint256 secs) external {
        time += bound(secs, 1, 5_000);
    }

    /// @dev Calls the escrow as actor `who`; whatever a successful call moved out of custody is
    ///      booked as paid out. Failing calls are expected (random inputs) and book nothing.
    function _settle(uint256 who, bytes memory call) internal {
        uint256 before = token.balanceOf(address(escrow));
        vm.warp(time);
        vm.prank(actors[who % 3]);
        (bool ok,) = address(escrow).call(call);
        if (ok) {
            uint256 moved = before - token.balanceOf(address(escrow));
            expectedCustody -= moved;
            totalPaidOut += moved;
        }
    }

    function _id(uint256 id) internal view returns (uint256) {
        uint256 count = escrow.escrowCount();
        return count == 0 ? 1 : 1 + (id % count);
    }
}

contract TokenrailEscrowInvariantTest is Test {
    TokenrailEscrow internal escrow;
    MockERC20 internal token;
    EscrowHandler internal handler;

    function setUp() public {
        escrow = new TokenrailEscrow();
        token = new MockERC20();
        handler = new EscrowHandler(escrow, token);
        targetContract(address(handler));
    }

    /// Custody always equals the sum of every active escrow's unreleased amount.
    function invariant_custodyMatchesActiveEscrows() public view {
        uint256 sum;
        uint256 count = escrow.escrowCount();
        for (uint256 id = 1; id <= count; ++id) {
            ITokenrailEscrow.EscrowView memory v = escrow.getEscrow(id);
            assertTrue(v.released <= v.total, "released <= total");
            if (v.status == ITokenrailEscrow.Status.Active) sum += v.total - v.released;
            if (v.status == ITokenrailEscrow.Status.Completed) {
                assertEq(v.released, v.total, "completed means fully released");
            }
        }
        assertEq(token.balanceOf(address(escrow)), sum, "custody == unreleased of active");
        assertEq(sum, handler.expectedCustody(), "custody == handler ledger");
    }

    /// Nothing is created or destroyed: deposits equal custody plus payouts.
    function invariant_conservation() public view {
        assertEq(
            handler.totalDeposited(),
            token.balanceOf(address(escrow)) + handler.totalPaidOut(),
            "deposited == custody + paid out"
        );
    }
}
