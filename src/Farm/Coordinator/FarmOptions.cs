using KDTalker.Farm.Cluster;

namespace KDTalker.Farm.Coordinator;

/// <summary>How a coordinator spreads a video over the farm.</summary>
public sealed record FarmOptions
{
    /// <summary>The farm's membership store.</summary>
    public required ClusterAddress Cluster { get; init; }

    /// <summary>Frames per range: small enough to balance, big enough that a range's set-up is a small part of its render time.</summary>
    public int RangeFrames { get; init; } = 8;

    /// <summary>
    /// At most this many frames are handed out past the next frame to write, so the coordinator holds at most this many
    /// (a 512×512 frame is 768 KiB): memory does not grow with the video's length.
    /// </summary>
    public int WindowFrames { get; init; } = 96;

    /// <summary>A range with no frame back for this long is taken from its worker and re-issued (a hung worker or a cut network).</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Cluster);
        if (RangeFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(RangeFrames), RangeFrames, "A range has at least one frame.");
        if (WindowFrames < RangeFrames)
            throw new ArgumentOutOfRangeException(nameof(WindowFrames), WindowFrames, "The window must hold at least one range.");
        if (HangTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(HangTimeout), HangTimeout, "The hang timeout must be positive.");
    }
}
