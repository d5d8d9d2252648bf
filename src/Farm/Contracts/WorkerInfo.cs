namespace KDTalker.Farm.Contracts;

/// <summary>What a worker renders with: a coordinator accepts only workers whose engine and weights are its own.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] EngineIdentity Engine,
    [property: Id(2)] string Backend);
