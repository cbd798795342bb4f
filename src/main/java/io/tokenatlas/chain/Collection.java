package io.tokenatlas.chain;

/** A registered collection as other packages see it. */
public record Collection(
        long id,
        long chainId,
        String address,
        String name,
        String symbol,
        long fromBlock,
        String fromBlockSource,
        long cursorBlock,
        String cursorHash,
        Long headBlock,
        CollectionStatus status,
        String error,
        boolean enumerable,
        boolean erc4906,
        String supplyCheck,
        String recognisedBy,
        String standard,
        String contractUri,
        String contractMetadata,
        String contractMetadataError) {

    public static final String ERC721 = "erc721";
    public static final String ERC1155 = "erc1155";

    /** An ERC-1155: ids with supplies and balances instead of one owner a token. */
    public boolean multiToken() {
        return ERC1155.equals(standard);
    }
}
