package io.parley.edge.transport;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Serves the socket.io-client browser bundles packaged at build time, at the same paths as the
 * Node.js server: {@code <path>/socket.io.min.js}, {@code .js}, {@code .esm.min.js} and their maps.
 */
@ApplicationScoped
public class ClientBundleRoutes {

    private static final Logger LOG = Logger.getLogger(ClientBundleRoutes.class);
    private static final String[] FILES = { "socket.io.min.js", "socket.io.min.js.map", "socket.io.js",
            "socket.io.js.map", "socket.io.esm.min.js", "socket.io.esm.min.js.map" };

    private final EdgeServers servers;

    public ClientBundleRoutes(EdgeServers servers) {
        this.servers = servers;
    }

    void register(@Observes Router router) {
        String version = read("VERSION").map(b -> b.toString().trim()).orElse("unknown");
        for (String file : FILES) {
            read(file).ifPresentOrElse(content -> {
                String etag = "\"" + version + "-" + sha256(content.getBytes()).substring(0, 16) + "\"";
                String type = file.endsWith(".map") ? "application/json" : "application/javascript; charset=utf-8";
                router.get(servers.socketIoPath() + "/" + file).order(-20).handler(rc -> {
                    if (etag.equals(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                        rc.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, etag).end();
                        return;
                    }
                    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader(HttpHeaders.ETAG, etag)
                            .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=0").end(content);
                });
            }, () -> LOG.warnf("socket.io-client bundle %s is not packaged; it will not be served", file));
        }
    }

    private static java.util.Optional<Buffer> read(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("parley/client/" + file)) {
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
