package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.ContentEncryptionAccess;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JweAccess;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jwe.AesKeyWrap;
import dev.signet.jose.internal.jwe.RsaKeyEncryption;
import dev.signet.jose.vectors.Wycheproof.Group;
import dev.signet.jose.vectors.Wycheproof.Result;
import dev.signet.jose.vectors.Wycheproof.Vector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof AEAD, key-wrap, RSA-OAEP and ECDH/XDH vectors driven through Signet's JWE decrypter.
 *
 * <p>Where the vector's inputs can be a JWE, the test builds one and decrypts it with
 * {@link JweDecrypter}: the vector's key is the recipient's JWK, its ciphertext the encrypted key
 * (AES-KW, RSA-OAEP) or its public key the {@code epk} (ECDH-ES), and the content is sealed with
 * the CEK the vector implies, so the token decrypts if and only if Signet recovers that CEK.
 * Content-encryption vectors (AES-GCM, AES-CBC-HMAC) carry their own AAD, which a compact token
 * cannot (its AAD is the encoded header), so they go through the decrypter's
 * serialization-independent core ({@link JweAccess}) with {@code dir} and the vector's key,
 * as a JSON-serialized JWE with {@code aad} would; valid ones are also sealed again as the
 * encrypter seals ({@link ContentEncryptionAccess}) and must give the vector's bytes. Every
 * vector of every file runs; the expectation of each, and why, is in its display name.
 * {@code vectors/README.md} has the counts and the decisions.
 */
class WycheproofJweTest {

    private static final byte[] PLAINTEXT = "Wycheproof, through JWE".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Reasons for refusing an {@code epk} before any agreement: off the curve, another curve or key type, unknown
     * curve.
     */
    private static final Set<Reason> EPK_REFUSED = Set.of(Reason.KEY_REJECTED, Reason.UNSUPPORTED);

    // ------------------------------------------------------------------------------ AES-GCM

    @TestFactory
    Stream<DynamicNode> aesGcm() {
        return Stream.of(file("aes_gcm_test.json", (g, v) -> {
            ContentEncryption enc = gcm(g.integer("keySize"));
            Jwk key = Jwk.fromSecret(v.hex("key"));
            Opener run = () -> JweAccess.open(
                    direct(key, enc),
                    Map.of("alg", "dir", "enc", enc.identifier()),
                    v.hex("aad"),
                    EMPTY,
                    v.hex("iv"),
                    v.hex("ct"),
                    v.hex("tag"));
            if (g.integer("ivSize") != 96) {
                // RFC 7518 §5.3: the IV is 96 bits. Not applicable; the JWE path refuses the IV length.
                return Expect.refused(Reason.MALFORMED, "not applicable: " + g.integer("ivSize") + "-bit IV", run);
            }
            if (v.result() == Result.VALID) {
                return Expect.opens(v.hex("msg"), run, () -> {
                    byte[][] sealed =
                            ContentEncryptionAccess.seal(enc, v.hex("key"), v.hex("iv"), v.hex("aad"), v.hex("msg"));
                    assertThat(sealed[0]).isEqualTo(v.hex("ct"));
                    assertThat(sealed[1]).isEqualTo(v.hex("tag"));
                });
            }
            return Expect.refused(Reason.DECRYPTION_FAILED, "", run);
        }));
    }

    // ------------------------------------------------------------------------------ AES-CBC-HMAC

    @TestFactory
    Stream<DynamicNode> aesCbcHmac() {
        return Stream.of(
                cbcHmac("a128cbc_hs256_test.json", ContentEncryption.A128CBC_HS256),
                cbcHmac("a192cbc_hs384_test.json", ContentEncryption.A192CBC_HS384),
                cbcHmac("a256cbc_hs512_test.json", ContentEncryption.A256CBC_HS512));
    }

    private static DynamicNode cbcHmac(String file, ContentEncryption enc) {
        return file(file, (g, v) -> {
            assertThat(g.integer("keySize")).isEqualTo(enc.keyBits());
            Jwk key = Jwk.fromSecret(v.hex("key"));
            Opener run = () -> JweAccess.open(
                    direct(key, enc),
                    Map.of("alg", "dir", "enc", enc.identifier()),
                    v.hex("aad"),
                    EMPTY,
                    v.hex("iv"),
                    v.hex("ct"),
                    v.hex("tag"));
            if (v.result() == Result.VALID) {
                return Expect.opens(v.hex("msg"), run, () -> {
                    byte[][] sealed =
                            ContentEncryptionAccess.seal(enc, v.hex("key"), v.hex("iv"), v.hex("aad"), v.hex("msg"));
                    assertThat(sealed[0]).isEqualTo(v.hex("ct"));
                    assertThat(sealed[1]).isEqualTo(v.hex("tag"));
                });
            }
            return Expect.refused(Reason.DECRYPTION_FAILED, "", run);
        });
    }

