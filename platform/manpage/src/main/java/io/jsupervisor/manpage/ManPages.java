package io.jsupervisor.manpage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's entry point: {@code ManPages OUTDIR SOURCE...} writes one man page into OUTDIR for
 * each manual source ({@code *.md}) given, or found in a directory given; the page's file name
 * is the header's name and section ({@code supervisord.8}) and must match the source's.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ManPages OUTDIR SOURCE.md|DIR...");
            System.exit(2);
        }
        try {
            for (Path written : write(Path.of(args[0]), List.of(args).subList(1, args.length))) {
                System.out.println("man page " + written);
            }
        } catch (ManPage.SourceError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** @return the pages written */
    static List<Path> write(Path outDir, List<String> sources) throws IOException, ManPage.SourceError {
        List<Path> files = new ArrayList<>();
        for (String s : sources) {
            Path p = Path.of(s);
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Path source : files) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            String file = source.toString();
            String page = ManPage.pageName(file, text);
            if (!source.getFileName().toString().equals(page + ".md")) {
                throw new ManPage.SourceError(file, 1, "the header names the page " + page + ", the file should be "
                        + page + ".md");
            }
            Path out = outDir.resolve(page);
            Files.writeString(out, ManPage.toRoff(file, text), StandardCharsets.UTF_8);
            written.add(out);
        }
        return written;
    }
}
