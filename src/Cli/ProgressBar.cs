using System.Diagnostics;

namespace KDTalker.Cli;

/// <summary>A one-line progress bar on stderr with the elapsed time and an ETA.</summary>
internal sealed class ProgressBar(string stage)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;

    private int _lastDecile = -1;

    public void Report(int done, int total, string detail)
    {
        if (Console.IsErrorRedirected)
        {
            // A log, not a terminal: one line per tenth of the work instead of redrawing in place.
            int decile = total == 0 ? 10 : (int)(10L * done / total);
            if (decile == _lastDecile)
                return;
            _lastDecile = decile;
            Console.Error.WriteLine($"{stage}: {done}/{total} {detail}, {_clock.Elapsed.TotalSeconds:F0} s");
            return;
        }
        if (_clock.ElapsedMilliseconds - _lastDraw < 100 && done < total)
            return;
        _lastDraw = _clock.ElapsedMilliseconds;
        double fraction = total == 0 ? 1 : (double)done / total;
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        int filled = (int)(fraction * 30);
        Console.Error.Write($"\r{stage} [{new string('#', filled)}{new string('.', 30 - filled)}] {done}/{total} {elapsed:F0}s eta {eta:F0}s {detail,-30}");
    }

    public void Finish()
    {
        if (!Console.IsErrorRedirected)
            Console.Error.WriteLine();
    }
}
