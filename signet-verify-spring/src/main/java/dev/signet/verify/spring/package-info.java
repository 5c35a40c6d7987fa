/**
 * Spring Security on signet-verify: {@link dev.signet.verify.spring.SignetJwtDecoder} (one bean
 * switches a Spring Boot resource server) and {@link dev.signet.verify.spring.SignetAuthenticationManagerResolver}
 * for several issuers.
 */
package dev.signet.verify.spring;
