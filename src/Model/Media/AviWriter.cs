using StbImageWriteSharp;

namespace KDTalker.Model.Media;

/// <summary>
/// A pure C# AVI writer: Motion-JPEG video and 16-bit PCM mono audio, interleaved frame by frame (each video
/// chunk followed by its 40 ms of audio), with the legacy <c>idx1</c> index. Written to a temporary file next to
/// the destination; <see cref="CompleteAsync"/> patches the headers, appends the index and renames it; disposing
/// an uncompleted writer deletes the temporary file. Frames are encoded and written as they arrive: memory holds
/// one frame and the index (32 bytes per frame).
/// </summary>
/// <remarks>
/// AVI 1.0 files are limited to 1 GB (the RIFF and idx1 offsets are 32-bit and players stop there). At the default
/// quality a 512×512 frame takes 30–60 KB, so that is 5–10 hours of video; beyond <see cref="MaxBytes"/> the writer
/// stops with a clear error suggesting MP4.
/// </remarks>
public sealed class AviWriter(string path, int jpegQuality = 90) : IFrameSink
{
    /// <summary>The size at which an AVI 1.0 file stops (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    private readonly string _path = Path.GetFullPath(path);
    private readonly List<IndexEntry> _index = [];
    private readonly MemoryStream _jpeg = new();
    private string? _temporary;
    private FileStream? _file;
    private RiffWriter? _riff;
    private VideoStreamInfo? _info;
    private long _moviStart, _riffSize, _hdrlSize, _moviSize, _avihPosition, _videoStrhPosition, _audioStrhPosition;
    private int _frames, _largestVideoChunk, _largestAudioChunk;
    private long _audioSamples;
    private bool _completed;

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        if (jpegQuality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), jpegQuality, "JPEG quality must be between 1 and 100.");
        OutputFiles.RequireFolder(_path);
        _info = info;
        _temporary = _path + ".partial";
        _file = new FileStream(_temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _riff = new RiffWriter(_file);
        _riffSize = _riff.BeginList("RIFF", "AVI ");
        _hdrlSize = _riff.BeginList("LIST", "hdrl");
        _avihPosition = _file.Position;
        _riff.Chunk("avih", MainHeader(info, 0, 0));
        _riff.List("LIST", "strl", () =>
        {
            _videoStrhPosition = _file.Position;
            _riff.Chunk("strh", VideoStreamHeader(info, 0, 0));
            _riff.Chunk("strf", BitmapInfoHeader(info));
        });
        _riff.List("LIST", "strl", () =>
        {
            _audioStrhPosition = _file.Position;
            _riff.Chunk("strh", AudioStreamHeader(info, 0, 0));
            _riff.Chunk("strf", WaveFormat(info));
        });
        _riff.EndList(_hdrlSize);
        _moviSize = _riff.BeginList("LIST", "movi");
        _moviStart = _moviSize + 4; // offsets in idx1 count from the 'movi' tag
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        var info = _info ?? throw new InvalidOperationException("Open the AVI writer before writing frames.");
        if (frame.Width != info.Width || frame.Height != info.Height)
            throw new ArgumentException($"Frame {_frames} is {frame.Width}×{frame.Height}; this video is {info.Width}×{info.Height}.");
        cancellationToken.ThrowIfCancellationRequested();
        _jpeg.SetLength(0);
        new ImageWriter().WriteJpg(frame.Pixels, frame.Width, frame.Height, ColorComponents.RedGreenBlue, _jpeg, jpegQuality);
        var pcm = System.Runtime.InteropServices.MemoryMarshal.AsBytes(audio.Span);
        if (_file!.Position + _jpeg.Length + pcm.Length + 16 * (_index.Count + 2) + 64 > MaxBytes)
            throw new IOException($"{_path}: an AVI file cannot exceed 1 GB; this video needs more. Write MP4 instead (--format mp4).");
        _index.Add(new IndexEntry("00dc", _file.Position - _moviStart, (int)_jpeg.Length));
        _riff!.Chunk("00dc", _jpeg.GetBuffer().AsSpan(0, (int)_jpeg.Length));
        _largestVideoChunk = Math.Max(_largestVideoChunk, (int)_jpeg.Length);
        if (pcm.Length > 0)
        {
            _index.Add(new IndexEntry("01wb", _file.Position - _moviStart, pcm.Length));
            _riff.Chunk("01wb", pcm);
            _largestAudioChunk = Math.Max(_largestAudioChunk, pcm.Length);
            _audioSamples += audio.Length;
        }
        _frames++;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        var info = _info ?? throw new InvalidOperationException("Open the AVI writer before completing it.");
        var riff = _riff!;
        var file = _file!;
        riff.EndList(_moviSize);
        var index = new byte[16 * _index.Count];
        for (int i = 0; i < _index.Count; i++)
            _index[i].Write(index.AsSpan(16 * i));
        riff.Chunk("idx1", index);
        riff.EndList(_riffSize);
        // Now that the counts are known, rewrite the headers in place (same sizes).
        file.Position = _avihPosition;
        riff.Chunk("avih", MainHeader(info, _frames, Math.Max(_largestVideoChunk, _largestAudioChunk)));
        file.Position = _videoStrhPosition;
        riff.Chunk("strh", VideoStreamHeader(info, _frames, _largestVideoChunk));
        file.Position = _audioStrhPosition;
        riff.Chunk("strh", AudioStreamHeader(info, _audioSamples, _largestAudioChunk));
        file.Flush(flushToDisk: true);
        file.Dispose();
        File.Move(_temporary!, _path, overwrite: true);
        _completed = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _jpeg.Dispose();
        if (!_completed)
        {
            _file?.Dispose();
            OutputFiles.Delete(_temporary);
        }
        return ValueTask.CompletedTask;
    }

    // AVIMAINHEADER: 40 ms per frame, AVIF_HASINDEX | AVIF_ISINTERLEAVED, two streams.
    private static byte[] MainHeader(VideoStreamInfo info, int frames, int largestChunk) => RiffWriter.Fields(
        1_000_000 / info.FramesPerSecond, (info.Width * info.Height * 3 + info.AudioSampleRate * 2 / info.FramesPerSecond) * info.FramesPerSecond, 0,
        0x10 | 0x100, frames, 0, 2, largestChunk, info.Width, info.Height, 0, 0, 0, 0);

    // AVISTREAMHEADER for MJPG video: rate/scale = fps, rcFrame = (0, 0, width, height) as four 16-bit values.
    private static byte[] VideoStreamHeader(VideoStreamInfo info, int frames, int largestChunk) => RiffWriter.Fields(
        RiffWriter.FourCC("vids"), RiffWriter.FourCC("MJPG"), 0, 0, 0, 1, info.FramesPerSecond, 0, frames, largestChunk, -1, 0,
        0 | 0 << 16, info.Width | info.Height << 16);

    // AVISTREAMHEADER for PCM audio: rate/scale = samples per second, length in samples, 2-byte samples.
    private static byte[] AudioStreamHeader(VideoStreamInfo info, long samples, int largestChunk) => RiffWriter.Fields(
        RiffWriter.FourCC("auds"), 0, 0, 0, 0, 1, info.AudioSampleRate, 0, (int)samples, largestChunk, -1, 2, 0, 0);

    // BITMAPINFOHEADER with biCompression = MJPG.
    private static byte[] BitmapInfoHeader(VideoStreamInfo info) => RiffWriter.Fields(
        40, info.Width, info.Height, 1 | 24 << 16, RiffWriter.FourCC("MJPG"), info.Width * info.Height * 3, 0, 0, 0, 0);

    // WAVEFORMATEX (18 bytes): PCM, mono, 16-bit.
    private static byte[] WaveFormat(VideoStreamInfo info)
    {
        var fields = RiffWriter.Fields(1 | 1 << 16, info.AudioSampleRate, info.AudioSampleRate * 2, 2 | 16 << 16);
        return [.. fields, 0, 0];
    }

    private readonly record struct IndexEntry(string Id, long Offset, int Size)
    {
        public void Write(Span<byte> target)
        {
            System.Text.Encoding.ASCII.GetBytes(Id, target);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(target[4..], 0x10); // AVIIF_KEYFRAME: every JPEG is one
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(target[8..], checked((uint)Offset));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(target[12..], Size);
        }
    }
}
