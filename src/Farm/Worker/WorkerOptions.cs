using KDTalker.Farm.Cluster;

namespace KDTalker.Farm.Worker;

/// <summary>How a worker joins its farm and what it renders with.</summary>
public sealed record WorkerOptions
{
    /// <summary>The farm's membership store.</summary>
    public required ClusterAddress Cluster { get; init; }

    /// <summary>The weights (a bundle, the upstream folder, or "test"): every worker needs the coordinator's own.</summary>
    public required string Weights { get; init; }

    /// <summary>Where this worker listens.</summary>
    public WorkerEndpoints Endpoints { get; init; } = new();

    /// <summary>The name shown in the coordinator's messages (default: host name and silo port).</summary>
    public string? Name { get; init; }
}
