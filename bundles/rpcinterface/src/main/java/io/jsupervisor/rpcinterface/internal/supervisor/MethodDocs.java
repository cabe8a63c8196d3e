package io.jsupervisor.rpcinterface.internal.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature and help text of each {@code supervisor.*} method, read once from the resource
 * {@code methods.txt} next to this class (its first lines say its format).
 */
final class MethodDocs {
    /** One method's {@code system.methodSignature} (return type first) and {@code system.methodHelp}. */
    record Doc(List<String> signature, String help) {}

    private static final Map<String, Doc> DOCS = load();

    private MethodDocs() {}

    /** The doc of a method the resource describes; a name it lacks is a programming error. */
    static Doc of(String method) {
        Doc doc = DOCS.get(method);
        if (doc == null) {
            throw new IllegalStateException("methods.txt does not describe " + method);
        }
        return doc;
    }

    private static Map<String, Doc> load() {
        String text;
        try (InputStream in = MethodDocs.class.getResourceAsStream("methods.txt")) {
            if (in == null) {
                throw new IllegalStateException("methods.txt is missing from the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Doc> docs = new LinkedHashMap<>();
        String[] blocks = text.split("(?m)^== ");
        // blocks[0] is the comment before the first method
        for (int i = 1; i < blocks.length; i++) {
            int eol = blocks[i].indexOf('\n');
            String[] sides = blocks[i].substring(0, eol).split(" -> ");
            List<String> words = Arrays.asList(sides[0].split(" "));
            List<String> signature = new ArrayList<>();
            signature.add(sides[1]);
            signature.addAll(words.subList(1, words.size()));
            docs.put(words.get(0), new Doc(List.copyOf(signature), blocks[i].substring(eol + 1).stripTrailing()));
        }
        return docs;
    }
}
