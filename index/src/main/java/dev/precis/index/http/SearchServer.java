package dev.precis.index.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.precis.index.Access;
import dev.precis.index.ActionItemHit;
import dev.precis.index.DocumentView;
import dev.precis.index.IndexFields;
import dev.precis.index.IndexSearch;
import dev.precis.index.RecordJson;
import dev.precis.index.SearchRequest;
import dev.precis.index.SearchResult;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON API and the web page, on the JDK's HTTP server. Every {@code /api/} route but health and the
 * OpenAPI description needs {@code Authorization: Bearer TOKEN}; the token's collections become the
 * {@link Access} filter of every query. Only GET is served; the static page is a fixed set of classpath
 * resources, so no part of a request ever names a file. The index is refreshed every second, so
 * documents a job commits appear without a restart.
 */
public final class SearchServer implements Closeable {
    private static final Logger LOG = Logger.getLogger(SearchServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUERY_STRING = 4096;
    private static final String WEB = "/dev/precis/index/web/";
    /** URL path → (resource, content type). The only files the server ever reads. */
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[] {"favicon.svg", "image/svg+xml"},
            "/api/openapi.yaml", new String[] {"openapi.yaml", "application/yaml; charset=utf-8"});

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService refresher;
    private final IndexSearch search;
    private final AccessConfig access;

    private SearchServer(HttpServer server, ExecutorService workers, ScheduledExecutorService refresher, IndexSearch search,
            AccessConfig access) {
        this.server = server;
        this.workers = workers;
        this.refresher = refresher;
        this.search = search;
        this.access = access;
    }

