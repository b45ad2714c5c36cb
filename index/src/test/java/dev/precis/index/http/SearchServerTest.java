package dev.precis.index.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.index.IndexSearch;
import dev.precis.index.TestCorpus;
import dev.precis.index.vectors.MiniLmEmbedder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over two collections and two tokens: authentication, leaks on every route, bad requests. */
class SearchServerTest {
    static final String FINANCE_TOKEN = "finance-secret-token";
    static final String ENGINEERING_TOKEN = "engineering-secret-token";
    /** Words and names that occur only in the finance collection. */
    static final List<String> FINANCE_ONLY = List.of("fin-q1", "fin-audit", "invoice", "Lisbon", "Bob", "Carol", "Dana", "payroll", "finance");

    @TempDir
    static Path root;
    static IndexSearch search;
    static SearchServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        TestCorpus.write(root.resolve("index"));
        Path access = root.resolve("access.json");
        Files.writeString(access, "{\"tokens\": ["
                + "{\"name\": \"fin\", \"sha256\": \"" + hash(FINANCE_TOKEN) + "\", \"collections\": [\"finance\"]},"
                + "{\"name\": \"eng\", \"sha256\": \"" + hash(ENGINEERING_TOKEN) + "\", \"collections\": [\"engineering\"]}]}");
        search = IndexSearch.open(root.resolve("index"), MiniLmEmbedder::shared, TestCorpus.CLOCK);
        server = SearchServer.start(search, AccessConfig.read(access), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        search.close();
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(AccessConfig.sha256(token));
    }

    static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noTokenOrABadOneIsRefused() throws Exception {
        for (String route : List.of("/api/search?q=budget", "/api/facets", "/api/action-items", "/api/documents/fin-q1")) {
            assertEquals(401, get(route, null).statusCode(), route);
            assertEquals(401, get(route, "wrong-token").statusCode(), route);
            HttpResponse<String> r = get(route, FINANCE_TOKEN.toUpperCase());
            assertEquals(401, r.statusCode(), route);
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        assertEquals(200, get("/api/health", null).statusCode());
        assertEquals("{\"status\":\"ok\"}", get("/api/health", null).body());
    }

    @Test
    void engineeringTokenSeesNothingOfFinanceOnAnyRoute() throws Exception {
        List<String> routes = List.of(
                "/api/search?q=invoice%20Lisbon%20budget%20payroll&limit=100",
                "/api/search?q=&limit=100",
                "/api/search?q=owner:bob",
                "/api/search?q=reconcile%20the%20bills&mode=vector",
                "/api/search?q=*:*",
                "/api/search?collection=finance",
                "/api/facets?q=invoice",
                "/api/facets",
                "/api/action-items?limit=500",
                "/api/action-items?owner=bob",
                "/api/action-items?q=invoices",
                "/api/documents/fin-q1",
                "/api/documents/fin-audit");
        for (String route : routes) {
            HttpResponse<String> r = get(route, ENGINEERING_TOKEN);
            for (String secret : FINANCE_ONLY) {
                assertFalse(r.body().toLowerCase().contains(secret.toLowerCase()), route + " leaks '" + secret + "': " + r.body());
            }
        }
        assertEquals(404, get("/api/documents/fin-q1", ENGINEERING_TOKEN).statusCode());
        assertEquals(404, get("/api/documents/no-such-id", ENGINEERING_TOKEN).statusCode());
        // The same requests with the finance token do find the finance documents: the check above can fail.
        assertTrue(get("/api/search?q=invoice", FINANCE_TOKEN).body().contains("fin-q1"));
        assertTrue(get("/api/action-items?owner=bob", FINANCE_TOKEN).body().contains("Lisbon"));
        assertEquals(200, get("/api/documents/fin-q1", FINANCE_TOKEN).statusCode());
        JsonNode facets = JSON.readTree(get("/api/facets", ENGINEERING_TOKEN).body()).get("facets");
        assertEquals(1, facets.get("collection").size());
        assertEquals(2, facets.get("collection").get(0).get("count").asInt());
        // The page itself holds no data: it is the same for everyone.
        String page = get("/", null).body();
        assertTrue(page.contains("<title>Precis</title>"));
        for (String secret : FINANCE_ONLY) {
            assertFalse(page.contains(secret), "page leaks " + secret);
        }
    }

    @Test
    void searchAnswersWithHitsHighlightsAndFacets() throws Exception {
        JsonNode r = JSON.readTree(get("/api/search?q=invoices&type=transcript", FINANCE_TOKEN).body());
        assertEquals("fin-q1", r.get("hits").get(0).get("id").asText());
        assertTrue(r.get("hits").get(0).get("snippet").asText().contains("<b>invoices</b>"));
        assertTrue(r.get("facets").has("owner"));
        JsonNode doc = JSON.readTree(get("/api/documents/fin-q1", FINANCE_TOKEN).body());
        JsonNode ev = doc.get("actionItems").get(0).get("evidence");
        assertEquals(doc.get("text").asText().substring(ev.get("charStart").asInt(), ev.get("charEnd").asInt()), ev.get("text").asText());
        JsonNode items = JSON.readTree(get("/api/action-items?due=overdue", ENGINEERING_TOKEN).body()).get("items");
        assertEquals(1, items.size());
        assertEquals("quarantine the flaky test", items.get(0).get("task").asText());
        assertEquals("overdue", items.get(0).get("status").asText());
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        assertBad("/api/search?q=budget%20AND%20(", 400, "cannot parse the query");
        assertBad("/api/search?q=colour:red", 400, "unknown field");
        assertBad("/api/search?q=" + "x".repeat(1001), 400, "over the limit");
        assertBad("/api/search?q=a&limit=1000", 400, "limit 1000 is out of range");
        assertBad("/api/search?q=a&limit=ten", 400, "whole number");
        assertBad("/api/search?q=a&from=yesterday", 400, "date like");
        assertTrue(rawGet("/api/search?q=%zz").startsWith("HTTP/1.1 400"), "broken URL encoding is a bad request");
        assertBad("/api/search?q=a&mode=magic", 400, "mode 'magic'");
        assertBad("/api/search?q=a&colour=red", 200, "");
        assertBad("/api/search?q=" + "y".repeat(5000), 414, "query string");
        assertBad("/api/action-items?due=someday", 400, "due 'someday'");
        assertBad("/../../../../etc/passwd", 404, "");
        assertBad("/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "no such document");
        assertBad("/style.css/../../pom.xml", 404, "");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(server.url().resolve("/api/search"))
                .POST(HttpRequest.BodyPublishers.ofString("q=x")).header("Authorization", "Bearer " + FINANCE_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertTrue(get("/api/openapi.yaml", null).body().startsWith("openapi: 3"));
    }

    /** A request the JDK's URI class would refuse to build. */
    private static String rawGet(String target) throws Exception {
        try (java.net.Socket s = new java.net.Socket(server.address().getAddress(), server.address().getPort())) {
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + FINANCE_TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void assertBad(String route, int status, String message) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + route.substring(1)))
                .header("Authorization", "Bearer " + FINANCE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), route + ": " + r.body());
        assertTrue(r.body().contains(message), route + ": " + r.body());
        assertFalse(r.body().contains("root:"), route + " read a file: " + r.body());
    }
}
