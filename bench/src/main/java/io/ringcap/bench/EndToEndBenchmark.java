package io.ringcap.bench;

import io.ringcap.linux.CpuAffinity;
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
 *   <li>the same capture with {@code --capture-cpus} the last CPU: every capture thread there, the
 *       workload on all CPUs (run before or after the default one, alternating round by round),</li>
 *   <li>the C reference: the same BPF object consumed by libbpf's ring_buffer__consume in a busy
 *       loop, fwrite of each record.</li>
 * </ol>
 * and, in the same rounds, under the raw syscall hook ({@code tp_btf/sys_enter} + {@code sys_exit}):
 * empty programs there and ringcap {@code --attach raw}, both as ratios of the tracepoint floor;
 * then the bystander workload ({@code getppid_load}: a loop of a syscall nothing traces) untraced,
 * under each floor and under ringcap tracing the mq events with each attach method: what every
 * other task on the host pays. The C reference is run once more per round with
 * {@code --prog-stats} on each hook (BPF_ENABLE_STATS: each program's mean in-kernel ns per run;
 * kept out of the timed rows, the stats clock reads cost the workload).
 * Then a drain test: a large ring filled while the reader is held back, then drained into the
 * journal (ringcap) or the file (C), timed; a drain run that dropped an event or holds fewer than
 * the workload's calls fails the benchmark (a ring that overflowed would time a smaller drain).
 * Medians over the rounds; ratios against the floor.
 * Writes {@code e2e.md}, {@code e2e.json} and {@code e2e.png} into the output directory.
 * <p>
 * Needs root (BPF). Run it with {@code ./ringcap bench}.
 */
public final class EndToEndBenchmark
{
    /** getppid calls per mq_notify call of the traced workload: a bystander run about as long as a traced one. */
    private static final int BYSTANDER_CALLS_PER_CALL = 10;
    private static final Pattern CALLS_PER_SEC = Pattern.compile("calls_per_sec=(\\d+)");
    /** The workload's calls per second of its own CPU time (BPF programs included): steadier on a shared host. */
    private static final Pattern CALLS_PER_CPU_SEC = Pattern.compile("calls_per_cpu_sec=(\\d+)");
    private static final Pattern RINGCAP_SUMMARY = Pattern.compile("ringcap: (\\d+) events journaled, (\\d+) dropped");
    private static final Pattern RINGCAP_LATENCY = Pattern.compile(
        "latency p50 ([\\d.]+) us, p99 ([\\d.]+) us, p99.9 ([\\d.]+) us");
    private static final Pattern RINGCAP_GCS = Pattern.compile("\\((\\d+) events, (\\d+) GCs\\)");
    private static final Pattern RINGCAP_DRAIN = Pattern.compile("ringcap: drain ([\\d.]+) s");
    private static final Pattern REF_SUMMARY = Pattern.compile("records=(\\d+) .*dropped=(\\d+) .*drain_seconds=([\\d.]+)");
    /**
     * The pinned row's {@code --capture-cpus}: the last CPU this process may run on. The workload, the
     * capture's CMD, keeps every CPU; only the capture JVM's threads are confined.
     */
    private static final int LAST_CPU = CpuAffinity.allowed().length() - 1;
    private static final String[] VARIANTS = {"untraced", "empty BPF programs (floor)", "ringcap",
        "ringcap --capture-cpus " + LAST_CPU, "C libbpf reference"};
    /** Indexes into VARIANTS: ringcap as by default, ringcap pinned, the C reference. */
    private static final int RINGCAP = 2;
    private static final int PINNED = 3;
    private static final int REFERENCE = 4;
    /** Flags of the RINGCAP and PINNED rows: the same capture but for --capture-cpus. */
    private static final List<List<String>> CAPTURE_FLAGS = List.of(List.of("--latency"),
        List.of("--latency", "--capture-cpus", Integer.toString(LAST_CPU)));
    /** Traced workload rows on the raw hook, as ratios of the tracepoint floor (rates[1]). */
    private static final String[] RAW_VARIANTS = {"empty tp_btf sys_enter/exit programs (raw floor)", "ringcap --attach raw"};
    /** The bystander workload (getppid_load), as ratios of its untraced rate. */
    private static final String[] BYSTANDER_VARIANTS = {"bystander untraced", "bystander, empty tracepoint programs",
        "bystander, empty tp_btf programs", "bystander, ringcap (tracepoint)", "bystander, ringcap --attach raw"};
    private static final Pattern PROG_STATS = Pattern.compile("prog (\\w+) run_cnt=(\\d+) ns_per_run=([\\d.]+)");
    /** Hooks the C reference reports per-program stats for: its default (tracepoint) and --raw. */
    private static final String[] STATS_HOOKS = {"tracepoint", "raw"};

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
        final ExtraRows extra = new ExtraRows(rounds);
        final double[][] rates = new double[VARIANTS.length][rounds];
        // [0]: RINGCAP, [1]: PINNED
        final long[][] ringcapEvents = new long[2][rounds];
        final long[][] ringcapDrops = new long[2][rounds];
        final long[] refEvents = new long[rounds];
        final long[] refDrops = new long[rounds];
        final double[][][] latency = new double[2][3][rounds];
        final double[] ringcapDrain = new double[rounds];
        final double[] refDrain = new double[rounds];

