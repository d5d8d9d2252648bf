using System.Diagnostics;
using KDTalker.Model.SelfTest;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker selftest DIR`: every golden case against upstream's outputs, one table row per tensor.</summary>
internal sealed class SelfTestCommand : ICommand
{
    public string Name => "selftest";

    public string Summary => "FIXTURES_DIR: run the golden cases against the upstream PyTorch outputs (" + BackendOptions.Help + ")";

    public int Run(Arguments arguments)
    {
        using var backend = BackendOptions.Create(arguments);
        arguments.RejectUnknown();
        if (arguments.Positional.Count != 1)
            throw new UsageException("give the fixtures directory (…/fixtures with <case>.config.json, <case>.safetensors and the .pth weights).");
        if (!Directory.Exists(arguments.Positional[0]))
            throw new UsageException($"fixtures directory not found: {arguments.Positional[0]}");
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine($"{"case",-32} {"tensor",-36} {"max abs",10} {"max rel",10} {"tolerance",10}  result");
        int failed = 0, passed = 0, skipped = 0;
        var clock = Stopwatch.StartNew();
        SelfTestSuite.RunDirectory(arguments.Positional[0], backend, new ResultProgress(result =>
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
