package dev.signet.jose.fuzz;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.ContentEncryptionAccess;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.keys.SeededKeyGen;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Fixed recipient keys and decrypters for the JWE fuzz targets, and the sealing of fuzzer-written
 * headers with a known {@code dir} key. Every key is a constant or derived from a constant seed,
 * so a seed token that decrypts today decrypts in every later run.
 */
final class JweFuzzFixtures {

    /** PBES2 bound of the fuzz decrypters: low, so an input with a large {@code p2c} cannot slow the fuzzer down. */
    static final int MAX_P2C = 10_000;

    /** RSA 2048 from a seeded SHA1PRNG (deterministic when seeded before first use); it protects nothing. */
    static final Jwk RSA = rsa();
    /** The P-256 key of {@link FuzzFixtures#EC}, without its signing {@code alg} and {@code use}. */
    static final Jwk EC = FuzzFixtures.EC.withAlgorithm(null).withUse(null).withKeyId("ec-enc");
    /** X25519 whose private key is a constant seed (RFC 7748: the private key is the seed). */
    static final Jwk X25519 = x25519();
    /** A128KW / A128GCMKW. */
    static final Jwk AES128 = secret("aes128", 16);
    /** A256KW / A256GCMKW, and {@code dir} with A256GCM or A128CBC-HS256. */
    static final Jwk AES256 = secret("aes256", 32);

    static final Jwk PASSWORD = FuzzFixtures.jwk(
            "{\"kty\":\"oct\",\"kid\":\"password\",\"k\":\"" + Base64Url.encode("signet fuzz: PBES2 password") + "\"}");
    /** {@code dir} keys for every content encryption: 128, 192, 256, 384 and 512 bits. */
    static final List<Jwk> DIRECT =
            List.of(secret("dir128", 16), secret("dir192", 24), AES256, secret("dir384", 48), secret("dir512", 64));

    /** Every algorithm but RSA1_5, every enc, every key. */
    static final JweDecrypter ALL = JweDecrypter.builder(
                    DecryptionKeySource.of(RSA, EC, X25519, AES128, AES256, PASSWORD))
            .algorithms(everyAlgorithmBut(JweAlgorithm.RSA1_5))
            .encryptions(ContentEncryption.values())
            .maxPbes2Iterations(MAX_P2C)
            .build();
    /** Every opt-in at once: RSA1_5, a {@code crit} name understood, larger limits. */
    static final JweDecrypter EVERY_OPT_IN = JweDecrypter.builder(
                    DecryptionKeySource.of(RSA, EC, X25519, AES128, AES256, PASSWORD))
            .algorithms(JweAlgorithm.values())
            .encryptions(ContentEncryption.values())
            .allowInsecureRsa1_5()
            .understoodCriticalHeaders("tenant")
            .maxPbes2Iterations(MAX_P2C)
            .maxDecompressedLength(1024 * 1024)
            .maxTokenLength(64 * 1024)
            .maxJsonDepth(64)
            .build();
    /** One pair, as an application would configure it. */
    static final JweDecrypter ECDH_ONLY = JweDecrypter.builder(DecryptionKeySource.of(EC))
            .algorithms(JweAlgorithm.ECDH_ES_A256KW)
            .encryptions(ContentEncryption.A256GCM)
            .build();
    /** {@code dir} with every enc, for tokens sealed by {@link #sealDirect}. */
    static final JweDecrypter DIRECT_ALL = JweDecrypter.builder(DecryptionKeySource.of(DIRECT.toArray(new Jwk[0])))
            .algorithms(JweAlgorithm.DIR)
            .encryptions(ContentEncryption.values())
            .understoodCriticalHeaders("tenant")
            .build();

    private JweFuzzFixtures() {}

    /**
     * A compact JWE with exactly {@code header} (bytes as written, not re-serialized) whose
     * content is {@code plaintext}, sealed with the {@link #DIRECT} key of the enc the header
     * names (A256GCM when it names none or an unknown one), so that the tag verifies whenever
     * the header says {@code dir} with that enc.
     */
    static String sealDirect(byte[] header, byte[] plaintext) {
        ContentEncryption enc = ContentEncryption.A256GCM;
        try {
            Object named =
                    dev.signet.jose.internal.json.Json.parseObject(header).get("enc");
            if (named instanceof String string && ContentEncryption.fromIdentifier(string) != null) {
                enc = ContentEncryption.fromIdentifier(string);
            }
        } catch (JoseException | RuntimeException notJson) {
            // Sealed with A256GCM; the decrypter will refuse the header anyway.
        }
        byte[] cek = null;
        for (Jwk k : DIRECT) {
            if (k.sizeBits() == enc.keyBits()) {
                cek = k.secretKey().getEncoded();
            }
        }
        String h = Base64Url.encode(header);
        byte[] aad = h.getBytes(StandardCharsets.US_ASCII);
        byte[] iv = Arrays.copyOf(FuzzFixtures.sha256("signet fuzz: IV"), enc.ivLength());
        try {
            byte[][] sealed = ContentEncryptionAccess.seal(enc, cek, iv, aad, plaintext);
            return h + ".." + Base64Url.encode(iv) + "." + Base64Url.encode(sealed[0]) + "."
                    + Base64Url.encode(sealed[1]);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JweAlgorithm> everyAlgorithmBut(JweAlgorithm excluded) {
        return Arrays.stream(JweAlgorithm.values()).filter(a -> a != excluded).toList();
    }

    private static Jwk secret(String name, int bytes) {
        return FuzzFixtures.jwk(
                "{\"kty\":\"oct\",\"kid\":\"" + name + "\",\"k\":\"" + Base64Url.encode(expand(name, bytes)) + "\"}");
    }

    /** {@code bytes} bytes from SHA-256 of the name and a counter. */
    private static byte[] expand(String name, int bytes) {
        byte[] out = new byte[0];
        for (int i = 0; out.length < bytes; i++) {
            byte[] block = FuzzFixtures.sha256("signet fuzz: " + name + " " + i);
            byte[] next = Arrays.copyOf(out, out.length + block.length);
            System.arraycopy(block, 0, next, out.length, block.length);
            out = next;
        }
        return Arrays.copyOf(out, bytes);
    }

    private static Jwk x25519() {
        try {
            return Jwk.fromKeyPair(SeededKeyGen.fromSeed("X25519", FuzzFixtures.sha256("signet fuzz: X25519 key")))
                    .withKeyId("x25519-enc");
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Jwk rsa() {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(FuzzFixtures.sha256("signet fuzz: RSA key"));
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
            g.initialize(2048, seeded);
            return Jwk.fromKeyPair(g.generateKeyPair()).withKeyId("rsa-enc");
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
