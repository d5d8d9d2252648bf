namespace KDTalker.Farm.Contracts;

/// <summary>
/// What makes two processes render the same pixels: the engine build (its informational version, which carries the
/// source commit) and the exact weights (SHA-256 over the weight files).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EngineIdentity(
    [property: Id(0)] string Version,
    [property: Id(1)] string WeightsDigest,
    [property: Id(2)] string WeightsDescription)
{
    /// <summary>Why a worker with <paramref name="worker"/> may not render for a coordinator with this identity; null when it may.</summary>
    public string? Mismatch(EngineIdentity worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (worker.Version != Version)
            return $"it runs engine {worker.Version}, this coordinator {Version}: install the same build on every machine";
        if (worker.WeightsDigest != WeightsDigest)
            return $"its weights ({worker.WeightsDescription}, SHA-256 {worker.WeightsDigest[..12]}…) are not this coordinator's "
                + $"({WeightsDescription}, SHA-256 {WeightsDigest[..12]}…): copy the same weights to every worker and pass them with --weights";
        return null;
    }
}
