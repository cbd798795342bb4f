package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResourceUriTest {
    static final String V0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";
    static final String V1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    @ParameterizedTest
    @CsvSource({
        "ipfs://" + V1 + "/1.json, " + V1 + ", /1.json",
        "ipfs://ipfs/" + V1 + "/a/b.png, " + V1 + ", /a/b.png",
        "ipfs://" + V0 + ", " + V0 + ", ''",
        "ipfs://" + V0 + "/, " + V0 + ", ''",
        V0 + ", " + V0 + ", ''",
        V1 + "/7, " + V1 + ", /7",
        "/ipfs/" + V1 + "/x, " + V1 + ", /x",
        "https://gateway.example/ipfs/" + V1 + "/3.json?download=1, " + V1 + ", /3.json",
        "http://127.0.0.1:8080/ipfs/" + V0 + ", " + V0 + ", ''",
    })
    void ipfsForms(String raw, String cid, String path) {
        ResourceUri.Ipfs ipfs = assertInstanceOf(ResourceUri.Ipfs.class, ResourceUri.parse(raw));
        assertEquals(cid, ipfs.cid());
        assertEquals(path, ipfs.path());
    }

    /** {@link #V1} in base36, as subdomain gateways write it (computed here, not copied). */
    static String base36(String base32Cid) {
        byte[] bytes = Multibase.decode(base32Cid);
        String digits = new java.math.BigInteger(1, bytes).toString(36);
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        return "k" + "0".repeat(zeros) + digits;
    }

    @Test
    void base36CidsAndSubdomainGatewaysAreIpfsUnderTheirBase32Cid() {
        String k = base36(V1);
        assertTrue(k.length() < 64, "fits a DNS label: " + k);
        for (String raw : new String[] {"ipfs://" + k + "/1.json", "https://" + k + ".ipfs.dweb.example/1.json",
            "https://" + V1 + ".ipfs.gw.example/1.json?x=1", "http://" + V1.toUpperCase() + ".IPFS.localhost:8080/1.json"}) {
            ResourceUri.Ipfs ipfs = assertInstanceOf(ResourceUri.Ipfs.class, ResourceUri.parse(raw), raw);
            assertEquals(V1, ipfs.cid(), raw);
            assertEquals("/1.json", ipfs.path(), raw);
        }
        assertEquals(new ResourceUri.Ipfs(V1, ""), ResourceUri.parse("https://" + k + ".ipfs.gw.example"));
        assertInstanceOf(ResourceUri.Http.class, ResourceUri.parse("https://kitten.ipfs.example/1.json"),
                "a name that is no CID stays a plain URL");
        assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse("ipfs://k" + "z".repeat(55)),
                "base36 digits that are no CID");
        assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse("https://" + k + ".ipfs.gw.example/a/../../b"));
    }

    @Test
    void arweaveTransactionsWithAndWithoutAPath() {
        String tx = "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U";
        var plain = assertInstanceOf(ResourceUri.Arweave.class, ResourceUri.parse("ar://" + tx));
        assertEquals(tx, plain.txId());
        assertEquals("", plain.path());
        assertEquals("/7.json", assertInstanceOf(ResourceUri.Arweave.class, ResourceUri.parse("ar://" + tx + "/7.json")).path());
        assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse("ar://short"));
    }

    @Test
    void idSubstitutionUsesSixtyFourLowerCaseHexDigits() {
        assertEquals("https://api.example/meta/" + "0".repeat(61) + "4d2.json",
                ResourceUri.substituteId("https://api.example/meta/{id}.json", java.math.BigInteger.valueOf(1234)));
        var http = assertInstanceOf(ResourceUri.Http.class,
                ResourceUri.parse("https://api.example/{id}", java.math.BigInteger.valueOf(255)));
        assertEquals("https://api.example/" + "0".repeat(62) + "ff", http.url());
        assertEquals("ipfs://x", ResourceUri.substituteId("ipfs://x", java.math.BigInteger.ONE));
    }

    @Test
    void plainHttpStaysHttp() {
        var http = assertInstanceOf(ResourceUri.Http.class, ResourceUri.parse(" https://api.example.com/token/1 "));
        assertEquals("https://api.example.com/token/1", http.url());
    }

    @Test
    void base64DataUri() {
        String json = "{\"name\":\"a\"}";
        var inline = assertInstanceOf(ResourceUri.Inline.class, ResourceUri.parse(
                "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))));
        assertEquals("application/json", inline.mediaType());
        assertEquals(json, new String(inline.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void base64WithLineBreaksAndPercentEncodedPadding() {
        var inline = assertInstanceOf(ResourceUri.Inline.class, ResourceUri.parse("data:text/plain;base64,Pz8+\nPw%3D%3D"));
        assertEquals("??>?", new String(inline.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void percentEncodedDataUriKeepsPlusSigns() {
        var inline = assertInstanceOf(ResourceUri.Inline.class,
                ResourceUri.parse("data:application/json;utf8,%7B%22n%22%3A%221+1%20%22%7D"));
        assertEquals("{\"n\":\"1+1 \"}", new String(inline.bytes(), StandardCharsets.UTF_8));
        assertEquals("application/json", inline.mediaType());
    }

    @Test
    void plainDataUriWithoutEncoding() {
        var inline = assertInstanceOf(ResourceUri.Inline.class, ResourceUri.parse("data:,hello"));
        assertEquals("text/plain", inline.mediaType());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), inline.bytes());
    }

    @Test
    void rawJsonTokenUri() {
        var inline = assertInstanceOf(ResourceUri.Inline.class, ResourceUri.parse("{\"image\":\"x\"}"));
        assertEquals("application/json", inline.mediaType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "ftp://host/file", "ipfs://not-a-cid/1", "data:application/json;base64", "javascript:alert(1)",
        "data:application/json;base64,@@@"})
    void unusableUrisSayWhy(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse(raw));
        assertTrue(!e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipfs://" + V1 + "/../../f/evil.json", "ipfs://" + V1 + "/a/%2e%2e/%2E%2E/q/health",
        "ipfs://" + V1 + "/./x", "https://gw.example/ipfs/" + V1 + "/../../admin", "/ipfs/" + V1 + "/a/..",
        "ipfs://" + V1 + "/a%2f..%2f..%2fb", "ar://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/../../graphql"})
    void pathsThatLeaveTheirContentAreRefused(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse(raw));
        assertTrue(e.getMessage().contains("would leave the content it names"), e.getMessage());
    }

    @Test
    void pathsWithDotsInsideNamesStay() {
        var ipfs = assertInstanceOf(ResourceUri.Ipfs.class, ResourceUri.parse("ipfs://" + V1 + "/..hidden/v1..2/a.png"));
        assertEquals("/..hidden/v1..2/a.png", ipfs.path());
    }

    @Test
    void aStrayPercentInPlainDataStaysAsItIsAsTheUrlStandardSays() {
        var inline = assertInstanceOf(ResourceUri.Inline.class, ResourceUri.parse(
                "data:image/svg+xml;utf8,<svg width='100%' height='100%25' viewBox='0 0 8 8'><rect fill='%23f00'/></svg>"));
        assertEquals("<svg width='100%' height='100%' viewBox='0 0 8 8'><rect fill='#f00'/></svg>",
                new String(inline.bytes(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {'%', 'z', 'z', '%', '4'}, ResourceUri.percentDecode("%zz%4"));
        assertEquals("caf\u00e9 a+b", new String(ResourceUri.percentDecode("caf%C3%A9 a+b"), StandardCharsets.UTF_8));
    }

    @Test
    void identityCidsAreShortAndStillRecognised() {
        Cid inline = new Cid(1, Cid.RAW, Cid.IDENTITY, "hi".getBytes(StandardCharsets.UTF_8));
        var ipfs = assertInstanceOf(ResourceUri.Ipfs.class, ResourceUri.parse("ipfs://" + inline.toV1String()));
        assertEquals(inline, Cid.parse(ipfs.cid()));
    }

    @Test
    void longInputIsAbbreviatedInMessages() {
        String scheme = "x".repeat(500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceUri.parse(scheme + ":y"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
}