        for (int round = 0; round < rounds; round++)
        {
            final String untraced = run(load(calls));
            rates[0][round] = group(CALLS_PER_SEC, untraced, 1);
            extra.cpu[0][round] = group(CALLS_PER_CPU_SEC, untraced, 1);

            final List<String> floor = new ArrayList<>(List.of(bin.resolve("ringcap_ref").toString(), "empty", "--"));
            floor.addAll(load(calls));
            final String floorOutput = run(floor);
            rates[1][round] = group(CALLS_PER_SEC, floorOutput, 1);
            extra.cpu[1][round] = group(CALLS_PER_CPU_SEC, floorOutput, 1);

            for (int k = 0; k < 2; k++)
            {
                // Default first in even rounds, pinned first in odd ones: neither always runs after the floor.
                final int row = (round % 2 == 0) == (k == 0) ? 0 : 1;
                final String ringcap = run(capture(CAPTURE_FLAGS.get(row), load(calls)));
                rates[RINGCAP + row][round] = group(CALLS_PER_SEC, ringcap, 1);
                extra.cpu[RINGCAP + row][round] = group(CALLS_PER_CPU_SEC, ringcap, 1);
                ringcapEvents[row][round] = (long)group(RINGCAP_SUMMARY, ringcap, 1);
                ringcapDrops[row][round] = (long)group(RINGCAP_SUMMARY, ringcap, 2);
                for (int p = 0; p < 3; p++)
                {
                    latency[row][p][round] = group(RINGCAP_LATENCY, ringcap, p + 1);
                }
            }

            final String reference = run(reference(List.of(), load(calls)));
            rates[REFERENCE][round] = group(CALLS_PER_SEC, reference, 1);
            extra.cpu[REFERENCE][round] = group(CALLS_PER_CPU_SEC, reference, 1);
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
            extraRound(extra, round);
            System.err.printf(Locale.ROOT, "round %d/%d: untraced %.0f, floor %.0f, ringcap %.0f, pinned %.0f, C %.0f calls/s; " +
                "drain ringcap %.3f s, C %.3f s%n", round + 1, rounds, rates[0][round], rates[1][round], rates[RINGCAP][round],
                rates[PINNED][round], rates[REFERENCE][round], ringcapDrain[round], refDrain[round]);
        }
        final String soak = soakSeconds > 0 ? soak() : null;
        report(rates, ringcapEvents, ringcapDrops, refEvents, refDrops, latency, ringcapDrain, refDrain, soak, extra);
    }

    /** What the rows beyond the four traced variants measured, round by round. */
    private static final class ExtraRows
    {
        final double[][] raw;
        /** Calls per CPU-second of VARIANTS then RAW_VARIANTS. */
        final double[][] cpu;
        /** Calls per CPU-second of BYSTANDER_VARIANTS. */
        final double[][] bystanderCpu;
        final long[] rawEvents;
        final long[] rawDrops;
        final double[][] bystander;
        final long[][] bystanderDrops;
        /** Per hook, per program name: ns per run, per round. */
        final List<Map<String, double[]>> nsPerRun = new ArrayList<>();
        /** Per hook, per program name: runs, per round. */
        final List<Map<String, double[]>> runs = new ArrayList<>();

        ExtraRows(final int rounds)
        {
            raw = new double[RAW_VARIANTS.length][rounds];
            cpu = new double[VARIANTS.length + RAW_VARIANTS.length][rounds];
            bystanderCpu = new double[BYSTANDER_VARIANTS.length][rounds];
            rawEvents = new long[rounds];
            rawDrops = new long[rounds];
            bystander = new double[BYSTANDER_VARIANTS.length][rounds];
            bystanderDrops = new long[2][rounds];
            for (int h = 0; h < STATS_HOOKS.length; h++)
            {
                nsPerRun.add(new LinkedHashMap<>());
                runs.add(new LinkedHashMap<>());
            }
        }
    }

    /** The raw-hook rows, the bystander rows and the per-program stats of one round. */
    private void extraRound(final ExtraRows extra, final int round) throws IOException, InterruptedException
    {
        final List<String> rawFloor = new ArrayList<>(List.of(bin.resolve("ringcap_ref").toString(), "empty", "--raw", "--"));
        rawFloor.addAll(load(calls));
        final String rawFloorOutput = run(rawFloor);
        extra.raw[0][round] = group(CALLS_PER_SEC, rawFloorOutput, 1);
        extra.cpu[VARIANTS.length][round] = group(CALLS_PER_CPU_SEC, rawFloorOutput, 1);
        final String raw = run(capture(List.of("--attach", "raw"), load(calls)));
        extra.raw[1][round] = group(CALLS_PER_SEC, raw, 1);
        extra.cpu[VARIANTS.length + 1][round] = group(CALLS_PER_CPU_SEC, raw, 1);
        extra.rawEvents[round] = (long)group(RINGCAP_SUMMARY, raw, 1);
        extra.rawDrops[round] = (long)group(RINGCAP_SUMMARY, raw, 2);

        final String alone = run(bystander());
        extra.bystander[0][round] = group(CALLS_PER_SEC, alone, 1);
        extra.bystanderCpu[0][round] = group(CALLS_PER_CPU_SEC, alone, 1);
        for (int f = 0; f < 2; f++)
        {
            final List<String> floor = new ArrayList<>(List.of(bin.resolve("ringcap_ref").toString(), "empty"));
            if (f == 1)
            {
                floor.add("--raw");
            }
            floor.add("--");
            floor.addAll(bystander());
            final String output = run(floor);
            extra.bystander[1 + f][round] = group(CALLS_PER_SEC, output, 1);
            extra.bystanderCpu[1 + f][round] = group(CALLS_PER_CPU_SEC, output, 1);
        }
        final String[] attach = {"tracepoint", "raw"};
        for (int a = 0; a < attach.length; a++)
        {
            final String output = run(capture(List.of("--attach", attach[a], "-e", "ipc_msgq"), bystander()));
            extra.bystander[3 + a][round] = group(CALLS_PER_SEC, output, 1);
            extra.bystanderCpu[3 + a][round] = group(CALLS_PER_CPU_SEC, output, 1);
            extra.bystanderDrops[a][round] = (long)group(RINGCAP_SUMMARY, output, 2);
        }

        for (int h = 0; h < STATS_HOOKS.length; h++)
        {
            final String output = run(reference(h == 0 ? List.of("--prog-stats") : List.of("--prog-stats", "--raw"),
                load(calls)));
            final Matcher matcher = PROG_STATS.matcher(output);
            while (matcher.find())
            {
                extra.nsPerRun.get(h).computeIfAbsent(matcher.group(1), k -> new double[rounds])[round] =
                    Double.parseDouble(matcher.group(3));
                extra.runs.get(h).computeIfAbsent(matcher.group(1), k -> new double[rounds])[round] =
                    Double.parseDouble(matcher.group(2));
            }
        }
        System.err.printf(Locale.ROOT, "round %d/%d: raw floor %.0f, ringcap raw %.0f calls/s; bystander untraced %.0f, " +
            "floors %.0f / %.0f, ringcap tracepoint %.0f, raw %.0f calls/s%n", round + 1, rounds, extra.raw[0][round],
            extra.raw[1][round], extra.bystander[0][round], extra.bystander[1][round], extra.bystander[2][round],
            extra.bystander[3][round], extra.bystander[4][round]);
    }

    private List<String> bystander()
    {
        return List.of(bin.resolve("getppid_load").toString(), "-n", String.valueOf(BYSTANDER_CALLS_PER_CALL * calls));
    }

    /** The Markdown of the extra rows: traced on the raw hook, the bystander, the per-program stats. */
    private String extraMarkdown(final ExtraRows extra, final double floor)
    {
        final StringBuilder md = new StringBuilder();
        md.append("\nTraced workload on the raw hook (ratio to the tracepoint floor above):\n\n");
        md.append("| variant | calls/s (median) | ratio to floor | events captured | drops |\n|---|---:|---:|---:|---:|\n");
        for (int v = 0; v < RAW_VARIANTS.length; v++)
        {
            final double median = median(extra.raw[v]);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s |%n", RAW_VARIANTS[v], median, median / floor,
                v == 1 ? Arrays.toString(extra.rawEvents) : "-", v == 1 ? Arrays.toString(extra.rawDrops) : "-"));
        }
        final double cpuFloor = median(extra.cpu[1]);
        md.append("\nThe same traced rows per second of the workload's own CPU time (user + system, its BPF programs " +
            "included; what a shared host's other load perturbs least):\n\n");
        md.append("| variant | calls per CPU-second (median) | ratio to floor |\n|---|---:|---:|\n");
        for (int v = 0; v < extra.cpu.length; v++)
        {
            final double median = median(extra.cpu[v]);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f |%n",
                v < VARIANTS.length ? VARIANTS[v] : RAW_VARIANTS[v - VARIANTS.length], median, median / cpuFloor));
        }
        final double untraced = median(extra.bystander[0]);
        md.append(String.format(Locale.ROOT, "%nBystander: `getppid_load -n %d` (a syscall no event traces) while the mq " +
            "events are traced (ringcap: `-e ipc_msgq -- getppid_load`):%n%n", BYSTANDER_CALLS_PER_CALL * calls));
        md.append("| variant | calls/s (median) | ratio to untraced | calls per CPU-second (median) | ratio to untraced | drops |\n" +
            "|---|---:|---:|---:|---:|---:|\n");
        final double untracedCpu = median(extra.bystanderCpu[0]);
        for (int v = 0; v < BYSTANDER_VARIANTS.length; v++)
        {
            final double median = median(extra.bystander[v]);
            final double cpu = median(extra.bystanderCpu[v]);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %,.0f | %.2f | %s |%n", BYSTANDER_VARIANTS[v], median,
                median / untraced, cpu, cpu / untracedCpu, v >= 3 ? Arrays.toString(extra.bystanderDrops[v - 3]) : "-"));
        }
        md.append(String.format(Locale.ROOT, "%nPer-program cost (C reference, `--prog-stats`: BPF_ENABLE_STATS, mean in-kernel " +
            "ns per run, median of rounds; `mq_load -n %d`). The raw programs run on every syscall of the host, so their " +
            "runs include other tasks' untraced syscalls; \"ns per traced call\" charges all of their time to the traced " +
            "calls (an upper bound):%n%n", calls));
        md.append("| hook | program | runs (median) | ns per run (median) | ns per traced call |\n|---|---|---:|---:|---:|\n");
        for (int h = 0; h < STATS_HOOKS.length; h++)
        {
            for (final Map.Entry<String, double[]> entry : extra.nsPerRun.get(h).entrySet())
            {
                final double runs = median(extra.runs.get(h).get(entry.getKey()));
                final double ns = median(entry.getValue());
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.1f |%n", STATS_HOOKS[h], entry.getKey(), runs, ns,
                    ns * runs / calls));
            }
        }
        return md.toString();
    }

    private String extraJson(final ExtraRows extra, final double floor)
    {
        final StringBuilder json = new StringBuilder();
        json.append("  \"raw\": {\n");
        for (int v = 0; v < RAW_VARIANTS.length; v++)
        {
            json.append(String.format(Locale.ROOT, "    \"%s\": {\"median\": %.0f, \"ratioToFloor\": %.4f, \"rounds\": %s},%n",
                RAW_VARIANTS[v], median(extra.raw[v]), median(extra.raw[v]) / floor, Arrays.toString(extra.raw[v])));
        }
        json.append(String.format(Locale.ROOT, "    \"ringcapRawEvents\": %s,%n    \"ringcapRawDrops\": %s%n  },%n",
            Arrays.toString(extra.rawEvents), Arrays.toString(extra.rawDrops)));
        json.append("  \"callsPerCpuSecond\": {\n");
        for (int v = 0; v < extra.cpu.length; v++)
        {
            json.append(String.format(Locale.ROOT, "    \"%s\": {\"median\": %.0f, \"ratioToFloor\": %.4f, \"rounds\": %s}%s%n",
                v < VARIANTS.length ? VARIANTS[v] : RAW_VARIANTS[v - VARIANTS.length], median(extra.cpu[v]),
                median(extra.cpu[v]) / median(extra.cpu[1]), Arrays.toString(extra.cpu[v]), v + 1 < extra.cpu.length ? "," : ""));
        }
        json.append("  },\n");
        final double untraced = median(extra.bystander[0]);
        json.append("  \"bystander\": {\n");
        for (int v = 0; v < BYSTANDER_VARIANTS.length; v++)
        {
            json.append(String.format(Locale.ROOT, "    \"%s\": {\"median\": %.0f, \"ratioToUntraced\": %.4f, \"rounds\": %s, " +
                "\"cpuMedian\": %.0f, \"cpuRounds\": %s},%n", BYSTANDER_VARIANTS[v], median(extra.bystander[v]),
                median(extra.bystander[v]) / untraced, Arrays.toString(extra.bystander[v]), median(extra.bystanderCpu[v]),
                Arrays.toString(extra.bystanderCpu[v])));
        }
        json.append(String.format(Locale.ROOT, "    \"ringcapDrops\": {\"tracepoint\": %s, \"raw\": %s}%n  },%n",
            Arrays.toString(extra.bystanderDrops[0]), Arrays.toString(extra.bystanderDrops[1])));
        json.append("  \"programNsPerRun\": {\n");
        for (int h = 0; h < STATS_HOOKS.length; h++)
        {
            json.append(String.format(Locale.ROOT, "    \"%s\": {", STATS_HOOKS[h]));
            final List<String> entries = new ArrayList<>();
            for (final Map.Entry<String, double[]> entry : extra.nsPerRun.get(h).entrySet())
            {
                entries.add(String.format(Locale.ROOT, "\"%s\": {\"median\": %.1f, \"rounds\": %s, \"runs\": %s}", entry.getKey(),
                    median(entry.getValue()), Arrays.toString(entry.getValue()),
                    Arrays.toString(extra.runs.get(h).get(entry.getKey()))));
            }
            json.append(String.join(", ", entries)).append(h + 1 < STATS_HOOKS.length ? "},\n" : "}\n");
        }
        json.append("  },\n");
        return json.toString();
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
        final double[][] rates, final long[][] ringcapEvents, final long[][] ringcapDrops, final long[] refEvents,
        final long[] refDrops, final double[][][] latency, final double[] ringcapDrain, final double[] refDrain,
        final String soak, final ExtraRows extra) throws IOException
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
        final String[] captured = {"-", "-", Arrays.toString(ringcapEvents[0]), Arrays.toString(ringcapEvents[1]),
            Arrays.toString(refEvents)};
        final String[] drops = {"-", "-", Arrays.toString(ringcapDrops[0]), Arrays.toString(ringcapDrops[1]),
            Arrays.toString(refDrops)};
        for (int v = 0; v < VARIANTS.length; v++)
        {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s |%n", VARIANTS[v], medians[v], medians[v] / floor,
                captured[v], drops[v]));
        }
        md.append(extraMarkdown(extra, floor));
        final double drainRatio = median(refDrain) / median(ringcapDrain);
        md.append(String.format(Locale.ROOT, "%nDrain of %d held-back events (512 MiB ring): ringcap into the journal %.3f s, " +
            "C reference with fwrite %.3f s: ringcap is %.2fx the C speed.%n", drainCalls, median(ringcapDrain),
            median(refDrain), drainRatio));
        md.append(String.format(Locale.ROOT, "%nBPF-to-journal latency under this load (ringcap, median of rounds): p50 %.1f us, " +
            "p99 %.1f us, p99.9 %.1f us; with --capture-cpus %d: p50 %.1f us, p99 %.1f us, p99.9 %.1f us.%n",
            median(latency[0][0]), median(latency[0][1]), median(latency[0][2]), LAST_CPU,
            median(latency[1][0]), median(latency[1][1]), median(latency[1][2])));
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
            Arrays.toString(ringcapEvents[0]), Arrays.toString(ringcapDrops[0]), Arrays.toString(refEvents), Arrays.toString(refDrops)));
        json.append(String.format(Locale.ROOT, "  \"pinnedCaptureCpus\": %d,%n  \"pinnedEvents\": %s,%n  \"pinnedDrops\": %s,%n",
            LAST_CPU, Arrays.toString(ringcapEvents[1]), Arrays.toString(ringcapDrops[1])));
        json.append(extraJson(extra, floor));
        json.append(String.format(Locale.ROOT, "  \"drainCalls\": %d,%n  \"drainSeconds\": {\"ringcap\": %s, \"reference\": %s, \"ratio\": %.4f},%n",
            drainCalls, Arrays.toString(ringcapDrain), Arrays.toString(refDrain), drainRatio));
        for (int row = 0; row < 2; row++)
        {
            json.append(String.format(Locale.ROOT, "  \"%s\": {\"p50\": %s, \"p99\": %s, \"p999\": %s},%n",
                row == 0 ? "latencyMicros" : "latencyMicrosPinned", Arrays.toString(latency[row][0]),
                Arrays.toString(latency[row][1]), Arrays.toString(latency[row][2])));
        }
        json.append(String.format(Locale.ROOT, "  \"soak\": %s%n}%n",
            null == soak ? "null" : '"' + soak.trim().replace("\\", "\\\\").replace("\"", "\\\"") + '"'));
        Files.writeString(out.resolve("e2e.json"), json.toString());
        chart(medians, floor, drainRatio, extra);
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("e2e.md") + ", e2e.json, e2e.png");
    }

    private void chart(final double[] medians, final double floor, final double drainRatio, final ExtraRows extra)
        throws IOException
    {
        final List<String> labels = new ArrayList<>(Arrays.asList(VARIANTS));
        final List<Double> values = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        for (final double median : medians)
        {
            values.add(median);
            ratios.add(median / floor);
        }
        for (int v = 0; v < RAW_VARIANTS.length; v++)
        {
            labels.add(RAW_VARIANTS[v]);
            values.add(median(extra.raw[v]));
            ratios.add(median(extra.raw[v]) / floor);
        }
        final int traced = labels.size();
        final double untraced = median(extra.bystander[0]);
        for (int v = 0; v < BYSTANDER_VARIANTS.length; v++)
        {
            labels.add(BYSTANDER_VARIANTS[v]);
            values.add(median(extra.bystander[v]));
            ratios.add(median(extra.bystander[v]) / untraced);
        }
        final int rowHeight = 44;
        final int tracedTop = 60;
        final int bystanderTop = tracedTop + traced * rowHeight + 50;
        final int width = 1000;
        final int height = bystanderTop + BYSTANDER_VARIANTS.length * rowHeight + 50;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("mq_notify workload: calls/s as a ratio of the empty-tracepoint-program floor (higher is better)", 20, 28);
        g.drawString("bystander getppid loop while the mq events are traced: ratio to untraced", 20, bystanderTop - 18);
        double max = 1.0;
        for (final double ratio : ratios)
        {
            max = Math.max(max, ratio);
        }
        final int left = 360;
        final int barArea = width - left - 190;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        final Color[] colors = {new Color(0x9e9e9e), new Color(0x607d8b), new Color(0x2e7d32), new Color(0x1565c0),
            new Color(0x8d6e63), new Color(0xef6c00)};
        for (int v = 0; v < labels.size(); v++)
        {
            final boolean bystander = v >= traced;
            final double ratio = ratios.get(v);
            final int y = bystander ? bystanderTop + (v - traced) * rowHeight : tracedTop + v * rowHeight;
            g.setColor(Color.BLACK);
            g.drawString(labels.get(v), 20, y + 20);
            g.setColor(bystander ? colors[(v - traced) % colors.length] : colors[v % colors.length]);
            g.fillRect(left, y, (int)(barArea * ratio / max), 30);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f  (%,.0f/s)", ratio, values.get(v)),
                left + (int)(barArea * ratio / max) + 8, y + 20);
        }
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 6}, 0));
        g.setColor(Color.RED);
        final int oneX = left + (int)(barArea / max);
        g.drawLine(oneX, tracedTop - 10, oneX, tracedTop + traced * rowHeight);
        g.drawLine(oneX, bystanderTop - 10, oneX, bystanderTop + BYSTANDER_VARIANTS.length * rowHeight);
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
