using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// `kdtalker selftest`: runs every golden case of a fixtures directory through the matching runner;
/// cases this build cannot run yet are reported as skipped with the reason.
/// </summary>
public static class SelfTestSuite
{
    private static readonly GoldenRunner[] Runners =
        [new AppearanceRunner(), new MotionRunner(), new WarpingRunner(), new SpadeRunner(), new WarpDecodeRunner(), new AudioEncoderRunner(),
            new MelRunner(), new DiffusionRunner(), new KalmanRunner(), new CompositionRunner()];

    /// <summary>Runs one case.</summary>
    public static GoldenResult RunCase(string directory, string name, IBackend backend)
    {
        using var golden = GoldenCase.Open(directory, name);
        var runner = Runners.FirstOrDefault(r => r.Handles(golden));
        if (runner is null)
            return new GoldenResult(name, golden.Module, [], SkipReason: golden.Module.Length == 0
                ? "this build has no runner for this case (its config names no module this build knows)"
                : $"this build has no runner for '{golden.Module}' yet");
        try
        {
            return new GoldenResult(name, golden.Module, runner.Run(golden, backend));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            return new GoldenResult(name, golden.Module, [], Error: e.Message);
        }
    }

    /// <summary>
    /// Runs every case in <paramref name="directory"/>, or those <paramref name="selection"/> names (a case's full name
    /// or its letter, e.g. "h" for h_diffusion; the others are reported as skipped), reporting each result as it completes.
    /// </summary>
    public static IReadOnlyList<GoldenResult> RunDirectory(string directory, IBackend backend, IProgress<GoldenResult>? progress = null,
        CancellationToken cancellationToken = default, IReadOnlyCollection<string>? selection = null)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Fixtures directory not found: {directory}");
        var results = new List<GoldenResult>();
        foreach (string name in GoldenCase.Discover(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = selection is null || selection.Any(s => name == s || name.StartsWith(s + "_", StringComparison.Ordinal))
                ? RunCase(directory, name, backend)
                : new GoldenResult(name, "", [], SkipReason: "not selected");
            results.Add(result);
            progress?.Report(result);
        }
        return results;
    }
}
