using System.Runtime.CompilerServices;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;

namespace KDTalker.Farm.Coordinator;

/// <summary>
/// The coordinator's <see cref="IFrameRenderer"/>: frame ranges to the farm's workers, frames back in order. Workers
/// are found in the membership store as they come and go; those whose engine or weights are not this coordinator's
/// are refused with a message. A worker that dies or stops sending frames loses its range to another; when no worker
/// is left, the job waits and says so.
/// </summary>
public sealed class FarmRenderer : IFrameRenderer, IAsyncDisposable
{
    private readonly FarmOptions _options;
    private readonly EngineIdentity _identity;
    private readonly IProgress<string>? _status;
    private readonly FarmClient _client;
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>Starts connecting to the farm in the background (so that the motion can be computed meanwhile).</summary>
    /// <param name="options">The cluster and how to split the work.</param>
    /// <param name="identity">This coordinator's engine and weights: workers must match them.</param>
    /// <param name="status">Hears workers joining, leaving, refused, failing, and waits.</param>
    public FarmRenderer(FarmOptions options, EngineIdentity identity, IProgress<string>? status = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _status = status;
        _client = new FarmClient(options.Cluster, status, _lifetime.Token);
    }

    /// <summary>How the last job went; null before one finished.</summary>
    public FarmReport? LastReport { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerable<RgbImage> RenderAsync(RgbImage crop, MotionTrack motion,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(motion);
        var client = await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var job = new FarmJob(client, crop, motion, _options, _identity, _status);
        try
        {
            while (true)
            {
                while (job.Scheduler.TryTakeNext(out var frame))
                    yield return frame;
                if (job.Scheduler.Finished)
                    break;
                await job.StepAsync(cancellationToken).ConfigureAwait(false);
            }
            LastReport = job.Report();
        }
        finally
        {
            job.Stop();
        }
    }

    /// <summary>Leaves the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }
}
