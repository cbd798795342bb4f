package io.tokenatlas.catalog;

import io.tokenatlas.fetch.CarArchive;
import io.tokenatlas.fetch.Cid;
import io.tokenatlas.fetch.IpfsCarRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A token's verified IPFS blocks as one CARv1 archive: its metadata's and its image's roots, and
 * every block either was rebuilt from, checked against its CID again as it is read from storage.
 * With it and the provenance alone anyone can rebuild both files and compare their sha256.
 */
@ApplicationScoped
public class ProvenanceArchive {
    private final IpfsCarRepository cars;

    public ProvenanceArchive(IpfsCarRepository cars) {
        this.cars = cars;
    }

    /** The archive, or empty when no blocks of the token's content are kept (not on IPFS, or not kept). */
    public Optional<byte[]> of(Provenance provenance) {
        Set<String> entities = new LinkedHashSet<>();
        if (provenance.metadataCar() != null) {
            entities.add(provenance.metadataCar());
        }
        if (provenance.imageCar() != null) {
            entities.add(provenance.imageCar());
        }
        List<Cid> roots = new ArrayList<>();
        List<CarArchive> parts = new ArrayList<>();
        for (String entity : entities) {
            byte[] car = cars.car(entity).orElse(null);
            if (car == null) {
                continue;
            }
            Cid root = root(entity);
            if (!roots.contains(root)) {
                roots.add(root);
            }
            parts.add(CarArchive.read(car));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(CarArchive.write(roots, parts));
    }

    /** The CID an entity (CIDv1 and path) starts with. */
    public static Cid root(String entity) {
        int slash = entity.indexOf('/');
        return Cid.parse(slash < 0 ? entity : entity.substring(0, slash));
    }

    /** The path inside the root an entity names ("" for the root itself). */
    public static String path(String entity) {
        int slash = entity.indexOf('/');
        return slash < 0 ? "" : entity.substring(slash);
    }
}
