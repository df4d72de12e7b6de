package io.parley.edge.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hand-driven Engine.IO v4 long-polling session, for tests of the wire protocol. */
final class RawPolling {

    record Response(int status, String body) {
    }

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;
    private String sid;

    RawPolling(URL endpoint) {
        this.endpoint = endpoint.toString();
    }

    /** Opens a session; returns the open packet. */
    String handshake() throws Exception {
        Response open = send(HttpRequest.newBuilder(URI.create(endpoint + "?EIO=4&transport=polling")));
        if (open.status() != 200 || !open.body().startsWith("0{")) {
            throw new AssertionError("handshake failed: " + open);
        }
        Matcher m = SID.matcher(open.body());
        if (!m.find()) {
            throw new AssertionError("no sid in " + open.body());
        }
        sid = m.group(1);
        return open.body();
    }

    String sid() {
        return sid;
    }

    URI sessionUri() {
        return URI.create(endpoint + "?EIO=4&transport=polling&sid=" + sid);
    }

    Response get() throws Exception {
        return send(HttpRequest.newBuilder(sessionUri()).GET());
    }

    java.util.concurrent.CompletableFuture<Response> getAsync() {
        return http.sendAsync(HttpRequest.newBuilder(sessionUri()).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Response(r.statusCode(), r.body()));
    }

    Response post(String body) throws Exception {
        return send(HttpRequest.newBuilder(sessionUri()).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
