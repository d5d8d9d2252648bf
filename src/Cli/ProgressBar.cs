using System.Diagnostics;

namespace KDTalker.Cli;

/// <summary>A one-line progress bar on stderr with the elapsed time and an ETA.</summary>
internal sealed class ProgressBar(string stage)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;

    public void Report(int done, int total, string detail)
    {
        if (_clock.ElapsedMilliseconds - _lastDraw < 100 && done < total)
            return;
        _lastDraw = _clock.ElapsedMilliseconds;
        double fraction = total == 0 ? 1 : (double)done / total;
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        int filled = (int)(fraction * 30);
        Console.Error.Write($"\r{stage} [{new string('#', filled)}{new string('.', 30 - filled)}] {done}/{total} {elapsed:F0}s eta {eta:F0}s {detail,-30}");
    }

    public void Finish() => Console.Error.WriteLine();
}
