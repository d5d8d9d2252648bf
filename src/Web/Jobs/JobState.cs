namespace KDTalker.Web.Jobs;

/// <summary>Where a job is in its life. Queued and Running are the live states; the others are final.</summary>
public enum JobState
{
    /// <summary>Waiting for the render backend.</summary>
    Queued,

    /// <summary>Being rendered.</summary>
    Running,

    /// <summary>Finished: its files can be downloaded.</summary>
    Succeeded,

    /// <summary>Stopped by an error (its message is in <see cref="JobRecord.Error"/>).</summary>
    Failed,

    /// <summary>Cancelled by the user; its partial files were deleted.</summary>
    Cancelled,
}
