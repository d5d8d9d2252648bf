namespace KDTalker.Farm.Contracts;

/// <summary>
/// The renderer of one worker silo. Its key is the silo's address (<see cref="Orleans.Runtime.SiloAddress.ToParsableString"/>):
/// the coordinator places it on that silo, so it addresses each worker on its own.
/// </summary>
public interface IRenderWorkerGrain : IGrainWithStringKey
{
    /// <summary>The worker's engine version, weights and device, checked by the coordinator before it sends work.</summary>
    Task<WorkerInfo> DescribeAsync();

    /// <summary>Renders the frames of <paramref name="request"/>, in order, each streamed back as soon as it is done.</summary>
    IAsyncEnumerable<RenderedFrame> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default);
}