    /**
     * AES-CBC with PKCS#7 padding, the cipher half of A*CBC-HS*. The vectors have no MAC, so the
     * test appends one: the CEK is a fixed test MAC key followed by the vector's AES key, and the
     * tag is computed here (with the JCA's HMAC, not Signet's) over the vector's IV and
     * ciphertext. The tag then verifies and the CBC step decides: bad padding must be the same
     * {@code DECRYPTION_FAILED} as a bad tag.
     */
    @TestFactory
    Stream<DynamicNode> aesCbcPkcs5UnderATestMac() {
        return Stream.of(file("aes_cbc_pkcs5_test.json", (g, v) -> {
            ContentEncryption enc = cbcFor(g.integer("keySize"));
            assertThat(g.integer("ivSize")).isEqualTo(128);
            byte[] macKey = Arrays.copyOf(sha512("signet: Wycheproof CBC test MAC key"), enc.keyLength() / 2);
            byte[] cek = concat(macKey, v.hex("key"));
            byte[] aad = "eyJhbGciOiJkaXIifQ".getBytes(StandardCharsets.US_ASCII);
            byte[] tag = cbcTag(enc, macKey, aad, v.hex("iv"), v.hex("ct"));
            Jwk key = Jwk.fromSecret(cek);
            Opener run = () -> JweAccess.open(
                    direct(key, enc),
                    Map.of("alg", "dir", "enc", enc.identifier()),
                    aad,
                    EMPTY,
                    v.hex("iv"),
                    v.hex("ct"),
                    tag);
            if (v.result() == Result.VALID) {
                return Expect.opens(v.hex("msg"), run, () -> {});
            }
            return Expect.refused(Reason.DECRYPTION_FAILED, "authentic ciphertext, bad padding", run);
        }));
    }

    // ------------------------------------------------------------------------------ AES Key Wrap

