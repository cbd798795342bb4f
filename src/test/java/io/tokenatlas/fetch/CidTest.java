package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CID, multihash, multibase and varint against published test vectors. */
class CidTest {
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, my", "fo, mzxq", "foo, mzxw6", "foob, mzxw6yq", "fooba, mzxw6ytb", "foobar, mzxw6ytboi"})
    void base32FromRfc4648(String plain, String encoded) {
        assertEquals(encoded, Multibase.base32Encode(utf8(plain)));
        assertArrayEquals(utf8(plain), Multibase.base32Decode(encoded));
    }

    @Test
    void base58btcFromTheDraftSpec() {
        assertEquals("2NEpo7TZRRrLZSi2U", Multibase.base58Encode(utf8("Hello World!")));
        assertEquals("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
                Multibase.base58Encode(utf8("The quick brown fox jumps over the lazy dog.")));
        assertEquals("11233QC4", Multibase.base58Encode(HexFormat.of().parseHex("0000287fb4cd")));
        assertArrayEquals(HexFormat.of().parseHex("0000287fb4cd"), Multibase.base58Decode("11233QC4"));
        assertArrayEquals(utf8("Hello World!"), Multibase.base58Decode("2NEpo7TZRRrLZSi2U"));
    }

    @ParameterizedTest
    @CsvSource({"1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001"})
    void varintsFromTheMultiformatsSpec(long value, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(Varint.encode(value)));
        assertEquals(value, new Varint.Reader(HexFormat.of().parseHex(hex)).next());
    }

    @Test
    void aNonMinimalOrTruncatedVarintIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Varint.Reader(HexFormat.of().parseHex("8000")).next());
        assertThrows(IllegalArgumentException.class, () -> new Varint.Reader(HexFormat.of().parseHex("80")).next());
    }

    @Test
    void cidV0AndItsV1FormNameTheSameContent() {
        Cid v0 = Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");
        assertEquals(0, v0.version());
        assertEquals(Cid.DAG_PB, v0.codec());
        assertEquals(Cid.SHA2_256, v0.hashFunction());
        assertEquals("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", v0.toV1String());
        Cid v1 = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        assertArrayEquals(v0.digest(), v1.digest());
        assertEquals("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", v0.toString());
    }

    @Test
    void aRawCidVerifiesItsBlock() {
        // "hello\n" added with CIDv1 and raw leaves; sha256 = 5891b5b5...
        Cid cid = Cid.parse("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am");
        assertEquals(Cid.RAW, cid.codec());
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                HexFormat.of().formatHex(cid.digest()));
        assertTrue(cid.matches(utf8("hello\n")));
        assertFalse(cid.matches(utf8("hello")));
        assertEquals(cid, Cid.parse("B" + "AFKREICYSG23KIWV34EG2D7QWEIPXWOSDO2PY4LDV42NBAUGULUEN5V6AM"));
        assertEquals(cid, Cid.parse("f" + HexFormat.of().formatHex(Multibase.base32Decode(cid.toV1String().substring(1)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x123", "bafy", "Qm0000000000000000000000000000000000000000000O", "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6a"})
    void malformedCidsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cid.parse(text));
    }
}
