package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.BlockDto;
import io.tokenatlas.api.Dtos.EmbeddedByDto;
import io.tokenatlas.api.Dtos.IpfsSourceDto;
import io.tokenatlas.api.Dtos.ProvenanceDto;
import io.tokenatlas.api.Dtos.SourceDto;
import io.tokenatlas.catalog.Provenance;
import io.tokenatlas.catalog.ProvenanceArchive;
import io.tokenatlas.catalog.ProvenanceRepository;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.fetch.ResourceUri;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where a token's metadata, image and vector came from, and its verified IPFS blocks to check offline. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}/provenance")
public class ProvenanceResource {
    static final String CAR = "application/vnd.ipld.car; version=1";

    private final CollectionRepository collections;
    private final ProvenanceRepository provenance;
    private final ProvenanceArchive archive;
    private final EmbeddingModel model;

    public ProvenanceResource(CollectionRepository collections, ProvenanceRepository provenance,
            ProvenanceArchive archive, EmbeddingModel model) {
        this.collections = collections;
        this.provenance = provenance;
        this.archive = archive;
        this.model = model;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A token's provenance", description = "The tokenURI and the block (number and hash) it was"
            + " read at; the metadata's and the image's URI, IPFS CID and path, sha256 and whether each was verified"
            + " against its CID; the model (by its file's sha256) that made the vector; and the URL of a CAR of the"
            + " verified IPFS blocks, from which both files can be rebuilt and checked offline.")
    public ProvenanceDto get(@PathParam("id") long id, @PathParam("tokenId") String tokenId, @Context UriInfo uri) {
        Collection collection = Lookups.collection(collections, id);
        BigInteger token = QueryValues.tokenId(tokenId);
        ModelIdentity serving = model.servingFor(id);
        Provenance p = find(id, token, serving);
        SourceDto metadata = p.tokenUri() == null ? null : new SourceDto(p.tokenUri(),
                p.uriBlock() == null ? null : new BlockDto(p.uriBlock(), p.uriBlockHash()),
                ipfs(p.tokenUri(), token, p.metadataCar()), p.metadataSha256(), p.metadataVerified(),
                null, null, null, null);
        SourceDto image = p.imageUri() == null ? null : new SourceDto(p.imageUri(), null,
                ipfs(p.imageUri(), token, p.imageCar()), p.imageSha256(), p.imageVerified(), p.imageMediaType(),
                p.imageWidth(), p.imageHeight(), p.imageBytes());
        EmbeddedByDto embedding = p.embeddedAt() == null ? null
                : new EmbeddedByDto(serving.name(), serving.sha256(), serving.dimension(), p.embeddedAt());
        String car = p.metadataCar() == null && p.imageCar() == null ? null : uri.getBaseUriBuilder()
                .path("api/v1/collections/{id}/tokens/{tokenId}/provenance/car").build(id, token).toString();
        return new ProvenanceDto(id, token.toString(),
                CaipIds.asset(collection.chainId(), collection.standard(), collection.address(), token),
                metadata, image, embedding, car);
    }

    @GET
    @Path("car")
    @Produces(CAR)
    @Operation(summary = "A token's verified IPFS blocks", description = "A CARv1 archive whose roots are the metadata's"
            + " and the image's CIDs, holding every block either file was rebuilt from; each block hashes to its CID.")
    public Response car(@PathParam("id") long id, @PathParam("tokenId") String tokenId) {
        Lookups.collection(collections, id);
        BigInteger token = QueryValues.tokenId(tokenId);
        Provenance p = find(id, token, model.servingFor(id));
        byte[] car = archive.of(p).orElseThrow(() -> new NotFoundException("no verified IPFS blocks are kept for token "
                + token + " of collection " + id + ": its metadata and image are not on IPFS, not fetched yet,"
                + " or were fetched with atlas.ipfs.keep-blocks=false"));
        return Response.ok(car, CAR)
                .header("Content-Disposition", "attachment; filename=\"collection-" + id + "-token-" + token + ".car\"")
                .build();
    }

    private Provenance find(long id, BigInteger token, ModelIdentity serving) {
        return provenance.find(id, token, serving.id()).orElseThrow(() ->
                new NotFoundException("token " + token + " of collection " + id + " is not known (yet)"));
    }

    /** The CID and path an IPFS URI names (as written, v0 or v1), or null for content elsewhere. */
    private static IpfsSourceDto ipfs(String raw, BigInteger tokenId, String kept) {
        try {
            if (ResourceUri.parse(raw, tokenId) instanceof ResourceUri.Ipfs i) {
                return new IpfsSourceDto(i.cid(), i.path(), kept != null);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
