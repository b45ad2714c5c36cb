package dev.precis.index.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.index.Access;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens and the collections each may read. The file holds only SHA-256 hashes of the tokens:
 * <pre>
 * {"tokens": [
 *   {"name": "finance team", "sha256": "5e88…", "collections": ["finance"]},
 *   {"name": "admin",        "sha256": "9f86…", "collections": ["*"]}
 * ]}
 * </pre>
 * A token's hash is {@code printf %s TOKEN | sha256sum}; "*" grants every collection.
 */
public final class AccessConfig {
    /** One token: a name for logs, the hash of the secret, and what it reads. */
    public record Grant(String name, byte[] sha256, Access access) {}

    private final List<Grant> grants;

    private AccessConfig(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public static AccessConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("access file " + file + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode tokens = root == null ? null : root.get("tokens");
        if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
            throw new IllegalArgumentException("access file " + file + " needs a non-empty \"tokens\" array of "
                    + "{\"name\", \"sha256\", \"collections\"}");
        }
        List<Grant> grants = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        for (JsonNode t : tokens) {
            String name = t.path("name").asText("");
            String hash = t.path("sha256").asText("").toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("token '" + name + "' in " + file + ": sha256 must be 64 hex digits "
                        + "(printf %s TOKEN | sha256sum), not '" + hash + "'");
            }
            if (!hashes.add(hash)) {
                throw new IllegalArgumentException("token '" + name + "' in " + file + " repeats another token's hash");
            }
            JsonNode cols = t.get("collections");
            if (cols == null || !cols.isArray()) {
                throw new IllegalArgumentException("token '" + name + "' in " + file + " needs a \"collections\" array");
            }
            Set<String> collections = new LinkedHashSet<>();
            cols.forEach(c -> collections.add(c.asText()));
            grants.add(new Grant(name, HexFormat.of().parseHex(hash), Access.of(collections)));
        }
        return new AccessConfig(grants);
    }

    /** One token reading every collection: what {@code precis serve} uses when given no access file. */
    public static AccessConfig singleToken(String token) {
        return new AccessConfig(List.of(new Grant("generated", sha256(token), Access.ALL)));
    }

    /** A fresh random token (192 bits, URL-safe). */
    public static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The access of an {@code Authorization: Bearer …} header; empty when missing or unknown. */
    public Optional<Access> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        Access found = null;
        for (Grant g : grants) {
            // Compare with every grant in constant time so that timing says nothing about near misses.
            if (MessageDigest.isEqual(g.sha256(), hash)) {
                found = g.access();
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
