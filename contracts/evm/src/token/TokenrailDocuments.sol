// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC1643} from "../interfaces/IERC1643.sol";
import {TokenrailRoles} from "../access/TokenrailRoles.sol";

/// @title Tokenrail documents: ERC-1643 over the token's metadata
/// @notice The metadata (`metadataURI`, `legalDocumentHash`) is the document named `legal`:
///         always present, never removed, set by `setMetadata` or by `setDocument("legal", …)`,
///         both logging `MetadataUpdated` (`docs/spec/token.md`, Documents). Up to 31 further
///         documents, each set and removed by the admin. None of this is read by a transfer.
abstract contract TokenrailDocuments is TokenrailRoles, IERC1643 {
    /// @notice Code 22: a name that is empty or holds a zero byte before its last non-zero
    ///         byte, or a URI over 256 bytes.
    error InvalidMetadata();
    /// @notice Code 41: the token has no document `name`.
    error DocumentNotFound(bytes32 name);
    /// @notice Code 42: a 33rd document (`legal` counted).
    error TooManyDocuments();

    /// @notice The metadata changed (the document `legal`).
    event MetadataUpdated(string uri, bytes32 legalDocumentHash);

    /// @notice Most documents a token holds, `legal` included.
    uint256 public constant MAX_DOCUMENTS = 32;
    /// @notice The name of the document that is the metadata.
    bytes32 public constant LEGAL_DOCUMENT = "legal";

    /// @dev A document besides `legal`. `index` is its place in `_documentNames` plus one (0:
    ///      absent), packed with `lastModified` in one word.
    struct Document {
        string uri;
        bytes32 documentHash;
        uint64 lastModified;
        uint8 index;
    }

    /// @notice Where the asset's legal document is (the document `legal`).
    string public metadataURI;
    /// @notice SHA-256 of the legal document the token represents.
    bytes32 public legalDocumentHash;
    /// @dev When the metadata last changed.
    uint64 private _metadataModified;
    mapping(bytes32 name => Document) private _documents;
    bytes32[] private _documentNames;

    constructor(string memory uri, bytes32 legalHash) {
        _setMetadata(uri, legalHash);
    }

    /// @notice Replaces the metadata URI (≤ 256 bytes) and the legal document's hash.
    function setMetadata(string calldata uri, bytes32 legalHash) external onlyAdmin {
        _setMetadata(uri, legalHash);
    }

    /// @inheritdoc IERC1643
    /// @dev Admin only. Under `legal` this is `setMetadata`. A new name is 1–32 bytes without a
    ///      zero byte (zero-padded on the right: the non-zero bytes are a prefix).
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash)
        external
        onlyAdmin
    {
        if (name == LEGAL_DOCUMENT) return _setMetadata(uri, documentHash);
        if (!_validName(name) || bytes(uri).length > 256) revert InvalidMetadata();
        Document storage d = _documents[name];
        if (d.index == 0) {
            uint256 count = _documentNames.length + 1; // `legal` is one of them
            if (count >= MAX_DOCUMENTS) revert TooManyDocuments();
            _documentNames.push(name);
            // At most 31 names.
            // forge-lint: disable-next-line(unsafe-typecast)
            d.index = uint8(count);
        }
        d.uri = uri;
        d.documentHash = documentHash;
        d.lastModified = uint64(block.timestamp);
        emit DocumentUpdated(name, uri, documentHash);
    }

    /// @inheritdoc IERC1643
    /// @dev Admin only; `InvalidMetadata` for `legal`, `DocumentNotFound` for an unknown name.
    ///      The last name takes the removed one's place in `getAllDocuments`.
    function removeDocument(bytes32 name) external onlyAdmin {
        if (name == LEGAL_DOCUMENT) revert InvalidMetadata();
        Document storage d = _documents[name];
        uint256 index = d.index;
        if (index == 0) revert DocumentNotFound(name);
        bytes32 last = _documentNames[_documentNames.length - 1];
        _documentNames[index - 1] = last;
        // forge-lint: disable-next-line(unsafe-typecast)
        _documents[last].index = uint8(index);
        _documentNames.pop();
        emit DocumentRemoved(name, d.uri, d.documentHash);
        delete _documents[name];
    }

    /// @inheritdoc IERC1643
    /// @dev `DocumentNotFound` for an unknown name (ERC-1643 leaves this open; the spec's
    ///      `document(name)` fails with code 41 on every chain).
    function getDocument(bytes32 name) external view returns (string memory, bytes32, uint256) {
        if (name == LEGAL_DOCUMENT) return (metadataURI, legalDocumentHash, _metadataModified);
        Document storage d = _documents[name];
        if (d.index == 0) revert DocumentNotFound(name);
        return (d.uri, d.documentHash, d.lastModified);
    }

    /// @inheritdoc IERC1643
    /// @dev `legal` first.
    function getAllDocuments() external view returns (bytes32[] memory names) {
        uint256 n = _documentNames.length;
        names = new bytes32[](n + 1);
        names[0] = LEGAL_DOCUMENT;
        for (uint256 i; i < n; ++i) {
            names[i + 1] = _documentNames[i];
        }
    }

    function _setMetadata(string memory uri, bytes32 legalHash) private {
        if (bytes(uri).length > 256) revert InvalidMetadata();
        metadataURI = uri;
        legalDocumentHash = legalHash;
        _metadataModified = uint64(block.timestamp);
        emit MetadataUpdated(uri, legalHash);
    }

    /// @dev Not zero, and no zero byte before the last non-zero one.
    function _validName(bytes32 name) private pure returns (bool) {
        if (name == 0) return false;
        bool ended;
        for (uint256 i; i < 32; ++i) {
            if (name[i] == 0) ended = true;
            else if (ended) return false;
        }
        return true;
    }
}
