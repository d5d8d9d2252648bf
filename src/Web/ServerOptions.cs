using System.Net;

namespace KDTalker.Web;

/// <summary>How <c>kdtalker serve</c> runs: where it listens, who may call it, where jobs live and what uploads may hold.</summary>
public sealed record ServerOptions
{
    /// <summary>The port (0 picks a free one).</summary>
    public int Port { get; init; } = 7860;

    /// <summary>The address to listen on: loopback unless the user says otherwise (then <see cref="Token"/> is required).</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    /// <summary>The bearer token every API call must carry; null when listening on loopback only.</summary>
    public string? Token { get; init; }

    /// <summary>The folder holding the job database and each job's files.</summary>
    public string DataFolder { get; init; } = DefaultDataFolder;

    /// <summary>The weights to render with (a bundle, the upstream folder, or "test").</summary>
    public string Weights { get; init; } = "test";

    /// <summary>face-api's models, for finding faces in uploaded photos.</summary>
    public string FaceModels { get; init; } = Model.Face.FaceModels.DefaultFolder;

    /// <summary>Finished jobs older than this are deleted with their files.</summary>
    public TimeSpan MaxJobAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>When the jobs' files take more than this, the oldest finished jobs are deleted first.</summary>
    public long MaxDiskBytes { get; init; } = 5L << 30;

    /// <summary>The largest upload (photo + speech together) in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 50L << 20;

    /// <summary>The largest photo in pixels (width × height).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>The longest speech in seconds.</summary>
    public double MaxAudioSeconds { get; init; } = 300;

    /// <summary>The most jobs waiting in the queue (a new one beyond it is refused).</summary>
    public int MaxQueuedJobs { get; init; } = 20;

    /// <summary>$XDG_DATA_HOME-style default: ~/.local/share/kdtalker/jobs.</summary>
    public static string DefaultDataFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "kdtalker", "jobs");

    /// <summary>Throws <see cref="ArgumentException"/> with a message for the user when the options cannot work together.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"--port must be between 0 and 65535, not {Port}.");
        if (!IPAddress.IsLoopback(Listen) && string.IsNullOrEmpty(Token))
            throw new ArgumentException($"listening on {Listen} makes the service reachable from other machines: give --token TOKEN (every API call " +
                "must then send it as 'Authorization: Bearer TOKEN').");
        if (Token is { Length: < 16 })
            throw new ArgumentException("--token must be at least 16 characters (a random string: `openssl rand -hex 16`).");
        if (MaxUploadBytes <= 0 || MaxPixels <= 0 || MaxAudioSeconds <= 0 || MaxDiskBytes <= 0 || MaxQueuedJobs <= 0)
            throw new ArgumentException("the upload, disk and queue limits must be positive.");
    }
}
