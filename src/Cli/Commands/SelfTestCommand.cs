using System.Diagnostics;
using KDTalker.Model.SelfTest;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker selftest DIR`: every golden case against upstream's outputs, one table row per tensor.</summary>
internal sealed class SelfTestCommand : ICommand
{
    public string Name => "selftest";

    public string Summary => "FIXTURES_DIR [--cases a,f,h]: run the golden cases (all, or those letters) against the upstream PyTorch outputs; on ilgpu-cpu the default is the cases small enough for the simulator, " + SimulatorCases + " (" + BackendOptions.Help + ")";

    /// <summary>
    /// The cases ILGPU's CPU simulator (~1 µs per GPU thread and barrier) finishes in about four minutes: the appearance
    /// extractor (2-D and 3-D implicit-GEMM convolutions, batch norm, pooling) and the host-side mel, Kalman and motion
    /// cases. The others take from 5 minutes (b) to far longer (c, d, e, f, h: 50 diffusion steps); name them with --cases.
    /// </summary>
    private const string SimulatorCases = "a,g,i,j";

    public int Run(Arguments arguments)
    {
        using var backend = BackendOptions.Create(arguments);
        string? cases = arguments.Option("cases") ?? (backend.Name == "ilgpu-cpu" ? SimulatorCases : null);
        arguments.RejectUnknown();
        var selection = cases?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (arguments.Positional.Count != 1)
            throw new UsageException("give the fixtures directory (…/fixtures with <case>.config.json, <case>.safetensors and the .pth weights).");
        if (!Directory.Exists(arguments.Positional[0]))
            throw new UsageException($"fixtures directory not found: {arguments.Positional[0]}");
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine($"{"case",-32} {"tensor",-36} {"max abs",10} {"max rel",10} {"tolerance",10}  result");
        int failed = 0, passed = 0, skipped = 0;
        var clock = Stopwatch.StartNew();
        SelfTestSuite.RunDirectory(arguments.Positional[0], backend, selection: selection, progress: new ResultProgress(result =>
        {
            if (result.Skipped)
            {
                skipped++;
                Console.WriteLine($"{result.Case,-32} {"",-36} {"",10} {"",10} {"",10}  SKIPPED: {result.SkipReason}");
                return;
            }
            if (result.Error is not null)
            {
                failed++;
                Console.WriteLine($"{result.Case,-32} {"",-36} {"",10} {"",10} {"",10}  FAIL: {result.Error}");
                return;
            }
            foreach (var c in result.Comparisons)
                Console.WriteLine($"{result.Case,-32} {c.Tensor,-36} {c.MaxAbs,10:E2} {c.MaxRel,10:E2} {c.Tolerance,10:E1}  {(c.Passed ? "PASS" : "FAIL")}");
            if (result.Passed)
                passed++;
            else
                failed++;
        }));
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped in {clock.Elapsed.TotalSeconds:F1} s");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Reports on the calling thread, as results arrive.</summary>
    private sealed class ResultProgress(Action<GoldenResult> report) : IProgress<GoldenResult>
    {
        public void Report(GoldenResult value) => report(value);
    }
}
