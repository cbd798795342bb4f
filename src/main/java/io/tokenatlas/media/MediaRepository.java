package io.tokenatlas.media;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.fetch.IpfsCarRepository;
import io.tokenatlas.fetch.VerifiedCar;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stored thumbnails by the sha256 of the original image, and the token's link to one. */
@ApplicationScoped
public class MediaRepository {
    private static final String INSERT_MEDIA = """
            INSERT INTO media (sha256, mime_type, width, height, byte_size, thumbnail, phash, centre_phash, grey, hash_version,
                               placeholder, thumbnail_large)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING
            """;
    private static final String LINK = """
            UPDATE token
               SET media_sha256 = ?, image_verified = ?, image_car = ?, state = 'IMAGE_FETCHED',
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

    /** The larger thumbnail (JPEG), when one was made. */
    public Optional<byte[]> largeThumbnail(String sha256) {
        return Optional.ofNullable(bytesOf("thumbnail_large", List.of(sha256)).get(sha256));
    }

    /** The BlurHash placeholders of several media at once, by sha256 (missing ones are left out). */
    public Map<String, String> placeholders(Collection<String> sha256s) {
        Map<String, String> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sha256, placeholder FROM media WHERE sha256 = ANY (?) AND placeholder IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", sha256s.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the placeholders of " + sha256s.size() + " images failed: "
                    + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} stored images without a placeholder (stored before there were any): sha256 to thumbnail. */
    public Map<String, byte[]> withoutPlaceholder(int limit) {
        return thumbnailsWhere("placeholder IS NULL", limit);
    }

    /** Stores placeholders made from thumbnails. */
    public void storePlaceholders(Map<String, String> placeholders) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE media SET placeholder = ? WHERE sha256 = ? AND placeholder IS NULL")) {
            for (Map.Entry<String, String> e : placeholders.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + placeholders.size() + " placeholders failed: " + e.getMessage(), e);
        }
    }

    /** Thumbnails of several media at once, by sha256 (missing ones are left out). */
    public Map<String, byte[]> thumbnails(Collection<String> sha256s) {
        return bytesOf("thumbnail", sha256s);
    }

    /** The 32x32 grey pictures of fingerprints ({@link PerceptualHash.Fingerprint#grey}), by sha256 (missing ones left out). */
    public Map<String, byte[]> greys(Collection<String> sha256s) {
        return bytesOf("grey", sha256s);
    }

    private Map<String, byte[]> bytesOf(String column, Collection<String> sha256s) {
        Map<String, byte[]> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        // The column is one of this class's constants, never a caller's text.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sha256, " + column + " FROM media WHERE sha256 = ANY (?) AND " + column + " IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", sha256s.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the " + column + " of " + sha256s.size() + " images failed: "
                    + e.getMessage(), e);
        }
    }

    /** A token's image as stored (or known already), with the verified IPFS blocks it came in (if any). */
    public record Link(ClaimedToken token, String leaseOwner, StoredMedia media, boolean verified, VerifiedCar car) {}

    /**
     * Stores the media (once per sha256) and links each token to its media, all in one transaction;
     * answers, in order, whether each token was linked (false when its lease was lost).
     */
    @Transactional
    public boolean[] linkAll(List<Link> links) {
        // Rows are written in key order, so two writers never wait for each other's rows in opposite orders.
        int[] order = ClaimedToken.keyOrder(links.stream().map(Link::token).toList());
        boolean[] linked = new boolean[links.size()];
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_MEDIA)) {
                List<StoredMedia> media = links.stream().map(Link::media).filter(m -> m.thumbnail() != null)
                        .sorted(Comparator.comparing(StoredMedia::sha256)).toList();
                for (StoredMedia m : media) {
                    ps.setString(1, m.sha256());
                    ps.setString(2, m.mimeType());
                    ps.setInt(3, m.width());
                    ps.setInt(4, m.height());
                    ps.setLong(5, m.byteSize());
                    ps.setBytes(6, m.thumbnail());
                    ps.setLong(7, m.fingerprint().hash());
                    ps.setLong(8, m.fingerprint().centreHash());
                    ps.setBytes(9, m.fingerprint().grey());
                    ps.setInt(10, PerceptualHash.VERSION);
                    ps.setString(11, m.placeholder());
                    ps.setBytes(12, m.large());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(LINK)) {
                for (int i : order) {
                    Link link = links.get(i);
                    ps.setString(1, link.media().sha256());
                    ps.setBoolean(2, link.verified());
                    ps.setString(3, IpfsCarRepository.store(c, link.car()));
                    ps.setLong(4, link.token().collectionId());
                    ps.setBigDecimal(5, new BigDecimal(link.token().tokenId()));
                    ps.setString(6, link.leaseOwner());
                    ps.addBatch();
                }
                int[] updated = ps.executeBatch();
                for (int k = 0; k < order.length; k++) {
                    linked[order[k]] = updated[k] > 0;
                }
            }
            return linked;
        } catch (SQLException e) {
            throw new IllegalStateException("storing the image of "
                    + ClaimedToken.describe(links.stream().map(Link::token).toList()) + " failed: " + e.getMessage(), e);
        }
    }

    /** The stored thumbnail of a claimed token's image, decoded; a missing one is a retryable internal failure. */
    public java.awt.image.BufferedImage thumbnailOf(ClaimedToken token) {
        byte[] png = thumbnail(token.mediaSha256()).orElseThrow(() -> StageFailure.retryable(StageFailure.INTERNAL,
                "the stored image " + token.mediaSha256() + " is missing", null));
        return Thumbnails.readPng(png);
    }

    /** Up to {@code limit} stored images fingerprinted by an older version (or never): sha256 to thumbnail. */
    public Map<String, byte[]> unfingerprinted(int limit) {
        return thumbnailsWhere("hash_version IS NULL", limit);
    }

    // The condition is one of this class's constants, never a caller's text.
    private Map<String, byte[]> thumbnailsWhere(String condition, int limit) {
        Map<String, byte[]> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sha256, thumbnail FROM media WHERE " + condition + " LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading thumbnails (" + condition + ") failed: " + e.getMessage(), e);
        }
    }

    /** Stores fingerprints (a null one: the thumbnail could not be read; the image is left out of searches). */
    public void storeFingerprints(Map<String, PerceptualHash.Fingerprint> fingerprints) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE media SET phash = ?, centre_phash = ?, grey = ?, hash_version = ?
                 WHERE sha256 = ? AND hash_version IS NULL
                """)) {
            for (Map.Entry<String, PerceptualHash.Fingerprint> e : fingerprints.entrySet()) {
                PerceptualHash.Fingerprint f = e.getValue();
                ps.setObject(1, f == null ? null : f.hash(), java.sql.Types.BIGINT);
                ps.setObject(2, f == null ? null : f.centreHash(), java.sql.Types.BIGINT);
                ps.setBytes(3, f == null ? null : f.grey());
                ps.setInt(4, PerceptualHash.VERSION);
                ps.setString(5, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + fingerprints.size() + " fingerprints failed: " + e.getMessage(), e);
        }
    }
}
