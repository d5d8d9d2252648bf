namespace KDTalker.Cli;

/// <summary>
/// Turns Ctrl+C into a cancellation for as long as it lives, so that a verb writing files stops cleanly (its writers
/// delete their temporary files) instead of the process dying mid-write.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
