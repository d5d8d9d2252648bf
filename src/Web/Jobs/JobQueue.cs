using System.Collections.Concurrent;
using System.Threading.Channels;

namespace KDTalker.Web.Jobs;

/// <summary>The jobs waiting or running, in submission order; the render worker takes them one at a time.</summary>
internal sealed class JobQueue
{
    private readonly Channel<LiveJob> _waiting = Channel.CreateUnbounded<LiveJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, LiveJob> _live = new();

    /// <summary>Jobs queued or running.</summary>
    public int Count => _live.Count;

    /// <summary>Queues a job (in <see cref="JobState.Queued"/>).</summary>
    public LiveJob Enqueue(JobRecord job)
    {
        var live = new LiveJob(job);
        _live[job.Id] = live;
        _waiting.Writer.TryWrite(live);
        return live;
    }

    /// <summary>The live job with this id, or null when it is not queued or running.</summary>
    public LiveJob? Find(string id) => _live.GetValueOrDefault(id);

    /// <summary>Waits for the next job.</summary>
    public ValueTask<LiveJob> NextAsync(CancellationToken cancellationToken) => _waiting.Reader.ReadAsync(cancellationToken);

    /// <summary>Forgets a job that reached a final state (after its final record was published).</summary>
    public void Remove(string id) => _live.TryRemove(id, out _);
}
