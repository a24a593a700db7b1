package io.ringcap.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The end-to-end benchmark: one workload ({@code mq_load}: one thread calling
 * {@code mq_notify(q, &sev); mq_notify(q, NULL)} in a loop) measured, in the same run and
 * interleaved round by round, under
 * <ol>
 *   <li>nothing (untraced),</li>
 *   <li>empty BPF programs on the same tracepoints (the floor a hook imposes),</li>
 *   <li>ringcap capture (full context, the default paced spinning reader ({@code --idle paced}: a few
 *       microseconds of spin-wait hints between empty polls), Chronicle journal, {@code --latency}),</li>
 *   <li>the C reference: the same BPF object consumed by libbpf's ring_buffer__consume in a busy
 *       loop, fwrite of each record.</li>
 * </ol>
 * then a drain test: a large ring filled while the reader is held back, then drained into the
 * journal (ringcap) or the file (C), timed; a drain run that dropped an event or holds fewer than
 * the workload's calls fails the benchmark (a ring that overflowed would time a smaller drain). Medians over the rounds; ratios against the floor.
 * Writes {@code e2e.md}, {@code e2e.json} and {@code e2e.png} into the output directory.
 * <p>
 * Needs root (BPF). Run it with {@code ./ringcap bench}.
 */
public final class EndToEndBenchmark
{
    private static final Pattern CALLS_PER_SEC = Pattern.compile("calls_per_sec=(\\d+)");
    private static final Pattern RINGCAP_SUMMARY = Pattern.compile("ringcap: (\\d+) events journaled, (\\d+) dropped");
    private static final Pattern RINGCAP_LATENCY = Pattern.compile(
        "latency p50 ([\\d.]+) us, p99 ([\\d.]+) us, p99.9 ([\\d.]+) us");
    private static final Pattern RINGCAP_GCS = Pattern.compile("\\((\\d+) events, (\\d+) GCs\\)");
    private static final Pattern RINGCAP_DRAIN = Pattern.compile("ringcap: drain ([\\d.]+) s");
    private static final Pattern REF_SUMMARY = Pattern.compile("records=(\\d+) .*dropped=(\\d+) .*drain_seconds=([\\d.]+)");
    private static final String[] VARIANTS = {"untraced", "empty BPF programs (floor)", "ringcap", "C libbpf reference"};

    private final Path bin;
    private final Path out;
    private final long calls;
    private final long drainCalls;
    private final int rounds;
    private final long soakSeconds;
    private final Path scratch;

