import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the Maven Central upload bundle without credentials: the release profile runs it at
 * {@code verify} (with the JDK 25 source launcher), {@code mvn -Prelease deploy} uploads the same
 * files through central-publishing-maven-plugin. The bundle is the repository layout
 * {@code group/artifact/version/} holding the jar, the sources and javadoc jars, the POM, their
 * GPG signatures ({@code .asc}, absent with {@code -Dgpg.skip}) and an MD5 and SHA-1 checksum of
 * each; entries carry the build's output timestamp, so the zip is reproducible.
 *
 * <pre>{@code
 * java src/release/CentralBundle.java target pom.xml io.github.jmmap jmmap 0.1.0 2026-12-01T00:00:00Z
 * }</pre>
 */
public final class CentralBundle {
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 6) {
            System.err.println("usage: CentralBundle <target dir> <pom> <groupId> <artifactId> <version> <timestamp>");
            System.exit(2);
        }
        Path target = Path.of(args[0]);
        Path pom = Path.of(args[1]);
        String artifact = args[3];
        String version = args[4];
        FileTime time = FileTime.from(Instant.parse(args[5]));
        String dir = args[2].replace('.', '/') + "/" + artifact + "/" + version + "/";
        String base = artifact + "-" + version;

        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
            Path f = target.resolve(base + suffix);
            if (!Files.isRegularFile(f)) {
                throw new IOException("missing " + f + ": run the package phase first");
            }
            files.add(f);
            names.add(base + suffix);
        }
        files.add(pom);
        names.add(base + ".pom");
        for (int i = 0, n = files.size(); i < n; i++) {                 // signatures, when gpg ran
            Path asc = target.resolve(names.get(i) + ".asc");           // where maven-gpg-plugin writes them
            if (Files.isRegularFile(asc)) {
                files.add(asc);
                names.add(names.get(i) + ".asc");
            }
        }

        Path out = Files.createDirectories(target.resolve("central-publishing")).resolve("central-bundle.zip");
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < files.size(); i++) {
                byte[] bytes = Files.readAllBytes(files.get(i));
                put(zip, dir + names.get(i), bytes, time);
                for (String algorithm : List.of("MD5", "SHA-1")) {
                    String sum = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
                    put(zip, dir + names.get(i) + "." + algorithm.toLowerCase().replace("-", ""), sum.getBytes(), time);
                }
            }
        }
        System.out.println("[INFO] Central bundle: " + out + " (" + files.size() + " files, with checksums)");
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes, FileTime time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(time);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
