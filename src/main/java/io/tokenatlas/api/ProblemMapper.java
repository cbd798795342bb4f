package io.tokenatlas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tokenatlas.chain.ChainException;
import io.tokenatlas.chain.ContractRejectedException;
import io.tokenatlas.chain.UnknownChainException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into application/problem+json with a title and a detail a user can act on. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response contractRejected(ContractRejectedException e, UriInfo uri) {
        return problem(422, "not-erc721", "Not an ERC-721 contract", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unknownChain(UnknownChainException e, UriInfo uri) {
        return problem(422, "unknown-chain", "Chain not configured", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response chain(ChainException e, UriInfo uri) {
        return problem(502, "chain-unavailable", "The chain node did not answer", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return problem(400, "invalid-input", "Invalid request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response imageUnavailable(io.tokenatlas.fetch.FetchException e, UriInfo uri) {
        if (e.code().equals(io.tokenatlas.fetch.FetchException.HOST_BUSY)) {
            return Response.fromResponse(problem(503, "host-busy", "The image's host is busy", e.getMessage(), uri))
                    .header("Retry-After", 2).build();
        }
        return problem(422, "image-" + e.code().replace('_', '-'), "The image could not be fetched", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response imageRefused(io.tokenatlas.media.ImageRefusedException e, UriInfo uri) {
        return problem(422, "image-" + e.code().replace('_', '-'), "Not a usable picture", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return problem(400, "invalid-json", "Request body is not valid JSON", e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, "http-" + status, title, e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response busy(io.tokenatlas.token.StageFailure e, UriInfo uri) {
        if (e.code().equals(io.tokenatlas.token.StageFailure.BUSY)) {
            return Response.fromResponse(problem(503, "busy", "Busy", e.getMessage(), uri)).header("Retry-After", 10).build();
        }
        return unexpected(e, uri);
    }

    /**
     * Anything else: the client learns that it failed and an incident id, never the exception's
     * text (it may hold SQL, addresses or a secret); the log has both.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "request %s failed (incident %s)", uri.getPath(), incident);
        return problem(500, "internal", "Internal error", "the request failed inside the daemon; its log has the cause"
                + " under incident " + incident, uri);
    }

    /** An Error (out of memory, a stack overflow) in a request: a problem answer too, and the process goes on. */
    @ServerExceptionMapper
    public Response error(Error e, UriInfo uri) {
        String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "request %s failed with %s (incident %s)", uri.getPath(), e.getClass().getSimpleName(), incident);
        int status = e instanceof VirtualMachineError ? 503 : 500;
        return problem(status, status == 503 ? "resources-exhausted" : "internal", status == 503 ? "Out of resources"
                : "Internal error", "the request ran out of " + (e instanceof StackOverflowError ? "stack" : "memory or resources")
                + " (incident " + incident + ")", uri);
    }

    static Response problem(int status, String type, String title, String detail, UriInfo uri) {
        return problem(status, type, title, detail, uri.getPath());
    }

    static Response problem(int status, String type, String title, String detail, String path) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("urn:token-atlas:problem:" + type, title, status, detail, path))
                .build();
    }
}
