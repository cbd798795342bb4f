package io.tokenatlas.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/** What the chain itself says about a test collection: each live token's owner, read with ownerOf. */
public final class ChainTruth {
    private ChainTruth() {}

    /** token id -> owner (lower case) for every token that exists now; burned and never-minted ids are absent. */
    public static Map<BigInteger, String> owners(Web3j web3j, String collection) {
        try {
            BigInteger next = uint(web3j, collection, new Function("nextTokenId", List.of(),
                    List.of(new TypeReference<Uint256>() {})));
            Map<BigInteger, String> owners = new TreeMap<>();
            for (BigInteger id = BigInteger.ONE; id.compareTo(next) < 0; id = id.add(BigInteger.ONE)) {
                Function ownerOf = new Function("ownerOf", List.of(new Uint256(id)), List.of(new TypeReference<Address>() {}));
                EthCall call = call(web3j, collection, ownerOf);
                if (!call.isReverted() && !call.hasError() && call.getValue() != null && call.getValue().length() > 2) {
                    owners.put(id, FunctionReturnDecoder.decode(call.getValue(), ownerOf.getOutputParameters())
                            .getFirst().getValue().toString().toLowerCase());
                }
            }
            return owners;
        } catch (IOException e) {
            throw new IllegalStateException("reading the chain failed: " + e.getMessage(), e);
        }
    }

    private static BigInteger uint(Web3j web3j, String to, Function f) throws IOException {
        return (BigInteger) FunctionReturnDecoder.decode(call(web3j, to, f).getValue(), f.getOutputParameters())
                .getFirst().getValue();
    }

    private static EthCall call(Web3j web3j, String to, Function f) throws IOException {
        return web3j.ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(f)),
                DefaultBlockParameterName.LATEST).send();
    }
}
