using KDTalker.Farm.Contracts;

namespace KDTalker.Farm.Coordinator;

/// <summary>An admitted worker as the coordinator tracks it.</summary>
internal sealed class WorkerState(SiloAddress silo, IRenderWorkerGrain grain, WorkerInfo info)
{
    public SiloAddress Silo { get; } = silo;
    public IRenderWorkerGrain Grain { get; } = grain;
    public WorkerInfo Info { get; } = info;
    public string Name => Info.Name;

    /// <summary>The range it is rendering; null when idle.</summary>
    public Assignment? Busy { get; set; }
}
