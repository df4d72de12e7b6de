package io.parley.notifier.provider;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.parley.notifier.config.NotifierConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Non-blocking outbound HTTP for the providers (Vert.x core client): an HTTP/1.1 client with
 * keep-alive for Web Push, FCM and webhooks, and an HTTP/2 client for APNs (TLS with ALPN h2 for
 * https URLs; h2c with prior knowledge for http URLs, which only local test receivers use).
 */
@ApplicationScoped
public class HttpSender {

    private final HttpClient http1;
    private final HttpClient http2;

    public HttpSender(Vertx vertx, NotifierConfig config) {
        int timeoutMs = (int) config.delivery().timeout().toMillis();
        this.http1 = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setConnectTimeout(timeoutMs).setIdleTimeout(60).setDecompressionSupported(true),
                new PoolOptions().setHttp1MaxSize(config.delivery().maxConnectionsPerHost()));
        this.http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setUseAlpn(true).setHttp2ClearTextUpgrade(false).setConnectTimeout(timeoutMs)
                .setHttp2MultiplexingLimit(1000).setIdleTimeout(3600),
                new PoolOptions().setHttp2MaxSize(Math.max(1, config.apns().connections())));
    }

    public Uni<HttpResult> post(String url, MultiMap headers, byte[] body) {
        return send(http1, url, headers, body);
    }

    public Uni<HttpResult> postHttp2(String url, MultiMap headers, byte[] body) {
        return send(http2, url, headers, body);
    }

    private static Uni<HttpResult> send(HttpClient client, String url, MultiMap headers, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setHeaders(headers);
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> new HttpResult(resp.statusCode(), resp.headers(), b.getBytes())))
                .toCompletionStage());
    }

    @PreDestroy
    void close() {
        http1.close();
        http2.close();
    }
}
