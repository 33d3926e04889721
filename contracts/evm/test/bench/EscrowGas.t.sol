// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailEscrow} from "../../src/escrow/TokenrailEscrow.sol";

/// @notice Gas of each escrow operation and, in the same run, of a plain OpenZeppelin ERC-20
///         transfer and transferFrom (the peer). Each figure is the call frame's gas from forge's
///         `lastCallGas` (execution only: the 21,000 intrinsic and calldata costs are excluded for
///         all rows alike), emitted as `log_named_uint` for `scripts/bench` to collect.
contract EscrowGasBench is Test {
    event log_named_uint(string key, uint256 val);

    TokenrailEscrow internal escrow;
    MockERC20 internal token;
    address internal depositor = address(0xD0);
    address internal beneficiary = address(0xBE);
    address internal arbiter = address(0xA5);
    uint64 internal deadline;

    function setUp() public {
        vm.warp(1_700_000_000);
        deadline = 1_700_000_000 + 1000;
        escrow = new TokenrailEscrow();
        token = new MockERC20();
        token.mint(depositor, 1e24);
        // Recipients already hold tokens, so no row pays for a zero-to-nonzero balance slot.
        token.mint(beneficiary, 1);
        token.mint(arbiter, 1);
        vm.prank(depositor);
        token.approve(address(escrow), type(uint256).max);
        vm.prank(depositor);
        token.approve(address(this), type(uint256).max);
        // A first escrow, so the measured creates do not pay for initialising the id counter.
        _create(2);
    }

    function _milestones(uint256 n) internal pure returns (uint128[] memory m) {
        m = new uint128[](n);
        for (uint256 i; i < n; ++i) {
            m[i] = 1000;
        }
    }

    function _create(uint256 n) internal returns (uint256 id) {
        vm.prank(depositor);
        id = escrow.create(token, beneficiary, arbiter, _milestones(n), deadline);
    }

    function _record(string memory name) internal {
        emit log_named_uint(name, vm.lastCallGas().gasTotalUsed);
    }

    function test_bench_escrow() public {
        uint256 a = _create(2);
        _record("escrow create (2 milestones)");
        _create(16);
        _record("escrow create (16 milestones)");
        vm.prank(depositor);
        escrow.release(a, 0);
        _record("escrow release (milestone 1 of 2)");
        vm.prank(arbiter);
        escrow.release(a, 1);
        _record("escrow release (last milestone, completes)");
        uint256 c = _create(2);
        vm.prank(beneficiary);
        escrow.cancel(c);
        _record("escrow cancel");
        uint256 d = _create(2);
        vm.warp(deadline);
        escrow.refund(d);
        _record("escrow refund (after deadline)");
    }

    function test_bench_erc20_peer() public {
        vm.prank(depositor);
        token.transfer(beneficiary, 1000);
        _record("peer: OZ ERC-20 transfer");
        token.transferFrom(depositor, arbiter, 1000);
        _record("peer: OZ ERC-20 transferFrom");
    }
}
