namespace KDTalker.Model.Pipeline;

/// <summary>The table `kdtalker bench` prints from <see cref="PipelineBenchmark"/>'s timings.</summary>
public static class BenchmarkReport
{
    /// <summary>
    /// One row per stage (ms per call, seconds per second of video, and, where the stage's multiply-adds are known,
    /// GFLOP/s and the share of <paramref name="peakGflops"/>), then frames per second: rendering alone and end to end.
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<StageTiming> timings, double? peakGflops)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timings);
        writer.WriteLine($"{"stage",-46} {"ms",10} {"per",-16} {"s per s of video",16} {"GFLOP/s",9} {"% of peak",9}");
        foreach (var t in timings)
        {
            double? gflops = t.GigaMacsPerCall * 2 / t.SecondsPerCall;
            string share = gflops is { } g && peakGflops is { } peak ? $"{100 * g / peak,9:F1}" : $"{"",9}";
            writer.WriteLine($"{t.Stage,-46} {1000 * t.SecondsPerCall,10:F1} {t.Call,-16} {t.SecondsPerVideoSecond,16:F3} " +
                $"{(gflops is { } value ? value.ToString("F1") : ""),9} {share}");
        }
        double perVideoSecond = timings.Sum(t => t.SecondsPerVideoSecond);
        writer.WriteLine($"{"total (excluding the one-off source encoding)",-46} {"",10} {"",-16} {perVideoSecond,16:F3}");
        if (timings.FirstOrDefault(t => t.Call == "frame") is { SecondsPerCall: > 0 } render)
            writer.WriteLine($"frames per second: {1 / render.SecondsPerCall:F2} rendering, {25 / perVideoSecond:F2} end to end (25 fps is real time)");
        if (peakGflops is { } known)
            writer.WriteLine($"float32 peak of the device: {known / 1000:F1} TFLOP/s (multiprocessors × FP32 lanes × 2 × clock)");
    }
}