    /** Starts serving {@code search} on {@code address} (port 0 picks a free one). */
    public static SearchServer start(IndexSearch search, AccessConfig access, InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 64);
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        http.setExecutor(workers);
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "index-refresh");
            t.setDaemon(true);
            return t;
        });
        SearchServer s = new SearchServer(http, workers, refresher, search, access);
        http.createContext("/", s::handle);
        refresher.scheduleWithFixedDelay(() -> {
            try {
                search.refresh();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "index refresh failed; serving the previous state", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        http.start();
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                route(ex);
            } catch (HttpError e) {
                sendError(ex, e.status, e.getMessage());
            } catch (IllegalArgumentException e) {
                sendError(ex, 400, e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ex.getRequestURI().getRawPath() + " failed", e);
                sendError(ex, 500, "the server could not answer this request; its log says why");
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new HttpError(405, "method " + method + " is not allowed: the API is read-only, use GET");
        }
        String path = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        if (rawQuery != null && rawQuery.length() > MAX_QUERY_STRING) {
            throw new HttpError(414, "the query string has " + rawQuery.length() + " characters, over the limit of " + MAX_QUERY_STRING);
        }
        String[] file = STATIC.get(path);
        if (file != null) {
            sendResource(ex, file[0], file[1]);
            return;
        }
        if (path.equals("/api/health")) {
            sendJson(ex, 200, Map.of("status", "ok"));
            return;
        }
        if (!path.startsWith("/api/")) {
            throw new HttpError(404, "no page at " + path + ": open / for the search page, /api/openapi.yaml for the API");
        }
        Access caller = access.authenticate(ex.getRequestHeaders().getFirst("Authorization"))
                .orElseThrow(() -> {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"precis\"");
                    return new HttpError(401, "a valid bearer token is needed: send 'Authorization: Bearer TOKEN'");
                });
        Map<String, List<String>> params = params(rawQuery);
        switch (path) {
            case "/api/search" -> sendJson(ex, 200, search.search(searchRequest(params, caller)));
            case "/api/facets" -> sendJson(ex, 200, Map.of("facets", search.facets(searchRequest(params, caller))));
            case "/api/action-items" -> sendJson(ex, 200, actionItems(params, caller));
            default -> {
                if (path.startsWith("/api/documents/")) {
                    String id = URLDecoder.decode(path.substring("/api/documents/".length()), StandardCharsets.UTF_8);
                    Optional<DocumentView> doc = search.document(id, caller);
                    // An unreadable document is answered exactly like a missing one: existence is not leaked.
                    sendJson(ex, 200, document(search, doc.orElseThrow(() -> new HttpError(404, "no such document (or not one this token may read)"))));
                } else {
                    throw new HttpError(404, "no API route " + path + ": see /api/openapi.yaml");
                }
            }
        }
    }

    private static SearchRequest searchRequest(Map<String, List<String>> p, Access caller) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String dim : IndexFields.FACETS) {
            List<String> v = p.get(dim);
            if (v != null && !v.isEmpty()) {
                filters.put(dim, v);
            }
        }
        String mode = one(p, "mode");
        SearchRequest.Mode m;
        try {
            m = mode == null ? SearchRequest.Mode.HYBRID : SearchRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode '" + mode + "' is not one of hybrid, bm25, vector");
        }
        return new SearchRequest(one(p, "q"), filters, date(p, "from"), date(p, "to"), one(p, "due"), m,
                integer(p, "offset", 0), integer(p, "limit", 10), caller);
    }

    private Map<String, Object> actionItems(Map<String, List<String>> p, Access caller) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ActionItemHit h : search.actionItems(one(p, "q"), p.getOrDefault("owner", List.of()), one(p, "due"), caller,
                integer(p, "limit", 100))) {
            Map<String, Object> m = item(h.item(), h.status());
            m.put("documentId", h.documentId());
            m.put("title", h.title());
            m.put("source", h.source());
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("owners", search.actionItemOwners(caller));
        return out;
    }

    private static Map<String, Object> document(IndexSearch search, DocumentView v) {
        DocumentRecord d = v.record().getDocument();
        AnalysisRecord a = v.record().getAnalysis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.getId());
        m.put("title", d.getTitle());
        m.put("source", d.getSourceUri());
        m.put("collection", d.getCollection());
        m.put("type", d.getKind());
        m.put("language", d.getLanguage());
        m.put("mediaType", d.getMediaType());
        m.put("date", v.date());
        m.put("engine", a.getEngine());
        m.put("summary", a.getSummary());
        m.put("keyPoints", a.getKeyPoints());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ActionItem i : a.getActionItems()) {
            items.add(item(i, search.status(i)));
        }
        m.put("actionItems", items);
        m.put("text", v.text());
        return m;
    }

    private static Map<String, Object> item(ActionItem i, String status) {
        Map<String, Object> m = RecordJson.actionItem(i);
        m.put("status", status);
        return m;
    }

    /** Decoded query parameters; a name may repeat (facet values). */
    static Map<String, List<String>> params(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query string is not valid URL encoding near '" + s + "'");
        }
    }

    private static String one(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        if (v == null || v.isEmpty() || v.get(0).isBlank()) {
            return null;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' is given " + v.size() + " times: give it once");
        }
        return v.get(0);
    }

    private static int integer(Map<String, List<String>> p, String name, int fallback) {
        String v = one(p, name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a whole number, not '" + v + "'");
        }
    }

    private static LocalDate date(Map<String, List<String>> p, String name) {
        String v = one(p, name);
        try {
            return v == null ? null : LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a date like 2024-05-31, not '" + v + "'");
        }
    }

    private static void sendResource(HttpExchange ex, String name, String type) throws IOException {
        byte[] body;
        try (InputStream in = SearchServer.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + WEB + name + " is missing from the jar");
            }
            body = in.readAllBytes();
        }
        send(ex, 200, type, body);
    }

    private static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, Map.of("error", message == null ? "error" : message, "status", status));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A response status with the message the client sees. */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Stops accepting requests, lets running ones finish (up to a second), and stops refreshing. */
    @Override
    public void close() {
        server.stop(1);
        refresher.shutdownNow();
        workers.shutdownNow();
    }
}
