/**
 * {@code signet edge}: forward authentication for the gateway a team already runs (nginx
 * {@code auth_request}, Traefik {@code ForwardAuth}, Envoy {@code ext_authz}). Each original request
 * is held to the first matching route after its path is normalised; the answer is 200 with the
 * identity as headers, or 401/403 with the standard {@code WWW-Authenticate} challenge.
 */
package dev.signet.edge;
