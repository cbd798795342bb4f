-- How the daemon recognised the contract as an ERC-721 at registration: by ERC-165, or by its
-- behaviour (Transfer logs with the token id indexed, ownerOf, tokenURI) where ERC-165 is absent
-- or answers wrongly, with the evidence.
ALTER TABLE collection ADD COLUMN recognised_by text;
