package io.tokenatlas.api;

import io.tokenatlas.catalog.HoldersRepository;
import io.tokenatlas.catalog.HoldersRepository.Holder;
import io.tokenatlas.chain.ChainNodes;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Who held a collection's tokens at a block: a snapshot from the stored transfer logs, as JSON or CSV. */
@Path("/api/v1/collections/{id}/holders")
public class HoldersResource {
    static final int MAX_LIMIT = 10_000;
    private static final String LIST = "holders";

    private final CollectionRepository collections;
    private final io.tokenatlas.catalog.TokenReadRepository tokens;
    private final HoldersRepository holders;
    private final ChainNodes nodes;
    private final io.tokenatlas.embedding.EmbeddingModel model;

    public HoldersResource(CollectionRepository collections, io.tokenatlas.catalog.TokenReadRepository tokens,
            HoldersRepository holders, ChainNodes nodes, io.tokenatlas.embedding.EmbeddingModel model) {
        this.collections = collections;
        this.tokens = tokens;
        this.holders = holders;
        this.nodes = nodes;
        this.model = model;
    }

    /** The holders at a block, with that block's hash, a page at a time. */
    public record HoldersDto(long collectionId, long block, String blockHash, List<HolderDto> holders, String next) {}

    /** An owner, how many tokens (ERC-1155: ids) it held, and their summed balance (a decimal string). */
    public record HolderDto(String owner, long tokens, String balance) {}

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Holders at a block", description = "Every owner with its token count and balance at the block"
            + " (default: the last block indexed), from the stored Transfer logs, among the tokens passing the trait"
            + " conditions and, with similarTo, among the tokens whose vectors are at least minSimilarity alike to that"
            + " token's; in address order a page at a time (pass next as cursor: the next pages stay at the first's"
            + " block; after=<address> starts after that owner). format=csv for a spreadsheet; the answer"
            + " names the block and its hash (in CSV, the Atlas-Block and Atlas-Block-Hash headers, and Atlas-Next for the next page).")
    public Response get(@PathParam("id") long id, @QueryParam("block") Long block,
            @Parameter(description = "type:value, repeatable") @QueryParam("trait") List<String> traits,
            @Parameter(description = "a token id: only tokens that look like it") @QueryParam("similarTo") String similarTo,
            @Parameter(description = "-1 to 1, with similarTo") @QueryParam("minSimilarity") @DefaultValue("0.9")
            double minSimilarity,
            @QueryParam("after") String after, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("1000") int limit,
            @QueryParam("format") @DefaultValue("json") String format) {
        Collection c = Lookups.collection(collections, id);
        // A cursor holds the block its first page was read at, so a list read while blocks arrive is of one block.
        Position from = PageCursor.read(cursor, LIST, 2, key -> new Position(Long.parseLong(key[0]),
                checkedOwner(key[1])));
        if (from != null && block != null && block != from.block()) {
            throw new InvalidInputException("cursor continues the holders at block " + from.block() + ", not " + block
                    + ": leave block out, or start again without the cursor");
        }
        long at = from != null ? from.block() : block == null ? c.cursorBlock() : block;
        if (at < 0) {
            throw new InvalidInputException("block must be >= 0, got " + at);
        }
        if (at > c.cursorBlock()) {
            throw new ClientErrorException("block " + at + " is past what is indexed: collection " + id
                    + " is read up to block " + c.cursorBlock(), 409);
        }
        QueryValues.limit(limit, MAX_LIMIT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidInputException("format must be json or csv, got " + format);
        }
        QueryValues.similarity(minSimilarity, "minSimilarity");
        HoldersRepository.LookAlike lookAlike = null;
        if (similarTo != null) {
            // The token must be known, with a vector of the serving model, or nothing could look like it.
            Lookups.token(c, tokens, similarTo);
            lookAlike = new HoldersRepository.LookAlike(QueryValues.tokenId(similarTo), model.servingFor(id).id(),
                    minSimilarity);
        }
        String afterOwner = from != null ? from.owner() : after == null ? null : after.toLowerCase(java.util.Locale.ROOT);
        List<Holder> page = holders.holders(id, at, QueryValues.traitFilter(traits), lookAlike, afterOwner, limit + 1);
        String next = page.size() > limit ? PageCursor.encode(LIST, at, page.get(limit - 1).owner()) : null;
        List<HolderDto> shown = page.subList(0, Math.min(limit, page.size())).stream()
                .map(h -> new HolderDto(h.owner(), h.tokens(), h.balance().toString())).toList();
        String hash = nodes.node(c.chainId()).block(at).hash();
        if (format.equals("csv")) {
            StringBuilder csv = new StringBuilder("owner,tokens,balance\n");
            shown.forEach(h -> csv.append(h.owner()).append(',').append(h.tokens()).append(',').append(h.balance()).append('\n'));
            return Response.ok(csv.toString(), "text/csv; charset=utf-8")
                    .header("Atlas-Block", at).header("Atlas-Block-Hash", hash)
                    .header("Content-Disposition", "attachment; filename=\"holders-" + id + "-" + at + ".csv\"")
                    .header("Atlas-Next", next)
                    .build();
        }
        return Response.ok(new HoldersDto(id, at, hash, shown, next), MediaType.APPLICATION_JSON).build();
    }

    /** Where a page of holders goes on: its block, and the last owner shown. */
    private record Position(long block, String owner) {}

    private static String checkedOwner(String owner) {
        if (!owner.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException("not an address");
        }
        return owner;
    }
}
