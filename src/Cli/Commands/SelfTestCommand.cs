using System.CommandLine;
using System.Diagnostics;
using KDTalker.Model.SelfTest;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker selftest DIR`: every golden case against upstream's outputs, one table row per tensor.</summary>
internal static class SelfTestCommand
{
    /// <summary>
    /// The cases ILGPU's CPU simulator (~1 µs per GPU thread and barrier) finishes in about four minutes: the appearance
    /// extractor (2-D and 3-D implicit-GEMM convolutions, batch norm, pooling) and the host-side mel, Kalman and motion
    /// cases. The others take from 5 minutes (b) to far longer (c, d, e, f, h: 50 diffusion steps); name them with --cases.
    /// </summary>
    private const string SimulatorCases = "a,g,i,j";

    public static Command Create()
    {
        var fixtures = new Argument<string>("FIXTURES_DIR")
        {
            Description = "the fixtures folder (<case>.config.json, <case>.safetensors and the .pth weights), e.g. tests/fixtures/golden",
        };
        fixtures.Validators.Add(result =>
        {
            string? folder = result.GetValueOrDefault<string>();
            if (folder is not null && !Directory.Exists(folder))
                result.AddError($"fixtures directory not found: {folder}");
        });
        var cases = new Option<string>("--cases")
        {
            Description = $"the golden cases to run, by letter (default: all; on ilgpu-cpu the ones small enough for the simulator, {SimulatorCases})",
            HelpName = "a,f,h",
        };
        var backendOptions = new BackendOptions();
        var command = new Command("selftest", "run the golden cases against the upstream PyTorch outputs, one row per tensor") { fixtures, cases };
        backendOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var backend = backendOptions.Create(result);
            string? selection = result.GetValue(cases) ?? (backend.Name == "ilgpu-cpu" ? SimulatorCases : null);
            return Run(result.GetValue(fixtures)!, selection?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), backend);
        });
        return command;
    }

    private static int Run(string fixtures, string[]? selection, IBackend backend)
    {
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine($"{"case",-32} {"tensor",-36} {"max abs",10} {"max rel",10} {"tolerance",10}  result");
        int failed = 0, passed = 0, skipped = 0;
        var clock = Stopwatch.StartNew();
        SelfTestSuite.RunDirectory(fixtures, backend, selection: selection, progress: new ResultProgress(result =>
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
