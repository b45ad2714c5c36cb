package dev.precis.jobs.cli;

import dev.precis.index.IndexSearch;
import dev.precis.index.http.AccessConfig;
import dev.precis.index.http.SearchServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the search page and the JSON API (/api/search, /api/documents/{id}, /api/action-items,",
                "/api/facets, /api/health; described at /api/openapi.yaml) over the index in DATA/index.",
                "New documents appear as jobs commit them. Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The data folder given to 'precis run'.")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--access", description = {"JSON file of bearer tokens (SHA-256 hashed) and the collections each may read:",
            "{\"tokens\": [{\"name\": \"finance\", \"sha256\": \"…\", \"collections\": [\"finance\"]}]}.",
            "Without it a random token reading everything is made and printed."})
    Path accessFile;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is out of range: use 0 to 65535");
        }
        Path index = data.resolve("index");
        if (!Files.isDirectory(index)) {
            throw new IllegalArgumentException("no index at " + index + ": run 'precis run --inbox DIR --data " + data + "' first");
        }
        String token = null;
        AccessConfig access;
        if (accessFile != null) {
            access = AccessConfig.read(accessFile);
        } else {
            token = AccessConfig.newToken();
            access = AccessConfig.singleToken(token);
        }
        PrintStream out = System.out;
        IndexSearch search = IndexSearch.open(index);
        SearchServer server = SearchServer.start(search, access, new InetSocketAddress(InetAddress.getByName(bind), port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                search.close();
            } catch (java.io.IOException e) {
                System.err.println("precis: closing the index: " + e.getMessage());
            }
            stopped.countDown();
        }));
        boolean loopback = server.address().getAddress().isLoopbackAddress();
        out.println("Precis is serving " + search.documentCount() + " documents from " + index);
        out.println("Listening on " + server.url() + (loopback
                ? "  (bound to " + bind + ": only this machine can connect; --bind 0.0.0.0 opens it to the network)"
                : "  (bound to " + bind + ": OTHER MACHINES CAN CONNECT; every request still needs a token)"));
        if (token != null) {
            out.println("Open " + server.url() + "#token=" + token);
            out.println("API: curl -H 'Authorization: Bearer " + token + "' '" + server.url() + "api/search?q=budget'");
        } else {
            out.println("Tokens from " + accessFile + ". API described at " + server.url() + "api/openapi.yaml");
        }
        out.println("Ctrl-C stops the server.");
        stopped.await();
        return 0;
    }
}
