// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {TokenrailMultiSend} from "../../src/payout/TokenrailMultiSend.sol";
import {TokenrailAssetToken} from "../../src/token/TokenrailAssetToken.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {ITokenrailIdentityRegistry} from "../../src/interfaces/ITokenrailIdentityRegistry.sol";

/// @notice A multi-send of the Tokenrail asset token: every leg obeys the token's compliance
///         rules, and a blocked leg fails the whole batch with that leg's reason.
contract MultiSendPermissionedTest is Test {
    TokenrailMultiSend internal sender;
    TokenrailIdentityRegistry internal registry;
    TokenrailAssetToken internal token;
    address internal admin = address(0xAD);
    address internal payer = address(0xFA);
    address[3] internal recipients = [address(0xB1), address(0xB2), address(0xB3)];

    function setUp() public {
        vm.warp(1_700_000_000);
        sender = new TokenrailMultiSend();
        registry = new TokenrailIdentityRegistry(admin);
        token = new TokenrailAssetToken(
            "Bond", "BND", 6, 1e24, registry, admin, "ipfs://doc", bytes32(uint256(1))
        );
        vm.startPrank(admin);
        registry.bindToken(address(token));
        registry.grantRole(registry.REGISTRY_AGENT(), admin);
        token.grantRole(token.ISSUER(), admin);
        // The payer, the multi-send contract (it holds the total for the length of the
        // transaction) and the first two recipients are verified; the third is not.
        address[] memory investors = new address[](4);
        investors[0] = payer;
        investors[1] = address(sender);
        investors[2] = recipients[0];
        investors[3] = recipients[1];
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](4);
        for (uint256 i; i < 4; ++i) {
            entries[i] = ITokenrailIdentityRegistry.Entry(1, 276, uint64(block.timestamp + 1e6));
        }
        registry.upsert(investors, entries);
        token.mint(payer, 1000);
        vm.stopPrank();
        vm.prank(payer);
        token.approve(address(sender), type(uint256).max);
    }

    function _batch(uint256 n)
        internal
        view
        returns (address[] memory to, uint256[] memory amounts)
    {
        to = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            to[i] = recipients[i];
            amounts[i] = 10;
        }
    }

    function test_blockedLegFailsWithItsReason() public {
        (address[] memory to, uint256[] memory amounts) = _batch(3);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailAssetToken.RecipientNotVerified.selector, recipients[2])
        );
        sender.multisendToken(token, to, amounts, 30);
        assertEq(token.balanceOf(recipients[0]), 0, "earlier legs rolled back");
        assertEq(token.balanceOf(payer), 1000, "payer untouched");
    }

    function test_compliantBatchPays() public {
        (address[] memory to, uint256[] memory amounts) = _batch(2);
        vm.prank(payer);
        sender.multisendToken(token, to, amounts, 20);
        assertEq(token.balanceOf(recipients[1]), 10, "paid");
        assertEq(token.balanceOf(address(sender)), 0, "nothing rests in the multi-send");
        assertEq(token.holders(), 3, "payer and two recipients hold");
    }

    function test_pausedTokenStopsTheBatch() public {
        vm.startPrank(admin);
        token.grantRole(token.PAUSER(), admin);
        token.pause();
        vm.stopPrank();
        (address[] memory to, uint256[] memory amounts) = _batch(2);
        vm.prank(payer);
        vm.expectRevert(TokenrailAssetToken.Paused.selector);
        sender.multisendToken(token, to, amounts, 20);
    }
}
