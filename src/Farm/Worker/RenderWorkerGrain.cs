using System.Runtime.CompilerServices;
using KDTalker.Farm.Contracts;
using Orleans.Placement;

namespace KDTalker.Farm.Worker;

/// <summary>
/// Renders frame ranges on the silo its key names (the coordinator sends the silo as a placement hint, which random
/// placement honours); frames go back one by one as they finish.
/// </summary>
[RandomPlacement]
internal sealed class RenderWorkerGrain(RenderEngine engine, ILocalSiloDetails silo) : Grain, IRenderWorkerGrain
{
    public Task<WorkerInfo> DescribeAsync()
    {
        EnsureOnNamedSilo();
        return Task.FromResult(engine.Info);
    }

    public async IAsyncEnumerable<RenderedFrame> RenderAsync(RenderRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureOnNamedSilo();
        if (request.ValuesPerFrame <= 0 || request.Keypoints.Length % request.ValuesPerFrame != 0)
            throw new ArgumentException($"A range's keypoints ({request.Keypoints.Length}) must be whole frames of {request.ValuesPerFrame} values.");
        int end = request.Start + request.Keypoints.Length / request.ValuesPerFrame;
        engine.Status?.Report($"rendering frames {request.Start}–{end - 1} of job {request.JobId}");
        for (int frame = request.Start; frame < end; frame++)
        {
            int index = frame;
            // Off the grain's scheduler: a frame is seconds of CPU work.
            yield return await Task.Run(() => engine.Render(request, index, cancellationToken), cancellationToken);
        }
    }

    // After its silo died the grain would be re-placed on another silo; that worker is gone, so refuse instead.
    private void EnsureOnNamedSilo()
    {
        if (this.GetPrimaryKeyString() != silo.SiloAddress.ToParsableString())
        {
            DeactivateOnIdle();
            throw new InvalidOperationException($"Worker {this.GetPrimaryKeyString()} is no longer in the cluster.");
        }
    }
}
