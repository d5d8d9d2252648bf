using System.Runtime.InteropServices;
using StbImageWriteSharp;

namespace KDTalker.Model.Media;

/// <summary>
/// A pure C# AVI writer: Motion-JPEG video and 16-bit PCM mono audio, interleaved frame by frame (each video chunk
/// followed by its 40 ms of audio). Files of any length: OpenDML (AVI 2.0) — the first <c>RIFF AVI </c> holds the
/// headers, a legacy <c>idx1</c> for AVI 1.0 readers and up to 1 GiB of frames; each further GiB goes into a
/// <c>RIFF AVIX</c>; every RIFF's <c>movi</c> ends with its <c>ix00</c>/<c>ix01</c> standard indexes, which the
/// <c>indx</c> super index of each stream lists. Written to <c>PATH.partial-PID</c> next to the destination;
/// <see cref="CompleteAsync"/> patches the headers and renames it; disposing an uncompleted writer (after
/// cancellation or an error) deletes it. Memory holds one encoded frame and the current RIFF's index (16 bytes per
/// chunk), whatever the video's length.
/// </summary>
/// <remarks>
/// Frames are JPEG-encoded and written synchronously on the caller's thread (about 10 ms for 512×512); the
/// <see cref="ValueTask"/> signatures let an <see cref="IFrameSink"/> be asynchronous, this one completes at once.
/// </remarks>
public sealed class AviWriter : IFrameSink, IDisposable
{
    /// <summary>The largest RIFF the writer makes (1 GiB): AVI 1.0 readers stop there and OpenDML readers expect RIFFs of at most that size.</summary>
    public const long DefaultRiffLimit = 1L << 30;

    /// <summary>The smallest <c>riffLimit</c> accepted (room for the headers and a small frame; useful to test multi-RIFF files).</summary>
    public const long MinimumRiffLimit = 16 << 10;

    /// <summary>RIFFs a file can have: the room reserved in each super index (256 GiB at the default limit).</summary>
    public const int MaxRiffCount = 256;

    private readonly string _path;
    private readonly int _jpegQuality;
    private readonly long _riffLimit;
    private readonly SinkLifecycle _lifecycle = new("AVI writer");
    private readonly MemoryStream _jpeg = new();
    private readonly List<AviChunkEntry> _videoChunks = [], _audioChunks = [];
    private readonly List<AviSuperIndexEntry> _videoRiffs = [], _audioRiffs = [];
    private string? _temporary;
    private FileStream? _file;
    private RiffWriter? _riff;
    private long _avihPosition, _videoStrhPosition, _audioStrhPosition, _videoIndxPosition, _audioIndxPosition, _dmlhPosition;
    private long _riffStart, _riffSizePosition, _moviSizePosition;
    private long _audioSamples, _riffAudioSamples;
    private int _framesInFirstRiff, _largestVideoChunk, _largestAudioChunk;

