/**
 * Signet JOSE: JSON Web Signature (RFC 7515, compact and JSON serialization), JSON Web
 * Encryption (RFC 7516, compact and JSON serialization), JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037),
 * JSON Web Token (RFC 7519) and a verifier whose easy path checks everything.
 *
 * <h2>Issue and verify a token</h2>
 * <pre>{@code
 * // issuer side: one private key, published as a public JWK Set
 * Jwk key = Jwk.generate(JwsAlgorithm.ES256);            // kid = RFC 7638 thumbprint
 * String jwks = JwkSet.of(key).toPublicSet().toJson();
 * String token = JwtSigner.builder(key).type("at+jwt").build().sign(JwtClaims.builder()
 *         .issuer("https://auth.example.com").subject("alice").audience("https://api.example.com")
 *         .issuedAt(now).expiresAt(now.plusSeconds(600)).claim("scope", "read")
 *         .build());
 *
 * // API side: build once, reuse for every request
 * JwtVerifier verifier = JwtVerifier.builder(KeySource.of(JwkSet.parse(jwks)))
 *         .issuer("https://auth.example.com")
 *         .audience("https://api.example.com")
 *         .type("at+jwt")
 *         .build();
 * try {
 *     Jwt jwt = verifier.verify(token);
 *     String subject = jwt.claims().subject();
 * } catch (JoseException e) {
 *     // e.reason(): EXPIRED, BAD_SIGNATURE, WRONG_AUDIENCE, ... — branch on it, log e.getMessage()
 * }
 * }</pre>
 *
 * <h2>JWS JSON serialization</h2>
 * One payload with several signatures (RFC 7515 §7.2.1), or one signature in the flattened form
 * (§7.2.2); {@link dev.signet.jose.JwsJson} documents what the parser refuses.
 * <pre>{@code
 * JwsJson signed = JwsJson.builder(payload)
 *         .sign(JwsSigner.builder(ecKey).build())                         // protected {"alg","kid"}
 *         .sign(JwsSigner.builder(rsaKey).build(), JwsHeader.builder(),    // protected {"alg"},
 *               Map.of("kid", rsaKey.keyId()))                             // unprotected {"kid"}
 *         .build();
 * String general = signed.toGeneralJson();   // {"payload":…,"signatures":[{…},{…}]}
 *
 * JwsJson verified = JwsVerifier.builder(KeySource.of(JwkSet.parse(jwks))).build().verifyJson(general);
 * for (JwsJson.Signature s : verified.verifiedSignatures()) {
 *     Jwk signer = s.verifiedKey();   // at least one signature verified; the others carry s.failure()
 * }
 * }</pre>
 * {@code alg} must be in each signature's protected header; {@code requireAllSignatures()} makes
 * every signature count instead of at least one.
 *
 * <h2>Encrypt a token: a nested JWT (RFC 7519 §5.2)</h2>
 * Sign first, then encrypt to the recipient's public key; the recipient decrypts, then verifies
 * the signature with every usual check. A JWE alone proves nothing about who made it.
 * <pre>{@code
 * // recipient (the API) publishes an encryption key
 * Jwk apiKey = Jwk.generate(Curve.P_256).withKeyId("api-enc-1").withUse("enc");
 * Jwk apiPublic = apiKey.toPublicJwk();
 *
 * // issuer side
 * JweEncrypter toApi = JweEncrypter.builder(apiPublic)
 *         .algorithm(JweAlgorithm.ECDH_ES_A256KW).encryption(ContentEncryption.A256GCM).build();
 * String token = JwtSigner.builder(key).type("at+jwt").build().signAndEncrypt(claims, toApi);
 *
 * // API side: name the alg and enc you accept; there is no default
 * JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(apiKey))
 *         .algorithms(JweAlgorithm.ECDH_ES_A256KW).encryptions(ContentEncryption.A256GCM).build();
 * JwtVerifier verifier = JwtVerifier.builder(KeySource.of(JwkSet.parse(jwks)))
 *         .issuer("https://auth.example.com").audience("https://api.example.com").type("at+jwt")
 *         .decryptWith(decrypter)
 *         .build();
 * Jwt jwt = verifier.verify(token);   // DECRYPTION_FAILED, NOT_SIGNED, EXPIRED, ...
 *
 * // or any bytes, without a JWT
 * byte[] secret = decrypter.decrypt(toApi.encrypt(bytes)).plaintext();
 * }</pre>
 *
 * <h2>JWE JSON serialization: one plaintext, several recipients</h2>
 * One CEK and one {@code enc} for all; each recipient gets the CEK encrypted to its own key with
 * its own {@code alg} (RFC 7516 §7.2). {@link dev.signet.jose.JweJson} documents what the parser
 * refuses. JWTs stay compact (RFC 7519 §7.1).
 * <pre>{@code
 * JweJson jwe = JweJson.builder(plaintext)
 *         .protectedHeader(JweHeader.builder().type("example+jwe"))      // protected {"enc","typ"}
 *         .recipient(JweEncrypter.builder(alicePublic).algorithm(JweAlgorithm.ECDH_ES_A256KW).build())
 *         .recipient(JweEncrypter.builder(bobPublic).algorithm(JweAlgorithm.RSA_OAEP_256).build())
 *         .additionalAuthenticatedData(context)                          // optional "aad"
 *         .build();
 * String general = jwe.toGeneralJson();   // {"protected":…,"recipients":[{"header":{"alg","kid",…},…},…],…}
 *
 * // Bob: the recipient whose kid (or key type) fits his key is opened; the others are passed over
 * JweJson opened = JweDecrypter.builder(DecryptionKeySource.of(bobKey))
 *         .algorithms(JweAlgorithm.RSA_OAEP_256).encryptions(ContentEncryption.A256GCM).build()
 *         .decryptJson(general);
 * byte[] secret = opened.plaintext();
 * }</pre>
 * {@code enc}, {@code zip} and {@code crit} must be in the protected header; {@code alg} and the
 * key management parameters may be per recipient, since the content's tag authenticates whatever
 * CEK they yield.
 *
 * <h2>What is checked</h2>
 * {@link dev.signet.jose.JwtVerifier} and {@link dev.signet.jose.JweDecrypter} document the order. Untrusted input
 * fails with one type,
 * {@link dev.signet.jose.JoseException}, whose {@link dev.signet.jose.JoseException.Reason} is
 * stable. Loosening a check takes a method that names the risk
 * ({@code acceptAnyAudience()}, {@code acceptTokensWithoutExpiration()}, {@code trustEmbeddedJwk()}).
 *
 * <h2>Crypto</h2>
 * Every primitive comes from the JCA by its standard name, so the fastest installed provider
 * serves it; signers and verifiers can be pinned to a {@link java.security.Provider}. Signet
 * writes no primitive of its own.
 */
package dev.signet.jose;
