using KDTalker.Web.Jobs;

namespace KDTalker.Web.Api;

/// <summary>A job as the API shows it: its state and progress, and the links to its files once they exist.</summary>
/// <param name="Id">The job id.</param>
/// <param name="State">queued, running, succeeded, failed or cancelled (a job stopped by a restart is queued again).</param>
/// <param name="Stage">The stage last reported (source, motion, rendering, finishing), or null.</param>
/// <param name="FramesDone">Frames done in that stage (motion frames, then rendered frames).</param>
/// <param name="Frames">Frames in the video (0 until known).</param>
/// <param name="EtaSeconds">The estimated seconds left while rendering, else null.</param>
/// <param name="PreviewFrame">The index of the latest preview frame (at <c>preview</c>), or null.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
/// <param name="ImageName">The photo's name as uploaded.</param>
/// <param name="AudioName">The speech's name as uploaded.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Settings">The options it renders with.</param>
/// <param name="Files">Download links by kind (video, keypoints.json, keypoints.csv, pose.png), once succeeded.</param>
/// <param name="VideoType">The video's media type (video/mp4 plays in browsers; video/x-msvideo is offered as a download).</param>
public sealed record JobView(string Id, string State, string? Stage, int FramesDone, int Frames, double? EtaSeconds, int? PreviewFrame, string? Error,
    string ImageName, string AudioName, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, JobSettings Settings,
        IReadOnlyDictionary<string, string> Files, string? VideoType)
{
    /// <summary>The view of a stored record (and, for a live job, its estimate and preview).</summary>
    internal static JobView Of(JobRecord job, TimeSpan? remaining = null, int? previewFrame = null)
    {
        var files = new Dictionary<string, string>();
        if (job.State == JobState.Succeeded)
            foreach (string kind in JobFiles.Kinds)
                files[kind] = $"/api/jobs/{job.Id}/files/{kind}";
        return new JobView(job.Id, job.State.ToString().ToLowerInvariant(), job.Stage?.ToString().ToLowerInvariant(), job.FramesDone, job.Frames,
            job.State == JobState.Running ? remaining?.TotalSeconds : null, job.IsLive ? previewFrame : null, job.Error, job.ImageName, job.AudioName,
            job.CreatedAt, job.FinishedAt, job.Settings, files, job.VideoFile is null ? null : JobFiles.MediaType(job.VideoFile));
    }
}