    /**
     * {@code A128KW}/{@code A192KW}/{@code A256KW} by key size; the vector's {@code ct} is the
     * encrypted key of a compact JWE whose content is sealed with the vector's {@code msg} as CEK
     * (with the {@code enc} of that CEK length; a key of no {@code enc}'s length seals with a random CEK).
     */
    @TestFactory
    Stream<DynamicNode> aesKeyWrap() {
        return Stream.of(file("aes_wrap_test.json", (g, v) -> {
            JweAlgorithm alg = JweAlgorithm.fromIdentifier("A" + g.integer("keySize") + "KW");
            byte[] msg = v.hex("msg");
            byte[] ct = v.hex("ct");
            ContentEncryption enc = encForCek(msg.length);
            JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(Jwk.fromSecret(v.hex("key"))))
                    .algorithms(alg)
                    .encryptions(ContentEncryption.values())
                    .build();
            String token = compact(
                    header(alg, enc == null ? ContentEncryption.A128GCM : enc),
                    ct,
                    enc == null ? ContentEncryption.A128GCM : enc,
                    enc == null ? null : msg);
            Decryption run =
                    () -> assertThat(decrypter.decrypt(token).plaintext()).isEqualTo(PLAINTEXT);
            if (v.result() == Result.VALID && enc != null) {
                return Expect.opens(
                        PLAINTEXT,
                        run,
                        () -> assertThat(AesKeyWrap.wrap(v.hex("key"), msg)).isEqualTo(ct));
            }
            if (v.result() == Result.VALID) {
                // A CEK of a length no enc uses: JWE refuses it; the unwrap itself is right.
                return Expect.refused(Reason.DECRYPTION_FAILED, msg.length + "-byte key data is no CEK", run, () -> {
                    assertThat(AesKeyWrap.unwrap(v.hex("key"), ct)).isEqualTo(msg);
                    assertThat(AesKeyWrap.wrap(v.hex("key"), msg)).isEqualTo(ct);
                });
            }
            if (ct.length == 0) {
                return Expect.refused(Reason.MALFORMED, "empty encrypted key", run);
            }
            String why =
                    v.result() == Result.ACCEPTABLE ? "acceptable, decided: refused, 8-byte key data is no CEK" : "";
            return Expect.refused(
                    Reason.DECRYPTION_FAILED,
                    why,
                    run,
                    () -> assertThatThrownBy(() -> AesKeyWrap.unwrap(v.hex("key"), ct))
                            .isInstanceOf(GeneralSecurityException.class));
        }));
    }

    // ------------------------------------------------------------------------------ RSA-OAEP

    @TestFactory
    Stream<DynamicNode> rsaOaep() {
        return Stream.of(
                oaep("rsa_oaep_2048_sha1_mgf1sha1_test.json", JweAlgorithm.RSA_OAEP),
                oaep("rsa_oaep_2048_sha256_mgf1sha256_test.json", JweAlgorithm.RSA_OAEP_256),
                oaep("rsa_oaep_3072_sha256_mgf1sha256_test.json", JweAlgorithm.RSA_OAEP_256),
                oaep("rsa_oaep_4096_sha256_mgf1sha256_test.json", JweAlgorithm.RSA_OAEP_256),
                oaep("rsa_oaep_2048_sha384_mgf1sha384_test.json", JweAlgorithm.RSA_OAEP_384),
                oaep("rsa_oaep_2048_sha512_mgf1sha512_test.json", JweAlgorithm.RSA_OAEP_512));
    }

    /**
     * The group's private JWK decrypts a compact JWE whose encrypted key is the vector's {@code ct}
     * and whose content is sealed with its {@code msg} as CEK. JWE's OAEP label is empty
     * (RFC 7518 §4.3): a vector with a label must not decrypt.
     */
    private static DynamicNode oaep(String file, JweAlgorithm alg) {
        String hash = alg == JweAlgorithm.RSA_OAEP
                ? "SHA-1"
                : "SHA-" + alg.identifier().substring("RSA-OAEP-".length());
        return file(file, (g, v) -> {
            assertThat(g.string("sha")).isEqualTo(hash);
            assertThat(g.string("mgfSha")).isEqualTo(hash);
            // The SHA-384/512 files have no JWK form of the key; their PKCS#8 PEM is the same key.
            Jwk key = g.has("privateKeyJwk")
                    ? Jwk.fromMap(g.object("privateKeyJwk"))
                    : Jwk.fromPem(g.string("privateKeyPem"));
            byte[] msg = v.hex("msg");
            byte[] ct = v.hex("ct");
            boolean labelled = !v.string("label").isEmpty();
            ContentEncryption enc = encForCek(msg.length);
            JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(key))
                    .algorithms(alg)
                    .encryptions(ContentEncryption.values())
                    .build();
            ContentEncryption sealWith = enc == null ? ContentEncryption.A256GCM : enc;
            String token = compact(header(alg, sealWith), ct, sealWith, enc == null ? null : msg);
            Decryption run =
                    () -> assertThat(decrypter.decrypt(token).plaintext()).isEqualTo(PLAINTEXT);
            Check oaepRefuses = () -> assertThatThrownBy(() -> RsaKeyEncryption.decryptOaep(hash, key.privateKey(), ct))
                    .isInstanceOf(GeneralSecurityException.class);
            if (v.result() == Result.VALID && labelled) {
                return Expect.refused(
                        Reason.DECRYPTION_FAILED, "not applicable: OAEP label, JWE's is empty", run, oaepRefuses);
            }
            if (v.result() == Result.VALID && enc != null) {
                return Expect.opens(PLAINTEXT, run, () -> {});
            }
            if (v.result() == Result.VALID) {
                return Expect.refused(
                        Reason.DECRYPTION_FAILED,
                        msg.length + "-byte message is no CEK",
                        run,
                        () -> assertThat(RsaKeyEncryption.decryptOaep(hash, key.privateKey(), ct))
                                .isEqualTo(msg));
            }
            if (ct.length == 0) {
                return Expect.refused(Reason.MALFORMED, "empty encrypted key", run, oaepRefuses);
            }
            return Expect.refused(Reason.DECRYPTION_FAILED, "", run, oaepRefuses);
        });
    }

    // ------------------------------------------------------------------------------ ECDH-ES

    @TestFactory
    Stream<DynamicNode> ecdhEs() {
        return Stream.of(
                ecdh("ecdh_secp256r1_webcrypto_test.json"),
                ecdh("ecdh_secp384r1_webcrypto_test.json"),
                ecdh("ecdh_secp521r1_webcrypto_test.json"),
                ecdh("x25519_jwk_test.json"),
                ecdh("x448_jwk_test.json"));
    }

    /**
     * The vector's public JWK is the {@code epk} of an {@code ECDH-ES} + {@code A256GCM} token to
     * the vector's private JWK; the content is sealed with the Concat KDF (computed here, not by
     * Signet) of the vector's shared secret. An {@code epk} Signet refuses never reaches the KDF.
     */
    private static DynamicNode ecdh(String file) {
        ContentEncryption enc = ContentEncryption.A256GCM;
        return file(file, (g, v) -> {
            Jwk recipient = Jwk.fromMap(VectorFiles.object(v.json(), "private"));
            byte[] shared = v.hex("shared");
            Map<String, Object> header = header(JweAlgorithm.ECDH_ES, enc);
            header.put("epk", VectorFiles.object(v.json(), "public"));
            byte[] cek = shared.length == 0 ? null : concatKdf(shared, enc.keyBits(), enc.identifier());
            String token = compact(header, EMPTY, enc, cek);
            JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(recipient))
                    .algorithms(JweAlgorithm.ECDH_ES)
                    .encryptions(enc)
                    .build();
            Decryption run =
                    () -> assertThat(decrypter.decrypt(token).plaintext()).isEqualTo(PLAINTEXT);
            if (v.result() == Result.INVALID) {
                return Expect.refused(EPK_REFUSED, "", run);
            }
            if (isZero(shared)) {
                // RFC 7748 §6.1 (X25519/X448: a low-order point); for the P-curves Signet refuses an
                // all-zero Z too (a valid point with x = 0; never met with an honest random epk).
                return Expect.refused(
                        Set.of(Reason.KEY_REJECTED),
                        v.result() == Result.VALID
                                ? "valid upstream, decided: all-zero shared secret refused"
                                : "acceptable, decided: all-zero" + " shared secret refused",
                        run);
            }
            return Expect.opens(
                    PLAINTEXT,
                    run,
                    () -> {},
                    v.result() == Result.ACCEPTABLE
                            ? "acceptable, decided: accepted (RFC 7748 §5: non-canonical and twist inputs are"
                                    + " decoded, not refused)"
                            : "");
        });
    }

    // ------------------------------------------------------------------------------ plumbing

    /** What a vector must do, and a label saying so. */
    private record Expect(String label, Check check) {

        static Expect opens(byte[] plaintext, Decryption run, Check also) {
            return opens(plaintext, run, also, "");
        }

        static Expect opens(byte[] plaintext, Decryption run, Check also, String why) {
            return new Expect("decrypts" + (why.isEmpty() ? "" : ": " + why), () -> {
                if (run instanceof Opener opener) {
                    assertThat(opener.open()).isEqualTo(plaintext);
                } else {
                    run.run();
                }
                also.run();
            });
        }

        static Expect refused(Reason reason, String why, Decryption run) {
            return refused(Set.of(reason), why, run);
        }

        static Expect refused(Reason reason, String why, Decryption run, Check also) {
            return refused(Set.of(reason), why, run, also);
        }

        static Expect refused(Set<Reason> reasons, String why, Decryption run) {
            return refused(reasons, why, run, () -> {});
        }

        static Expect refused(Set<Reason> reasons, String why, Decryption run, Check also) {
            return new Expect("refused " + reasons + (why.isEmpty() ? "" : ": " + why), () -> {
                JoseException e = catchThrowableOfType(JoseException.class, () -> {
                    if (run instanceof Opener opener) {
                        opener.open();
                    } else {
                        run.run();
                    }
                });
                assertThat(e).as("must be refused").isNotNull();
                assertThat(reasons).as(e.getMessage()).contains(e.reason());
                also.run();
            });
        }
    }

    /** A step that may throw a checked exception. */
    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /** A decryption: throws {@link JoseException} when refused. */
    @FunctionalInterface
    private interface Decryption {
        void run() throws Exception;
    }

    /** A decryption that returns the plaintext (through {@link JweAccess}). */
    @FunctionalInterface
    private interface Opener extends Decryption {
        byte[] open() throws Exception;

        @Override
        default void run() throws Exception {
            open();
        }
    }

    @FunctionalInterface
    private interface Policy {
        Expect expect(Group g, Vector v) throws Exception;
    }

    /** One container per file: every vector, then a check that every vector of the file ran. */
    private static DynamicNode file(String file, Policy policy) {
        List<DynamicNode> tests = new ArrayList<>();
        int count = 0;
        for (Group g : Wycheproof.groups(file)) {
            for (Vector v : g.tests()) {
                count++;
                Expect expect;
                try {
                    expect = policy.expect(g, v);
                } catch (Exception e) {
                    throw new IllegalStateException(file + " tcId " + v.tcId() + ": " + e, e);
                }
                tests.add(DynamicTest.dynamicTest(
                        v.displayName() + " → " + expect.label(),
                        () -> expect.check().run()));
            }
        }
        int declared = ((Number) VectorFiles.json("wycheproof/testvectors_v1/" + file + ".gz")
                        .get("numberOfTests"))
                .intValue();
        int ran = count;
        tests.add(
                0,
                DynamicTest.dynamicTest(
                        "all " + declared + " vectors run",
                        () -> assertThat(ran).isEqualTo(declared)));
        return DynamicContainer.dynamicContainer(file, tests);
    }

    /** A decrypter for {@code dir} with {@code enc} and {@code key}. */
    private static JweDecrypter direct(Jwk key, ContentEncryption enc) throws JoseException {
        return JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(JweAlgorithm.DIR)
                .encryptions(enc)
                .build();
    }

    private static Map<String, Object> header(JweAlgorithm alg, ContentEncryption enc) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg.identifier());
        h.put("enc", enc.identifier());
        return h;
    }

    /** A compact JWE of {@link #PLAINTEXT} sealed with {@code cek} (a random one when null). */
    private static String compact(Map<String, Object> header, byte[] encryptedKey, ContentEncryption enc, byte[] cek)
            throws JoseException {
        byte[] key = cek != null ? cek : random(enc.keyLength());
        String h = Base64Url.encode(Json.write(header));
        byte[] aad = h.getBytes(StandardCharsets.US_ASCII);
        byte[] iv = random(enc.ivLength());
        byte[][] sealed = ContentEncryptionAccess.seal(enc, key, iv, aad, PLAINTEXT);
        return h + "." + Base64Url.encode(encryptedKey) + "." + Base64Url.encode(iv) + "." + Base64Url.encode(sealed[0])
                + "." + Base64Url.encode(sealed[1]);
    }

    /** The {@code enc} whose CEK has {@code length} bytes (A256GCM for 32), or null. */
    private static ContentEncryption encForCek(int length) {
        return switch (length) {
            case 16 -> ContentEncryption.A128GCM;
            case 24 -> ContentEncryption.A192GCM;
            case 32 -> ContentEncryption.A256GCM;
            case 48 -> ContentEncryption.A192CBC_HS384;
            case 64 -> ContentEncryption.A256CBC_HS512;
            default -> null;
        };
    }

    private static ContentEncryption gcm(int keyBits) {
        return ContentEncryption.fromIdentifier("A" + keyBits + "GCM");
    }

    private static ContentEncryption cbcFor(int aesKeyBits) {
        return switch (aesKeyBits) {
            case 128 -> ContentEncryption.A128CBC_HS256;
            case 192 -> ContentEncryption.A192CBC_HS384;
            default -> ContentEncryption.A256CBC_HS512;
        };
    }

    /** RFC 7518 §5.2.2.1: the first half of HMAC(A ‖ IV ‖ E ‖ AL), with the JCA's Mac. */
    private static byte[] cbcTag(ContentEncryption enc, byte[] macKey, byte[] aad, byte[] iv, byte[] ct)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance(ContentEncryptionAccess.macName(enc));
        mac.init(new SecretKeySpec(macKey, ContentEncryptionAccess.macName(enc)));
        mac.update(aad);
        mac.update(iv);
        mac.update(ct);
        mac.update(ByteBuffer.allocate(8).putLong(aad.length * 8L).array());
        return Arrays.copyOf(mac.doFinal(), macKey.length);
    }

    /** RFC 7518 §4.6.2 Concat KDF with empty {@code apu}/{@code apv}, written out independently of Signet's. */
    private static byte[] concatKdf(byte[] z, int keyBits, String algorithmId) throws GeneralSecurityException {
        byte[] alg = algorithmId.getBytes(StandardCharsets.US_ASCII);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] out = new byte[0];
        for (int round = 1; out.length < keyBits / 8; round++) {
            sha256.update(ByteBuffer.allocate(4).putInt(round).array());
            sha256.update(z);
            sha256.update(ByteBuffer.allocate(4 + alg.length + 12)
                    .putInt(alg.length)
                    .put(alg)
                    .putInt(0)
                    .putInt(0)
                    .putInt(keyBits)
                    .array());
            out = concat(out, sha256.digest());
        }
        return Arrays.copyOf(out, keyBits / 8);
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return b.length > 0 && acc == 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sha512(String text) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
