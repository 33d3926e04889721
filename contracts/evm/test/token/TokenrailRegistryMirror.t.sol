// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {TokenrailAssetToken} from "../../src/token/TokenrailAssetToken.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {ITokenrailIdentityRegistry} from "../../src/interfaces/ITokenrailIdentityRegistry.sol";
import {ITokenrailRegistryMirror} from "../../src/interfaces/ITokenrailRegistryMirror.sol";
import {TokenrailRoles} from "../../src/access/TokenrailRoles.sol";

/// @notice A token that names the registry and cooperates until told to refuse every push.
contract RefusingMirror is ITokenrailRegistryMirror {
    ITokenrailIdentityRegistry public immutable registry;
    bool public refusing;

    constructor(ITokenrailIdentityRegistry registry_) {
        registry = registry_;
    }

    function refuse() external {
        refusing = true;
    }

    function mirrorEntries(address[] calldata, uint256[] calldata) external view {
        require(!refusing, "refused");
    }

    function resetRegistryMirror() external view returns (bool) {
        require(!refusing, "refused");
        return true;
    }
}

/// @notice The registry binding on EVM (`docs/spec/whitelist.md`, EVM): the registry pushes every
///         entry change to the tokens bound to it, and each token keeps its holders' entries in
///         their restriction words. Attack classes: writes to the mirror from anyone but the
///         registry, stale entries (an unbound or re-bound token, a revocation), a token that
///         refuses pushes, binding a token that names another registry, and the packing of local
///         restrictions and mirrored entries into one word.
contract TokenrailRegistryMirrorTest is Test {
    TokenrailIdentityRegistry internal registry;
    TokenrailAssetToken internal token;
    address internal admin = address(0xAD);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal carol = address(0xCA201);
    address internal stranger = address(0x5742);
    uint64 internal expiry;

    function setUp() public {
        vm.warp(1_700_000_000);
        expiry = uint64(block.timestamp + 365 days);
        registry = new TokenrailIdentityRegistry(admin);
        token = _newToken(registry);
        vm.startPrank(admin);
        registry.grantRole(registry.REGISTRY_AGENT(), admin);
        vm.stopPrank();
    }

    function _newToken(ITokenrailIdentityRegistry r) internal returns (TokenrailAssetToken t) {
        t = new TokenrailAssetToken("Bond", "BND", 6, 1e24, r, admin, "ipfs://doc", bytes32(0));
        vm.startPrank(admin);
        t.grantRole(t.ISSUER(), admin);
        t.grantRole(t.COMPLIANCE_AGENT(), admin);
        vm.stopPrank();
    }

    function _upsert(address who, uint8 status, uint16 jurisdiction, uint64 kycExpiry) internal {
        address[] memory investors = new address[](1);
        investors[0] = who;
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](1);
        entries[0] = ITokenrailIdentityRegistry.Entry(status, jurisdiction, kycExpiry);
        vm.prank(admin);
        registry.upsert(investors, entries);
    }

    function _list(address a) internal pure returns (address[] memory l) {
        l = new address[](1);
        l[0] = a;
    }

    function _bind(address t) internal {
        vm.prank(admin);
        registry.bindToken(t);
    }

    function _assertMirrors(TokenrailAssetToken t, address who, string memory what) internal view {
        ITokenrailIdentityRegistry.Entry memory want = registry.entryOf(who);
        ITokenrailIdentityRegistry.Entry memory got;
        (got.status, got.jurisdiction, got.kycExpiry) = t.mirroredEntry(who);
        assertEq(got.status, want.status, string.concat(what, ": status"));
        assertEq(got.jurisdiction, want.jurisdiction, string.concat(what, ": jurisdiction"));
        assertEq(got.kycExpiry, want.kycExpiry, string.concat(what, ": expiry"));
    }

    function test_anUnboundTokenTreatsEveryoneAsUnregistered() public {
        _upsert(alice, 1, 276, expiry);
        assertTrue(registry.isEligible(alice), "eligible in the registry");
        assertTrue(!token.canReceive(alice), "but not on a token the registry does not serve");
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailAssetToken.RecipientNotVerified.selector, alice)
        );
        token.mint(alice, 1);
    }

    function test_bindingNeedsTheAdminAndATokenNamingThisRegistry() public {
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, stranger, bytes32(0))
        );
        registry.bindToken(address(token));

        TokenrailIdentityRegistry other = new TokenrailIdentityRegistry(admin);
        TokenrailAssetToken foreign = _newToken(other);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenrailIdentityRegistry.BindingRefused.selector, address(foreign)
            )
        );
        registry.bindToken(address(foreign));

        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.BindingRefused.selector, alice)
        );
        registry.bindToken(alice); // not a contract

        _bind(address(token));
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenrailIdentityRegistry.BindingRefused.selector, address(token)
            )
        );
        registry.bindToken(address(token)); // twice

        for (uint256 i = 1; i < registry.MAX_TOKENS(); ++i) {
            _bind(address(_newToken(registry)));
        }
        assertEq(registry.boundTokens().length, registry.MAX_TOKENS(), "full");
        TokenrailAssetToken extra = _newToken(registry);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenrailIdentityRegistry.BindingRefused.selector, address(extra)
            )
        );
        registry.bindToken(address(extra));
    }

    function test_onlyTheRegistryWritesTheMirror() public {
        bytes32 role = token.REGISTRY();
        address[3] memory callers = [admin, alice, stranger];
        for (uint256 i; i < callers.length; ++i) {
            uint256[] memory words = new uint256[](1);
            words[0] = uint256(1) | uint256(276) << 8 | uint256(expiry) << 24;
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, callers[i], role)
            );
            token.mirrorEntries(_list(alice), words);
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, callers[i], role)
            );
            token.resetRegistryMirror();
        }
        vm.prank(address(registry));
        vm.expectRevert(TokenrailAssetToken.LengthMismatch.selector);
        token.mirrorEntries(_list(alice), new uint256[](2));
    }

    function test_entriesBeforeTheBindingNeedASync() public {
        _upsert(alice, 1, 276, expiry);
        _bind(address(token));
        assertTrue(!token.canReceive(alice), "not pushed yet");

        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.NotBound.selector, address(this))
        );
        registry.syncInvestors(address(this), _list(alice));
        vm.expectRevert(abi.encodeWithSelector(ITokenrailIdentityRegistry.MaxBatch.selector, 101));
        registry.syncInvestors(address(token), new address[](101));

        // Anyone may push the truth.
        vm.prank(stranger);
        registry.syncInvestors(address(token), _list(alice));
        assertTrue(token.canReceive(alice), "synced");
        _assertMirrors(token, alice, "alice");
        _assertMirrors(token, bob, "an unregistered address");
    }

    function test_everyChangeReachesEveryBoundTokenAtOnce() public {
        TokenrailAssetToken second = _newToken(registry);
        _bind(address(token));
        _bind(address(second));
        _upsert(alice, 1, 276, expiry);
        _upsert(bob, 1, 840, expiry);
        vm.startPrank(admin);
        token.mint(alice, 100);
        second.mint(alice, 100);
        vm.stopPrank();

        // A revocation: the very next transfer to bob fails on both tokens.
        _upsert(bob, 2, 840, expiry);
        TokenrailAssetToken[2] memory tokens = [token, second];
        for (uint256 i; i < 2; ++i) {
            _assertMirrors(tokens[i], bob, "revoked");
            vm.prank(alice);
            vm.expectRevert(
                abi.encodeWithSelector(TokenrailAssetToken.RecipientNotVerified.selector, bob)
            );
            tokens[i].transfer(bob, 1);
        }
        // Restored, then removed.
        _upsert(bob, 1, 840, expiry);
        for (uint256 i; i < 2; ++i) {
            vm.prank(alice);
            tokens[i].transfer(bob, 1);
        }
        vm.prank(admin);
        registry.remove(_list(bob));
        for (uint256 i; i < 2; ++i) {
            _assertMirrors(tokens[i], bob, "removed");
            assertEq(tokens[i].transferStatus(alice, bob, 1), 12, "unregistered recipient");
            assertEq(tokens[i].transferStatus(bob, alice, 1), 10, "unregistered sender");
        }
    }

    function test_unbindingFailsSafeAndRebindingRevivesNothing() public {
        _bind(address(token));
        _upsert(alice, 1, 276, expiry);
        _upsert(bob, 1, 276, expiry);
        vm.prank(admin);
        token.mint(alice, 100);

        vm.prank(admin);
        vm.expectEmit(true, false, false, true);
        emit ITokenrailIdentityRegistry.TokenUnbound(address(token), true);
        registry.unbindToken(address(token));
        assertEq(registry.boundTokens().length, 0, "unbound");
        assertEq(token.transferStatus(alice, bob, 1), 10, "stale entries are not trusted");

        // Bob is revoked while the token hears nothing; re-binding must not bring back his
        // old (verified) word.
        _upsert(bob, 2, 276, expiry);
        _bind(address(token));
        assertEq(token.transferStatus(alice, bob, 1), 10, "nothing revived");
        registry.syncInvestors(address(token), _list(alice));
        assertEq(token.transferStatus(alice, bob, 1), 12, "bob's pre-unbind word is void");
        registry.syncInvestors(address(token), _list(bob));
        _assertMirrors(token, bob, "revoked after sync");

        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.NotBound.selector, address(this))
        );
        registry.unbindToken(address(this));
    }

    function test_aTokenThatRefusesPushesCanBeUnbound() public {
        RefusingMirror bad = new RefusingMirror(registry);
        _bind(address(token));
        _bind(address(bad));
        bad.refuse();
        // While bound, a refusing token blocks every change: nothing goes stale silently.
        vm.prank(admin);
        vm.expectRevert(bytes("refused"));
        registry.upsert(_list(alice), _entries(1, 276, expiry));
        vm.prank(admin);
        vm.expectEmit(true, false, false, true);
        emit ITokenrailIdentityRegistry.TokenUnbound(address(bad), false);
        registry.unbindToken(address(bad));
        _upsert(alice, 1, 276, expiry);
        assertTrue(token.canReceive(alice), "the registry works again");
    }

    function _entries(uint8 status, uint16 jurisdiction, uint64 kycExpiry)
        internal
        pure
        returns (ITokenrailIdentityRegistry.Entry[] memory entries)
    {
        entries = new ITokenrailIdentityRegistry.Entry[](1);
        entries[0] = ITokenrailIdentityRegistry.Entry(status, jurisdiction, kycExpiry);
    }

    function test_recoveryMovesRestrictionsAndKeepsEachWalletsEntry() public {
        _bind(address(token));
        _upsert(alice, 1, 276, expiry);
        _upsert(carol, 1, 840, expiry - 1);
        vm.startPrank(admin);
        token.mint(alice, 100);
        token.setFrozenTokens(alice, 40);
        token.setLockup(alice, uint64(block.timestamp + 1000));
        token.recover(alice, carol);
        vm.stopPrank();
        (bool frozen, uint64 lockedUntil, uint256 frozenAmount) = token.restrictions(carol);
        assertTrue(!frozen, "not frozen as a whole");
        assertEq(lockedUntil, block.timestamp + 1000, "lock-up moved");
        assertEq(frozenAmount, 40, "frozen amount moved");
        (, lockedUntil, frozenAmount) = token.restrictions(alice);
        assertEq(lockedUntil + frozenAmount, 0, "the lost wallet keeps no restriction");
        _assertMirrors(token, carol, "carol keeps her own entry");
        _assertMirrors(token, alice, "alice keeps hers");
    }

    function test_farFutureTimesSaturate() public {
        _bind(address(token));
        _upsert(alice, 1, 276, type(uint64).max);
        (,, uint64 mirroredExpiry) = token.mirroredEntry(alice);
        assertEq(mirroredExpiry, type(uint40).max, "expiry saturated");
        assertTrue(token.canReceive(alice), "still eligible");
        vm.startPrank(admin);
        token.mint(alice, 1);
        token.setLockup(alice, type(uint64).max);
        vm.stopPrank();
        (, uint64 lockedUntil,) = token.restrictions(alice);
        assertEq(lockedUntil, type(uint40).max, "lock-up saturated");
        assertTrue(!token.canSend(alice), "locked for good");
    }

    function test_anExhaustedGenerationRefusesTheBinding() public {
        // Find the configuration word (bit 0 is the pause) and set the generation to its last
        // value: the next bind would wrap it around and revive void words, so it reverts.
        vm.startPrank(admin);
        token.grantRole(token.PAUSER(), admin);
        token.pause();
        vm.stopPrank();
        bytes32 slot;
        for (uint256 i; i < 64; ++i) {
            if (uint256(vm.load(address(token), bytes32(i))) == 1) slot = bytes32(i);
        }
        vm.store(address(token), slot, bytes32(uint256(type(uint16).max) << 128 | 1));
        assertEq(token.mirrorGeneration(), type(uint16).max, "found the word");
        vm.prank(admin);
        vm.expectRevert();
        registry.bindToken(address(token));
    }

    /// Finding 8 (docs/security.md): an unbinding at the last mirror generation cannot advance
    /// it, and the registry unbinds regardless; the token must then trust no mirrored entry,
    /// or it keeps honouring entries the registry no longer pushes (a revoked investor still
    /// receiving).
    function test_unbindingAtTheLastGenerationTrustsNoEntry() public {
        vm.startPrank(admin);
        token.grantRole(token.PAUSER(), admin);
        token.pause();
        vm.stopPrank();
        bytes32 slot;
        for (uint256 i; i < 64; ++i) {
            if (uint256(vm.load(address(token), bytes32(i))) == 1) slot = bytes32(i);
        }
        // One generation left: the bind takes it.
        vm.store(address(token), slot, bytes32(uint256(type(uint16).max - 1) << 128));
        _bind(address(token));
        assertEq(token.mirrorGeneration(), type(uint16).max, "bound at the last generation");
        _upsert(alice, 1, 276, uint64(block.timestamp + 365 days));
        assertTrue(token.canReceive(alice), "alice mirrored");
        vm.prank(admin);
        registry.unbindToken(address(token));
        _upsert(alice, 2, 276, uint64(block.timestamp + 365 days));
        assertTrue(!token.canReceive(alice), "the revoked investor is not trusted");
        (uint8 status,,) = token.mirroredEntry(alice);
        assertEq(status, 0, "every mirrored entry reads as unregistered");
        // The token cannot mirror again: binding it is refused.
        vm.prank(admin);
        vm.expectRevert();
        registry.bindToken(address(token));
    }

    /// Mirror writes never touch a holder's restrictions, and restriction writes never touch
    /// the mirrored entry.
    function testFuzz_localAndMirroredFieldsAreIndependent(
        uint16 jurisdiction,
        uint64 kycExpiry,
        bool revoked,
        uint64 lockup,
        bool accountFrozen,
        uint128 frozen
    ) public {
        jurisdiction = uint16(bound(jurisdiction, 1, 999));
        kycExpiry = uint64(bound(kycExpiry, block.timestamp + 1, type(uint40).max));
        lockup = uint64(bound(lockup, 0, type(uint40).max));
        frozen = uint128(bound(frozen, 0, 1e24));
        _bind(address(token));
        _upsert(alice, 1, jurisdiction, kycExpiry);
        vm.startPrank(admin);
        if (frozen != 0) token.mint(alice, frozen);
        token.setFrozenTokens(alice, frozen);
        token.setLockup(alice, lockup);
        token.setAccountFrozen(alice, accountFrozen);
        vm.stopPrank();
        _assertMirrors(token, alice, "after restriction writes");
        _upsert(alice, revoked ? 2 : 1, jurisdiction, kycExpiry);
        _assertMirrors(token, alice, "after the registry write");
        (bool gotFrozen, uint64 gotLockup, uint256 gotAmount) = token.restrictions(alice);
        assertTrue(gotFrozen == accountFrozen, "account freeze kept");
        assertEq(gotLockup, lockup, "lock-up kept");
        assertEq(gotAmount, frozen, "frozen amount kept");
    }
}
