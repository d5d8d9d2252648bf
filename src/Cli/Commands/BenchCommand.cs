using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker bench`: the real-size pipeline with random weights, stage by stage, in seconds per second of video.</summary>
internal sealed class BenchCommand : ICommand
{
    public string Name => "bench";

    public string Summary => "[--frames F] [--steps S]: real-size end-to-end timing with random weights, seconds per second of video (" + BackendOptions.Help + ")";

    public int Run(Arguments arguments)
    {
        using var backend = BackendOptions.Create(arguments);
        int frames = arguments.IntOption("frames", 3), steps = arguments.IntOption("steps", 50);
        arguments.RejectUnknown();
        if (frames < 1 || steps < 1 || steps > 1000)
            throw new UsageException("--frames must be at least 1 and --steps between 1 and 1000.");
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
