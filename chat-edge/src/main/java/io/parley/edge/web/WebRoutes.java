package io.parley.edge.web;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.config.WebConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The web chat page: its static files live in {@code META-INF/resources/app/} (served by Quarkus);
 * this adds what they cannot carry themselves: {@code /app/config.json} (the OIDC issuer and client
 * id, so no URL is written into the page), a Content-Security-Policy on {@code /app/*} (scripts
 * and styles only from this origin; connections to this origin and the issuer), revalidation
 * instead of long caching for the page's files, and {@code /} -> {@code /app/}.
 */
@ApplicationScoped
public class WebRoutes {

    static final String BASE = "/app";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebConfig config;
    private final Config rawConfig;

    public WebRoutes(WebConfig config, Config rawConfig) {
        this.config = config;
        this.rawConfig = rawConfig;
    }

    void register(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        Optional<String> issuer = issuer();
        String authMode = rawConfig.getOptionalValue("parley.auth.mode", String.class).orElse("oidc");
        ObjectNode body = JSON.createObjectNode();
        body.put("authMode", authMode);
        if (issuer.isPresent()) {
            body.put("oidcIssuer", issuer.get());
        } else {
            body.putNull("oidcIssuer");
        }
        body.put("clientId", config.clientId());
        body.put("scope", config.scope());
        String json = body.toString();
        String csp = contentSecurityPolicy(issuer);

        router.route(BASE + "/*").order(-25).handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", csp)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            // the page's modules have fixed names: revalidate them (304 when unchanged) instead of
            // the static handler's day-long "immutable", so a new version reaches browsers at once
            rc.addHeadersEndHandler(v -> rc.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
            rc.next();
        });
        router.get(BASE + "/config.json").order(-24).handler(rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(json));
        // Vert.x paths ignore a trailing slash: "/app" also matches "/app/", which the files serve
        router.get(BASE).order(-24).handler(rc -> redirectExact(rc, BASE));
        router.get("/").order(-24).handler(rc -> redirectExact(rc, "/"));
    }

    private static void redirectExact(RoutingContext rc, String path) {
        if (path.equals(rc.request().path())) {
            rc.redirect(BASE + "/");
        } else {
            rc.next();
        }
    }

    private Optional<String> issuer() {
        return config.oidcIssuer().filter(s -> !s.isBlank())
                .or(() -> rawConfig.getOptionalValue("quarkus.oidc.auth-server-url", String.class))
                .filter(s -> !s.isBlank())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** Scripts, styles and images only from this origin; fetches also to the issuer's origin. */
    static String contentSecurityPolicy(Optional<String> issuer) {
        String connect = "'self'" + issuer.map(WebRoutes::origin).map(o -> " " + o).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src " + connect + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
