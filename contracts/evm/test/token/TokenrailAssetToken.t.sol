// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {TokenrailAssetToken} from "../../src/token/TokenrailAssetToken.sol";
import {TokenrailDocuments} from "../../src/token/TokenrailDocuments.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {ITokenrailIdentityRegistry} from "../../src/interfaces/ITokenrailIdentityRegistry.sol";
import {IERC7943Fungible} from "../../src/interfaces/IERC7943Fungible.sol";
import {IERC1404} from "../../src/interfaces/IERC1404.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice EVM-specific behaviour of the asset token beyond the shared vectors (which run on
///         anvil from Rust): the ERC-7943 surface, metadata validation, `transferStatus` agreeing
///         with the transfer, and a fuzzed sequence of operations (registry changes among them)
///         that must keep the spec's invariants (Σ balances = supply ≤ cap, frozen ≤ balance,
///         holder count, and no unverified holder except through forced transfer) and the
///         binding's (every holder's mirrored entry equals the registry's).
contract TokenrailAssetTokenTest is Test {
    TokenrailIdentityRegistry internal registry;
    TokenrailAssetToken internal token;
    address internal admin = address(0xAD);
    address[4] internal people = [address(0xA1), address(0xA2), address(0xA3), address(0xA4)];
    uint256 internal constant CAP = 1e24;

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new TokenrailIdentityRegistry(admin);
        token = new TokenrailAssetToken(
            "Bond", "BND", 6, CAP, registry, admin, "ipfs://doc", bytes32(uint256(7))
        );
        vm.startPrank(admin);
        registry.bindToken(address(token));
        registry.grantRole(registry.REGISTRY_AGENT(), admin);
        token.grantRole(token.ISSUER(), admin);
        token.grantRole(token.COMPLIANCE_AGENT(), admin);
        token.grantRole(token.PAUSER(), admin);
        // The first three are verified investors; the fourth never is.
        address[] memory investors = new address[](3);
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](3);
        for (uint256 i; i < 3; ++i) {
            investors[i] = people[i];
            entries[i] = ITokenrailIdentityRegistry.Entry(1, 276, uint64(block.timestamp + 1e6));
        }
        registry.upsert(investors, entries);
        vm.stopPrank();
    }

    function test_metadataAndInterfaces() public {
        assertEq(token.decimals(), 6, "decimals");
        assertEq(token.legalDocumentHash(), bytes32(uint256(7)), "legal hash");
        assertTrue(token.supportsInterface(type(IERC7943Fungible).interfaceId), "ERC-7943");
        assertTrue(token.supportsInterface(type(IERC20).interfaceId), "ERC-20");
        assertTrue(token.supportsInterface(type(IERC1404).interfaceId), "ERC-1404");
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        new TokenrailAssetToken("", "BND", 6, CAP, registry, admin, "", bytes32(0));
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        new TokenrailAssetToken("Bond", "BND", 19, CAP, registry, admin, "", bytes32(0));
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        new TokenrailAssetToken("Bond", "BND", 6, 0, registry, admin, "", bytes32(0));
        vm.prank(admin);
        token.setMetadata("ipfs://v2", bytes32(uint256(8)));
        assertEq(token.legalDocumentHash(), bytes32(uint256(8)), "updated");
    }

    function test_erc7943Views() public {
        vm.startPrank(admin);
        token.mint(people[0], 100);
        assertTrue(token.canSend(people[0]) && token.canReceive(people[1]), "eligible");
        assertTrue(!token.canReceive(people[3]), "unverified cannot receive");
        token.setLockup(people[0], uint64(block.timestamp + 10));
        assertTrue(!token.canSend(people[0]), "locked up");
        assertTrue(token.canReceive(people[0]), "a lock-up does not block receiving");
        token.setAccountFrozen(people[1], true);
        assertTrue(!token.canReceive(people[1]), "frozen");
        assertTrue(!token.canTransfer(people[0], people[2], 1), "locked sender");
        vm.warp(block.timestamp + 10);
        assertTrue(token.canTransfer(people[0], people[2], 1), "lock-up over");
        assertEq(token.transferStatus(people[0], address(0), 1), 2, "zero recipient");
        vm.stopPrank();
    }

    /// ERC-1404's messages: the first, a middle and the last line of the table, and the two
    /// answers outside it (every code against `tokenrail-core` in `bindings/evm/tests`).
    function test_erc1404Messages() public view {
        assertEq(token.messageForTransferRestriction(0), "allowed", "0");
        assertEq(token.messageForTransferRestriction(1), "the caller lacks the role", "1");
        assertEq(
            token.messageForTransferRestriction(18), "transfer_from beyond the allowance", "18"
        );
        assertEq(
            token.messageForTransferRestriction(38),
            "Solana: the wallet's associated token account was never thawed for the token (Token ACL onboarding)",
            "38"
        );
        assertEq(token.messageForTransferRestriction(43), "the token was deactivated", "43, last");
        assertEq(token.messageForTransferRestriction(41), "no document with that name", "41");
        assertEq(token.messageForTransferRestriction(42), "a 33rd document", "42");
        for (uint8 reserved = 39; reserved <= 40; ++reserved) {
            assertEq(
                token.messageForTransferRestriction(reserved), "unknown restriction", "reserved"
            );
        }
        assertEq(token.messageForTransferRestriction(44), "unknown restriction", "44");
        assertEq(token.messageForTransferRestriction(255), "unknown restriction", "255");
    }

    /// Deactivation is final: a rules update (which rewrites the configuration word's rule
    /// bits) keeps it, `unpause` cannot lift it, and no path moves a balance afterwards, the
    /// issuer's and agent's bypasses of the pause included.
    function test_deactivationIsFinalAndStopsEveryMovement() public {
        vm.startPrank(admin);
        token.mint(people[0], 100);
        token.mint(people[2], 100);
        vm.expectRevert(TokenrailAssetToken.NotPaused.selector);
        token.deactivate();
        token.pause();
        assertTrue(token.canReceive(people[1]), "a paused token still mints");
        vm.expectEmit(true, false, false, true);
        emit TokenrailAssetToken.TokenDeactivated(admin);
        token.deactivate();
        assertTrue(token.deactivated() && token.paused(), "deactivated and paused");
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.deactivate();
        token.setRules(new uint16[](0), new uint16[](0), 0, 0, false);
        assertTrue(token.deactivated(), "a rules update keeps the switch");
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.unpause();
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.mint(people[1], 1);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.redeem(people[0], 1);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.forcedTransfer(people[0], people[1], 1);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.recover(people[0], people[1]);
        vm.stopPrank();
        vm.prank(people[2]);
        token.approve(people[1], 10);
        vm.prank(people[1]);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.transferFrom(people[2], people[0], 10);
        vm.startPrank(people[0]);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.transfer(people[1], 1);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.transfer(people[1], 0);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.burn(0);
        vm.expectRevert(TokenrailAssetToken.Deactivated.selector);
        token.batchTransfer(new address[](0), new uint256[](0));
        vm.stopPrank();
        assertEq(token.transferStatus(people[0], people[1], 1), 43, "dry run");
        assertTrue(!token.canReceive(people[1]) && !token.canSend(people[0]), "nothing arrives");
        assertEq(token.balanceOf(people[0]) + token.balanceOf(people[2]), 200, "balances kept");
    }

    function test_erc1404DetectsWhatTransferStatusAnswers() public {
        vm.prank(admin);
        token.mint(people[0], 100);
        assertEq(token.detectTransferRestriction(people[0], people[1], 100), 0, "allowed");
        assertEq(token.detectTransferRestriction(people[0], people[1], 101), 8, "balance");
        assertEq(token.detectTransferRestriction(people[0], people[3], 1), 12, "unverified");
    }

    /// Finding 9 (docs/security.md): EIP-20 says transfers of 0 MUST be treated as normal
    /// transfers and emit `Transfer`; routers, vaults and batch tools send them. Every other
    /// check still applies.
    function test_zeroValueTransfersAreNormalTransfers() public {
        vm.prank(admin);
        token.mint(people[0], 100);
        vm.expectEmit(true, true, false, true);
        emit IERC20.Transfer(people[0], people[1], 0);
        vm.prank(people[0]);
        assertTrue(token.transfer(people[1], 0), "a zero transfer succeeds");
        assertEq(token.transferStatus(people[0], people[1], 0), 0, "the dry run agrees");
        vm.prank(people[0]);
        token.approve(people[2], 0);
        vm.expectEmit(true, true, false, true);
        emit IERC20.Transfer(people[0], people[2], 0);
        vm.prank(people[2]);
        assertTrue(token.transferFrom(people[0], people[2], 0), "a zero transferFrom succeeds");
        // A zero transfer from someone who holds nothing creates no holder.
        vm.prank(people[1]);
        token.transfer(people[2], 0);
        assertEq(token.holders(), 1, "no holder appears");
        assertEq(token.balanceOf(people[0]), 100, "nothing moved");
        // The compliance checks still run: an unverified recipient is refused.
        vm.prank(people[0]);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailAssetToken.RecipientNotVerified.selector, people[3])
        );
        token.transfer(people[3], 0);
    }

    /// Finding 9: a plain shortfall reverts with OpenZeppelin's ERC-6093 errors, which wallets
    /// and tools decode, not a token-specific one (the spec codes stay 8 and 18).
    /// A balance shares its storage word with the holder's restrictions and mirrored entry
    /// (bits 0–127): the cap keeps every balance below 2^128, so even the largest balance never
    /// carries into the lock-up above it. Without the constructor's bound a 2^128 cap would be
    /// accepted, and minting it would set a lock-up of 1 second.
    function test_theLargestBalanceLeavesItsWordsOtherFieldsAlone() public {
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        new TokenrailAssetToken(
            "Bond", "BND", 6, uint256(type(uint128).max) + 1, registry, admin, "", bytes32(0)
        );
        uint256 cap = type(uint128).max;
        TokenrailAssetToken big =
            new TokenrailAssetToken("Bond", "BND", 6, cap, registry, admin, "", bytes32(0));
        vm.startPrank(admin);
        registry.bindToken(address(big));
        big.grantRole(big.ISSUER(), admin);
        big.grantRole(big.COMPLIANCE_AGENT(), admin);
        address[] memory investors = new address[](2);
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](2);
        (investors[0], investors[1]) = (people[0], people[1]);
        entries[0] = ITokenrailIdentityRegistry.Entry(1, 276, uint64(block.timestamp + 1e6));
        entries[1] = entries[0];
        registry.upsert(investors, entries);
        big.mint(people[0], cap);
        vm.stopPrank();
        vm.prank(people[0]);
        big.transfer(people[1], cap);
        assertEq(big.balanceOf(people[1]), cap, "the whole cap arrived");
        assertEq(big.balanceOf(people[0]), 0, "and left");
        (bool frozen, uint64 until, uint256 frozenAmount) = big.restrictions(people[1]);
        assertTrue(!frozen && until == 0 && frozenAmount == 0, "no restriction appeared");
        (uint8 status, uint16 jurisdiction, uint64 expiry) = big.mirroredEntry(people[1]);
        assertEq(status, 1, "still verified");
        assertEq(jurisdiction, 276, "same jurisdiction");
        assertEq(expiry, block.timestamp + 1e6, "same KYC expiry");
        assertEq(big.totalSupply(), cap, "supply");
    }

    /// A frozen amount lives apart from the holder word, behind a flag in it: the flag follows
    /// the amount (set, cleared, carried by a recovery and cleared on the lost wallet).
    function test_theFrozenAmountFollowsItsFlag() public {
        vm.startPrank(admin);
        token.mint(people[0], 1000);
        token.setFrozenTokens(people[0], 700);
        vm.stopPrank();
        vm.prank(people[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                TokenrailAssetToken.InsufficientUnfrozenBalance.selector, people[0], 301
            )
        );
        token.transfer(people[1], 301);
        vm.prank(admin);
        token.recover(people[0], people[2]);
        assertEq(token.getFrozenTokens(people[2]), 700, "the frozen amount moved");
        assertEq(token.getFrozenTokens(people[0]), 0, "and left the lost wallet");
        vm.prank(admin);
        token.mint(people[0], 50);
        vm.prank(people[0]);
        token.transfer(people[1], 50); // nothing of the lost wallet's freeze is left
        vm.prank(people[2]);
        vm.expectRevert(
            abi.encodeWithSelector(
                TokenrailAssetToken.InsufficientUnfrozenBalance.selector, people[2], 301
            )
        );
        token.transfer(people[1], 301);
        vm.prank(admin);
        token.setFrozenTokens(people[2], 0);
        vm.prank(people[2]);
        token.transfer(people[1], 1000);
        assertEq(token.balanceOf(people[1]), 1050, "everything unfrozen moved");
    }

    function test_shortfallsRevertWithErc6093Errors() public {
        vm.prank(admin);
        token.mint(people[0], 100);
        vm.prank(people[0]);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)", people[0], 100, 101
            )
        );
        token.transfer(people[1], 101);
        vm.prank(people[2]);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientAllowance(address,uint256,uint256)", people[2], 0, 1
            )
        );
        token.transferFrom(people[0], people[1], 1);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)", people[0], 100, 101
            )
        );
        token.forcedTransfer(people[0], people[1], 101);
    }

    /// A random walk of operations by random actors; whatever succeeds, the invariants hold and
    /// every revert of a transfer carries the code `transferStatus` predicted.
    function testFuzz_invariantsHold(uint256 seed) public {
        bytes32 atDeactivation; // the balances when the token was deactivated
        // Each person's frozen amount as the spec moves it: set by the agent, cut to the balance
        // a forced transfer leaves, carried to the new wallet by a recovery; nothing else (a
        // transfer, burn or redemption only ever moves the unfrozen part).
        uint256[4] memory frozen;
        for (uint256 step; step < 40; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            (uint256 ia, uint256 ib) = (r % 4, (r >> 8) % 4);
            address a = people[ia];
            address b = people[ib];
            uint256 amount = (r >> 16) % 2000;
            uint256 op = (r >> 32) % 12;
            vm.startPrank(admin);
            if (op == 0) {
                try token.mint(a, amount) {} catch {}
            } else if (op == 1) {
                try token.setFrozenTokens(a, amount) {
                    frozen[ia] = amount;
                } catch {}
            } else if (op == 2) {
                try token.forcedTransfer(a, b, amount) {
                    uint256 left = token.balanceOf(a);
                    if (frozen[ia] > left) frozen[ia] = left;
                } catch {}
            } else if (op == 3) {
                try token.redeem(a, amount) {} catch {}
            } else if (op == 4) {
                token.setAccountFrozen(a, (r >> 40) % 4 == 0);
            } else if (op == 7) {
                // The registry changes under the token: a revocation, a restoration or a move.
                address[] memory investors = new address[](1);
                investors[0] = a;
                ITokenrailIdentityRegistry.Entry[] memory entries =
                    new ITokenrailIdentityRegistry.Entry[](1);
                entries[0] = ITokenrailIdentityRegistry.Entry(
                    uint8(1 + (r >> 40) % 2),
                    uint16(1 + (r >> 48) % 999),
                    uint64(block.timestamp + 1e6)
                );
                registry.upsert(investors, entries);
            } else if (op == 9) {
                // Pause, unpause, and now and then the end of the token's life.
                if ((r >> 40) % 8 == 0) {
                    try token.deactivate() {} catch {}
                } else if (token.paused()) {
                    try token.unpause() {} catch {}
                } else {
                    token.pause();
                }
            } else if (op == 8) {
                address[] memory investors = new address[](1);
                investors[0] = a;
                try registry.remove(investors) {} catch {}
            } else if (op == 10) {
                // Recovery moves the whole holder word's local part: balance, frozen amount,
                // freeze and lock-up.
                try token.recover(a, b) {
                    (frozen[ib], frozen[ia]) = (frozen[ia], 0);
                } catch {}
            } else if (op == 11) {
                vm.stopPrank();
                vm.prank(a);
                try token.burn(amount) {} catch {}
                vm.startPrank(admin);
            } else {
                vm.stopPrank();
                uint8 predicted = token.transferStatus(a, b, amount);
                assertEq(
                    token.detectTransferRestriction(a, b, amount), predicted, "ERC-1404 agrees"
                );
                vm.prank(a);
                try token.transfer(b, amount) {
                    assertEq(predicted, 0, "a transfer succeeded that transferStatus refused");
                } catch {
                    assertTrue(predicted != 0, "a transfer failed that transferStatus allowed");
                }
                vm.startPrank(admin);
            }
            vm.stopPrank();
            _checkInvariants();
            for (uint256 i; i < 4; ++i) {
                assertEq(
                    token.getFrozenTokens(people[i]),
                    frozen[i],
                    "frozen amount as the spec moves it"
                );
            }
            if (token.deactivated()) {
                bytes32 now_ = _balancesDigest();
                if (atDeactivation == 0) atDeactivation = now_;
                assertEq(now_, atDeactivation, "a balance moved after deactivation");
                assertTrue(token.paused(), "a deactivated token stays paused");
            }
        }
    }

    function _balancesDigest() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                token.balanceOf(people[0]),
                token.balanceOf(people[1]),
                token.balanceOf(people[2]),
                token.balanceOf(people[3])
            )
        );
    }

    function _checkInvariants() internal view {
        uint256 sum;
        uint256 holding;
        for (uint256 i; i < 4; ++i) {
            uint256 bal = token.balanceOf(people[i]);
            sum += bal;
            if (bal > 0) holding++;
            assertTrue(token.getFrozenTokens(people[i]) <= bal, "frozen <= balance");
            // A bound token never holds a stale registry entry.
            ITokenrailIdentityRegistry.Entry memory want = registry.entryOf(people[i]);
            ITokenrailIdentityRegistry.Entry memory got;
            (got.status, got.jurisdiction, got.kycExpiry) = token.mirroredEntry(people[i]);
            assertEq(got.status, want.status, "mirrored status");
            assertEq(got.jurisdiction, want.jurisdiction, "mirrored jurisdiction");
            assertEq(got.kycExpiry, want.kycExpiry, "mirrored expiry");
        }
        assertEq(sum, token.totalSupply(), "sum of balances = supply");
        assertTrue(sum <= CAP, "supply <= cap");
        assertEq(holding, token.holders(), "holder count");
    }
}
