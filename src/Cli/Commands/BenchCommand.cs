using System.CommandLine;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker bench`: the real-size pipeline with random weights, stage by stage, in seconds per second of video.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "video frames to render", HelpName = "F", DefaultValueFactory = _ => 3 }.InRange(1);
        var steps = new Option<int>("--steps") { Description = "DDIM steps per window", HelpName = "S", DefaultValueFactory = _ => 50 }.InRange(1, 1000);
        var backendOptions = new BackendOptions();
        var command = new Command("bench", "real-size end-to-end timing with random weights, in seconds per second of video") { frames, steps };
        backendOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var backend = backendOptions.Create(result);
            return Run(backend, result.GetValue(frames), result.GetValue(steps));
        });
        return command;
    }

    private static int Run(IBackend backend, int frames, int steps)
    {
        Console.WriteLine($"backend: {backend.Description}");
        Console.WriteLine("loading the released network sizes with random weights…");
        using var models = TalkerModels.CreateRandom(backend);
        var timings = PipelineBenchmark.Run(models, frames, steps, new Progress(stage => Console.Error.Write($"\r\u001b[K  {stage}")));
        Console.Error.Write("\r\u001b[K");
        Console.WriteLine($"{"stage",-42} {"seconds",10} {"per",-16} {"s per s of video",16}");
        foreach (var t in timings)
            Console.WriteLine($"{t.Stage,-42} {t.SecondsPerCall,10:F3} {t.Call,-16} {t.SecondsPerVideoSecond,16:F2}");
        Console.WriteLine($"{"total (excluding the one-off source encoding)",-69} {timings.Sum(t => t.SecondsPerVideoSecond),16:F2}");
        return 0;
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
