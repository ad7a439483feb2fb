package io.github.jmmap.differential;

import io.github.jmmap.interop.Peers;
import io.github.jmmap.internal.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code python3 mmap_peer.py} child that runs whole operation sequences on CPython's mmap:
 * one JSON line in (the file and the operations), one JSON line out (an outcome and the state
 * after each operation). Skips the calling test, saying why, when python3 is missing.
 */
final class CPythonPeer implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Path stderr;

    CPythonPeer(Path scratch) throws IOException {
        Path script;
        try {
            script = Path.of(CPythonPeer.class.getResource("mmap_peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = Peers.python("import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')",
                script.toString());
        stderr = scratch.resolve("mmap_peer.stderr");
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code ops} on a map of {@code file}; one [outcome, state] per operation. */
    @SuppressWarnings("unchecked")
    List<List<Object>> run(Path file, List<List<Object>> ops) throws IOException {
        StringBuilder sb = new StringBuilder("{\"file\":");
        json(sb, file.toString());
        sb.append(",\"ops\":");
        json(sb, ops);
        sb.append("}\n");
        in.write(sb.toString());
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the python3 peer ended: " + java.nio.file.Files.readString(stderr));
        }
        return (List<List<Object>>) ((Map<String, Object>) Json.parse(line)).get("results");
    }

    /** Strings, numbers, booleans, null and lists of them, as JSON. */
    static void json(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                json(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(v);                      // Long, Integer, Boolean
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        out.close();
    }

    /** For failure reports. */
    static List<Object> list(Object... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }
}
