using KDTalker.Model.Audio;
using KDTalker.Model.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KDTalker.Web.Jobs;

/// <summary>
/// Runs the queue, one render at a time on the engine's backend. A job rendering when the service stops (or dies)
/// resumes when it starts again: at start-up, jobs left running are queued again ahead of the others, their partial
/// outputs deleted and their frame journal kept. Every state change is stored before it is published.
/// </summary>
/// <remarks>It takes the <see cref="DataFolderLock"/> so the folder stays locked for as long as the service runs.</remarks>
internal sealed class RenderWorker(IJobStore store, JobQueue queue, JobRenderer renderer, JobFolders folders, JobRetention retention, Engine engine,
    DataFolderLock folderLock, ILogger<RenderWorker> log) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogInformation("jobs in {Folder}", folderLock.Folder);
        foreach (var job in store.InState(JobState.Running))
        {
            folders.DeleteOutputs(job, keepJournal: true);
            var resumed = job with { State = JobState.Queued };
            store.Update(resumed);
            queue.Enqueue(resumed);
            log.LogWarning("job {Id} was running when the service stopped: it resumes, reusing the frames already rendered", job.Id);
        }
        foreach (var job in store.InState(JobState.Queued).Where(j => queue.Find(j.Id) is null))
            queue.Enqueue(job);
        retention.Sweep();
        engine.StartLoading();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            LiveJob live;
            try
            {
                live = await queue.NextAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var job = live.Snapshot().Record;
            if (job.State != JobState.Queued || live.Cancellation.IsCancellationRequested)
                continue; // cancelled while it waited
            await RunAsync(job, live, stoppingToken);
            retention.Sweep();
        }
    }

    private async Task RunAsync(JobRecord job, LiveJob live, CancellationToken stoppingToken)
    {
        job = job with { State = JobState.Running, StartedAt = DateTimeOffset.UtcNow };
        store.Update(job);
        live.Publish(job);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, live.Cancellation.Token);
        var progress = new Progress(report =>
        {
            job = job with { Stage = report.Stage, FramesDone = report.FramesDone, Frames = report.Frames };
            store.Update(job);
            live.Publish(job, report.Remaining);
        });
        try
        {
            var (_, resumed) = await renderer.RenderAsync(job, live, progress, cancellation.Token);
            if (resumed > 0)
                log.LogInformation("job {Id} resumed: {Resumed} frames came from before the restart", job.Id, resumed);
            job = job with { State = JobState.Succeeded, VideoFile = JobRenderer.VideoFileName(engine.VideoFormat) };
        }
        catch (OperationCanceledException) when (live.Cancellation.IsCancellationRequested)
        {
            folders.Delete(job.Id);
            job = job with { State = JobState.Cancelled, Error = "Cancelled; its files were deleted." };
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Queued again, its frames kept: it resumes when the service starts again.
            folders.DeleteOutputs(job, keepJournal: true);
            job = job with { State = JobState.Queued };
            store.Update(job);
            live.Publish(job);
            log.LogInformation("job {Id} stopped ({Stage}, {Frames} frames): it resumes when the service starts again", job.Id, job.Stage, job.FramesDone);
            return;
        }
        catch (Exception error) when (error is ArgumentException or InvalidDataException or FileNotFoundException or AudioFormatException)
        {
            folders.DeleteOutputs(job);
            job = job with { State = JobState.Failed, Error = error.Message };
        }
        catch (Exception error)
        {
            log.LogError(error, "job {Id} failed", job.Id);
            folders.DeleteOutputs(job);
            job = job with { State = JobState.Failed, Error = $"The render failed ({error.GetType().Name}: {error.Message}); the server log has the details." };
        }
        job = job with { FinishedAt = DateTimeOffset.UtcNow };
        store.Update(job);
        live.Publish(job);
        queue.Remove(job.Id);
        log.LogInformation("job {Id}: {State} after {Frames} frames", job.Id, job.State, job.FramesDone);
    }

    /// <summary>Reports on the rendering thread (so the store sees every frame in order).</summary>
    private sealed class Progress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