    private EndToEndBenchmark(final Path bin, final Path out, final long calls, final long drainCalls, final int rounds,
        final long soakSeconds) throws IOException
    {
        this.soakSeconds = soakSeconds;
        this.bin = bin;
        this.out = out;
        this.calls = calls;
        this.drainCalls = drainCalls;
        this.rounds = rounds;
        this.scratch = Files.createTempDirectory("ringcap-e2e");
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            options.put(args[i], args[i + 1]);
        }
        final EndToEndBenchmark benchmark = new EndToEndBenchmark(
            Path.of(options.getOrDefault("--bin", "../native/target/bin")).toAbsolutePath().normalize(),
            Path.of(options.getOrDefault("--out", "results")).toAbsolutePath().normalize(),
            Long.parseLong(options.getOrDefault("--calls", "1000000")),
            Long.parseLong(options.getOrDefault("--drain-calls", "500000")),
            Integer.parseInt(options.getOrDefault("--rounds", "5")),
            Long.parseLong(options.getOrDefault("--soak-seconds", "60")));
        benchmark.run();
    }

    private void run() throws Exception
    {
        final double[][] rates = new double[VARIANTS.length][rounds];
        final long[] ringcapEvents = new long[rounds];
        final long[] ringcapDrops = new long[rounds];
        final long[] refEvents = new long[rounds];
        final long[] refDrops = new long[rounds];
        final double[][] latency = new double[3][rounds];
        final double[] ringcapDrain = new double[rounds];
        final double[] refDrain = new double[rounds];

        for (int round = 0; round < rounds; round++)
        {
            final String untraced = run(load(calls));
            rates[0][round] = group(CALLS_PER_SEC, untraced, 1);

            final List<String> floor = new ArrayList<>(List.of(bin.resolve("ringcap_ref").toString(), "empty", "--"));
            floor.addAll(load(calls));
            rates[1][round] = group(CALLS_PER_SEC, run(floor), 1);

            final String ringcap = run(capture(List.of("--latency"), load(calls)));
            rates[2][round] = group(CALLS_PER_SEC, ringcap, 1);
            ringcapEvents[round] = (long)group(RINGCAP_SUMMARY, ringcap, 1);
            ringcapDrops[round] = (long)group(RINGCAP_SUMMARY, ringcap, 2);
            for (int p = 0; p < 3; p++)
            {
                latency[p][round] = group(RINGCAP_LATENCY, ringcap, p + 1);
            }

            final String reference = run(reference(List.of(), load(calls)));
            rates[3][round] = group(CALLS_PER_SEC, reference, 1);
            refEvents[round] = (long)group(REF_SUMMARY, reference, 1);
            refDrops[round] = (long)group(REF_SUMMARY, reference, 2);

            final String ringcapHeld = run(capture(List.of("--hold-reader", "--ring-size", "512M"), load(drainCalls)));
            ringcapDrain[round] = group(RINGCAP_DRAIN, ringcapHeld, 1);
            checkHeldDrain("ringcap", (long)group(RINGCAP_SUMMARY, ringcapHeld, 1), (long)group(RINGCAP_SUMMARY, ringcapHeld, 2),
                ringcapHeld);
            final String referenceHeld = run(reference(List.of("--ring-size", String.valueOf(512 << 20), "--hold"),
                load(drainCalls)));
            refDrain[round] = group(REF_SUMMARY, referenceHeld, 3);
            checkHeldDrain("C reference", (long)group(REF_SUMMARY, referenceHeld, 1), (long)group(REF_SUMMARY, referenceHeld, 2),
                referenceHeld);
            System.err.printf(Locale.ROOT, "round %d/%d: untraced %.0f, floor %.0f, ringcap %.0f, C %.0f calls/s; drain ringcap %.3f s, C %.3f s%n",
                round + 1, rounds, rates[0][round], rates[1][round], rates[2][round], rates[3][round], ringcapDrain[round], refDrain[round]);
        }
        final String soak = soakSeconds > 0 ? soak() : null;
        report(rates, ringcapEvents, ringcapDrops, refEvents, refDrops, latency, ringcapDrain, refDrain, soak);
    }

    /** A held-reader drain counts only if it lost nothing and holds every call of the workload. */
    private void checkHeldDrain(final String who, final long events, final long dropped, final String output)
    {
        if (dropped != 0 || events < drainCalls)
        {
            throw new IllegalStateException(who + "'s held drain of " + drainCalls + " calls journaled " + events +
                " events and dropped " + dropped + ": " + output);
        }
    }

    /**
     * The soak: a capture of the workload running flat out for {@code soakSeconds}, with latency
     * recorded and the capture JVM's garbage collections counted from attach to the end of the drain.
     *
     * @return the Markdown line for the report.
     */
    private String soak() throws IOException, InterruptedException
    {
        final String output = run(capture(List.of("--latency"),
            List.of(bin.resolve("mq_load").toString(), "-d", String.valueOf(soakSeconds))));
        final String line = String.format(Locale.ROOT,
            "Soak: `mq_load -d %d` under ringcap capture: %,d calls/s, %,d events journaled, %,d dropped, " +
            "%d garbage collections in the capture JVM from the start of the drain to its end; latency p50 %.1f us, " +
            "p99 %.1f us, p99.9 %.1f us.%n",
            soakSeconds, (long)group(CALLS_PER_SEC, output, 1), (long)group(RINGCAP_SUMMARY, output, 1),
            (long)group(RINGCAP_SUMMARY, output, 2), (long)group(RINGCAP_GCS, output, 2),
            group(RINGCAP_LATENCY, output, 1), group(RINGCAP_LATENCY, output, 2), group(RINGCAP_LATENCY, output, 3));
        System.err.print(line);
        return line;
    }

    private void report(
        final double[][] rates, final long[] ringcapEvents, final long[] ringcapDrops, final long[] refEvents,
        final long[] refDrops, final double[][] latency, final double[] ringcapDrain, final double[] refDrain,
        final String soak) throws IOException
    {
        Files.createDirectories(out);
        final double floor = median(rates[1]);
        final double[] medians = new double[VARIANTS.length];
        for (int v = 0; v < VARIANTS.length; v++)
        {
            medians[v] = median(rates[v]);
        }
        final String machine = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim() + ", " +
            Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel();
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Workload: `mq_load -n %d` (one thread, mq_notify set/cancel). Medians of %d interleaved rounds, %s; %s.%n%n",
            calls, rounds, Instant.now(), machine));
        md.append("| variant | calls/s (median) | ratio to floor | events captured | drops |\n|---|---:|---:|---:|---:|\n");
        final String[] captured = {"-", "-", Arrays.toString(ringcapEvents), Arrays.toString(refEvents)};
        final String[] drops = {"-", "-", Arrays.toString(ringcapDrops), Arrays.toString(refDrops)};
        for (int v = 0; v < VARIANTS.length; v++)
        {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s |%n", VARIANTS[v], medians[v], medians[v] / floor,
                captured[v], drops[v]));
        }
        final double drainRatio = median(refDrain) / median(ringcapDrain);
        md.append(String.format(Locale.ROOT, "%nDrain of %d held-back events (512 MiB ring): ringcap into the journal %.3f s, " +
            "C reference with fwrite %.3f s: ringcap is %.2fx the C speed.%n", drainCalls, median(ringcapDrain),
            median(refDrain), drainRatio));
        md.append(String.format(Locale.ROOT, "%nBPF-to-journal latency under this load (ringcap, median of rounds): p50 %.1f us, p99 %.1f us, p99.9 %.1f us.%n",
            median(latency[0]), median(latency[1]), median(latency[2])));
        if (null != soak)
        {
            md.append('\n').append(soak);
        }
        Files.writeString(out.resolve("e2e.md"), md.toString());

        final StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"calls\": %d,%n  \"rounds\": %d,%n  \"machine\": \"%s\",%n", calls, rounds, machine));
        json.append("  \"callsPerSecond\": {\n");
        for (int v = 0; v < VARIANTS.length; v++)
        {
            json.append(String.format(Locale.ROOT, "    \"%s\": {\"median\": %.0f, \"ratioToFloor\": %.4f, \"rounds\": %s}%s%n",
                VARIANTS[v], medians[v], medians[v] / floor, Arrays.toString(rates[v]), v + 1 < VARIANTS.length ? "," : ""));
        }
        json.append("  },\n");
        json.append(String.format(Locale.ROOT, "  \"ringcapEvents\": %s,%n  \"ringcapDrops\": %s,%n  \"referenceEvents\": %s,%n  \"referenceDrops\": %s,%n",
            Arrays.toString(ringcapEvents), Arrays.toString(ringcapDrops), Arrays.toString(refEvents), Arrays.toString(refDrops)));
        json.append(String.format(Locale.ROOT, "  \"drainCalls\": %d,%n  \"drainSeconds\": {\"ringcap\": %s, \"reference\": %s, \"ratio\": %.4f},%n",
            drainCalls, Arrays.toString(ringcapDrain), Arrays.toString(refDrain), drainRatio));
        json.append(String.format(Locale.ROOT, "  \"latencyMicros\": {\"p50\": %s, \"p99\": %s, \"p999\": %s},%n",
            Arrays.toString(latency[0]), Arrays.toString(latency[1]), Arrays.toString(latency[2])));
        json.append(String.format(Locale.ROOT, "  \"soak\": %s%n}%n",
            null == soak ? "null" : '"' + soak.trim().replace("\\", "\\\\").replace("\"", "\\\"") + '"'));
        Files.writeString(out.resolve("e2e.json"), json.toString());
        chart(medians, floor, drainRatio);
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("e2e.md") + ", e2e.json, e2e.png");
    }

    private void chart(final double[] medians, final double floor, final double drainRatio) throws IOException
    {
        final int width = 900;
        final int height = 420;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("mq_notify workload: calls/s as a ratio of the empty-program floor (higher is better)", 20, 28);
        final double max = Math.max(1.0, Arrays.stream(medians).max().orElse(1) / floor);
        final int left = 260;
        final int barArea = width - left - 190;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        final Color[] colors = {new Color(0x9e9e9e), new Color(0x607d8b), new Color(0x2e7d32), new Color(0x1565c0)};
        for (int v = 0; v < VARIANTS.length; v++)
        {
            final double ratio = medians[v] / floor;
            final int y = 60 + v * 70;
            g.setColor(Color.BLACK);
            g.drawString(VARIANTS[v], 20, y + 25);
            g.setColor(colors[v]);
            g.fillRect(left, y, (int)(barArea * ratio / max), 40);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f  (%,.0f/s)", ratio, medians[v]), left + (int)(barArea * ratio / max) + 8, y + 25);
        }
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 6}, 0));
        g.setColor(Color.RED);
        final int floorX = left + (int)(barArea / max);
        g.drawLine(floorX, 50, floorX, 50 + VARIANTS.length * 70);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "drain of %,d held-back events: ringcap %.2fx the C reference", drainCalls, drainRatio),
            20, height - 20);
        g.dispose();
        ImageIO.write(image, "png", out.resolve("e2e.png").toFile());
    }

    private List<String> load(final long count)
    {
        return List.of(bin.resolve("mq_load").toString(), "-n", String.valueOf(count));
    }

    private List<String> capture(final List<String> flags, final List<String> workload) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.ringcap.capture.CaptureCommand");
        command.add("--journal");
        command.add(Files.createTempDirectory(scratch, "journal").toString());
        command.addAll(flags);
        command.add("--");
        command.addAll(workload);
        return command;
    }

    private List<String> reference(final List<String> flags, final List<String> workload) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(bin.resolve("ringcap_ref").toString(), "capture",
            Files.createTempFile(scratch, "reference", ".bin").toString()));
        command.addAll(flags);
        command.add("--");
        command.addAll(workload);
        return command;
    }

    /** Runs a command to completion; its stdout and stderr together; the scratch files are removed after. */
    private String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final int exit = process.waitFor();
        cleanScratch();
        if (exit != 0)
        {
            throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command) + ":\n" + output);
        }
        return output;
    }

    private void cleanScratch() throws IOException
    {
        try (var paths = Files.walk(scratch))
        {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).filter(p -> !p.equals(scratch)).forEach(p ->
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private static double group(final Pattern pattern, final String output, final int group)
    {
        final Matcher matcher = pattern.matcher(output);
        if (!matcher.find())
        {
            throw new IllegalStateException("no " + pattern + " in:\n" + output);
        }
        return Double.parseDouble(matcher.group(group));
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String cpuModel() throws IOException
    {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }
}
