// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailChannel} from "../../src/channel/TokenrailChannel.sol";
import {ITokenrailChannel} from "../../src/interfaces/ITokenrailChannel.sol";

/// @notice Gas of each channel operation, in an ERC-20 and in the native coin, for
///         `scripts/bench` (whole-transaction gas under `forge test --isolate`, emitted as
///         `log_named_uint`). The peer rows (an OpenZeppelin transfer) come from the escrow bench
///         in the same run; the report sets the rows next to the issue's historic anchors.
contract ChannelGasBench is Test {
    event log_named_uint(string key, uint256 val);

    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;
    uint32 internal constant PERIOD = 1 hours;

    TokenrailChannel internal channel;
    MockERC20 internal token;
    address internal alice;
    address internal bob;

    function setUp() public {
        vm.warp(1_700_000_000);
        channel = new TokenrailChannel();
        token = new MockERC20();
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        // Both parties already hold tokens and have approved, as in a real first open.
        token.mint(alice, 1e24);
        token.mint(bob, 1e24);
        vm.deal(alice, 1e24);
        vm.deal(bob, 1e24);
        vm.prank(alice);
        token.approve(address(channel), type(uint256).max);
        vm.prank(bob);
        token.approve(address(channel), type(uint256).max);
        // Another pair's channel, so custody already holds the token (and the coin) as on a
        // live deployment: no row pays for the contract's first-ever balance slot.
        address carol = address(0xCA801);
        token.mint(carol, 1e24);
        vm.deal(carol, 1e24);
        vm.startPrank(carol);
        token.approve(address(channel), type(uint256).max);
        channel.open(alice, address(token), 1, PERIOD);
        channel.open{value: 1}(alice, address(0), 1, PERIOD);
        vm.stopPrank();
    }

    function _record(string memory name) internal {
        emit log_named_uint(name, vm.lastCallGas().gasTotalUsed);
    }

    function _key(address asset) internal view returns (ITokenrailChannel.ChannelKey memory) {
        return ITokenrailChannel.ChannelKey({a: alice, b: bob, asset: asset});
    }

    function _sigs(bytes32 digest) internal pure returns (bytes memory sa, bytes memory sb) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ALICE_PK, digest);
        sa = abi.encodePacked(r, s, v);
        (v, r, s) = vm.sign(BOB_PK, digest);
        sb = abi.encodePacked(r, s, v);
    }

    function _close(bytes32 id, uint64 epoch, uint128 sentA, uint128 sentB)
        internal
        view
        returns (ITokenrailChannel.Close memory c, bytes memory sa, bytes memory sb)
    {
        c = ITokenrailChannel.Close({channelId: id, epoch: epoch, sentA: sentA, sentB: sentB});
        (sa, sb) = _sigs(channel.closeDigest(c));
    }

    function _state(bytes32 id, uint64 epoch, uint64 nonce, uint128 sentA, uint128 sentB)
        internal
        view
        returns (ITokenrailChannel.State memory s, bytes memory sa, bytes memory sb)
    {
        s = ITokenrailChannel.State({
            channelId: id, epoch: epoch, nonce: nonce, sentA: sentA, sentB: sentB
        });
        (sa, sb) = _sigs(channel.stateDigest(s));
    }

    function test_bench_channel_erc20() public {
        ITokenrailChannel.ChannelKey memory k = _key(address(token));
        vm.prank(alice);
        bytes32 id = channel.open(bob, address(token), 1000, PERIOD);
        _record("channel open (ERC-20, first epoch)");
        vm.prank(bob);
        channel.deposit(k, 1000);
        _record("channel deposit (ERC-20, counterparty)");
        (ITokenrailChannel.Close memory c, bytes memory ca, bytes memory cb) =
            _close(id, 1, 300, 100);
        channel.closeCooperative(k, c, ca, cb);
        _record("channel cooperative close (ERC-20, pays both)");

        vm.prank(alice);
        channel.open(bob, address(token), 1000, PERIOD);
        _record("channel open (ERC-20, re-open: next epoch)");
        vm.prank(bob);
        channel.deposit(k, 1000);
        (ITokenrailChannel.State memory s1, bytes memory a1, bytes memory b1) =
            _state(id, 2, 1, 100, 0);
        (ITokenrailChannel.State memory s2, bytes memory a2, bytes memory b2) =
            _state(id, 2, 2, 200, 50);
        vm.prank(bob);
        channel.closeUnilateral(k, s1, a1, b1);
        _record("channel unilateral close (ERC-20)");
        vm.prank(alice);
        channel.challenge(k, s2, a2, b2);
        _record("channel challenge (ERC-20)");
        vm.warp(block.timestamp + PERIOD);
        channel.settle(k);
        _record("channel settle (ERC-20, pays both)");

        vm.prank(alice);
        channel.open(bob, address(token), 1000, PERIOD);
        vm.prank(alice);
        channel.closeWithoutState(k);
        _record("channel close without state (timeout refund)");
        vm.warp(block.timestamp + PERIOD);
        channel.settle(k);
        _record("channel settle (timeout refund, pays one)");
    }

    function test_bench_channel_native() public {
        ITokenrailChannel.ChannelKey memory k = _key(address(0));
        vm.prank(alice);
        bytes32 id = channel.open{value: 1000}(bob, address(0), 1000, PERIOD);
        _record("channel open (native, first epoch)");
        vm.prank(bob);
        channel.deposit{value: 1000}(k, 1000);
        _record("channel deposit (native, counterparty)");
        (ITokenrailChannel.Close memory c, bytes memory ca, bytes memory cb) =
            _close(id, 1, 300, 100);
        channel.closeCooperative(k, c, ca, cb);
        _record("channel cooperative close (native, pays both)");
    }
}
