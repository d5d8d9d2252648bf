namespace KDTalker.Model.Media;

/// <summary>
/// A folder of frames (<c>frame_000000.png</c>, …) and the speech as <c>audio.wav</c> (16-bit PCM). The folder is
/// built under a temporary name next to its destination and renamed when complete; abandoning deletes it.
/// </summary>
public sealed class PngSequenceSink(string folder) : IFrameSink
{
    private readonly string _folder = Path.GetFullPath(folder);
    private string? _temporary;
    private WavFileWriter? _audio;
    private int _frames;
    private bool _completed;

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        OutputFiles.RequireFolder(_folder);
        if (Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).Any())
            throw new IOException($"The output folder {_folder} exists and is not empty; choose a new folder for the PNG frames.");
        _temporary = _folder.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Environment.ProcessId}";
        Directory.CreateDirectory(_temporary);
        _audio = new WavFileWriter(Path.Combine(_temporary, "audio.wav"), info.AudioSampleRate);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        if (_temporary is null || _audio is null)
            throw new InvalidOperationException("Open the sink before writing frames.");
        cancellationToken.ThrowIfCancellationRequested();
        PngFile.Write(frame, Path.Combine(_temporary, $"frame_{_frames++:D6}.png"));
        _audio.Write(audio.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_temporary is null || _audio is null)
            throw new InvalidOperationException("Open the sink before completing it.");
        _audio.Complete();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder);
        Directory.Move(_temporary, _folder);
        _completed = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _audio?.Dispose();
        if (!_completed && _temporary is not null && Directory.Exists(_temporary))
            Directory.Delete(_temporary, recursive: true);
        return ValueTask.CompletedTask;
    }
}
