// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {Test} from "../utils/Test.sol";
import {MockERC20, FeeOnTransferERC20, ReentrantERC20, BlockingERC20} from "../mocks/MockERC20.sol";
import {TokenrailChannel} from "../../src/channel/TokenrailChannel.sol";
import {ITokenrailChannel} from "../../src/interfaces/ITokenrailChannel.sol";

/// @notice Refuses the native coin.
contract RefusingReceiver {
    receive() external payable {
        revert("no thanks");
    }
}

/// @notice Burns every unit of gas it is given when paid.
contract GasBurner {
    receive() external payable {
        while (true) {}
    }
}

/// @notice Shared fixtures: two parties with known keys, signing helpers.
abstract contract ChannelFixture is Test {
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;
    uint256 internal constant CAROL_PK = 0xCA801;
    /// @dev secp256k1 group order.
    uint256 internal constant N =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint32 internal constant PERIOD = 1 hours;
    uint64 internal constant T0 = 1_700_000_000;

    TokenrailChannel internal channel;
    MockERC20 internal token;
    address internal alice;
    address internal bob;
    address internal carol;

    function setUp() public virtual {
        vm.warp(T0);
        channel = new TokenrailChannel();
        token = new MockERC20();
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        carol = vm.addr(CAROL_PK);
        address[3] memory people = [alice, bob, carol];
        for (uint256 i; i < people.length; ++i) {
            token.mint(people[i], 1_000_000);
            vm.deal(people[i], 1_000_000);
            vm.prank(people[i]);
            token.approve(address(channel), type(uint256).max);
        }
    }

    function _key(address a, address b, address asset)
        internal
        pure
        returns (ITokenrailChannel.ChannelKey memory)
    {
        return ITokenrailChannel.ChannelKey({a: a, b: b, asset: asset});
    }

    function _key() internal view returns (ITokenrailChannel.ChannelKey memory) {
        return _key(alice, bob, address(token));
    }

    /// @dev Alice opens with `a`, Bob tops up with `b`.
    function _open(uint128 a, uint128 b) internal returns (bytes32 id) {
        vm.prank(alice);
        id = channel.open(bob, address(token), a, PERIOD);
        if (b > 0) {
            vm.prank(bob);
            channel.deposit(_key(), b);
        }
    }

    function _state(bytes32 id, uint64 epoch, uint64 nonce, uint128 sentA, uint128 sentB)
        internal
        pure
        returns (ITokenrailChannel.State memory)
    {
        return ITokenrailChannel.State({
            channelId: id, epoch: epoch, nonce: nonce, sentA: sentA, sentB: sentB
        });
    }

    function _sig(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signState(ITokenrailChannel.State memory s)
        internal
        view
        returns (bytes memory sigA, bytes memory sigB)
    {
        bytes32 digest = channel.stateDigest(s);
        return (_sig(ALICE_PK, digest), _sig(BOB_PK, digest));
    }

    function _signClose(ITokenrailChannel.Close memory c)
        internal
        view
        returns (bytes memory sigA, bytes memory sigB)
    {
        bytes32 digest = channel.closeDigest(c);
        return (_sig(ALICE_PK, digest), _sig(BOB_PK, digest));
    }

    function _status(bytes32 id) internal view returns (ITokenrailChannel.Status) {
        return channel.getChannel(id).status;
    }
}

contract TokenrailChannelTest is ChannelFixture {
    // ------------------------------------------------------------------ open and deposit

    function test_open_recordsEpochAndCustody() public {
        vm.expectEmit(true, true, true, true);
        emit ITokenrailChannel.ChannelOpened(
            channel.channelId(_key()), 1, alice, bob, address(token), 500, PERIOD
        );
        bytes32 id = _open(500, 300);
        assertEq(id, keccak256(abi.encode(alice, bob, address(token))), "id derivation");
        ITokenrailChannel.ChannelView memory v = channel.getChannel(id);
        assertTrue(v.status == ITokenrailChannel.Status.Open, "open");
        assertEq(v.epoch, 1, "epoch");
        assertEq(v.depositA, 500, "deposit a");
        assertEq(v.depositB, 300, "deposit b");
        assertEq(token.balanceOf(address(channel)), 800, "custody");
    }

    function test_open_validatesInput() public {
        vm.startPrank(alice);
        vm.expectRevert(ITokenrailChannel.InvalidAddress.selector);
        channel.open(address(0), address(token), 1, PERIOD);
        vm.expectRevert(ITokenrailChannel.InvalidAddress.selector);
        channel.open(bob, address(0xDEAD), 1, PERIOD); // no code: not a token
        vm.expectRevert(ITokenrailChannel.SameParties.selector);
        channel.open(alice, address(token), 1, PERIOD);
        vm.expectRevert(ITokenrailChannel.ZeroAmount.selector);
        channel.open(bob, address(token), 0, PERIOD);
        vm.expectRevert(ITokenrailChannel.InvalidPeriod.selector);
        channel.open(bob, address(token), 1, 1 hours - 1);
        vm.expectRevert(ITokenrailChannel.InvalidPeriod.selector);
        channel.open(bob, address(token), 1, 30 days + 1);
        channel.open(bob, address(token), 1, 30 days);
        bytes32 id = channel.channelId(_key());
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.ChannelOpen.selector, id));
        channel.open(bob, address(token), 1, PERIOD);
        vm.stopPrank();
    }

    function test_open_refusesFeeOnTransferAndStrayValue() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20();
        fee.mint(alice, 1000);
        vm.startPrank(alice);
        fee.approve(address(channel), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.FundsMismatch.selector, 1000, 990));
        channel.open(bob, address(fee), 1000, PERIOD);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.FundsMismatch.selector, 0, 1));
        channel.open{value: 1}(bob, address(token), 1000, PERIOD);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.FundsMismatch.selector, 1000, 999));
        channel.open{value: 999}(bob, address(0), 1000, PERIOD);
        vm.stopPrank();
    }

    function test_deposit_checksInOrder() public {
        ITokenrailChannel.ChannelKey memory k = _key();
        bytes32 id = channel.channelId(k);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.ChannelNotFound.selector, id));
        channel.deposit(k, 1);
        _open(100, 0);
        vm.prank(carol);
        vm.expectRevert(ITokenrailChannel.Unauthorized.selector);
        channel.deposit(k, 1);
        vm.prank(bob);
        vm.expectRevert(ITokenrailChannel.ZeroAmount.selector);
        channel.deposit(k, 0);
        vm.prank(bob);
        channel.deposit(k, 7);
        vm.prank(alice);
        channel.deposit(k, 3);
        ITokenrailChannel.ChannelView memory v = channel.getChannel(id);
        assertEq(v.depositA, 103, "a topped up");
        assertEq(v.depositB, 7, "b deposited");
    }

    function test_deposit_totalMustFit128Bits() public {
        token.mint(alice, type(uint128).max);
        _open(100, 0);
        vm.prank(alice);
        vm.expectRevert(); // arithmetic panic: the channel's total would leave 128 bits
        channel.deposit(_key(), type(uint128).max - 99);
    }

    // ------------------------------------------------------------------ cooperative close

    function test_closeCooperative_paysAtOnce() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 100, sentB: 300});
        (bytes memory sa, bytes memory sb) = _signClose(c);
        vm.expectEmit(true, true, true, true);
        emit ITokenrailChannel.ChannelSettled(id, 1, 700, 300);
        vm.prank(carol); // anyone holding both signatures
        channel.closeCooperative(_key(), c, sa, sb);
        assertEq(token.balanceOf(alice), 1_000_000 + 200, "alice");
        assertEq(token.balanceOf(bob), 1_000_000 - 200, "bob");
        assertEq(token.balanceOf(address(channel)), 0, "custody");
        assertTrue(_status(id) == ITokenrailChannel.Status.Settled, "settled");
    }

    function test_closeCooperative_refusesAStateSignedAsClose() public {
        bytes32 id = _open(500, 500);
        // Both signed a State with these numbers; offering it as a Close verifies for nobody.
        (bytes memory sa, bytes memory sb) = _signState(_state(id, 1, 0, 100, 300));
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 100, sentB: 300});
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongSigner.selector, alice));
        channel.closeCooperative(_key(), c, sa, sb);
    }

    function test_closeCooperative_refusesOverdraw() public {
        bytes32 id = _open(500, 0);
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 501, sentB: 0});
        (bytes memory sa, bytes memory sb) = _signClose(c);
        vm.expectRevert(ITokenrailChannel.Overdrawn.selector);
        channel.closeCooperative(_key(), c, sa, sb);
    }

    // ------------------------------------------------------------------ signatures

    function test_signature_highSIsRefused() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        (bytes memory sa, bytes memory sb) = _signState(s);
        (bytes32 r, bytes32 sv, uint8 v) = _split(sa);
        bytes memory high = abi.encodePacked(r, bytes32(N - uint256(sv)), v == 27 ? 28 : 27);
        vm.prank(alice);
        vm.expectRevert(ITokenrailChannel.InvalidSignature.selector);
        channel.closeUnilateral(_key(), s, high, sb);
    }

    function test_signature_compactFormIsRefused() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        (bytes memory sa, bytes memory sb) = _signState(s);
        (bytes32 r, bytes32 sv, uint8 v) = _split(sa);
        // EIP-2098: the recovery bit folded into the top bit of s.
        bytes32 vs = bytes32(uint256(sv) | (uint256(v - 27) << 255));
        vm.prank(alice);
        vm.expectRevert(ITokenrailChannel.InvalidSignature.selector);
        channel.closeUnilateral(_key(), s, abi.encodePacked(r, vs), sb);
        // A wrong v, or a truncated signature, is malformed too.
        vm.prank(alice);
        vm.expectRevert(ITokenrailChannel.InvalidSignature.selector);
        channel.closeUnilateral(_key(), s, abi.encodePacked(r, sv, uint8(29)), sb);
    }

    function test_signature_wrongSigner() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        bytes32 digest = channel.stateDigest(s);
        bytes memory byAlice = _sig(ALICE_PK, digest);
        bytes memory byCarol = _sig(CAROL_PK, digest);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongSigner.selector, bob));
        channel.closeUnilateral(_key(), s, byAlice, byCarol);
        // Swapped signatures: each must be its own party's.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongSigner.selector, alice));
        channel.closeUnilateral(_key(), s, _sig(BOB_PK, digest), byAlice);
    }

    function test_signature_otherChainIdDoesNotVerify() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        vm.chainId(999);
        (bytes memory sa, bytes memory sb) = _signState(s); // signed for chain 999
        vm.chainId(31_337);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongSigner.selector, alice));
        channel.closeUnilateral(_key(), s, sa, sb);
    }

    function test_signature_otherDeploymentDoesNotVerify() public {
        bytes32 id = _open(500, 500);
        TokenrailChannel other = new TokenrailChannel();
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        bytes32 digest = other.stateDigest(s);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongSigner.selector, alice));
        channel.closeUnilateral(_key(), s, _sig(ALICE_PK, digest), _sig(BOB_PK, digest));
    }

    function test_replay_otherChannelAndReopenedEpoch() public {
        bytes32 id = _open(500, 500);
        // The same pair in another asset is another channel.
        MockERC20 other = new MockERC20();
        other.mint(alice, 1000);
        vm.startPrank(alice);
        other.approve(address(channel), 1000);
        channel.open(bob, address(other), 1000, PERIOD);
        vm.stopPrank();
        ITokenrailChannel.State memory s = _state(id, 1, 1, 0, 10);
        (bytes memory sa, bytes memory sb) = _signState(s);
        ITokenrailChannel.ChannelKey memory otherKey = _key(alice, bob, address(other));
        bytes32 otherId = channel.channelId(otherKey);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongChannel.selector, otherId, 1));
        channel.closeUnilateral(otherKey, s, sa, sb);

        // Settle epoch 1 cooperatively, re-open: the epoch-1 state no longer verifies.
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 0, sentB: 0});
        (bytes memory ca, bytes memory cb) = _signClose(c);
        channel.closeCooperative(_key(), c, ca, cb);
        _open(100, 0);
        assertEq(channel.getChannel(id).epoch, 2, "epoch 2");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongChannel.selector, id, 2));
        channel.closeUnilateral(_key(), s, sa, sb);
        // Nor does the old Close.
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.WrongChannel.selector, id, 2));
        channel.closeCooperative(_key(), c, ca, cb);
    }

    // ------------------------------------------------------------------ dispute

    function test_dispute_challengeThenSettleAtDeadlineEdges() public {
        bytes32 id = _open(500, 500);
        ITokenrailChannel.State memory s2 = _state(id, 1, 2, 0, 100);
        ITokenrailChannel.State memory s3 = _state(id, 1, 3, 0, 200);
        ITokenrailChannel.State memory s4 = _state(id, 1, 4, 0, 400);
        (bytes memory a2, bytes memory b2) = _signState(s2);
        (bytes memory a3, bytes memory b3) = _signState(s3);
        (bytes memory a4, bytes memory b4) = _signState(s4);

        vm.prank(carol);
        vm.expectRevert(ITokenrailChannel.Unauthorized.selector);
        channel.closeUnilateral(_key(), s2, a2, b2);
        vm.prank(bob);
        channel.closeUnilateral(_key(), s2, a2, b2);
        uint64 deadline = T0 + PERIOD;
        assertEq(channel.getChannel(id).deadline, deadline, "deadline");

        // No top-up and no second close during the challenge period.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.NotOpen.selector, id));
        channel.deposit(_key(), 10);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.NotOpen.selector, id));
        channel.closeUnilateral(_key(), s3, a3, b3);
        // Equal nonce is stale, whatever the signature bytes.
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.StaleNonce.selector, 2, 2));
        channel.challenge(_key(), s2, a2, b2);

        vm.warp(deadline - 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailChannel.ChallengePeriodActive.selector, deadline)
        );
        channel.settle(_key());
        channel.challenge(_key(), s3, a3, b3);
        assertEq(channel.getChannel(id).nonce, 3, "challenged");
        assertEq(channel.getChannel(id).deadline, deadline, "deadline unmoved");

        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailChannel.ChallengePeriodOver.selector, deadline)
        );
        channel.challenge(_key(), s4, a4, b4);
        channel.settle(_key());
        assertEq(token.balanceOf(alice), 1_000_000 - 500 + 700, "alice got 700");
        assertEq(token.balanceOf(bob), 1_000_000 - 500 + 300, "bob got 300");

        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.NotClosing.selector, id));
        channel.settle(_key());
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.NotClosing.selector, id));
        channel.challenge(_key(), s4, a4, b4);
    }

    function test_timeoutRefund_withoutCounterpartyKey() public {
        bytes32 id = _open(500, 0);
        vm.prank(carol);
        vm.expectRevert(ITokenrailChannel.Unauthorized.selector);
        channel.closeWithoutState(_key());
        vm.prank(alice);
        channel.closeWithoutState(_key());
        vm.warp(T0 + PERIOD);
        channel.settle(_key());
        assertEq(token.balanceOf(alice), 1_000_000, "alice refunded in full");
        assertTrue(_status(id) == ITokenrailChannel.Status.Settled, "settled");
    }

    function test_timeoutRefund_canBeChallenged() public {
        bytes32 id = _open(500, 0);
        ITokenrailChannel.State memory s = _state(id, 1, 1, 200, 0);
        (bytes memory sa, bytes memory sb) = _signState(s);
        vm.prank(alice);
        channel.closeWithoutState(_key());
        vm.prank(bob);
        channel.challenge(_key(), s, sa, sb);
        vm.warp(T0 + PERIOD);
        channel.settle(_key());
        assertEq(token.balanceOf(bob), 1_000_000 + 200, "bob keeps what alice paid");
    }

    // ------------------------------------------------------------------ native coin

    function test_native_openDepositSettle() public {
        ITokenrailChannel.ChannelKey memory k = _key(alice, bob, address(0));
        vm.prank(alice);
        bytes32 id = channel.open{value: 400}(bob, address(0), 400, PERIOD);
        vm.prank(bob);
        channel.deposit{value: 100}(k, 100);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailChannel.FundsMismatch.selector, 5, 4));
        channel.deposit{value: 4}(k, 5);
        assertEq(address(channel).balance, 500, "custody");
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 150, sentB: 0});
        (bytes memory sa, bytes memory sb) = _signClose(c);
        channel.closeCooperative(k, c, sa, sb);
        assertEq(alice.balance, 1_000_000 - 400 + 250, "alice");
        assertEq(bob.balance, 1_000_000 - 100 + 250, "bob");
    }

    // ------------------------------------------------------------------ refused payouts

    function test_refusedNativePayout_isDeferredNotBlocking() public {
        RefusingReceiver refuser = new RefusingReceiver();
        _assertDeferred(address(refuser));
    }

    function test_gasBurningReceiver_cannotBlockSettlement() public {
        GasBurner burner = new GasBurner();
        _assertDeferred(address(burner));
    }

    /// @dev A contract party that refuses the coin is credited; the other party is paid in the
    ///      same settlement, and the credit can be withdrawn elsewhere.
    function _assertDeferred(address refuser) internal {
        vm.deal(refuser, 300);
        vm.prank(refuser);
        channel.open{value: 300}(alice, address(0), 300, PERIOD);
        ITokenrailChannel.ChannelKey memory k = _key(refuser, alice, address(0));
        vm.prank(alice);
        channel.deposit{value: 200}(k, 200);
        vm.prank(alice);
        channel.closeWithoutState(k);
        vm.warp(T0 + PERIOD);
        vm.expectEmit(true, true, true, true);
        emit ITokenrailChannel.PayoutDeferred(address(0), refuser, 300);
        channel.settle{gas: 500_000}(k);
        assertEq(alice.balance, 1_000_000, "alice paid despite the refuser");
        assertEq(channel.owed(address(0), refuser), 300, "credited");
        assertEq(address(channel).balance, 300, "held for withdrawal");
        vm.prank(refuser);
        channel.withdraw(address(0), carol);
        assertEq(carol.balance, 1_000_000 + 300, "withdrawn elsewhere");
        assertEq(address(channel).balance, 0, "nothing held");
        vm.prank(refuser);
        vm.expectRevert(ITokenrailChannel.ZeroAmount.selector);
        channel.withdraw(address(0), carol);
    }

    function test_blockedTokenPayout_isDeferred() public {
        BlockingERC20 blocking = new BlockingERC20(bob);
        blocking.mint(alice, 1000);
        vm.startPrank(alice);
        blocking.approve(address(channel), 1000);
        bytes32 id = channel.open(bob, address(blocking), 1000, PERIOD);
        vm.stopPrank();
        ITokenrailChannel.ChannelKey memory k = _key(alice, bob, address(blocking));
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: 250, sentB: 0});
        (bytes memory sa, bytes memory sb) = _signClose(c);
        vm.expectEmit(true, true, true, true);
        emit ITokenrailChannel.PayoutDeferred(address(blocking), bob, 250);
        channel.closeCooperative(k, c, sa, sb);
        assertEq(blocking.balanceOf(alice), 750, "alice paid at once");
        assertEq(channel.owed(address(blocking), bob), 250, "bob credited");
        vm.prank(bob);
        channel.withdraw(address(blocking), carol);
        assertEq(blocking.balanceOf(carol), 250, "bob withdrew to an unblocked address");
    }

    // ------------------------------------------------------------------ reentrancy

    function test_reentrancy_settleDuringPayoutIsRefused() public {
        ReentrantERC20 evil = new ReentrantERC20();
        evil.mint(alice, 1000);
        vm.startPrank(alice);
        evil.approve(address(channel), 1000);
        channel.open(bob, address(evil), 1000, PERIOD);
        channel.closeWithoutState(_key(alice, bob, address(evil)));
        vm.stopPrank();
        vm.warp(T0 + PERIOD);
        ITokenrailChannel.ChannelKey memory k = _key(alice, bob, address(evil));
        evil.arm(address(channel), abi.encodeCall(channel.settle, (k)));
        channel.settle(k);
        assertEq(
            bytes4(evil.reentryError()),
            ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector,
            "reentry refused"
        );
        assertEq(evil.balanceOf(alice), 1000, "paid once");
        assertEq(evil.balanceOf(address(channel)), 0, "nothing left");
    }

    function test_depositTransferFailure_isTransferFailed() public {
        address poor = address(0x9009);
        vm.prank(alice);
        channel.open(poor, address(token), 100, PERIOD);
        vm.prank(poor); // no balance, no allowance
        vm.expectRevert(ITokenrailChannel.TransferFailed.selector);
        channel.deposit(_key(alice, poor, address(token)), 1);
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Any co-signed Close either overdraws (refused, nothing moves) or pays out exactly
    ///         the deposits, split as the spec's balance rule says.
    function testFuzz_closePaysExactlyTheDeposits(
        uint128 depositA,
        uint128 depositB,
        uint128 sentA,
        uint128 sentB
    ) public {
        depositA = uint128(bound(depositA, 1, 1e30));
        depositB = uint128(bound(depositB, 0, 1e30));
        sentA = uint128(bound(sentA, 0, 3e30));
        sentB = uint128(bound(sentB, 0, 3e30));
        token.mint(alice, depositA);
        token.mint(bob, depositB);
        bytes32 id = _open(depositA, depositB);
        ITokenrailChannel.Close memory c =
            ITokenrailChannel.Close({channelId: id, epoch: 1, sentA: sentA, sentB: sentB});
        (bytes memory sa, bytes memory sb) = _signClose(c);
        uint256 aliceBefore = token.balanceOf(alice);
        uint256 bobBefore = token.balanceOf(bob);
        bool solvent = uint256(depositA) + sentB >= sentA && uint256(depositB) + sentA >= sentB;
        if (!solvent) vm.expectRevert(ITokenrailChannel.Overdrawn.selector);
        channel.closeCooperative(_key(), c, sa, sb);
        if (!solvent) {
            assertEq(token.balanceOf(address(channel)), uint256(depositA) + depositB, "held");
            return;
        }
        assertEq(token.balanceOf(address(channel)), 0, "all paid");
        assertEq(
            token.balanceOf(alice) - aliceBefore,
            uint256(depositA) + sentB - sentA,
            "alice's balance rule"
        );
        assertEq(
            token.balanceOf(alice) - aliceBefore + token.balanceOf(bob) - bobBefore,
            uint256(depositA) + depositB,
            "payouts sum to deposits"
        );
    }

    function _split(bytes memory sig) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
    }
}
