// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {ITokenrailIdentityRegistry} from "../../src/interfaces/ITokenrailIdentityRegistry.sol";
import {TokenrailRoles} from "../../src/access/TokenrailRoles.sol";

contract TokenrailIdentityRegistryTest is Test {
    TokenrailIdentityRegistry internal registry;
    address internal admin = address(0xAD);
    address internal agent = address(0xA6);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    bytes32 internal agentRole;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new TokenrailIdentityRegistry(admin);
        agentRole = registry.REGISTRY_AGENT();
    }

    function _entry(uint8 status, uint16 jurisdiction, uint64 expiry)
        internal
        pure
        returns (ITokenrailIdentityRegistry.Entry memory)
    {
        return ITokenrailIdentityRegistry.Entry(status, jurisdiction, expiry);
    }

    function _one(address who, ITokenrailIdentityRegistry.Entry memory e)
        internal
        pure
        returns (address[] memory investors, ITokenrailIdentityRegistry.Entry[] memory entries)
    {
        investors = new address[](1);
        investors[0] = who;
        entries = new ITokenrailIdentityRegistry.Entry[](1);
        entries[0] = e;
    }

    function _grantAgent() internal {
        vm.prank(admin);
        registry.grantRole(agentRole, agent);
    }

    function test_noImplicitRole() public {
        (address[] memory investors, ITokenrailIdentityRegistry.Entry[] memory entries) =
            _one(alice, _entry(1, 276, uint64(block.timestamp + 100)));
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, admin, agentRole)
        );
        registry.upsert(investors, entries);
        _grantAgent();
        vm.prank(agent);
        registry.upsert(investors, entries);
        assertTrue(registry.isEligible(alice), "verified");
    }

    function test_entriesAreValidatedInOrderAndAllOrNothing() public {
        _grantAgent();
        uint64 later = uint64(block.timestamp + 100);
        address[] memory investors = new address[](2);
        investors[0] = alice;
        investors[1] = bob;
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](2);
        entries[0] = _entry(1, 276, later);
        vm.startPrank(agent);

        entries[1] = _entry(3, 276, later);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.InvalidStatus.selector, 1)
        );
        registry.upsert(investors, entries);

        entries[1] = _entry(1, 1000, later);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.InvalidJurisdiction.selector, 1)
        );
        registry.upsert(investors, entries);

        entries[1] = _entry(1, 0, later);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.InvalidJurisdiction.selector, 1)
        );
        registry.upsert(investors, entries);

        entries[1] = _entry(1, 840, uint64(block.timestamp));
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.InvalidExpiry.selector, 1)
        );
        registry.upsert(investors, entries);
        assertEq(registry.entryOf(alice).status, 0, "nothing written by a failed batch");

        // A revoked entry may carry an old expiry.
        entries[1] = _entry(2, 840, 0);
        registry.upsert(investors, entries);
        ITokenrailIdentityRegistry.Entry memory e = registry.entryOf(bob);
        assertEq(e.status, 2, "revoked kept");
        assertEq(e.jurisdiction, 840, "jurisdiction");
        assertTrue(!registry.isEligible(bob), "revoked is not eligible");

        vm.expectRevert(ITokenrailIdentityRegistry.LengthMismatch.selector);
        registry.upsert(investors, new ITokenrailIdentityRegistry.Entry[](1));
        vm.expectRevert(abi.encodeWithSelector(ITokenrailIdentityRegistry.MaxBatch.selector, 101));
        registry.upsert(new address[](101), new ITokenrailIdentityRegistry.Entry[](101));
        (investors, entries) = _one(address(0), _entry(1, 276, later));
        vm.expectRevert(abi.encodeWithSelector(TokenrailRoles.InvalidAddress.selector, address(0)));
        registry.upsert(investors, entries);
        vm.stopPrank();
    }

    function test_expiryAndRemoval() public {
        _grantAgent();
        (address[] memory investors, ITokenrailIdentityRegistry.Entry[] memory entries) =
            _one(alice, _entry(1, 276, uint64(block.timestamp + 100)));
        vm.prank(agent);
        registry.upsert(investors, entries);
        (uint256 a, uint256 b) = registry.packedEntries(alice, bob);
        assertEq(a, 1 | 276 << 8 | (block.timestamp + 100) << 24, "packed layout");
        assertEq(b, 0, "unregistered is zero");
        vm.warp(block.timestamp + 99);
        assertTrue(registry.isEligible(alice), "valid until the expiry");
        vm.warp(block.timestamp + 1);
        assertTrue(!registry.isEligible(alice), "expired at the expiry");

        address[] memory both = new address[](2);
        both[0] = alice;
        both[1] = bob;
        vm.startPrank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailIdentityRegistry.NotRegistered.selector, 1)
        );
        registry.remove(both);
        assertEq(registry.entryOf(alice).status, 1, "a failed removal removes nothing");
        registry.remove(investors);
        vm.stopPrank();
        assertEq(registry.entryOf(alice).status, 0, "removed");
    }

    function test_twoStepAdminTransfer() public {
        vm.expectRevert(abi.encodeWithSelector(TokenrailRoles.NoPendingAdmin.selector, bob));
        vm.prank(bob);
        registry.acceptAdmin();
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, bob, bytes32(0))
        );
        registry.proposeAdmin(bob);
        vm.prank(admin);
        registry.proposeAdmin(bob);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TokenrailRoles.NoPendingAdmin.selector, alice));
        registry.acceptAdmin();
        assertEq(registry.admin(), admin, "still the old admin");
        vm.prank(bob);
        registry.acceptAdmin();
        assertEq(registry.admin(), bob, "new admin");
        assertEq(registry.pendingAdmin(), address(0), "proposal consumed");
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, admin, bytes32(0))
        );
        registry.grantRole(agentRole, admin);
        // A cancelled proposal cannot be accepted.
        vm.prank(bob);
        registry.proposeAdmin(alice);
        vm.prank(bob);
        registry.proposeAdmin(address(0));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TokenrailRoles.NoPendingAdmin.selector, alice));
        registry.acceptAdmin();
    }

    function testFuzz_packedRoundTrip(uint16 jurisdiction, uint64 expiry, bool revoked) public {
        _grantAgent();
        jurisdiction = uint16(bound(jurisdiction, 1, 999));
        if (!revoked) expiry = uint64(bound(expiry, block.timestamp + 1, type(uint64).max));
        (address[] memory investors, ITokenrailIdentityRegistry.Entry[] memory entries) =
            _one(alice, _entry(revoked ? 2 : 1, jurisdiction, expiry));
        vm.prank(agent);
        registry.upsert(investors, entries);
        ITokenrailIdentityRegistry.Entry memory e = registry.entryOf(alice);
        assertEq(e.status, revoked ? 2 : 1, "status");
        assertEq(e.jurisdiction, jurisdiction, "jurisdiction");
        assertEq(e.kycExpiry, expiry, "expiry");
        assertTrue(registry.isEligible(alice) == !revoked, "eligibility");
    }
}