    /// <summary>A writer for <paramref name="path"/>.</summary>
    /// <param name="path">The .avi to write; its folder must exist.</param>
    /// <param name="jpegQuality">JPEG quality, 1–100 (90: about 30–60 KB per 512×512 frame, no chroma subsampling).</param>
    /// <param name="riffLimit">The largest RIFF, in bytes (<see cref="MinimumRiffLimit"/> to <see cref="DefaultRiffLimit"/>); lower it only to test
    /// multi-RIFF output.</param>
    public AviWriter(string path, int jpegQuality = 90, long riffLimit = DefaultRiffLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (jpegQuality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), jpegQuality, "JPEG quality must be between 1 and 100.");
        if (riffLimit is < MinimumRiffLimit or > DefaultRiffLimit)
            throw new ArgumentOutOfRangeException(nameof(riffLimit), riffLimit,
                $"The RIFF size limit must be between {MinimumRiffLimit} and {DefaultRiffLimit} bytes.");
        _path = Path.GetFullPath(path);
        _jpegQuality = jpegQuality;
        _riffLimit = riffLimit;
    }

    /// <summary>Number of RIFFs written so far (1 until the first reaches the limit).</summary>
    public int RiffCount { get; private set; }

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginOpen(info, cancellationToken);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("AVI output needs a little-endian machine.");
        StaleTemporaries.CleanBeside(_path);
        _temporary = _path + StaleTemporaries.PartialSuffix;
        _file = OutputFiles.CreateTemporary(_path, _temporary);
        _lifecycle.Failed(); // until the headers are written
        _riff = new RiffWriter(_file);
        WriteHeaders(info);
        BeginMovi();
        _lifecycle.Opened();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginFrame(frame, cancellationToken);
        _lifecycle.WriteFrame(() =>
        {
            _jpeg.SetLength(0);
            new ImageWriter().WriteJpg(frame.Pixels, frame.Width, frame.Height, ColorComponents.RedGreenBlue, _jpeg, _jpegQuality);
            var jpeg = _jpeg.GetBuffer().AsSpan(0, (int)_jpeg.Length);
            var pcm = MemoryMarshal.AsBytes(audio.Span);
            MakeRoom(jpeg.Length, pcm.Length);
            _videoChunks.Add(new AviChunkEntry(_riff!.Position + 8, jpeg.Length));
            _riff.Chunk("00dc", jpeg);
            _largestVideoChunk = Math.Max(_largestVideoChunk, jpeg.Length);
            if (pcm.Length > 0)
            {
                _audioChunks.Add(new AviChunkEntry(_riff.Position + 8, pcm.Length));
                _riff.Chunk("01wb", pcm);
                _largestAudioChunk = Math.Max(_largestAudioChunk, pcm.Length);
                _audioSamples += audio.Length;
                _riffAudioSamples += audio.Length;
            }
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginComplete(cancellationToken);
        var info = _lifecycle.Info!;
        var riff = _riff!;
        _lifecycle.Complete(() =>
        {
            EndRiff();
            int largest = Math.Max(_largestVideoChunk, _largestAudioChunk);
            int maxBytesPerSecond = (int)Math.Min(int.MaxValue, (16L + _largestVideoChunk + _largestAudioChunk) * info.FramesPerSecond);
            riff.ChunkAt(_avihPosition, "avih", AviHeaders.Main(info, _framesInFirstRiff, maxBytesPerSecond, largest));
            riff.ChunkAt(_videoStrhPosition, "strh", AviHeaders.VideoStream(info, _lifecycle.Frames, _largestVideoChunk));
            riff.ChunkAt(_audioStrhPosition, "strh", AviHeaders.AudioStream(info, _audioSamples, _largestAudioChunk));
            riff.ChunkAt(_videoIndxPosition, "indx", AviIndex.SuperIndex("00dc", _videoRiffs, MaxRiffCount));
            riff.ChunkAt(_audioIndxPosition, "indx", AviIndex.SuperIndex("01wb", _audioRiffs, MaxRiffCount));
            riff.ChunkAt(_dmlhPosition, "dmlh", AviHeaders.Odml(_lifecycle.Frames));
            _file!.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_temporary!, _path, overwrite: true);
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the file; an uncompleted output is deleted.</summary>
    public void Dispose()
    {
        if (!_lifecycle.TryDispose())
            return;
        _jpeg.Dispose();
        _file?.Dispose();
        if (!_lifecycle.IsCompleted)
            OutputFiles.Delete(_temporary);
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // RIFF 'AVI ' > LIST 'hdrl' > avih, a strl per stream (strh, strf, indx with room for every RIFF), LIST 'odml' > dmlh.
    // Counts are zero for now; CompleteAsync rewrites each structure in place.
    private void WriteHeaders(VideoStreamInfo info)
    {
        var riff = _riff!;
        _riffStart = riff.Position;
        _riffSizePosition = riff.BeginList("RIFF", "AVI ");
        RiffCount = 1;
        var emptyIndex = new byte[AviIndex.SuperIndexBytes(MaxRiffCount)];
        riff.List("LIST", "hdrl", () =>
        {
            _avihPosition = riff.Position;
            riff.Chunk("avih", AviHeaders.Main(info, 0, 0, 0));
            riff.List("LIST", "strl", () =>
            {
                _videoStrhPosition = riff.Position;
                riff.Chunk("strh", AviHeaders.VideoStream(info, 0, 0));
                riff.Chunk("strf", AviHeaders.BitmapInfo(info));
                _videoIndxPosition = riff.Position;
                riff.Chunk("indx", emptyIndex);
            });
            riff.List("LIST", "strl", () =>
            {
                _audioStrhPosition = riff.Position;
                riff.Chunk("strh", AviHeaders.AudioStream(info, 0, 0));
                riff.Chunk("strf", AviHeaders.WaveFormat(info));
                _audioIndxPosition = riff.Position;
                riff.Chunk("indx", emptyIndex);
            });
            riff.List("LIST", "odml", () =>
            {
                _dmlhPosition = riff.Position;
                riff.Chunk("dmlh", AviHeaders.Odml(0));
            });
        });
    }

    private void BeginMovi() => _moviSizePosition = _riff!.BeginList("LIST", "movi");

    // Starts a new RIFF AVIX when the next frame, with the indexes this RIFF must still hold, would pass the limit.
    private void MakeRoom(int jpegBytes, int pcmBytes)
    {
        if (RiffBytesWith(jpegBytes, pcmBytes) <= _riffLimit)
            return;
        if (_videoChunks.Count > 0)
        {
            if (RiffCount == MaxRiffCount)
                throw new IOException($"{_path}: the video needs more than {MaxRiffCount} RIFFs of {_riffLimit} bytes, the most this AVI writer " +
                    "indexes; write MP4 instead (--format mp4).");
            EndRiff();
            _riffStart = _riff!.Position;
            _riffSizePosition = _riff.BeginList("RIFF", "AVIX");
            RiffCount++;
            BeginMovi();
            if (RiffBytesWith(jpegBytes, pcmBytes) <= _riffLimit)
                return;
        }
        throw new IOException($"{_path}: one frame ({jpegBytes} bytes of JPEG, {pcmBytes} of audio) does not fit in an AVI RIFF of {_riffLimit} bytes.");
    }

    // The size this RIFF would end with if the frame were added: its chunks, its ix00/ix01 and, in the first, idx1.
    private long RiffBytesWith(int jpegBytes, int pcmBytes)
    {
        int video = _videoChunks.Count + 1, audio = _audioChunks.Count + (pcmBytes > 0 ? 1 : 0);
        long end = _riff!.Position + RiffWriter.ChunkBytes(jpegBytes) + (pcmBytes > 0 ? RiffWriter.ChunkBytes(pcmBytes) : 0)
            + RiffWriter.ChunkBytes(AviIndex.StandardIndexBytes(video)) + RiffWriter.ChunkBytes(AviIndex.StandardIndexBytes(audio));
        if (RiffCount == 1)
            end += RiffWriter.ChunkBytes(16L * (video + audio));
        return end - _riffStart;
    }

    // Closes the current RIFF: the standard indexes at the end of its movi (listed in the super indexes), idx1 in the first.
    private void EndRiff()
    {
        var riff = _riff!;
        WriteStandardIndex("ix00", "00dc", _videoChunks, _videoChunks.Count, _videoRiffs);
        WriteStandardIndex("ix01", "01wb", _audioChunks, checked((int)_riffAudioSamples), _audioRiffs);
        riff.EndList(_moviSizePosition);
        if (RiffCount == 1)
        {
            riff.Chunk("idx1", AviIndex.Legacy(_moviSizePosition + 4, _videoChunks, _audioChunks));
            _framesInFirstRiff = _videoChunks.Count;
        }
        riff.EndList(_riffSizePosition);
        _videoChunks.Clear();
        _audioChunks.Clear();
        _riffAudioSamples = 0;
    }

    private void WriteStandardIndex(string fourCC, string chunkId, List<AviChunkEntry> chunks, int duration, List<AviSuperIndexEntry> superIndex)
    {
        if (chunks.Count == 0)
            return;
        var body = AviIndex.StandardIndex(chunkId, _riffStart, chunks);
        superIndex.Add(new AviSuperIndexEntry(_riff!.Position, (int)RiffWriter.ChunkBytes(body.Length), duration));
        _riff.Chunk(fourCC, body);
    }
}
