// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailChannel} from "../../src/channel/TokenrailChannel.sol";
import {ITokenrailChannel} from "../../src/interfaces/ITokenrailChannel.sol";

/// @notice Drives random opens, deposits, co-signed closes, unilateral closes, challenges,
///         settlements and clock moves over the six ordered pairs of three keyed parties, and
///         records what the invariants need.
contract ChannelHandler is Test {
    TokenrailChannel public immutable channel;
    MockERC20 public immutable token;
    uint256[3] internal keys = [uint256(0xA11CE), 0xB0B, 0xCA801];
    address[3] public parties;

    uint256 public time = 1_700_000_000;
    uint256 public deposited;
    uint256 public paidOut;
    /// @notice Set if a Closing channel's recorded nonce ever went down.
    bool public nonceWentDown;
    /// @notice Set if a settled epoch was ever paid twice.
    bool public paidTwice;
    mapping(bytes32 id => mapping(uint64 epoch => bool)) internal _settledEpoch;

    constructor(TokenrailChannel channel_, MockERC20 token_) {
        channel = channel_;
        token = token_;
        for (uint256 i; i < 3; ++i) {
            parties[i] = vm.addr(keys[i]);
            token.mint(parties[i], 1e30);
            vm.prank(parties[i]);
            token.approve(address(channel), type(uint256).max);
        }
    }

    /// @notice The ordered pair `p` (0..5): opener index and counterparty index.
    function pair(uint256 p) public pure returns (uint256 a, uint256 b) {
        p %= 6;
        a = p / 2;
        b = (a + 1 + p % 2) % 3;
    }

    function key(uint256 p) public view returns (ITokenrailChannel.ChannelKey memory) {
        (uint256 a, uint256 b) = pair(p);
        return ITokenrailChannel.ChannelKey({a: parties[a], b: parties[b], asset: address(token)});
    }

    function open(uint256 p, uint256 amount, uint256 period) external {
        (uint256 a, uint256 b) = pair(p);
        amount = bound(amount, 1, 1e24);
        vm.warp(time);
        vm.prank(parties[a]);
        try channel.open(
            parties[b], address(token), uint128(amount), uint32(bound(period, 3600, 7200))
        ) {
            deposited += amount;
        } catch {}
    }

    function deposit(uint256 p, bool byB, uint256 amount) external {
        ITokenrailChannel.ChannelKey memory k = key(p);
        amount = bound(amount, 1, 1e24);
        vm.warp(time);
        vm.prank(byB ? k.b : k.a);
        try channel.deposit(k, uint128(amount)) {
            deposited += amount;
        } catch {}
    }

    function closeCooperative(uint256 p, uint256 sentA, uint256 sentB) external {
        ITokenrailChannel.ChannelKey memory k = key(p);
        bytes32 id = channel.channelId(k);
        ITokenrailChannel.Close memory c = ITokenrailChannel.Close({
            channelId: id,
            epoch: channel.getChannel(id).epoch,
            sentA: uint128(bound(sentA, 0, 2e24)),
            sentB: uint128(bound(sentB, 0, 2e24))
        });
        bytes32 digest = channel.closeDigest(c);
        (bytes memory sa, bytes memory sb) = _sign(p, digest);
        _payout(id, abi.encodeCall(channel.closeCooperative, (k, c, sa, sb)));
    }

    function closeUnilateral(uint256 p, bool byB, uint64 nonce, uint256 sentA, uint256 sentB)
        external
    {
        ITokenrailChannel.ChannelKey memory k = key(p);
        (ITokenrailChannel.State memory s, bytes memory sa, bytes memory sb) =
            _signedState(p, nonce, sentA, sentB);
        vm.warp(time);
        vm.prank(byB ? k.b : k.a);
        try channel.closeUnilateral(k, s, sa, sb) {} catch {}
    }

    function closeWithoutState(uint256 p, bool byB) external {
        ITokenrailChannel.ChannelKey memory k = key(p);
        vm.warp(time);
        vm.prank(byB ? k.b : k.a);
        try channel.closeWithoutState(k) {} catch {}
    }

    function challenge(uint256 p, uint64 nonce, uint256 sentA, uint256 sentB) external {
        ITokenrailChannel.ChannelKey memory k = key(p);
        bytes32 id = channel.channelId(k);
        uint64 before = channel.getChannel(id).nonce;
        (ITokenrailChannel.State memory s, bytes memory sa, bytes memory sb) =
            _signedState(p, nonce, sentA, sentB);
        vm.warp(time);
        try channel.challenge(k, s, sa, sb) {} catch {}
        if (channel.getChannel(id).nonce < before) nonceWentDown = true;
    }

    function settle(uint256 p) external {
        ITokenrailChannel.ChannelKey memory k = key(p);
        _payout(channel.channelId(k), abi.encodeCall(channel.settle, (k)));
    }

    function warp(uint256 secs) external {
        time += bound(secs, 1, 4000);
    }

    function _signedState(uint256 p, uint64 nonce, uint256 sentA, uint256 sentB)
        internal
        view
        returns (ITokenrailChannel.State memory s, bytes memory sa, bytes memory sb)
    {
        bytes32 id = channel.channelId(key(p));
        s = ITokenrailChannel.State({
            channelId: id,
            epoch: channel.getChannel(id).epoch,
            nonce: uint64(bound(nonce, 0, 20)),
            sentA: uint128(bound(sentA, 0, 2e24)),
            sentB: uint128(bound(sentB, 0, 2e24))
        });
        (sa, sb) = _sign(p, channel.stateDigest(s));
    }

    function _sign(uint256 p, bytes32 digest) internal view returns (bytes memory, bytes memory) {
        (uint256 a, uint256 b) = pair(p);
        (uint8 va, bytes32 ra, bytes32 sa) = vm.sign(keys[a], digest);
        (uint8 vb, bytes32 rb, bytes32 sb) = vm.sign(keys[b], digest);
        return (abi.encodePacked(ra, sa, va), abi.encodePacked(rb, sb, vb));
    }

    /// @dev Runs a settling call and books what left custody, and whether an epoch paid twice.
    function _payout(bytes32 id, bytes memory call) internal {
        uint64 epoch = channel.getChannel(id).epoch;
        uint256 before = token.balanceOf(address(channel));
        vm.warp(time);
        (bool ok,) = address(channel).call(call);
        if (!ok) return;
        if (_settledEpoch[id][epoch]) paidTwice = true;
        _settledEpoch[id][epoch] = true;
        paidOut += before - token.balanceOf(address(channel));
    }
}

