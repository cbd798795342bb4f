package io.tokenatlas.chain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A registered ERC-721 contract; stays inside this package, others get a {@link Collection}. */
@Entity
@Table(name = "collection")
public class CollectionEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public String address;

    public String name;
    public String symbol;

    @Column(name = "from_block", nullable = false)
    public long fromBlock;

    @Column(name = "from_block_source", nullable = false)
    public String fromBlockSource;

    @Column(name = "cursor_block", nullable = false)
    public long cursorBlock;

    @Column(name = "cursor_hash")
    public String cursorHash;

    @Column(name = "head_block")
    public Long headBlock;

    @Column(nullable = false)
    public String status;

    public String error;

    @Column(name = "supports_metadata", nullable = false)
    public boolean supportsMetadata;

    @Column(name = "supports_enumerable", nullable = false)
    public boolean supportsEnumerable;

    @Column(name = "supports_erc4906", nullable = false)
    public boolean supportsErc4906;

    @Column(name = "supply_check")
    public String supplyCheck;

    @Column(name = "recognised_by")
    public String recognisedBy;

    @Column(name = "contract_uri", insertable = false, updatable = false)
    public String contractUri;

    @Column(name = "contract_metadata", insertable = false, updatable = false,
            columnDefinition = "jsonb")
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    public String contractMetadata;

    @Column(name = "contract_metadata_error", insertable = false, updatable = false)
    public String contractMetadataError;

    /** {@code erc721} or {@code erc1155}. */
    @Column(name = "standard", nullable = false)
    public String standard = Collection.ERC721;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false)
    public OffsetDateTime updatedAt;

    Collection toRecord() {
        return new Collection(id, chainId, address, name, symbol, fromBlock, fromBlockSource, cursorBlock, cursorHash, headBlock,
                CollectionStatus.valueOf(status), error, supportsEnumerable, supportsErc4906, supplyCheck, recognisedBy, standard,
                contractUri, contractMetadata, contractMetadataError);
    }
}
