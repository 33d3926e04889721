// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailAssetToken} from "../../src/token/TokenrailAssetToken.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {ITokenrailIdentityRegistry} from "../../src/interfaces/ITokenrailIdentityRegistry.sol";

/// @notice Gas of whitelisted transfers between verified investors, each next to the same
///         movement of a plain OpenZeppelin ERC-20 compiled and measured in the same run: a
///         transfer between two holders, a transfer to a new holder, and a `transferFrom` between
///         two holders. Each call is its own transaction (`forge test --isolate`), so storage and
///         accounts start cold as on chain.
contract TokenGasBench is Test {
    event log_named_uint(string key, uint256 val);

    address internal admin = address(0xAD);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal carol = address(0xCA401);
    address internal spender = address(0x5BE4D);

    function test_bench_whitelisted_transfer() public {
        TokenrailIdentityRegistry registry = new TokenrailIdentityRegistry(admin);
        TokenrailAssetToken token = new TokenrailAssetToken(
            "Bond", "BND", 6, 1e30, registry, admin, "ipfs://doc", bytes32(uint256(1))
        );
        vm.startPrank(admin);
        registry.bindToken(address(token));
        registry.grantRole(registry.REGISTRY_AGENT(), admin);
        token.grantRole(token.ISSUER(), admin);
        address[] memory investors = new address[](3);
        (investors[0], investors[1], investors[2]) = (alice, bob, carol);
        ITokenrailIdentityRegistry.Entry[] memory entries =
            new ITokenrailIdentityRegistry.Entry[](3);
        entries[0] = ITokenrailIdentityRegistry.Entry(1, 276, uint64(block.timestamp + 365 days));
        (entries[1], entries[2]) = (entries[0], entries[0]);
        registry.upsert(investors, entries);
        token.mint(alice, 1e24);
        token.mint(bob, 1e24);
        vm.stopPrank();

        MockERC20 plain = new MockERC20();
        plain.mint(alice, 1e24);
        plain.mint(bob, 1e24);

        vm.prank(alice);
        token.transfer(bob, 1e18);
        uint256 ours = vm.lastCallGas().gasTotalUsed;
        vm.prank(alice);
        plain.transfer(bob, 1e18);
        uint256 peer = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("token transfer, whitelisted, between holders", ours);
        emit log_named_uint("peer: OZ ERC-20 transfer, between holders", peer);

        // To a new holder: a verified investor with no balance yet, and a fresh address.
        vm.prank(alice);
        token.transfer(carol, 1e18);
        emit log_named_uint(
            "token transfer, whitelisted, to a new holder", vm.lastCallGas().gasTotalUsed
        );
        vm.prank(alice);
        plain.transfer(carol, 1e18);
        emit log_named_uint(
            "peer: OZ ERC-20 transfer, to a new holder", vm.lastCallGas().gasTotalUsed
        );

        // transferFrom between holders, by a spender with a finite allowance.
        vm.startPrank(alice);
        token.approve(spender, 1e21);
        plain.approve(spender, 1e21);
        vm.stopPrank();
        vm.prank(spender);
        token.transferFrom(alice, bob, 1e18);
        emit log_named_uint(
            "token transferFrom, whitelisted, between holders", vm.lastCallGas().gasTotalUsed
        );
        vm.prank(spender);
        plain.transferFrom(alice, bob, 1e18);
        emit log_named_uint(
            "peer: OZ ERC-20 transferFrom, between holders", vm.lastCallGas().gasTotalUsed
        );
    }

    /// The price of the push: a registry write costs one storage write in every bound token.
    /// Rows: one new investor with 0, 1 and 8 bound tokens, and a full batch of 100 new
    /// investors with 4 bound tokens (the most a registry serves: the worst case an agent can send).
    function test_bench_registry_push() public {
        TokenrailIdentityRegistry registry = new TokenrailIdentityRegistry(admin);
        bytes32 agent = registry.REGISTRY_AGENT();
        vm.prank(admin);
        registry.grantRole(agent, admin);
        uint256 next = 0x1000;
        uint256[4] memory boundAfter = [uint256(0), 1, 4, 4];
        uint256[4] memory batch = [uint256(1), 1, 1, 100];
        string[4] memory names = [
            "registry upsert, 1 new investor, 0 bound tokens",
            "registry upsert, 1 new investor, 1 bound token",
            "registry upsert, 1 new investor, 4 bound tokens",
            "registry upsert, 100 new investors, 4 bound tokens"
        ];
        for (uint256 row; row < 4; ++row) {
            while (registry.boundTokens().length < boundAfter[row]) {
                TokenrailAssetToken t = new TokenrailAssetToken(
                    "Bond", "BND", 6, 1e30, registry, admin, "ipfs://doc", bytes32(uint256(1))
                );
                vm.prank(admin);
                registry.bindToken(address(t));
            }
            address[] memory investors = new address[](batch[row]);
            ITokenrailIdentityRegistry.Entry[] memory entries =
                new ITokenrailIdentityRegistry.Entry[](batch[row]);
            for (uint256 i; i < batch[row]; ++i) {
                investors[i] = address(uint160(next++));
                entries[i] =
                    ITokenrailIdentityRegistry.Entry(1, 276, uint64(block.timestamp + 365 days));
            }
            vm.prank(admin);
            registry.upsert(investors, entries);
            emit log_named_uint(names[row], vm.lastCallGas().gasTotalUsed);
        }
    }
}
