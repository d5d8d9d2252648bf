using System.Text.Json;
using KDTalker.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KDTalker.Web.Api;

/// <summary>The jobs API: create, list, status, progress stream, preview, cancel, delete, files.</summary>
internal static class JobEndpoints
{
    public static void MapJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("jobs");
        jobs.MapPost("/", async (HttpRequest request, JobSubmission submission, CancellationToken cancellationToken) =>
            {
                var job = await submission.SubmitAsync(request, cancellationToken);
                return Results.Created($"/api/jobs/{job.Id}", job);
            })
            .WithSummary("Create a job: multipart 'image' (photo) and 'audio' (speech) files; fields seed, steps, headMotion, expression, lipsOnly, " +
                "relative, pasteBack, noCrop, faceIndex")
            .Accepts<IFormFile>("multipart/form-data").Produces<JobView>(201).Produces<ErrorHandling.ErrorBody>(400)
            .Produces<ErrorHandling.ErrorBody>(413).Produces<ErrorHandling.ErrorBody>(415)
            .DisableAntiforgery();
        jobs.MapGet("/", (IJobStore store, JobQueue queue) => store.List().Select(job => View(job, queue)).ToList())
            .WithSummary("The newest jobs first (up to 100)");
        jobs.MapGet("/{id}", (string id, IJobStore store, JobQueue queue) => View(Find(id, store), queue))
            .WithSummary("A job's state and progress").Produces<JobView>().Produces<ErrorHandling.ErrorBody>(404);
        jobs.MapGet("/{id}/events", Events)
            .WithSummary("Server-Sent Events: a 'job' event (a JobView) at every change, until the job ends").Produces(200, contentType: "text/event-stream");
        jobs.MapGet("/{id}/preview", (string id, IJobStore store, JobQueue queue) =>
            {
                Find(id, store);
                return queue.Find(id)?.Preview() is { } preview
                    ? Results.File(preview.Jpeg, "image/jpeg")
                    : throw new ApiException(404, "No preview: the job has not rendered a frame yet, or it has ended (its video is the result).");
            })
            .WithSummary("The latest rendered frame (JPEG) while the job runs");
        jobs.MapPost("/{id}/cancel", (string id, IJobStore store, JobQueue queue) => Cancel(Find(id, store), store, queue))
            .WithSummary("Cancel a queued or running job (it stops between frames; its files are deleted)").Produces<JobView>();
        jobs.MapDelete("/{id}", (string id, IJobStore store, JobFolders folders) =>
            {
                var job = Find(id, store);
                if (job.IsLive)
                    throw new ApiException(409, "The job is still queued or running: cancel it first.");
                folders.Delete(job.Id);
                store.Delete(job.Id);
                return Results.NoContent();
            })
            .WithSummary("Delete a finished job and its files");
        jobs.MapGet("/{id}/files/{kind}", (string id, string kind, IJobStore store, JobFolders folders) =>
            {
                var job = Find(id, store);
                if (job.State != JobState.Succeeded)
                    throw new ApiException(409, $"The job is {job.State.ToString().ToLowerInvariant()}: files exist only once it has succeeded.");
                string name = JobFiles.FileName(job, kind) ?? throw new ApiException(404,
                    $"'{kind}' is not a file kind; use one of {string.Join(", ", JobFiles.Kinds)}.");
                string path = folders.File(job.Id, name);
                if (!File.Exists(path))
                    throw new ApiException(410, "The file is gone (deleted from the server's disk).");
                return Results.File(path, JobFiles.MediaType(name), kind == "video" ? $"talk-{job.Id[..8]}{Path.GetExtension(name)}" : name,
                    enableRangeProcessing: true);
            })
            .WithSummary("A finished job's file: video, keypoints.json, keypoints.csv or pose.png");
    }

    private static JobRecord Find(string id, IJobStore store) =>
        (JobFolders.IsId(id) ? store.Get(id) : null) ?? throw new ApiException(404, $"There is no job '{(id.Length > 40 ? id[..40] + "…" : id)}'.");

    private static JobView View(JobRecord stored, JobQueue queue)
    {
        if (queue.Find(stored.Id) is not { } live)
            return JobView.Of(stored);
        var snapshot = live.Snapshot();
        return JobView.Of(snapshot.Record, snapshot.Remaining, snapshot.PreviewFrame);
    }

    private static JobView Cancel(JobRecord job, IJobStore store, JobQueue queue)
    {
        if (!job.IsLive || queue.Find(job.Id) is not { } live)
            throw new ApiException(409, $"The job is {job.State.ToString().ToLowerInvariant()}; only a queued or running job can be cancelled.");
        live.Cancellation.Cancel();
        var record = live.Snapshot().Record;
        if (record.State == JobState.Queued)
        {
            // Not started: the worker will skip it, so it ends here.
            record = record with { State = JobState.Cancelled, FinishedAt = DateTimeOffset.UtcNow, Error = "Cancelled before it started." };
            store.Update(record);
            live.Publish(record);
            queue.Remove(job.Id);
        }
        return JobView.Of(record);
    }

    private static async Task Events(string id, HttpContext context, IJobStore store, JobQueue queue)
    {
        var job = Find(id, store);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var cancellationToken = context.RequestAborted;
        var live = queue.Find(job.Id);
        if (live is null)
        {
            await Send(response, JobView.Of(job), cancellationToken);
            return;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var snapshot = live.Snapshot();
            await Send(response, JobView.Of(snapshot.Record, snapshot.Remaining, snapshot.PreviewFrame), cancellationToken);
            if (!snapshot.Record.IsLive)
                return;
            // A comment line every 15 s keeps proxies from closing an idle stream.
            using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var beat = Task.Delay(TimeSpan.FromSeconds(15), heartbeat.Token);
            if (await Task.WhenAny(snapshot.Changed, beat) == beat && beat.IsCompletedSuccessfully)
                await response.WriteAsync(": waiting\n\n", cancellationToken);
            heartbeat.Cancel();
        }
    }

    private static async Task Send(HttpResponse response, JobView view, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: job\ndata: {JsonSerializer.Serialize(view, JsonSerializerOptions.Web)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
