-- What ERC-165 said at registration, and the result of the ERC721Enumerable cross-check.
ALTER TABLE collection
    ADD COLUMN supports_metadata   boolean NOT NULL DEFAULT false,
    ADD COLUMN supports_enumerable boolean NOT NULL DEFAULT false,
    ADD COLUMN supports_erc4906    boolean NOT NULL DEFAULT false,
    ADD COLUMN supply_check        text;
