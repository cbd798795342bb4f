package io.tokenatlas.media;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.TokenQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Stored thumbnails by the sha256 of the original image, and the token's link to one. */
@ApplicationScoped
public class MediaRepository {
    private static final String INSERT_MEDIA = """
            INSERT INTO media (sha256, mime_type, width, height, byte_size, phash, thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING
            """;
    private static final String LINK = """
            UPDATE token
               SET media_sha256 = ?, image_verified = ?, state = 'IMAGE_FETCHED',
            """ + TokenQueue.FINISHED + """

             WHERE collection_id = ? AND token_id = ? AND lease_owner = ? AND state = 'METADATA_RESOLVED'
            """;

    private final AgroalDataSource dataSource;

    public MediaRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean exists(String sha256) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = ?)")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking up media " + sha256 + " failed: " + e.getMessage(), e);
        }
    }

    public Optional<byte[]> thumbnail(String sha256) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT thumbnail FROM media WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading media " + sha256 + " failed: " + e.getMessage(), e);
        }
    }

    /** Thumbnails of several media at once, by sha256 (missing ones are left out). */
    public Map<String, byte[]> thumbnails(Collection<String> sha256s) {
        Map<String, byte[]> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sha256, thumbnail FROM media WHERE sha256 = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", sha256s.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + sha256s.size() + " thumbnails failed: " + e.getMessage(), e);
        }
    }

    /** Stores the media (once per sha256) and links the token to it; false when the lease was lost. */
    @Transactional
    public boolean link(ClaimedToken token, String leaseOwner, StoredMedia media, boolean verified) {
        try (Connection c = dataSource.getConnection()) {
            if (media.thumbnail() != null) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_MEDIA)) {
                    ps.setString(1, media.sha256());
                    ps.setString(2, media.mimeType());
                    ps.setInt(3, media.width());
                    ps.setInt(4, media.height());
                    ps.setLong(5, media.byteSize());
                    ps.setLong(6, media.phash());
                    ps.setBytes(7, media.thumbnail());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(LINK)) {
                ps.setString(1, media.sha256());
                ps.setBoolean(2, verified);
                ps.setLong(3, token.collectionId());
                ps.setBigDecimal(4, new BigDecimal(token.tokenId()));
                ps.setString(5, leaseOwner);
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the image of " + token + " failed: " + e.getMessage(), e);
        }
    }

    /** The stored thumbnail of a claimed token's image, decoded; a missing one is a retryable internal failure. */
    public java.awt.image.BufferedImage thumbnailOf(ClaimedToken token) {
        byte[] png = thumbnail(token.mediaSha256()).orElseThrow(() -> StageFailure.retryable(StageFailure.INTERNAL,
                "the stored image " + token.mediaSha256() + " is missing", null));
        return Thumbnails.readPng(png);
    }
}
