using System.Security.Cryptography;
using KDTalker.Model.Media;

namespace KDTalker.Tests.Support;

/// <summary>A sink that keeps only the SHA-256 of every frame's pixels and of its audio, in order: videos compared by hash.</summary>
public sealed class HashingSink : IFrameSink
{
    public List<string> Frames { get; } = [];
    public List<string> Audio { get; } = [];
    public VideoStreamInfo? Info { get; private set; }
    public bool Completed { get; private set; }

    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        Info = info;
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        Frames.Add(Convert.ToHexString(SHA256.HashData(frame.Pixels)));
        Audio.Add(Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(audio.Span))));
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Completed = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