/// @notice Custody always equals the live deposits; payouts never exceed deposits; the recorded
///         nonce never goes down; an epoch settles once.
contract TokenrailChannelInvariantTest is Test {
    TokenrailChannel internal channel;
    MockERC20 internal token;
    ChannelHandler internal handler;

    function setUp() public {
        channel = new TokenrailChannel();
        token = new MockERC20();
        handler = new ChannelHandler(channel, token);
        targetContract(address(handler));
    }

    function invariant_custodyEqualsLiveDeposits() public view {
        uint256 live;
        for (uint256 p; p < 6; ++p) {
            ITokenrailChannel.ChannelView memory v =
                channel.getChannel(channel.channelId(handler.key(p)));
            if (v.status == ITokenrailChannel.Status.Settled) {
                assertEq(
                    uint256(v.depositA) + v.depositB + v.sentA + v.sentB, 0, "settled is empty"
                );
            }
            live += uint256(v.depositA) + v.depositB;
        }
        assertEq(token.balanceOf(address(channel)), live, "custody == live deposits");
        assertEq(handler.deposited() - handler.paidOut(), live, "in - out == live deposits");
    }

    function invariant_noncesOnlyGrowAndEpochsSettleOnce() public view {
        assertTrue(!handler.nonceWentDown(), "recorded nonce went down");
        assertTrue(!handler.paidTwice(), "an epoch paid twice");
    }
}
