package io.tokenatlas.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** Deploys the project's test contracts and sends transactions to them, as anvil's first dev account. */
public final class ChainWriter implements AutoCloseable {
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(28_000_000);
    private final Web3j web3j;
    private final Credentials credentials = Credentials.create(Anvil.DEV_KEY);
    private final RawTransactionManager transactions;
    private final PollingTransactionReceiptProcessor receipts;

    public ChainWriter(String rpcUrl) {
        this(rpcUrl, Anvil.CHAIN_ID);
    }

    public ChainWriter(String rpcUrl, long chainId) {
        this.web3j = Web3j.build(new HttpService(rpcUrl));
        this.transactions = new RawTransactionManager(web3j, credentials, chainId);
        this.receipts = new PollingTransactionReceiptProcessor(web3j, 50, 600);
    }

    public String account() {
        return credentials.getAddress();
    }

    public Web3j web3j() {
        return web3j;
    }

    /** Deploys {@code contracts/<name>.bin} with the given constructor arguments; returns its address. */
    public String deploy(String name, List<Type> constructorArgs) {
        String bin = resource("contracts/" + name + ".bin").strip();
        String data = bin + FunctionEncoder.encodeConstructor(constructorArgs);
        TransactionReceipt receipt = send(null, data);
        return receipt.getContractAddress();
    }

    public String deployCollection(String name, String symbol) {
        return deploy("AtlasTestCollection", List.of(new Utf8String(name), new Utf8String(symbol)));
    }

    public TransactionReceipt mintBatch(String collection, List<String> tokenUris) {
        List<Utf8String> uris = tokenUris.stream().map(Utf8String::new).toList();
        return call(collection, new Function("mintBatch",
                List.of(new Address(account()), new DynamicArray<>(Utf8String.class, uris)), List.of()));
    }

    /** Mints ERC-1155 ids with their amounts on an Editions contract. */
    public TransactionReceipt mintEditions(String editions, List<Integer> ids, List<Integer> amounts) {
        return call(editions, new Function("mintBatch", List.of(new Address(account()),
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Uint256.class,
                        ids.stream().map(org.web3j.abi.datatypes.generated.Uint256::new).toList()),
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Uint256.class,
                        amounts.stream().map(org.web3j.abi.datatypes.generated.Uint256::new).toList())), List.of()));
    }

    public TransactionReceipt mint(String collection, String tokenUri) {
        return call(collection, new Function("mint", List.of(new Address(account()), new Utf8String(tokenUri)), List.of()));
    }

    public TransactionReceipt setTokenUri(String collection, BigInteger tokenId, String tokenUri) {
        return call(collection, new Function("setTokenURI", List.of(new Uint256(tokenId), new Utf8String(tokenUri)),
                List.of()));
    }

    public TransactionReceipt burn(String collection, BigInteger tokenId) {
        return call(collection, new Function("burn", List.of(new Uint256(tokenId)), List.of()));
    }

    public TransactionReceipt call(String to, Function function) {
        return send(to, FunctionEncoder.encode(function));
    }

    private TransactionReceipt send(String to, String data) {
        try {
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            EthSendTransaction sent = to == null
                    ? transactions.sendTransaction(gasPrice, GAS_LIMIT, null, data, BigInteger.ZERO, true)
                    : transactions.sendTransaction(gasPrice, GAS_LIMIT, to, data, BigInteger.ZERO);
            if (sent.hasError()) {
                throw new IllegalStateException("transaction failed: " + sent.getError().getMessage());
            }
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new IllegalStateException("transaction " + sent.getTransactionHash() + " reverted");
            }
            return receipt;
        } catch (IOException | org.web3j.protocol.exceptions.TransactionException e) {
            throw new IllegalStateException("sending a transaction failed: " + e.getMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = ChainWriter.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath: run scripts/compile-contracts");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
