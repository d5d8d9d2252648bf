using KDTalker.Model.Pipeline;

namespace KDTalker.Web.Jobs;

/// <summary>
/// One job as the store keeps it. Immutable: a change is a new record (<c>with</c>) saved with
/// <see cref="IJobStore.Update"/>. A job stopped mid-render is queued again and resumes from its frame journal
/// (<see cref="JobFolders.Journal"/>).
/// </summary>
/// <param name="Id">Unguessable id (26 lowercase base-32 characters, 130 random bits).</param>
/// <param name="State">Where the job is.</param>
/// <param name="Settings">The options it renders with.</param>
/// <param name="ImageFile">The stored photo's file name in the job folder (chosen by the service from the content).</param>
/// <param name="AudioFile">The stored speech's file name in the job folder.</param>
/// <param name="ImageName">The photo's name as uploaded (shown to the user only; never used as a path).</param>
/// <param name="AudioName">The speech's name as uploaded (shown only).</param>
/// <param name="CreatedAt">When it was submitted.</param>
public sealed record JobRecord(string Id, JobState State, JobSettings Settings, string ImageFile, string AudioFile, string ImageName,
    string AudioName, DateTimeOffset CreatedAt)
{
    /// <summary>When rendering started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The stage last reported.</summary>
    public GenerationStage? Stage { get; init; }

    /// <summary>Frames done in the stage last reported (motion frames, then rendered frames).</summary>
    public int FramesDone { get; init; }

    /// <summary>Frames in the whole video (0 until known).</summary>
    public int Frames { get; init; }

    /// <summary>The video's file name in the job folder once it exists (video.mp4 or video.avi).</summary>
    public string? VideoFile { get; init; }

    /// <summary>Why it failed, for the user.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the job can still change.</summary>
    public bool IsLive => State is JobState.Queued or JobState.Running;
}
