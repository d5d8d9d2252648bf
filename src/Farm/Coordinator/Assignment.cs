namespace KDTalker.Farm.Coordinator;

/// <summary>One frame range [Start, End) given to one worker; frames come back in order, <see cref="Next"/> is the first not yet back.</summary>
internal sealed class Assignment(string worker, int start, int end, TimeSpan issued) : IDisposable
{
    public string Worker { get; } = worker;
    public int Start { get; } = start;
    public int End { get; } = end;
    public int Next { get; set; } = start;
    public TimeSpan Issued { get; } = issued;
    public TimeSpan LastProgress { get; set; } = issued;

    /// <summary>The other assignment rendering the same frames (a laggard's range re-issued to an idle worker), if any.</summary>
    public Assignment? Twin { get; set; }

    /// <summary>Stops the worker's enumeration.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public override string ToString() => $"frames {Start}–{End - 1} on {Worker}";

    public void Dispose() => Cancellation.Dispose();
}
