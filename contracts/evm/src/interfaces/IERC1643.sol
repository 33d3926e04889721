// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ERC-1643 (Document Management Standard)
/// @notice Named documents attached to a security token: each a URI, the document's hash and
///         the time of its last change.
interface IERC1643 {
    /// @notice Document `name` was created or replaced.
    event DocumentUpdated(bytes32 indexed name, string uri, bytes32 documentHash);
    /// @notice Document `name` was removed; `uri` and `documentHash` are what it held.
    event DocumentRemoved(bytes32 indexed name, string uri, bytes32 documentHash);

    /// @notice Document `name`: its URI, its hash and the time of its last change.
    function getDocument(bytes32 name) external view returns (string memory, bytes32, uint256);

    /// @notice Creates or replaces document `name`.
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash) external;

    /// @notice Removes document `name`.
    function removeDocument(bytes32 name) external;

    /// @notice Every document's name.
    function getAllDocuments() external view returns (bytes32[] memory);
}
